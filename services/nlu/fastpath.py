"""The deterministic fast path: a declarative grammar over the words, no model.

``FastPathParser().parse(text, context)`` returns a ``Command`` in a few milliseconds,
never raises, and marks what it did not understand (``is_complete=False``, ``unparsed``) so the
router can hand the utterance to the LLM parser.

How one utterance is read:
1. A known person's name a recogniser split into words is written whole
   (``llm_vet.full_names_by_sound``: "aunt barrel" -> "Aunt Beryl"); ``text.clean`` drops
   fillers ("hey parley", "please", "um") and end punctuation; ``hearing.rehear`` mends
   misheard command words ("at bread to the list" -> "add ...").
2. The sentence is cut at separators (",", ";", "and", "then", ", and then", a stop, "!", "?",
   "so" before a request) into segments.
   Every run of neighbouring segments is a candidate clause, read by the grammar
   (``domain.yaml``, matched by ``grammar.py``: every command Parley has, from "yes" and
   timers to new tasks and the details said after them); a known project said before a new
   task ("For the website, someone has to ...") is read around it. A clause the grammar
   cannot account for word by word is not understood. A small dynamic programme picks the
   cut that understands the most words, preferring more clauses when both understand
   everything, so "add milk and eggs to the shopping list" stays one clause and "mark the
   venue done and start catering" becomes two. A clause not understood after one that opened
   on a verb is read again with that verb ("give Lamar the rolls and Petra the programmes").
   A known task said on its own first ("Bouncy castle, set it to high") is what "it" names.
3. The pieces are assembled in order: "it" becomes ``{"result_of": i}`` for the task an earlier
   action of this command made or touched (with ``depends_on``), or ``{"context": "task"}``
   with nothing before it; "him"/"her" becomes ``{"context": "person"}``. A deadline, priority,
   assignee, project or tags said after a ``task.create`` ("..., give it to Sam, due Friday,
   high priority") are folded into that create. A project made earlier in the command is the
   project of the tasks said after it ("start a packing list with A and B", "..., put C in
   it"); "another to ..." takes the project of the task before; a task named by the title of
   one made earlier in the command ("..., make the demo wait on the FAQ") is that new task.
   A reason said after a change ("..., the dog keeps getting out") adds no action; a leading
   "yeah" or "scratch that" before more words, with no question pending, is no answer.
   "Both" after two changes of one kind says them again ("..., tick both off"); after two
   tasks named it changes each ("..., both by Friday"). A reminder "about it" says the name
   of the task it is about, or is not understood when no name is known.
4. Names are respelled against the store as the router's vetting does (``llm_vet``); a task
   that only sounds like a known one ("the gait task" beside "fix the gate") is left unparsed.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import jellyfish
from rapidfuzz import fuzz

from services.config import Parser as ParserConfig
from services.nlu import ParseContext, grammar, titles
from services.nlu.commands import ACTIONS, Action, Command, not_understood, values_of
from services.nlu.fields import (
    AMONG_NEW,
    ASIDE,
    BOTH_TASKS,
    DONE_WORDS,
    FIRST_OF_TWO,
    NEW_PROJECT,
    NEW_TASK,
    OTHER_OF_TWO,
    PREVIOUS_TASK,
    SAID_AGAIN,
    SAME_PROJECT,
    SAME_TEXT,
    SECOND_OF_TWO,
    TASK_SAID,
    gerunds,
    is_known_task,
    is_participle,
    known_task,
    participles,
    same_known_task,
    same_title,
    says_done,
    title_named,
    verb_of_any,
    verb_of_participle,
)
from services.nlu.follow_up import follow_up
from services.nlu.hearing import rehear, sounds_like_other
from services.nlu.llm_vet import (
    full_names_by_sound,
    matches_known,
    pair_names_by_sound,
    plain_message,
    respell_action,
    split_joined,
)
from services.nlu.meeting_reminders import on_the_meeting_day, remind_around_meeting
from services.nlu.memo import by_identity
from services.nlu.order import dependency_by_order
from services.nlu.pieces import MODIFIER, Piece, duration_phrase
from services.nlu.slots import TASK_VERBS
from services.nlu.sounds import (
    four_heard_for,
    heard_names,
    person_heard_as,
    possessive_heard,
    sounds_of,
)
from services.nlu.text import (
    PERSON_IT,
    PROJECT_IT,
    TASK_IT,
    WHOLE_THING,
    clean,
    is_when,
    known_prefix,
    strip_articles,
)
from services.nlu.timeparse import (
    CLOCK_HOURS,
    ORDINAL_DAY_SAID,
    WEEKDAY_SAID,
    WEEKDAYS,
    says_day_or_clock,
)
from services.nlu.titles import names_of, person_named

log = logging.getLogger(__name__)

Checked = dict[tuple[str, str, str], Any]  # (list, intent, value as said): the check's value

# families the fast path trusts less (confidence 0.8): a bare "add ...", a time said alone
LOOSE_FAMILIES = frozenset(
    ("add_plain", "bare_when", "bare_priority", "bare_project", "bare_person")
)  # bare_person: no grammar family, the assembler's (_Assembler.whose)
# a full stop, "!" or "?" inside the words ends a sentence ("Add a task to buy ink. Due
# Friday."), but not a full stop after a short title ("call Dr. Smith", "Mrs. Jones")
_STOP = r"(?:(?<=[a-z]{3})\.|(?<=\w)[!?])"
_SENTENCE_END = re.compile(_STOP, re.IGNORECASE)
# "..., oh and ...", "..., and, um, ...", "..., plus ...": fillers around the joining word
_JOINER = r"(?:and\s+then|and\s+also|then|and|also|plus)"
_SEPARATOR = re.compile(
    # ("..., and then, um, remind me ...": a joining word before the comma too)
    rf"(?:\s+and(?:\s+(?:then|also))?)?\s*,(?:\s+(?:oh|um+|uh+|erm|ah|so|plus|{_JOINER})\b,?)*\s+"
    r"(?:please\s+)?"
    # "don't delete it, just tick it off": "just" before the request, no part of it
    r"(?:just\s+(?=(?:tick|mark|cross|put|set|make|move|push|shift|cancel|scrap|delete|remove|"
    r"give|hand|pass|add|start|change|rename|call|bump|knock|drop)\b))?"
    r"|\s*;\s+"
    rf"|{_STOP}(?:\s+(?:oh|um+|uh+|erm|ah|so|plus|{_JOINER})\b,?)*\s+"
    rf"|\s(?:(?:oh|um+|uh+|erm)\s+)?{_JOINER}\s+(?:please\s+)?"  # ("and please remind me")
    r"|(?<=\bI mean)\s+|(?<=\bI meant)\s+"  # "..., no, I mean | start the kits"
    # "I've paid the gas bill so tick that off", "Ollie's off on holiday so give all his stuff
    # to Hana": "so" before a request
    r"|\s+so\s+(?=(?:tick|mark|cross|put|set|make|take|strike|knock|can you|could you|"
    r"please|give|hand|pass|move|push|shift|cancel|scrap|delete|remove|add|stick|pop|remind|"
    r"flag)\b)"
    # "div ya finished feeding the worm ery tick it off": a tick said last, unpunctuated as a
    # recogniser writes it
    r"|\s+(?=(?:tick|cross|mark)\s+(?:it|that|them|those)\s+(?:off|done|as done|complete)"
    r"[.!]*$)"
    # "make the sparklers urgent since fireworks night's on Tuesday": why, said after it
    r"|\s+(?=(?:because|cos|'cause)\s)"
    # "set a two hour timer so I don't lose track": what it is for, said after it
    r"|\s+(?=so\s+(?:that\s+)?(?:I|we)\s+(?:don't|do not|won't|can't)\s)"
    # "add sort out the gutter with a note saying the left side leaks": the note on the task
    r"|\s+(?=with\s+a\s+note\s+(?:saying|that\s+says|to\s+say)\s)"
    # "can the tiles be due by the end of the month rather than Friday": the day it is not
    r"|\s+(?=rather\s+than\s)"
    r"|\s+(?=since\s+(?:[\w-]+\s+){0,3}?[\w-]+(?:'s|'re|\s+is|\s+are|\s+was|\s+were|\s+has|"
    r"\s+have|\s+had|\s+can't|\s+won't)\b)",
    re.IGNORECASE,
)
_STRONG_SEPARATOR = re.compile(
    rf"\s*(?:,\s*(?:and\s+then|then|and|so)?|;|{_STOP})\s+", re.IGNORECASE
)
MAX_SEGMENTS = 12
RULE_OUT_RUNS = True  # (``split_clauses``; the tests compare the cut with every run read)
# "actually Saturday", "no, sorry, Sunday", "no wait, make that Friday": a day put right
_PUT_RIGHT = re.compile(
    r"(?:(?:oh|um|er|erm|hmm+|actually|no|sorry|wait|hang on|make that|or rather|rather)\W+)+"
    r"(?P<what>[\w' -]+?)(?:,?\s+not\s+(?P<not>[\w' -]+?))?"
    # ("actually Wednesday's better", "actually Friday would work better")
    r"(?:(?:'s|\s+is|\s+would\s+be|\s+works|\s+would\s+work)\s+better(?:\s+for\s+me)?)?[.!]*",
    re.IGNORECASE,
)
# "sorry, not Lachlan. Wren.", "actually no, Fergus, he knows the builders": who a task just
# given to someone is for, put right (a reason after the name says why, and nothing more)
_PERSON_PUT_RIGHT = re.compile(
    r"(?:(?:oh|um|er|erm|hmm+|actually|no|sorry|wait|hang on|oops|make that|or rather|rather|"
    r"I meant|I mean)\W+)+"
    r"(?:not (?P<not>[\w'-]+(?: [\w'-]+)?)\W+)?"
    # ("no wait, not her, Lou's nearer the club, give it to Lou": why, said before who)
    r"(?:[\w-]+(?:'s| is) [\w' -]+?,\s+(?=give it to\b))?"
    r"(?:(?:give it to|to)\s+)?"
    r"(?P<who>[\w'-]+(?: [\w'-]+)?)"
    # ("sorry, I meant Lakshmi, not Ciara": the one not meant, said after)
    r"(?:,?\s+not (?P<not_after>[\w'-]+(?: [\w'-]+)?))?"
    # ("..., he knows the builders", "..., Bram's away next week": why, said after it)
    r"(?:,?\s+(?:he|she|they|[A-Z][\w-]*)(?:'s|'re| is| are| knows| know| has| have|'ll| will)\b"
    r"[^,]*)?[.!]*",
    re.IGNORECASE,
)
# the requests whose day or priority may be put right so, and the change that puts each right
_PUT_RIGHT_OF = frozenset(("task.create", "task.set_due", "task.set_priority"))
_PUT_RIGHT_BY = {"task.set_due": "due", "task.set_priority": "priority"}
# words a thing to do does not open on ("no, the plum trees": part of the title said again)
_NOT_A_VERB = frozenset(
    ("the", "a", "an", "my", "our", "his", "her", "their", "just", "make", "it")
)
# "(add) those as steps", said after them
_THOSE_AS_STEPS = re.compile(
    r"(?:those|these|them|that|it)(?: in)? as (?:steps|subtasks|sub-tasks)(?: under it)?",
    re.IGNORECASE,
)
# a note on the task just made, said so ("and note that ...", "make a note the code's 4419"),
# not a thing to do noted down ("note down to ...", "make a note to ...", "... for Sam")
_NOTE_ON_IT = re.compile(
    r"(?:and\s+)?(?:make a note|note)\b(?!\s+(?:down|to|for)\b)", re.IGNORECASE
)
# "..., and note the C string's snapped": a note said after a new task
_NOTE_OPENER = re.compile(r"(?:and\s+)?(?:make a note|note|jot down)\b", re.IGNORECASE)
# the words that say a note is coming, up to what is noted ("and make a note that ")
_NOTED_WORDS = re.compile(
    rf"^{_NOTE_OPENER.pattern}(?:\s+down)?(?:\s+that)?\s*:?\s*", re.IGNORECASE
)
# "the VAT return's in", "the hall keys are under the mat": a thing said with "the"
_THE_THING = re.compile(
    r"\bthe ((?:[\w-]+ ){0,2}[\w-]+?)(?='s\b|\s+(?:is|are|has|have|was)\b)", re.I
)
_WHOLE_THING = re.compile(rf"\b{WHOLE_THING}\b", re.IGNORECASE)
# Fields of a new task that a later clause may set ("..., due Friday").
_FOLDABLE = {
    "task.set_due": ("due", "due"),
    "task.set_priority": ("priority", "priority"),
    "task.assign": ("assignee", "assignee"),
}
_TASK_KEYS = frozenset(("task", "blocker", "parent"))
_IT_WORDS = frozenset(("it", "that", "this", "that one", "this one"))
_SAID_ONCE = frozenset(("confirm", "cancel", "undo", "query.time", "query.date"))
# what only asks (a question said twice in one breath is answered once)
_QUERIES = frozenset(name for name, spec in ACTIONS.items() if spec.is_query)
# what can be said of a new task between it and more of its details
_ABOUT_THE_NEW_TASK = frozenset(("task.add_subtasks", "task.add_dependency"))
_MODIFIER_ACTIONS = {
    "due": "task.set_due",
    "priority": "task.set_priority",
    "assignee": "task.assign",
}


@dataclass(frozen=True)
class Clause:
    """A run of words and what the grammar made of it (None: not understood)."""

    text: str
    pieces: tuple[Piece, ...] | None
    family: str = ""  # the grammar's family of phrasings that read it


# "For the website, someone has to ...", "Launch stuff: Sam has to ...": a known project said
# first, then one new task for it
# "for the website", "on the book club list": a list said first (``_PROJECT_LEAD``, ``_ON_LIST``)
_LIST_LEAD = r"(?:for|on) (?:the |our |my )?(?P<project>[\w'&-]+(?: [\w'&-]+){0,2}?)"
_PROJECT_LEAD = re.compile(
    _LIST_LEAD + r"(?: project| list)?\s*[,:]\s*(?P<rest>.+)"
    r"|(?P<project2>[\w'&-]+(?: [\w'&-]+){0,2}?) (?:stuff|things|bits|side of things)\s*[,:]\s*"
    r"(?P<rest2>.+)",
    re.IGNORECASE,
)


def _project_lead(text: str, context: ParseContext, checked: Checked) -> Clause | None:
    match = _PROJECT_LEAD.fullmatch(text)
    if match is None:
        return None
    said = match["project"] or match["project2"]
    if said.lower() not in {name.lower() for name in context.projects}:
        return None
    inner = parse_clause(match["rest"] or match["rest2"], context, checked)
    pieces = inner.pieces or ()
    if len(pieces) != 1 or pieces[0].type != "task.create" or "project" in pieces[0].params:
        return None
    project = next(name for name in context.projects if name.lower() == said.lower())
    created = Piece("task.create", {**pieces[0].params, "project": project})
    return Clause(text, (created,), "project_lead")


# "actually" said first, a clause's own words after it
_ACTUALLY = re.compile(r"^actually\b[,\s]*(?=\w)", re.IGNORECASE)


def parse_clause(text: str, context: ParseContext, checked: Checked | None = None) -> Clause:
    """Read one clause with the grammar (and a known project said before a new task);
    ``checked``: the slot values the grammar checked in the utterance's other clauses."""
    checked = {} if checked is None else checked
    matched = grammar.match(text, context, checked)
    if matched is None and (rest := _ACTUALLY.sub("", text, count=1)) != text:
        matched = grammar.match(rest, context, checked)  # "..., no, actually make it high"
    if matched is not None:
        family, pieces = matched
        return Clause(text, tuple(pieces), family)
    return _project_lead(text, context, checked) or _ordered(text, context) or Clause(text, None)


def _ordered(text: str, context: ParseContext) -> Clause | None:
    """ "the camp forms can't go to print till the minibus is booked": two known tasks and the
    word that orders them (``order.dependency_by_order``), where no phrasing of the grammar
    fits."""
    found = dependency_by_order(text, context)
    if found is None:
        return None
    waiting, blocker = found
    piece = Piece("task.add_dependency", {"task": waiting, "blocker": blocker})
    return Clause(text, (piece,), "dependency_by_order")


def _segments(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of the words between separators."""
    for pattern in (_SEPARATOR, _STRONG_SEPARATOR):
        bounds: list[tuple[int, int]] = []
        start = 0
        for match in pattern.finditer(text):
            bounds.append((start, match.start()))
            start = match.end()
        bounds.append((start, len(text)))
        if len(bounds) <= MAX_SEGMENTS:
            return [(a, b) for a, b in bounds if b > a] or [(0, len(text))]
    return [(0, len(text))]


def split_clauses(
    text: str,
    context: ParseContext,
    may_lead: bool = True,
    read: dict[str, Clause] | None = None,
    checked: Checked | None = None,
) -> list[Clause]:
    """Cut ``text`` into the clauses that understand the most of it (``may_lead``: a reason
    may be said first; when the cut that takes one fails ``_leading_reason``, it is cut again
    without, from the runs read already: ``read``, ``checked``)."""
    bounds = _segments(text)
    count = len(bounds)
    # best[j]: (score, clauses) for the segments before j
    best: list[tuple[tuple[int, int, int], list[Clause]]] = [((0, 0, 0), [])]
    checked = {} if checked is None else checked  # every run of segments is read: their
    # slot values overlap
    read = {} if read is None else read  # what the grammar made of each run (the same again)
    for end in range(1, count + 1):
        options = {}
        top = None  # the best total of the runs ending here read so far
        # the shortest runs first: a longer one is not read when even its best total (every
        # word understood, one clause more) is below one found already, so it cannot be the
        # cut (the walks of long runs are most of the time; the cut is the same)
        for start in reversed(range(end)):
            score, clauses = best[start]
            # count the words of the segments, not the separators, so cuts are not penalised
            words = sum(b - a for a, b in bounds[start:end])
            if (
                RULE_OUT_RUNS
                and top is not None
                and top > (score[0] + words, score[2], score[1] + 1)
            ):
                continue
            clause = _read_run(text[bounds[start][0] : bounds[end - 1][1]], context, checked, read)
            clause = _aside_of_its_task(clause, clauses, start == end - 1 == count - 1, context)
            if clause.pieces and all(p.type == ASIDE for p in clause.pieces):
                # an aside only ever follows a change, and only one of those it may follow
                # ("tell Hannah I'm late, the train's been cancelled": the message says it all)
                before = _said_before(clauses, context)
                after = clause.pieces[0].params.get("after")
                said = before[-1].type if before else None
                if (
                    said is None
                    and may_lead
                    and start == 0
                    and clause.family in _LEADS
                    and _THEN_SO.match(text, bounds[end - 1][1])
                ):
                    pass  # "Sid's off sick, so ...": why, said first (``_leading_reason``)
                elif said is None or (after and said not in (ASIDE, MODIFIER, *after)):
                    clause = Clause(clause.text, None)
                elif (
                    said in _SAYS_WHY_ITSELF
                    and _WHY.match(clause.text)
                    and not text[: bounds[start][0]].rstrip().endswith(",")
                ):
                    # "tell Des to bring his wellies because the field's a bog": the message
                    # (or what to be reminded of) holds its own reason, said in one breath
                    clause = Clause(clause.text, None)
            if _out_of_place(clause, clauses):
                clause = Clause(clause.text, None)
            if clause.pieces is None and _follows_a_meeting(clauses):
                clause = _meeting_length(clause, context)
            if clause.pieces is None and clauses and clauses[-1].pieces:
                clause = _gapped(clause, _anchor(clauses), context, checked)
            understood = words if clause.pieces else 0
            gain = (understood, 1 if clause.pieces else 0, 0 if clause.pieces else -1)
            total = (score[0] + gain[0], score[2] + gain[2], score[1] + gain[1])
            options[start] = (total, [*clauses, clause])
            top = total if top is None else max(top, total)
        # the first best in the order of the runs' starts, as when every run was read
        best.append(max((options[start] for start in sorted(options)), key=lambda o: o[0]))
    clauses = best[count][1]
    if not may_lead or not clauses or clauses[0].family not in _LEADS:
        return _merge_unparsed(clauses)
    led = _leading_reason(clauses, context)
    return (
        _merge_unparsed(led)
        if led
        else split_clauses(text, context, may_lead=False, read=read, checked=checked)
    )


def _out_of_place(clause: Clause, before: list[Clause]) -> bool:
    """Whether ``clause`` reads as its family only after what ``before`` does not say: what a
    meeting is about, after a meeting; a wait between new tasks, after two new tasks ("The
    invites can't go out till the venue's confirmed, so add confirm the venue and ...": said
    first, then asked for)."""
    if clause.family == "meeting_about":
        return not _follows_a_meeting(before)
    if clause.family == "dependency_among_new":
        made = [p for said in before for p in said.pieces or () if p.type == "task.create"]
        return len(made) < 2
    return False


def _anchor(clauses: list[Clause]) -> Clause:
    """The clause a gapped one takes its verb from: the last, or the request before the
    details said after it ("add buy bunting for Caoimhe, due end of the month, and order the
    cake for Aunty Pearl by the twentieth": "add")."""
    return next(
        (
            clause
            for clause in reversed(clauses)
            if clause.pieces and not all(p.type in (MODIFIER, ASIDE) for p in clause.pieces)
        ),
        clauses[-1],
    )


def _aside_of_its_task(
    clause: Clause, clauses: list[Clause], said_last: bool, context: ParseContext
) -> Clause:
    """ "scrap the rowing boat booking, the club's got its own boat now", "book the boat waits on
    the car tax, we need the car to tow it": a reason said last that holds a word of the task
    the change before it names (a statement with any task's words is refused, as it may ask
    for a change of that task): read again with that task set aside; as said otherwise."""
    if clause.pieces is not None or not said_last or not clauses:
        return clause  # (one segment, the last: asked of a single run an utterance)
    named = {
        title
        for piece in clauses[-1].pieces or ()
        for key in ("task", "blocker")
        if isinstance(value := piece.params.get(key), str)
        and not value.startswith("\x00")
        and (title := title_named(value, context)) is not None
    }
    # ("clear out the whole pond list, we've filled the pond in": the list the change names)
    named |= {
        value
        for piece in clauses[-1].pieces or ()
        if isinstance(value := piece.params.get("project"), str)
        and not value.startswith("\x00")
        and piece.type == "task.delete_all"
    }
    if not named or grammar.task_words_in(clause.text, context.tasks) - grammar.task_words_in(
        " ".join(named), context.tasks
    ):
        return clause  # a word of another task: what is said of that one may be a request
    # (read with no tasks at all, not all but these: the store's titles are indexed once per
    # list of them, and a list of 10,000 built again for one reason costs 100 ms)
    again = parse_clause(clause.text, replace(context, tasks=()), {})
    if not again.pieces or any(piece.type != ASIDE for piece in again.pieces):
        return clause
    return Clause(clause.text, again.pieces, again.family)


def _read_run(run: str, context: ParseContext, checked: Checked, read: dict[str, Clause]) -> Clause:
    """What the grammar makes of a run of segments (``parse_clause``), once an utterance."""
    clause = read.get(run)
    if clause is None:
        clause = read[run] = parse_clause(run, context, checked)
    return clause


# what joins a reason said first to the change it is the reason for ("Sid's off sick, so ...",
# "We're not bothering with a banner this year, cancel ...")
_THEN_SO = re.compile(r"\s*(?:[,.;]|,?\s*so\b)", re.IGNORECASE)
# the reasons that may be said before their change: why, and nothing the change needs ("Bea
# reckons do the harmonies first, so ..." says what the change is: not one of these)
_LEADS = frozenset(("aside_away", "aside_not_needed", "aside_swapped", "aside_statement",
                    "aside_news", "aside_happened", "aside_weather", "aside_money", "aside_mood",
                    "aside_wrong_one", "aside_my_mistake", "aside_replaced",
                    "aside_ran_out", "aside_pressing", "aside_not_done"))  # fmt: skip
# a word pointing back at something: said after a reason, it may point into the reason
_POINTS_BACK = re.compile(r"\b(?:it|that|this|them|those|these|one|there)\b", re.IGNORECASE)


def _leading_reason(clauses: list[Clause], context: ParseContext) -> list[Clause] | None:
    """The clauses with a reason said first ("Priyanka's off sick, so give all her stuff to
    Kenzo") put after its change, where the assembler takes a reason; None unless that change
    is one the reason may go with and points at nothing the reason said but the person it
    names first ("her": Priyanka)."""
    reason, *rest = clauses
    change = rest[0] if rest else None
    after = reason.pieces[0].params.get("after") if reason.pieces else None
    if change is None or not change.pieces or not after or _change_of(change) not in after:
        return None
    person = known_prefix(clean(reason.text), context.people)
    pieces = []
    for piece in change.pieces:
        params = dict(piece.params)
        if PERSON_IT in params.values() and person in params.values():
            return None  # "Rufus is away, so shift all Rufus's jobs onto him": someone else
        for key, value in params.items():
            if value == PERSON_IT and person:
                params[key] = person
        pieces.append(replace(piece, params=params))
    later = [piece for clause in rest[1:] for piece in clause.pieces or ()]
    if any(piece.type == "task.create" for piece in pieces):
        later = []  # "I'm out of descaler, so add buy descaler and make the kettle wait for
        # it": after a new task, "it" is the new task
    if (
        reason.family not in _NAMES_NOTHING
        and _change_of(change) != "undo"  # ("..., undo that": the last change, never the reason)
        and (person is None or grammar.task_words_in(reason.text, context.tasks))
        and (
            # ("mark the squash court one as cancelled": a task named, pointing at nothing)
            _POINTS_BACK.search(_ONE_NAMED.sub("", change.text))
            or any(
                _stands_in(value) for piece in (*pieces, *later) for value in piece.params.values()
            )
        )
    ):
        return None  # ("Deepika's better at that sort of thing, give it to her": she is said
        # first, and no task: "it" is the one in context)
    return [Clause(change.text, tuple(pieces), change.family), reason, *rest[1:]]


# a task said as "the ... one": "one" there names it, pointing back at nothing
_ONE_NAMED = re.compile(r"\bthe\s+[\w'-]+(?:\s+[\w'-]+){0,3}\s+one\b", re.IGNORECASE)


def _change_of(clause: Clause) -> str:
    """The type of change ``clause`` asks first: a detail said alone ("so high priority") is
    the change of the task in context it makes."""
    piece = clause.pieces[0] if clause.pieces else None
    if piece is None:
        return ""
    if piece.type == MODIFIER and len(piece.params) == 1:
        return _MODIFIER_ACTIONS.get(next(iter(piece.params)), MODIFIER)
    return piece.type


# reasons that name nothing an "it" after them could mean ("it's fairly pressing, so high
# priority": "it" is the task in context, as it was in the reason)
_NAMES_NOTHING = frozenset(("aside_pressing",))
_DONE_WITH = re.compile(
    r"(?:and\s+)?(?:I'm|I am|we're|we are)\s+(?:all\s+)?(?:done|finished)\s+with\s+"
    r"(?:it|them|that)",
    re.IGNORECASE,
)
# "clear out everything on the stag do list, the whole thing's off": why, not a cancel
_ALL_OFF = re.compile(
    r"(?:and\s+|because\s+|cos\s+)?(?:the\s+whole\s+(?:thing|lot)|it\s+all)"
    r"(?:'s|\s+is|\s+has\s+been|'s\s+been)\s+(?:off|called\s+off|cancelled|canceled)"
    r"(?:\s+(?:now|after\s+all))?",
    re.IGNORECASE,
)
# "he's off sick", "she's away till March": the pronoun of someone away (``_away_said_after``)
_SHE_IS_AWAY = re.compile(
    r"\W*(?P<pronoun>he|she|they)(?:'s|'re|'ll| is| are| will)\b", re.IGNORECASE
)
_OBJECT_OF = {"he": "him", "she": "her", "they": "them"}
# families that say something of a task as a statement ("the sellotape one's urgent"), taken
# only of a task made earlier in the same command (of any other, it may be news, not a request)
_SAID_OF_NEW = frozenset(("priority_said_of_new", "assign_said_of_new"))
# a clause that tags the task before it ("..., and tag it shopping")
_TAGS_SAID = re.compile(r"\W*(?:and\s+)?(?:tag|tags|tagged|label|labell?ed)\b", re.IGNORECASE)
# "add order the cake and collect the cake, and collect the cake can't happen till the order
# one's done": a new task named by a word inside its title in these families' clauses too
_NAMED_INSIDE_NEW = _SAID_OF_NEW | {"dependency"}


def _word_run(text: str) -> str:
    """``text``'s words, lower case, space-separated and spaced at both ends, so that one
    run of words is found inside another only on word edges."""
    return " " + " ".join(_RUN_WORD.findall(text.lower())) + " "


_RUN_WORD = re.compile(r"[a-z0-9']+")
# the detail each change of a task sets, which a task made in the same command holds itself
_DETAIL_OF = {"task.set_priority": "priority", "task.assign": "assignee", "task.set_due": "due"}
# "it" or "that" of the task the conversation last talked of (none of this command)
TASK_CONTEXT = {"context": "task"}
# the requests whose text holds a reason said after it, and how a reason opens
_SAYS_WHY_ITSELF = frozenset(("message.send", "reminder.create"))
_WHY = re.compile(r"\W*(?:because|cos|'cause|since)\b", re.IGNORECASE)
# verbs a second clause leaves out, said once for both ("put Kwame on the kits, Ines on the
# donations"; "give Lamar the till rolls and Petra the programmes")
_GAPPED_VERBS = frozenset(("give", "hand", "pass", "assign", "put", "move", "push", "shift",
                           "bump", "make", "set", "mark", "add"))  # fmt: skip
_FIRST_WORDS = re.compile(r"[a-z]+", re.IGNORECASE)
# "I've ... and ...": a task said done, and the next said with its "I've" left out
_HAVE_DONE = re.compile(r"(?:I|we)(?:'ve| have)(?= [a-z]+ed\b)", re.IGNORECASE)


def _opening_verb(text: str) -> str:
    """The first word of ``text`` after any joining word ("and", "then" ...) or "oh"."""
    words = re.findall(r"[\w']+", text.lower())
    while words and words[0] in (*_JOIN_WORDS, "oh"):
        words.pop(0)
    return words[0] if words else ""


# what "call it ..." renames of an action that is not a task's
_NAME_OF = {"timer.start": "label", "project.create": "name"}


def _gapped(clause: Clause, before: Clause, context: ParseContext, checked: Checked) -> Clause:
    """A clause not understood as said, read with the verb of the clause before it when that
    clause opened on a verb a list of changes says once; as said otherwise."""
    if before.family in _REMINDER_FAMILIES:
        return _reminded_again(clause, before, context, checked)
    listed = _more_of_the_same(clause, before, context)
    if listed is not None:
        return listed
    have = _HAVE_DONE.match(before.text)
    if have is not None and before.family == "mark_done":
        # "I've renewed the breakdown cover and booked the archery range": both done
        said = f"{have.group().strip()} {_JOINS.sub('', clause.text)}"
        return _read_again(clause, before, said, context, checked) or clause
    verb = next(
        (w for w in _FIRST_WORDS.findall(before.text)[:3] if w.lower() in _GAPPED_VERBS), None
    )
    if verb is None or clause.text.lower().startswith(verb.lower()):
        return clause
    is_add = verb.lower() == "add"
    detail = _DETAIL.search(clause.text) is not None
    bare = is_add and not detail and _second_deed(clause.text, before)
    if is_add and (
        "," in clause.text
        or _opening_verb(clause.text) in grammar.REQUEST_OPENERS
        or not (detail or bare)
    ):
        return clause  # one run of words, said before the parse: the walk asks this of many
    said = f"{verb} {_JOINS.sub('', clause.text) if is_add else clause.text}"
    again = _read_again(clause, before, said, context, checked, any_create=is_add)
    details = [set(p.params) - {"title"} for p in again.pieces or ()] if again else []
    if (
        again is None
        or (is_add and not bare and not all(details))
        # ("add buy ketchup and buy napkins to bonfire night": the list is both's, read so
        # elsewhere)
        or (bare and any(details))
    ):
        # "add clean the hull for Bea due tomorrow and check the jackets for Yusuf due
        # Friday": a second new task with its own details; a bare thing after "and" ("add
        # twelve and seven") is no second task, nor is a request ("..., and put a note on it")
        return clause
    return again


# the verbs a second thing to do opens on, said after "add" and the first ("add sand the fence
# and paint the fence": two tasks, as the dev sets' writers read it 38 times of 38)
_DEEDS_AFTER_AND = (TASK_VERBS | {
    "sand", "varnish", "repaint", "lay", "fit", "grout", "label", "laminate", "seal", "design",
    "choose", "draw", "borrow", "restock", "restring", "prep", "finalise", "finalize", "dig",
    "ring", "hang", "pick", "put", "tile", "weed", "mulch", "oil", "polish", "service",
}) - grammar.REQUEST_OPENERS  # fmt: skip
# ... and the first, said after "add" (a request's verb may open a title: "book the hall")
_FIRST_DEEDS = _DEEDS_AFTER_AND | grammar.REQUEST_OPENERS


def _second_deed(text: str, before: Clause) -> bool:
    """Whether ``text``, after "add" and a new thing to do, is a second thing to do said bare
    ("..., and paint the fence"): a verb that opens one and what it is done to, pointing back
    at nothing ("and paint it" is the first's)."""
    pieces = before.pieces or ()
    if len(pieces) != 1 or pieces[0].type != "task.create" or set(pieces[0].params) != {"title"}:
        return False  # ("add two things to the list, A and B": both on it, read elsewhere)
    first = str(pieces[0].params.get("title", "")).split()
    said = _JOINS.sub("", text).strip(" .!?").split()
    return (
        len(first) > 1
        and first[0].lower() in _FIRST_DEEDS
        and len(said) > 1
        and said[0].lower() in _DEEDS_AFTER_AND
        and not _POINTS_BACK.search(" ".join(said))
    )


# changes said once for a list of tasks ("tick off the gym membership, the freezer and the invites")
_LISTED_CHANGES = frozenset(("task.complete", "task.cancel", "task.start", "task.reopen"))
_LIST_PARTS = re.compile(r",?\s+(?:and|&)\s+|\s*,\s*", re.IGNORECASE)


def _more_of_the_same(clause: Clause, before: Clause, context: ParseContext) -> Clause | None:
    """ "tick off the gym membership, the freezer and the invites": the tasks after the first
    (two or more), each one the store knows, given the change the clause before said once for
    all of them; None when anything else is said."""
    kinds = {piece.type for piece in before.pieces or ()}
    if len(kinds) != 1 or not kinds <= _LISTED_CHANGES:
        return None
    said = _JOINS.sub("", clause.text).strip(" ,.!?")
    tasks = []
    for part in _LIST_PARTS.split(said):
        task = known_task(strip_articles(part), context) if part else None
        if task is None or task.startswith("\x00"):
            return None
        tasks.append(task)
    if len(tasks) < 2:
        return None  # "..., and the wedding DJ, push that to Friday": one said before its change
    kind = next(iter(kinds))
    return Clause(
        clause.text, tuple(Piece(kind, {"task": task}, True) for task in tasks), before.family
    )


_ONES = re.compile(r"\bone's\b", re.IGNORECASE)  # "the skip one's for ...": a task said


def _read_again(
    clause: Clause,
    before: Clause,
    said: str,
    context: ParseContext,
    checked: Checked,
    *,
    any_create: bool = False,
) -> Clause | None:
    """``clause`` read as ``said`` (its words with what the clause before it said once for
    both), when that reads as the same family of phrasings as that clause (with
    ``any_create``, any new task: "add A to the list for Cai, ..., and B for Pearl"); None
    otherwise."""
    again = parse_clause(said, context, checked)
    if again.pieces is None:
        return None
    if again.family != before.family and not (
        any_create
        and all(piece.type == "task.create" for piece in again.pieces)
        and not _POINTS_BACK.search(clause.text)  # "..., and do it by Saturday"
        and not _ONES.search(clause.text)  # "the skip one's for Wiktor"
    ):
        return None
    return Clause(clause.text, again.pieces, again.family)


_REMINDER_FAMILIES = frozenset(("remind_me", "remind_other"))
_TO_OR_ABOUT = re.compile(r"\s(?:to|about)\s", re.IGNORECASE)
_JOIN_WORDS = ("and", "then", "also", "plus")  # joining words said before a clause's own
_JOINS = re.compile(rf"^(?:(?:{'|'.join(_JOIN_WORDS)})\W+)+", re.IGNORECASE)


def _reminded_again(
    clause: Clause, before: Clause, context: ParseContext, checked: Checked
) -> Clause:
    """ "remind me at nine to ring the garage, and then at half twelve to pick up the
    prescription": a second reminder with "remind <who>" said once, for the same person."""
    if not _TO_OR_ABOUT.search(clause.text) or before.pieces is None:
        return clause  # (said before the parse: the walk asks this of many spans)
    person = before.pieces[-1].params.get("person")
    whom = person if isinstance(person, str) else "me"
    said = f"remind {whom} {_JOINS.sub('', clause.text)}"
    return _read_again(clause, before, said, context, checked) or clause


# a word that opens a new task's detail: whose it is, or when it is due
_DETAIL = re.compile(rf"\b(?:for|due|by)\b|\bon (?:{'|'.join(WEEKDAYS)})\b", re.IGNORECASE)


_TOPIC = re.compile(
    r"(?:(?:right|ok(?:ay)?|so|now)\W+)?(?:(?:(?:as )?for|about|re|regarding)\s+)?(?P<task>.+)",
    re.IGNORECASE,
)


# "the gutter's leaking again, can you reopen it", "the raffle prizes aren't that important,
# stick them on low", "descale the kettle isn't important, drop it to low": a known task
# said as what is so of it
_TOPIC_SAID = re.compile(
    r"(?:(?:right|ok(?:ay)?|so|now|oh|um)\W+)?(?P<task>(?:(?:the|my|our)\s+)?[\w' -]+?)"
    r"(?:'s|'re|\s+(?:is|isn't|are|aren't|was|wasn't|were|weren't|has|hasn't|have|haven't|"
    r"needs|need|keeps|won't|can't|fell|broke|went|came))\s+(?P<so>.+)",
    re.IGNORECASE,
)

# "Glazing's done! Tick it off.": a known task said done, by its name alone
_TOPIC_DONE = re.compile(
    r"(?:(?:right|ok(?:ay)?|so|now|oh|um)\W+)?(?P<task>[\w' -]+?)(?:'s|'re|\s+is|\s+are)\s+"
    r"(?:all\s+)?(?P<so>(?:done|finished|sorted|complete|completed|booked|fixed|paid|sent|over)"
    r"\b.*)",
    re.IGNORECASE,
)

# "Renewed the car insurance, so tick that off": a known task said by the deed that did it
_DEED_SAID = re.compile(
    r"(?:(?:right|ok(?:ay)?|so|oh|um)\W+)?(?:(?:I|we)(?:'ve|\s+have)?\s+)?(?:just\s+|finally\s+)?"
    r"(?:renewed|paid|booked|posted|ordered|sent|bought|fixed|mended|repaired|cleaned|returned|"
    r"collected|finished|done|sorted|unblocked|pruned|painted|printed|signed|filed)\s+"
    r"(?P<task>(?:the|my|our)\s+[\w' -]+)",
    re.IGNORECASE,
)

# "We're paving over the bog garden, so cancel that task": a known task said as what someone
# is doing to it, or did
_DONE_TO = re.compile(
    r"(?:(?:right|ok(?:ay)?|so|oh|um)\W+)?(?:I|we|they)(?:'re|'ve|'m|\s+am|\s+are|\s+have)?\s+"
    # ("we're not bothering with the boiler any more, cancel that task")
    r"(?:not\s+)?(?:(?:just|finally|now|actually|already)\s+)?[a-z]+(?:ing|ed)\s+"
    r"(?:(?:over|up|out|off|down|in|away|back|round|around|with)\s+)?"
    r"(?P<task>(?:the|my|our)\s+[\w' -]+?)(?:\s+(?:any ?more|after all|this year))?",
    re.IGNORECASE,
)
# "Chidi won't manage the summer house, give it to Grandpa Len": a known task said as what
# someone cannot do
_CANNOT_DO = re.compile(
    r"(?:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?|he|she|they)\s+(?:won't|can't|cannot|couldn't|"
    r"isn't\s+going\s+to|is\s+not\s+going\s+to)\s+(?:manage|do|get\s+round\s+to|get\s+to|"
    r"handle|take\s+on|make)\s+(?P<task>(?:the|my|our)\s+[\w' -]+?)"
    r"(?:\s+(?:after all|this week|now|any ?more|in time))?",
)

_ASKED_IN = re.compile(
    r"[,;]|\b(?:so|and|then|but|can|could|would|will|please|tick|mark|make|put|move|give|add|"
    r"cancel|delete|set|change|start|stop|remind|tell)\b",
    re.IGNORECASE,
)
# "the water polo pool needs booking by Monday at the latest, and it's urgent": a day said of
# a task said first asks for it to be due then
_DAY_ASKED = re.compile(
    r"\b(?:by|due|deadline|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)\b",
    re.IGNORECASE,
)


def _asked_in(so: str, context: ParseContext) -> bool:
    """Whether what is said of a task said first asks for something; "not actually done, it's
    iced up again" does not: what is so of it, then a plain statement (``plain_statement``)."""
    first, _, then = so.partition(",")
    if _ASKED_IN.search(first) or _DAY_ASKED.search(first):
        return True
    then = then.strip()
    # "not actually done, Mika forgot to pay": what someone did not do, as why
    failed = _SOMEONE_FAILED.match(then)
    if failed is not None and person_named(failed["who"], context) is not None:
        then = f"they {then[failed.end('who') :].strip()}"
    return bool(then) and grammar.plain_statement(then, context) is None


_SOMEONE_FAILED = re.compile(
    r"(?P<who>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+(?:never|forgot|didn't|did\s+not|hasn't|has\s+not|"
    r"couldn't|could\s+not|wasn't\s+able)\b"
)


def _topic(clauses: list[Clause], context: ParseContext) -> str | None:
    """ "Bouncy castle, set it to high, due Thursday": a known task said on its own before
    changes that call it "it" is what they change (the name as said); None otherwise."""
    if len(clauses) < 2 or clauses[0].pieces is not None:
        return None
    if not all(clause.pieces for clause in clauses[1:]):
        return None
    # ("posters, due Wednesday, no wait, Thursday": the "no wait" puts a detail right)
    pieces = [
        piece
        for clause in clauses[1:]
        for piece in clause.pieces or ()
        if not piece.params.get("correction")
    ]
    if not pieces:
        return None
    # "hay bales, low priority": details said alone change the task said first, as "it" does
    bare = all(p.type == MODIFIER and set(p.params) <= set(_MODIFIER_ACTIONS) for p in pieces)
    if TASK_IT not in [piece.params.get("task") for piece in pieces] and not bare:
        return None
    said_first = clauses[0].text.strip(" ,.:;")
    found = _TOPIC_SAID.fullmatch(said_first)
    if found is not None and not found["task"].lower().startswith(_ARTICLE_SAID):
        # ("descale the kettle isn't important": a title said bare; "we're paving over the
        # bog garden" is no task called "we")
        found = found if _known_name(found["task"], context) else None
    if found is not None and _asked_in(found["so"], context):
        return None  # "the caterer's booked now so you can tick that off": a request in it
    found = (
        found
        or _TOPIC_DONE.fullmatch(said_first)
        or _DEED_SAID.fullmatch(said_first)
        or _DONE_TO.fullmatch(said_first)
        or _CANNOT_DO.fullmatch(said_first)
        or _TOPIC.fullmatch(said_first)
    )
    return _known_name(found["task"], context) if found else None


_ARTICLE_SAID = ("the ", "my ", "our ")


def _known_name(said: str, context: ParseContext) -> str | None:
    """The store's task ``said`` names, or None (no task, or a stand-in)."""
    name = known_task(said, context)
    return name if isinstance(name, str) and not name.startswith("\x00") else None


def _topic_between(clauses: list[Clause], context: ParseContext) -> str | None:
    """``_topic`` for a known task said on its own after other requests ("..., and the
    wedding DJ, push that to Friday"), before the one change that calls it "that"; also said
    as news of it ("..., and the bowls green's been marked out, so tick that off")."""
    if len(clauses) != 2:
        return None
    pieces = clauses[0].pieces
    if pieces is not None and not (pieces and all(piece.type == ASIDE for piece in pieces)):
        return None
    said = _AFTER_A_JOINT.sub("", clauses[0].text.strip(" ,.:;"))
    return _topic([Clause(said, None), clauses[1]], context)


_AFTER_A_JOINT = re.compile(r"^(?:(?:and|then|also|oh|plus)\W+)+", re.IGNORECASE)


# "Rory's away for a fortnight, ...", "Siobhan is off sick, ...": who is away, said first
_AWAY = re.compile(
    r"(?P<who>[\w' .-]+?)(?:'s|\s+is|\s+will be|'ll be|'s going to be)\s+"
    r"(?:away|off|out|on holiday|on leave|off sick|poorly|ill|moving|leaving|retiring|"
    r"stepping down|standing down|quitting)\b"
    r"(?P<tail>[\w' ,-]*)",
    re.IGNORECASE,
)


def _away(clauses: list[Clause], context: ParseContext) -> str | None:
    """A known person said to be away before changes that call them "him" or "her" is who
    they name; None otherwise."""
    if len(clauses) < 2 or clauses[0].pieces is not None:
        return None
    if not all(clause.pieces for clause in clauses[1:]):
        return None
    said = [
        v for clause in clauses[1:] for piece in clause.pieces or () for v in piece.params.values()
    ]
    if PERSON_IT not in said:
        return None
    found = _AWAY.fullmatch(clauses[0].text.strip(" ,.:;"))
    if found is None or _ASKED_IN.search(found["tail"].replace(",", " ")):
        return None  # "Ollie's off on holiday so give all his stuff to Hana": a request in it
    return person_named(found["who"], context)


_MEETING_WORDS = frozenset(("catch-up", "catch up", "meeting", "call", "chat", "meet-up"))
_LENGTH_SAID = re.compile(
    r"^(?:and\s+)?(?:(?:it'll|it will|it should|that'll|it's going to)\s+(?:take|last|run|be)\s+"
    r"(?:about\s+|around\s+|roughly\s+|maybe\s+)?)?(?:for\s+|say\s+)?(?P<length>.+?)"
    # ("..., twenty minutes is plenty": the length, and that it will do)
    r"(?:\s+long|\s+or\s+so|\s+(?:is|should be|will be|'ll be|'s)\s+(?:plenty|enough|fine|ample|"
    r"loads|about right|long enough))?$",
    re.I,
)


def _meeting_length(clause: Clause, context: ParseContext) -> Clause:
    """ "..., for an hour, in the church hall", "..., half an hour": how long the meeting just
    said lasts, in a clause of its own (read here, not by the grammar: a length alone would be
    tried against every clause said, and is only ever a meeting's)."""
    said = _LENGTH_SAID.match(clause.text.strip(" ,.;:"))
    length = duration_phrase(said["length"]) if said else None
    if length is None:
        return _meeting_named(clause, context)
    piece = Piece(MODIFIER, {"duration": length}, is_standalone=False)
    return Clause(clause.text, (piece,), "meeting_length")


def _meeting_named(clause: Clause, context: ParseContext) -> Clause:
    """ "..., half an hour, Diwali planning", "..., say one o'clock, for the Halloween party
    debrief": the meeting just said named by what kind of meeting it is (``grammar``'s
    ``named_meeting``: a few words ending in a kind, never a list the store has)."""
    said = _MEETING_NAMED.fullmatch(clause.text.strip(" ,.;:?!"))
    title = grammar.named_meeting(said["title"], context) if said else None
    if title is None:
        return clause
    piece = Piece(MODIFIER, {"title": title}, is_standalone=False)
    return Clause(clause.text, (piece,), "meeting_about")


_MEETING_NAMED = re.compile(r"(?:and\s+)?(?:for\s+)?(?:the\s+)?(?P<title>.+)", re.IGNORECASE)


def _follows_a_meeting(clauses: list[Clause]) -> bool:
    """Whether the last request read before any details said after it is a meeting."""
    for clause in reversed(clauses):
        if clause.pieces is None:
            return False
        if not all(piece.type in (MODIFIER, ASIDE) for piece in clause.pieces):
            return clause.pieces[-1].type == "meeting.schedule"
    return False


def _said_before(clauses: list[Clause], context: ParseContext) -> tuple[Piece, ...] | None:
    """The pieces of the last clause read, or of the one before a person said alone ("give it
    to Tariq, no, Yusuf, Tariq's got enough on": the aside follows the change)."""
    if not clauses:
        return None
    index = len(clauses) - 1
    if (
        index > 0
        and clauses[index].pieces is None
        and person_named(clauses[index].text.strip(" ,.;:"), context)
    ):
        index -= 1  # (and the "no" before the person put right)
        while index > 0 and _only_answers(clauses[index]):
            index -= 1
    return clauses[index].pieces


def _waits_said_first(clauses: list[Clause]) -> bool:
    """ "The shed door can't be painted till the new hinges are on, so add fit the new hinges
    and make the shed door wait for that": a task said to wait, first, as why, then a new task
    and that task made to wait for it; the first clause says nothing the rest does not."""
    if len(clauses) < 2 or clauses[0].pieces is not None:
        return False
    if not grammar.WAITS_SAID.search(clauses[0].text):
        return False
    pieces = [piece for clause in clauses[1:] for piece in clause.pieces or ()]
    if not pieces or not any(piece.type == "task.create" for piece in pieces):
        return False
    said_first = set(re.findall(r"[a-z]+", clauses[0].text.lower()))
    return any(
        piece.type == "task.add_dependency"
        and isinstance(task := piece.params.get("task"), str)
        and not task.startswith("\x00")
        and set(re.findall(r"[a-z]+", task.lower())) <= said_first
        for piece in pieces
    )


def _only_answers(clause: Clause) -> bool:
    return bool(clause.pieces) and all(piece.type == "confirm" for piece in clause.pieces or ())


_ON_LIST = re.compile(_LIST_LEAD + r" (?:list|project)", re.IGNORECASE)
# "the pond can wait": no hurry, said of a task
_CAN_WAIT = re.compile(r"\bcan (?:wait|hold on|keep)\b", re.IGNORECASE)
# "Hockey club, order new bibs", "Bar mitzvah list, new task, ...": a known list's name said
# alone first
_LIST_ALONE = re.compile(
    r"(?:(?:for|on) )?(?:the |our |my )?(?P<project>[\w' -]+?)(?: list| project)?", re.IGNORECASE
)


def _on_list_first(clauses: list[Clause], context: ParseContext) -> list[Clause] | None:
    """ "On the book club list, add plan the social, broken down into ...": a known list said
    first, then new tasks said with no list of their own, which go on it; None otherwise."""
    if len(clauses) < 2 or any(
        piece.type != MODIFIER or set(piece.params) != {"project"}
        for piece in clauses[0].pieces or ()
    ):
        return None  # (said alone, the list is read as a detail of what comes before it)
    said = clauses[0].text.strip(" ,.:;")
    found = _ON_LIST.fullmatch(said) or _LIST_ALONE.fullmatch(said)
    if found is None:
        return None
    # "hockey club, order new bibs, low priority": a new task said by its title alone
    clauses = [clauses[0], *(_said_as_new(clause, context) for clause in clauses[1:])]
    if not all(clause.pieces for clause in clauses[1:]):
        return None
    project = next((p for p in context.projects if p.lower() == found["project"].lower()), None)
    pieces = [piece for clause in clauses[1:] for piece in clause.pieces or ()]
    if project is None or not any(piece.type == "task.create" for piece in pieces):
        return None
    if any(piece.type == "task.create" and "project" in piece.params for piece in pieces):
        return None  # a list said again for a new task: which goes where is the model's
    return [
        replace(clause, pieces=tuple(_on(piece, project) for piece in clause.pieces or ()))
        for clause in clauses[1:]
    ]


def _said_as_new(clause: Clause, context: ParseContext) -> Clause:
    """An unread clause read as the title of a new task said alone ("order new bibs"), when
    that is all it reads as; else the clause as it was."""
    if clause.pieces is not None:
        return clause
    read = parse_clause(f"add {clause.text}", context)
    pieces = read.pieces or ()
    if len(pieces) != 1 or pieces[0].type != "task.create" or set(pieces[0].params) != {"title"}:
        return clause
    return Clause(clause.text, pieces, read.family)


def _on(piece: Piece, project: str) -> Piece:
    if piece.type != "task.create":
        return piece
    return replace(piece, params={**piece.params, "project": project})


def _merge_unparsed(clauses: list[Clause]) -> list[Clause]:
    merged: list[Clause] = []
    for clause in clauses:
        if merged and clause.pieces is None and merged[-1].pieces is None:
            merged[-1] = Clause(f"{merged[-1].text} {clause.text}", None)
        else:
            merged.append(clause)
    return merged


def _stands_in(value: Any) -> bool:
    """Whether a piece's value is a stand-in ("it", "her", the list made before) that only the
    assembler can fill."""
    if isinstance(value, (tuple, list)):
        return any(_stands_in(item) for item in value)
    return isinstance(value, str) and value.startswith("\x00")


# the changes "..., and the candles too" makes again to another task
_SAME_CHANGE_OF = frozenset((
    "task.complete", "task.start", "task.reopen", "task.cancel", "task.assign", "task.set_due",
    "task.set_priority",
))  # fmt: skip
# the slots of an action that name one person ("give Min-jun ..., no, Theo": who it is now)
_PERSON_KEYS = ("assignee", "to", "person")


@dataclass
class _Draft:
    """An action being assembled."""

    type: str
    params: dict[str, Any]
    depends_on: set[int] = field(default_factory=set)

    def freeze(self) -> Action:
        return Action(self.type, self.params, tuple(sorted(self.depends_on)))


def _for_the_list_after(created: _Draft, project: str, said: str) -> bool:
    """Whether the list of a new task was said after its title, as what its thing is for."""
    title = created.params.get("title")
    if not isinstance(title, str) or not project:
        return False
    after = rf"{re.escape(title.lower())}\s+for\s+(?:the\s+)?{re.escape(project.lower())}\b"
    return re.search(after, said.lower()) is not None


def _the_task_named(ref: str, context: ParseContext) -> str | None:
    """The one known title whose words hold all of ``ref``'s, or None."""
    words = set(re.findall(r"[a-z0-9']+", strip_articles(ref).lower()))
    if not words:
        return None
    found = [t for t in context.tasks if words <= set(re.findall(r"[a-z0-9']+", t.lower()))]
    return found[0] if len(found) == 1 else None


# the slot of a new task a change of "it" sets ("..., for Saturday, no, make it Sunday")
_SLOT_SET_BY = {"task.set_due": "due", "task.set_priority": "priority", "task.assign": "assignee"}
# "and cancel the tea one": a thing said as "the X one", cancelled
_THE_X_ONE = re.compile(
    r"(?:(?:and|oh and|then|also)\s+)?(?:cancel|scrap|ditch|drop)\s+"
    r"the\s+[\w-]+(?:\s+[\w-]+)?\s+one",
    re.IGNORECASE,
)
# "the MOT", "the caterers one": a thing a reminder is about, said as a noun
_REMINDED_OF = re.compile(r"(?:the|that) (?P<thing>[\w'-]+(?: [\w'-]+)?)(?: one| task| job)?", re.I)
_APOSTROPHE_END = re.compile(r"'(?:d|s)$")


def _title_words(draft: _Draft) -> list[str]:
    title = draft.params.get("title")
    return title.lower().split() if isinstance(title, str) else []


class _Assembler:
    """Turn clause pieces into ordered actions, resolving "it" and folding modifiers."""

    def __init__(self, context: ParseContext, topic: str | None = None) -> None:
        self.context = context
        # "Bouncy castle, set it to high, ...": the known task said first, what "it" names
        self.topic = topic
        # "Rory's away for a fortnight, hand all his jobs to Siobhan": who "his" names
        self.away: str | None = None
        # someone away, said after the work moved from them, and the pronoun said of them
        # ("..., she's off sick": ``_away_said_after``)
        self.away_said: tuple[str, str] | None = None
        self.drafts: list[_Draft] = []
        self.last_task: int | None = None
        self.tasks: list[int] = []  # drafts that touched a task, in order
        self.last_project: int | None = None  # a project.create of this command
        # "Set up a new project called X. Oh and add a task ...": a sentence ended since it was
        # made, so a new task goes on it only when said to ("put Y on it")
        self.project_left = False
        # "move the bike chain to Saturday, no, Sunday": a "no" after an action, with no
        # question pending, takes back the value said next; True while it waits for that value
        self.correcting: bool = False
        self.family = ""  # the grammar's family of the clause being added
        # a new task named by a word inside its title ("the order one") in this clause
        self.named_inside = False
        self.said = ""  # and its words
        self.heard: list[str] = []  # the words of every clause read so far
        # "the backdrop's held up by the flats, so add build the flats and make the backdrop
        # wait for it": a dependency said first as the reason, said again for the new task
        self.dropped: set[int] = set()
        # "add A and B, both for Ted, by Sunday please": a detail said after one of every new
        # task ("both ...") is every new task's too
        self.each_new = False

    def add(self, piece: Piece) -> bool:
        if self.correcting:
            if self._takes_back(piece):
                return True  # "no, sorry, ...": one correction said twice
            self.correcting = False
            return self._corrected(piece)
        if piece.type == ASIDE:  # a reason said after an action ("..., the dog ...")
            return self._aside(piece)
        if self._done_with_what_went(piece):
            return True  # "clear out the party list, we're done with it": why, not a tick
        if self._takes_back(piece):
            self.correcting = True
            return True
        if self._yes_while_thinking(piece):
            return True  # "..., and er, yeah, make it urgent": no answer
        if piece.params.get("correction"):
            return False  # "sorry" with nothing said before it to take back
        if self._repeats(piece) or self._restates(piece):
            return True  # "no, don't": one answer said twice
        if BOTH_TASKS in piece.params.values():
            return self._restates_both(piece)
        if SAID_AGAIN in piece.params.values():  # "..., so make it wait on that one"
            return bool(self.drafts) and self.drafts[-1].type == piece.type
        if piece.type == MODIFIER:
            return self._detail(piece)
        return self._add_request(piece)

    def _add_request(self, piece: Piece) -> bool:
        """A request of its own, or what the last one's words make of it."""
        if self._fold(piece) or self._names_timer(piece) or self._noted(piece):
            return True
        if self._other_timer(piece):
            return True
        if self._why_undone(piece):
            return True
        if self._done_as_reason(piece):
            return True
        if self._steps_asked_again(piece) or self._step_put_down():
            return True
        if self._duty_of_a_known_task(piece):
            return True
        if self._note_unread(piece) or self._it_is_no_task(piece):
            return False
        if (
            self.family == "create_for_person"
            and self.drafts[-1:]
            and (self.drafts[-1].type == "task.add_subtasks")
        ):
            # "... need a few things doing: measure up, ring round, and get Wren to send the
            # photos": a step, or a task of its own? The model's to read
            return False
        if self._not_here(piece):
            return False
        if piece.params.get("text") == SAME_TEXT:
            return self._message_again(piece)
        if self.family == "need_to" and self.drafts and self.drafts[-1].type == _WAITS:
            # "fix the bike brakes first, then the shelves, I need to get the bike out of the
            # way": why the order, not a task (every such line of the dev sets)
            return True
        return self._append(*self._timer_said(piece.type, dict(piece.params)))

    def _duty_of_a_known_task(self, piece: Piece) -> bool:
        """ "Emeka's to clean the gutters by Friday" with "clean the gutters" open already: that
        task given to them (and its day set), not a second one of the same name."""
        params = piece.params
        title = params.get("title")
        if self.family != "create_for_person" or piece.type != "task.create":
            return False
        if not isinstance(title, str) or not set(params) <= {"title", "assignee", "due"}:
            return False
        if title.lower() not in _lowered(tuple(self.context.tasks)):
            return False
        self._append("task.assign", {"task": title, "assignee": params["assignee"]})
        if "due" in params:
            self._append("task.set_due", {"task": title, "due": params["due"]})
        return True

    def _step_put_down(self) -> bool:
        """ "split the patio into clear the ground, put down sand and point the joints": "put
        down ..." right after steps is more of them, not a note of a new task."""
        last = self.drafts[-1] if self.drafts else None
        if self.family != "note_that" or last is None or last.type != "task.add_subtasks":
            return False
        if not _PUT_DOWN_STEP.match(self.said):
            return False
        steps = grammar.steps_said(self.said.strip(" ,.!?"), self.context)
        if not steps or not isinstance(last.params.get("titles"), list):
            return False
        last.params["titles"] = [*last.params["titles"], *steps]
        return True

    def _priority_why(self, draft: _Draft) -> bool:
        """ "put that one back to medium, it can wait": a priority said by what it means after
        another said by name, of the same task, is why that one; dropped (said by name after
        one said by what it means, "it isn't urgent any more, medium's fine", it stands)."""
        if draft.type != "task.set_priority" or _PRIORITY_WORD.search(self.said):
            return False
        task = draft.params.get("task")
        return any(
            said.type == "task.set_priority"
            and (said.params.get("task") == task or task == {"result_of": at})
            and said.params.get("priority") != draft.params.get("priority")
            for at, said in enumerate(self.drafts)
        )

    def _not_here(self, piece: Piece) -> bool:
        """A family that reads only beside what this command said before it, said without."""
        if self.family == "assign_it":
            # "X's stuck until Yaw sends me the bank details, so add that for Yaw": "that" is
            # a task said as a deed, not one made or named; the model's to word
            said = _ADD_THAT_FOR.match(self.said) is not None
            return bool(self.drafts) and said and self._created() is None
        if self.family == "remind_other_again":
            # "set one for Robin on Friday to ...": one of what? the model's
            return not any(draft.type == "reminder.create" for draft in self.drafts)
        if self.family == "assign_new":  # "Deepa's doing the shopping": no task of this command
            return not self._of_a_new_task(piece.params.get("task"))
        title = piece.params.get("title")
        if piece.type == "task.create" and isinstance(title, str) and _SOMEONE_TO.match(title):
            # "add a task for shemek to fix the fence": someone the store does not know, who is
            # to do it, not the start of its title
            return f"for {title}".lower() in self.said.lower()
        return False

    def _of_a_new_task(self, task: Any) -> bool:
        """Whether ``task`` is said by words of a task made earlier in this command."""
        if not isinstance(task, str):
            return False
        said = f" {task.lower()} "
        return any(
            said in f" {str(draft.params.get('title', '')).lower()} "
            for draft in self.drafts
            if draft.type == "task.create"
        )

    def _message_again(self, piece: Piece) -> bool:
        """ "tell Stan the bonfire's at seven, tell Bex as well": the message just said, sent
        to someone else too (said on its own, the one the conversation's last request sent:
        "And let Granny Pearl know as well."); with no message just before it, the model's to
        read."""
        last = self.drafts[-1] if self.drafts else self.context.previous
        if last is None or last.type != "message.send":
            return False
        text = last.params.get("text")
        if not isinstance(text, str):
            return False
        if (
            self.drafts
            and str(piece.params.get("to")).lower() == str(last.params.get("to")).lower()
        ):
            return True  # "Oh, Pip as well, tell Pip the same thing": one message, said twice
        return self._append(piece.type, {**piece.params, "text": text})

    def _aside(self, piece: Piece) -> bool:
        after = piece.params.get("after")
        if not self.drafts or (after and self.drafts[-1].type not in after):
            return False
        last = self.drafts[-1]
        if self.family == "aside_pressing" and last.type == "task.create":
            return "priority" in last.params  # "..., it's fairly pressing": which priority?
        self._timer_for(last)
        self._away_said_after(last)
        return True

    def _done_with_what_went(self, piece: Piece) -> bool:
        """ "clear out the party list, we're done with it", "cancel the hall, I'm done with
        it": "done with it" right after what it says is dropped or cleared is why, never that
        thing ticked off; nor is "the whole thing's off" after a list cleared out cancelled."""
        if piece.params.get("task") != TASK_IT or not self.drafts:
            return False
        said, last = self.said.strip(" ,.!"), self.drafts[-1].type
        if piece.type == "task.cancel":
            return last == "task.delete_all" and _ALL_OFF.fullmatch(said) is not None
        return (
            piece.type == "task.complete"
            and last in ("task.delete_all", "task.delete", "task.cancel")
            and _DONE_WITH.fullmatch(said) is not None
        )

    def _away_said_after(self, last: _Draft) -> None:
        """ "give all of Priyanka's stuff to Emeka, she's off sick, and message her ...": "she"
        who is away is the one whose work moved, and so is "her" after it."""
        source = last.params.get("source")
        said = _SHE_IS_AWAY.match(self.said)
        if (
            self.family == "aside_away"
            and said is not None
            and last.type == "task.reassign_all"
            and isinstance(source, str)
        ):
            self.away_said = (source, said["pronoun"].lower())

    def _timer_for(self, last: _Draft) -> None:
        """ "a timer for three minutes? It's for my tea": what the timer is for is its label."""
        said = _TIMER_FOR.fullmatch(self.said.strip(" .!?"))
        if said is not None and last.type == "timer.start" and "label" not in last.params:
            last.params["label"] = said["label"]

    def _noted(self, piece: Piece) -> bool:
        """ "add a task to ring the caterers, and note that the number's on the fridge": a
        plain statement noted right after a new task is that task's note, not a second task
        ("note that the gutters need clearing" on its own stays a task)."""
        created = self._created()
        said_as_note = self.family == "note_that" or _NOTE_OPENER.match(self.said) is not None
        if not said_as_note or created is None or "notes" in created.params:
            return False
        if created is not self.drafts[-1]:
            return False
        if set(piece.params) == {"title", "due"} and "due" in created.params:
            # "book the MOT, due Monday, note that the garage closes at noon": the new task
            # has its day, so the time said after "note" is the note's, in full
            whole = _NOTED_WORDS.sub("", self.said.strip(" .!?"), count=1)
        elif set(piece.params) == {"title"}:
            whole = None
        else:
            return False
        noted = grammar.plain_note(str(piece.params["title"]), self.context)
        if noted is None or (whole is not None and not whole.startswith(noted)):
            return False
        created.params["notes"] = whole or noted
        return True

    def _steps_asked_again(self, piece: Piece) -> bool:
        """ "For the invitations I'll need to confirm the list and buy stamps. Add those as
        steps": the steps just said, asked for again (nothing new to make)."""
        last = self.drafts[-1] if self.drafts else None
        title = piece.params.get("title")
        if last is None or last.type != "task.add_subtasks" or piece.type != "task.create":
            return False
        return isinstance(title, str) and _THOSE_AS_STEPS.fullmatch(title) is not None

    def whose(self, said: str) -> bool:
        """ "add a todo, book the hall, Zainab, tomorrow": someone the store knows, said alone
        right after a new task that has no one yet, is whose it is (only where no phrasing of
        the grammar read the words: in "Alex, Jo and me need to meet" a name is a meeting's)."""
        name = said.strip(" ,.!?")
        if self.correcting and name.lower().startswith("to "):
            name = name[3:]  # "hand the hull to Ravi, no, sorry, to Amara"
        person = next((p for p in self.context.people if p.lower() == name.lower()), None)
        if name.lower() == "mine":  # "new task fix the loo seat, mine, urgent"
            person = "me"
        if self.correcting and person is not None:
            return self._person_put_right(person)
        created = self._created()
        if person is None or created is None or created is not self.drafts[-1]:
            return False
        if "assignee" in created.params:
            return False
        created.params["assignee"] = person
        return True

    def said_alone(self, said: str) -> str | None:
        """What words no phrasing read are, said alone after a request: whose the new task is
        ("bare_person"), or its title said again ("title_put_right"); None for neither."""
        if self.whose(said):
            return "bare_person"
        return "title_put_right" if self.title_put_right(said) else None

    def title_put_right(self, said: str) -> bool:
        """ "new task, wash the car, no, valet the car, for Saturday": a thing to do said alone
        after a "no" that follows a new task is its title, said again."""
        last = self.drafts[-1] if self.drafts else None
        if not self.correcting or last is None or last.type != "task.create":
            return False
        title = titles.new_title(said.strip(" ,.!?"), "task.create", self.context)
        before = str(last.params.get("title", "")).lower().split()
        words = title.lower().split() if isinstance(title, str) else []
        # (the thing to do said again with its own verb: "the plum trees" is part of one)
        if len(words) < 2 or words[0] in _NOT_A_VERB or not before or words[-1] != before[-1]:
            return False
        if is_known_task(str(title), self.context):
            return False
        last.params["title"] = title
        self.correcting = False
        return True

    def _person_put_right(self, person: str) -> bool:
        """ "give Min-jun the cricket subs. No, sorry, Theo": someone said alone after a "no"
        takes the place of the one person the action just said names."""
        if not self.drafts:
            return False
        last = self.drafts[-1]
        said = [key for key in _PERSON_KEYS if key in last.params]
        if len(said) != 1 or not isinstance(last.params[said[0]], str):
            return False
        last.params[said[0]] = person
        self.correcting = False
        return True

    def _note_unread(self, piece: Piece) -> bool:
        """ "add a task to renew the insurance, and note the policy's with Aviva": a note on
        the new task that is no plain statement (it names someone, a time, a task) is the
        model's to read, never a second task ("and note down to buy eggs" is one)."""
        if piece.type != "task.create" or not self.drafts:
            return False
        # ("and note that the garage closes at noon": the time may be the new task's deadline)
        noted = set(piece.params) <= {"title", "due"} and _NOTE_ON_IT.match(self.said) is not None
        if self.drafts[-1].type == "task.add_subtasks":
            return noted  # "under X, add A, B and note the sizes": a step, or a note on one
        created = self._created()
        return created is self.drafts[-1] and noted

    def _done_as_reason(self, piece: Piece) -> bool:
        """ "Mark the loft quote as started, I've just rung them": what the speaker did, said
        after starting the task, is why it is started, not that it is finished; "mark that one
        cancelled, Nanna Bet's sorted it": someone's doing it, said after cancelling the task,
        is why it is cancelled; "cancel the pasta timer, it's done": why the timer stops."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or piece.type != "task.complete" or piece.params.get("task") != TASK_IT:
            return False
        if last.type == "task.cancel":
            # "cancel the passport task, it's sorted": done some other way, why it goes
            said = self.said.strip(" .!?,")
            return bool(_SOMEONE_DID_IT.fullmatch(said) or _IT_IS_SORTED.fullmatch(said))
        if last.type == "timer.cancel":
            return _TIMED_IS_DONE.fullmatch(self.said.strip(" .!?,")) is not None
        return last.type == "task.start" and _I_DID.match(self.said) is not None

    def _it_is_no_task(self, piece: Piece) -> bool:
        """ "Cancel the pudding timer, it's done already": "it" said right after a timer or a
        meeting, with no task named before it in the same breath, is that thing, not the task
        last talked about (the model's to read). After a message it may well be the task the
        message is about ("message Sam the VAT return's in, then tick it off")."""
        if piece.params.get("task") != TASK_IT or not self.drafts:
            return False
        if any(draft.type.startswith("task.") for draft in self.drafts):
            return False
        return self.drafts[-1].type in _NOT_TASKS

    def _timer_said(self, type_: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """A change to "the egg one" after a timer in the same breath, when no task of that
        name is known, is to the egg timer ("how long's left on the pasta timer? and cancel
        the egg one"). A new timer after one cancelled by name gets no label: the dev sets'
        writers disagree on whether it is the same timer."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or not last.type.startswith("timer."):
            return type_, params
        task = params.get("task")
        is_named = type_ == "task.cancel" and isinstance(task, str) and set(params) == {"task"}
        if is_named and not is_known_task(str(task), self.context) and len(str(task).split()) < 3:
            return "timer.cancel", {"label": task}
        return type_, params

    def _yes_while_thinking(self, piece: Piece) -> bool:
        """A bare "yeah" after an action of this command, with no question pending."""
        is_yes = piece.type == "confirm" and piece.params.get("answer") is True
        return is_yes and bool(self.drafts) and not self.context.is_confirmation_pending

    def _takes_back(self, piece: Piece) -> bool:
        """A bare "no" after an action of this command, with no question pending: the speaker
        correcting what they just said, not an answer."""
        is_no = piece.type == "confirm" and piece.params.get("answer") is False
        return is_no and bool(self.drafts) and not self.context.is_confirmation_pending

    def _corrected(self, piece: Piece) -> bool:
        """The value said after such a "no" replaces the same slot of the action just said
        ("..., due Friday, no, Saturday"); a value that action does not hold, or anything else
        after the "no", is not understood here, and goes to the model. The same change said
        again in full ("start the worktop, no, I mean start the boarding passes") replaces the
        one just said, when it names what it changes outright."""
        last = self.drafts[-1] if self.drafts else None
        renamed = piece.type == "task.rename" and piece.params.get("task") == TASK_IT
        if renamed and last is not None and (named := _NAME_OF.get(last.type)):
            # "set a ten minute timer called tape measure, no, call it loft": its new name
            last.params[named] = piece.params["title"]
            return True
        if last is not None and piece.type == last.type and piece.type != MODIFIER:
            # "the ferry route's due Friday, no, make it Thursday": "it" is the same task
            said = {k: v for k, v in piece.params.items() if not (k == "task" and v == TASK_IT)}
            if piece.params.get("task") == TASK_IT and self.topic and self.last_task is None:
                # "tick off the shears, no, sorry, the skip, I ordered it": the task said alone
                said["task"] = self.topic
            if any(_stands_in(value) for value in said.values()):
                return False
            if _clock_alone_for_a_day(said, last.params, self.context):
                return False  # "Monday at noon, no, one o'clock": the model's to put together
            put_right = _day_put_right(said, last.params, self.context)
            if put_right is None:
                return False
            last.params = (
                {**last.params, **put_right} if len(put_right) < len(piece.params) else put_right
            )
            return True
        if last is not None and last.type == "task.create" and _SLOT_SET_BY.get(piece.type):
            return self._new_task_put_right(last, piece)
        if last is not None and _state_put_right(last, piece):
            # "cancel the passport task, no wait, mark it done instead": what happens to the
            # task just said, put right
            last.type = piece.type
            return True
        return self._detail_put_right(piece)

    def _detail_put_right(self, piece: Piece) -> bool:
        """ "..., due Friday, no, Saturday": a detail said after "no" puts right the same slot
        of the action just said."""
        if piece.type != MODIFIER or not piece.params:
            return False
        for draft in reversed(self.drafts):
            if set(piece.params) <= set(draft.params):
                put_right = _day_put_right(piece.params, draft.params, self.context)
                if put_right is None:
                    return False
                draft.params.update(put_right)
                return True
            if draft.type != "confirm":
                return False  # only the action just said can be corrected so
        return False

    def _new_task_put_right(self, last: _Draft, piece: Piece) -> bool:
        """ "add wash the windows for Saturday, no, make it Sunday": the slot of the new task
        just said that a change of "it" sets, put right."""
        slot = _SLOT_SET_BY[piece.type]
        value = piece.params.get(slot)
        if slot not in last.params or piece.params.get("task") != TASK_IT:
            return False
        if value is None or _stands_in(value):
            return False
        put_right = _day_put_right({slot: value}, last.params, self.context)
        if put_right is None:
            return False
        last.params.update(put_right)
        return True

    def _names_timer(self, piece: Piece) -> bool:
        """ "set a timer for an hour and call it laundry": the timer's label, not a new title
        for the task in context."""
        last = self.drafts[-1] if self.drafts else None
        if piece.type != "task.rename" or piece.params.get("task") != TASK_IT or last is None:
            return False
        if last.type != "timer.start" or "label" in last.params:
            return False
        last.params["label"] = piece.params["title"]
        return True

    def _other_timer(self, piece: Piece) -> bool:
        """ "set a timer for the bread, and cancel the tea one": "the X one" cancelled after a
        timer was set is another timer, where the store has no task of that name."""
        task = piece.params.get("task")
        if piece.type != "task.cancel" or not isinstance(task, str):
            return False
        if not any(draft.type == "timer.start" for draft in self.drafts):
            return False
        if _THE_X_ONE.fullmatch(self.said.strip(" ,.!")) is None:
            return False
        if is_known_task(task, self.context):
            return False
        self.drafts.append(_Draft("timer.cancel", {"label": task}))
        return True

    def _restates(self, piece: Piece) -> bool:
        """ "the venue isn't booked, put it back on the list": one change said twice."""
        if self.last_task is None or piece.params.get("task") != TASK_IT:
            return False
        # "Marguerite's taking over the hymn sheets, put her down for it": "her" is who was named
        params = {k: self._named_person() if v == PERSON_IT else v for k, v in piece.params.items()}
        said = Piece(piece.type, params)
        # ("put Sorcha on the invites, mark them as started, she's on them now": the change
        # made to the task before the one just made to it)
        at = self.last_task
        return any(
            _says_again(draft, said)
            for number, draft in enumerate(self.drafts)
            if number == at
            or draft.params.get("task") == {"result_of": at}
            or (number < at and self.drafts[at].params.get("task") == {"result_of": number})
        )

    def _restates_both(self, piece: Piece) -> bool:
        """ "the gate's fixed and the gas bill's paid, tick both off": the two changes just
        said, said again; "give Lamar the rolls and Petra the programmes, both by Friday": the
        change made to each of the two tasks just named. "Both" after anything else is left
        to the model."""
        if len(self.tasks) < 2:
            return False
        last_two = [self.drafts[index] for index in self.tasks[-2:]]
        if all(_says_again(draft, piece) for draft in last_two):
            return True
        if all(draft.type == "task.create" for draft in last_two):
            # "add buy whisky and get neeps to burns night, both due Friday": each new task's
            return self._every_new({k: v for k, v in piece.params.items() if k != "task"})
        refs = [draft.params.get("task") for draft in last_two]
        if not all(isinstance(ref, str) for ref in refs) or refs[0] == refs[1]:
            return False  # only tasks said by name
        others = {key: value for key, value in piece.params.items() if key != "task"}
        appended = [self._append(piece.type, {**others, "task": ref}) for ref in refs]
        return all(appended)  # (each appended, so neither task is left out)

    def _repeats(self, piece: Piece) -> bool:
        if not self.drafts:
            return False
        last = self.drafts[-1]
        if piece.type == last.type and piece.type in _QUERIES and self._asks_again(piece, last):
            return True
        if piece.type in _SAME_CHANGE_ONCE:
            for draft in self.drafts:
                longer = self._same_change_again(draft, piece)
                if longer is not None:
                    draft.params.update(longer)  # the task by its longer name
                    return True  # "the cake's held up by the tasting, so have the cake wait on it"
        if piece.type == "task.add_dependency" == last.type and _on_that(piece, last, self.context):
            return True  # "... before the shop sign's sorted, so the invoices depend on that"
        if piece.type == last.type in _SAID_AGAIN_AS_IT and piece.params.get("task") == TASK_IT:
            # "the gutters are done, tick them off", "the shower wall needs doing again, the
            # grout's come away, open it back up": the task just changed so
            return True
        if _yes_to_what_was_asked(piece, last, self.context):
            return True  # "yes, get rid of it" to "Delete the fridge task?"
        if piece.type not in _SAID_ONCE:
            return False
        return _answer(last.type, last.params) == _answer(piece.type, piece.params)

    def _asks_again(self, piece: Piece, last: _Draft) -> bool:
        """Whether ``piece`` is the question ``last`` asked, said again: "did I already give the
        venue to Femi? what's she got"; "how's Sam getting on? give me a quick summary (of his
        stuff)": the one asked for."""
        params = {
            key: self._named_person() if value == PERSON_IT else value
            for key, value in piece.params.items()
        }
        if params == last.params:
            return True
        return piece.type == "report.summary" and (
            not piece.params
            or (
                set(piece.params) == {"assignee"}
                and params["assignee"] is not None
                and params["assignee"] == last.params.get("assignee")
            )
        )

    def _same_change_again(self, draft: _Draft, piece: Piece) -> dict[str, Any] | None:
        """When ``piece`` is the change ``draft`` makes, said again, its tasks perhaps named
        shorter or longer ("do the extractor hood first, then the orchard trees, so the trees
        wait for the hood", "Sinead's taking over the cake, so give the ruby wedding cake to
        her"): the tasks it names longer (the names to keep); None when it is another change."""
        if draft.type != piece.type or set(draft.params) != set(piece.params):
            return None
        longer = {}
        for key, value in piece.params.items():
            was = draft.params[key]
            if value == PERSON_IT and key == "assignee":
                value = self._named_person()  # "..., so give the ruby wedding cake to her"
            if value == was:
                continue
            if key not in ("task", "blocker") or not self._same_task(was, value):
                return None
            if len(value) > len(was):
                longer[key] = value
        return longer

    def _created(self) -> _Draft | None:
        """The new task "it" names: the task just made, also when steps or what it waits for
        were said between ("add a task to get oven quotes, split it into ..., and give it to
        Imogen": Imogen's is the new task)."""
        if self.last_task is None:
            return None
        draft = self.drafts[self.last_task]
        ref = draft.params.get("task")
        if draft.type in _ABOUT_THE_NEW_TASK and isinstance(ref, dict) and "result_of" in ref:
            draft = self.drafts[ref["result_of"]]
        return draft if draft.type == "task.create" else None

    def _modifier(self, params: dict[str, Any], *, is_standalone: bool) -> bool:
        if params.get("listed") == "again":  # "..., stick that on my list": the new task
            created = self._created()
            if created is None or self.drafts[-1] is not created:
                return False
            said = {key: value for key, value in params.items() if key != "listed"}
            return not said or self._of_the_new_task(said)
        if self._clock_for_day(params):
            return True
        if set(params) <= set(_MODIFIER_ACTIONS):
            self._step_made_a_task()  # "..., as a sub-task of the kits one, Benji's job"
        for key in ("attendees", "location", "duration", "title"):
            if key in params:  # "..., in the village hall", "..., with Theo and Kofi"
                return self._of_the_meeting(key, params)
        if set(params) == {"task"}:  # "..., oh and the candles too"
            return self._same_change(params["task"])
        if self._of_the_new_task(params):
            return True
        just_said = self.drafts[-1] if self.drafts else None
        if (
            just_said is not None
            and params
            and all(just_said.params.get(k) == v for k, v in params.items())
        ):
            return True  # "the turkey, top priority. Urgent.": the change just said, again
        if self.last_task is None and not is_standalone and self.topic is None:
            return False
        return self._change_of_the_task(params)

    def _change_of_the_task(self, params: dict[str, Any]) -> bool:
        """A detail said alone, of the task last touched (or in context): its own change."""
        if not set(params) <= set(_MODIFIER_ACTIONS):
            return False
        last = self.drafts[self.last_task] if self.last_task is not None else None
        if last is not None and "due" in params and last.type == "task.set_due":
            return False  # "push it to Monday? Monday week, actually": which? the model's
        if last is not None and last is self._created() and set(params) & set(last.params):
            return False  # "a task to write the rota for Christmas Day, due Monday": which?
        for key, value in params.items():
            self._append(_MODIFIER_ACTIONS[key], {"task": TASK_IT, key: value})
        return True

    def _same_change(self, task: Any) -> bool:
        """ "give him the camp forms, oh and the candles too": the change just said, made to
        another task the store has too; only a change of one task by name (or "it")."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or last.type not in _SAME_CHANGE_OF or not isinstance(task, str):
            return False
        said = last.params.get("task")
        if not isinstance(said, str | dict) or said == task:
            return False
        return self._append(last.type, {**last.params, "task": task})

    def _of_the_meeting(self, key: str, params: dict[str, Any]) -> bool:
        """Where the meeting just said is, or who it is with, said after it in a clause of its
        own; only of a meeting said without it ("at his place" is kept as said: 4 of 5
        dev-set writers keep it)."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or last.type != "meeting.schedule":
            return False
        said = last.params.get(key)
        if said is not None and not (key == "title" and str(said).lower() in _MEETING_WORDS):
            return False  # ("a catch-up ..., about the budget": what it is about is its title)
        last.params.update(params)
        return True

    def _of_the_new_task(self, params: dict[str, Any]) -> bool:
        """A detail of the task just made: set when it has none of it yet; the later priority
        when one was said already ("it's fairly important, medium I'd say"); once when said
        twice ("..., no rush, low priority")."""
        created = self._created()
        if created is None:
            return False
        if PERSON_IT in params.values():  # "..., stick that on her list": whose, said before
            named = self._named_person()
            if named is None:
                return False
            params = {key: named if value == PERSON_IT else value for key, value in params.items()}
        if not set(params) & set(created.params):
            created.params.update(params)
            return True
        if created is self.drafts[-1] and set(params) == {"priority"}:
            created.params.update(params)
            return True
        return all(created.params.get(key) == value for key, value in params.items())

    def _detail(self, piece: Piece) -> bool:
        """A detail said in a clause of its own: of every new task just said ("both on the
        choir concert"), or of the one before it."""
        if piece.params.get("each") == "new":
            self.each_new = self._every_new(piece.params)
            return self.each_new
        if self.each_new and piece.params and set(piece.params) <= _DETAILS_OF_EACH:
            return self._every_new(piece.params)
        if piece.params.get("each") == "chain":
            return self._chain_of_new()
        if self._labels_timer(piece.params) or self._one_more_tag(piece.params):
            return True
        return self._modifier(piece.params, is_standalone=piece.is_standalone)

    def _one_more_tag(self, params: dict[str, Any]) -> bool:
        """ "add buy blinds and tag it shopping and conservatory": a list's name said after
        tags is one more tag, not the list the task goes on."""
        last = self.drafts[-1] if self.drafts else None
        if self.family != "bare_project" or set(params) != {"project"}:
            return False
        if last is None or not last.params.get("tags"):
            return False
        if not self.heard or not _TAGS_SAID.match(self.heard[-1]):
            return False
        last.params["tags"] = [*last.params["tags"], params["project"]]
        return True

    def _labels_timer(self, params: dict[str, Any]) -> bool:
        """ "start a timer for an hour, label it roast": the timer's label, not a tag."""
        last = self.drafts[-1] if self.drafts else None
        tags = params.get("tags")
        if last is None or last.type != "timer.start" or "label" in last.params:
            return False
        if set(params) != {"tags"} or not isinstance(tags, list) or len(tags) != 1:
            return False
        if not re.match(r"\W*(?:label|name|call)", self.said, re.IGNORECASE):
            return False
        last.params["label"] = tags[0]
        return True

    def _every_new(self, params: dict[str, Any]) -> bool:
        """ "..., and another for Chidi to sort the prizes, both on the choir concert": the
        detail of every new task just said, when there are two or more and none says another."""
        said = {key: value for key, value in params.items() if key != "each"}
        created = [draft for draft in self.drafts if draft.type == "task.create"]
        made = [draft for draft in self.drafts if draft.type == "project.create"]
        # ("start a list called X, then add A and B to it, both for Maisie": the list's too)
        if len(created) < 2 or len(created) + len(made) != len(self.drafts):
            return False
        if len(created) != 2 and re.search(r"\bboth\b", self.said, re.IGNORECASE):
            return False  # "both" of three new tasks: one was read as two
        if any(
            draft.params.get(key, value) != value
            for draft in created
            for key, value in said.items()
        ):
            return False
        for draft in created:
            draft.params.update(said)
        return True

    def _chain_of_new(self) -> bool:
        """ "add A, B and C, and each one has to wait for the one before it": every new task
        just said waits for the one said before it, when the new tasks are all that was said."""
        created = [at for at, draft in enumerate(self.drafts) if draft.type == "task.create"]
        if len(created) < 2 or len(created) != len(self.drafts):
            return False
        for before, after in itertools.pairwise(created):
            self.drafts.append(
                _Draft(
                    "task.add_dependency",
                    {"task": {"result_of": after}, "blocker": {"result_of": before}},
                    {before, after},
                )
            )
        return True

    def _clock_for_day(self, params: dict[str, Any]) -> bool:
        """ "make the ferry route due on the first of December, at noon", "remind me about it
        Thursday, nine-ish": a clock time said on its own right after a day is that day's
        time, not a second deadline."""
        last = self.drafts[-1] if self.drafts else None
        said = params.get("due")
        key = next((k for k in ("due", "when") if last is not None and k in last.params), "due")
        day = last.params.get(key) if last is not None else None
        if set(params) != {"due"} or not isinstance(said, str) or not isinstance(day, str):
            return False
        now = self.context.now
        is_clock_alone = says_day_or_clock(said, now) == (False, True)
        is_day_alone = says_day_or_clock(day, now) == (True, False)
        if not (is_clock_alone and is_day_alone):
            return False
        assert last is not None
        last.params[key] = f"{day} {said}"
        return True

    def _step_made_a_task(self) -> None:
        """ "Under the ferry route, add check the dog policy, and give that to Kit": one step
        said with a detail of its own is a new task under that task, the detail its own."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or last.type != "task.add_subtasks" or self.last_task is None:
            return
        if _WHOLE_THING.search(self.said):
            return  # "..., and set the whole thing to urgent": the task the step is under
        titles, parent = last.params.get("titles"), last.params.get("task")
        if not isinstance(titles, list) or len(titles) != 1 or not isinstance(parent, str):
            return
        last.type, last.params = "task.create", {"title": titles[0], "parent": parent}

    def _fold(self, piece: Piece) -> bool:
        folded = _FOLDABLE.get(piece.type)
        if folded is not None and piece.params.get("task") == TASK_IT:
            self._step_made_a_task()
        created = self._created()
        if folded is None or created is None or not self._names_created(piece, created):
            return False
        source, target = folded
        said = piece.params[source]
        if said == PERSON_IT:  # "Bea needs to ..., put that down for her": Bea
            said = self._named_person()
            if said is None:
                return False
        if target in created.params:  # said twice the same ("important, so high priority")
            return bool(created.params[target] == said) or self._for_whom(created, said)
        created.params[target] = said
        return True

    def _for_whom(self, created: _Draft, said: Any) -> bool:
        """ "add a task to get new woods for Grandpa Alf, give it to Dawid": the one the task
        was read as for is whom it is for, when it is then given to someone else; the title
        keeps them."""
        given, title = created.params.get("assignee"), created.params.get("title")
        if not (isinstance(given, str) and isinstance(said, str) and isinstance(title, str)):
            return False
        heard = f"{title} for {given}".lower()
        if heard not in " ".join(self.heard).lower():
            return False
        created.params.update(title=f"{title} for {given}", assignee=said)
        return True

    def _names_created(self, piece: Piece, created: _Draft) -> bool:
        """ "it", or the new task said by what it acts on ("..., and buy new stumps on the
        cricket club, Kenzo can do the stumps"), said right after it."""
        task = piece.params.get("task")
        if task == TASK_IT:
            return True
        title = created.params.get("title")
        return (
            isinstance(task, str)
            and created is self.drafts[-1]
            and isinstance(title, str)
            and same_title(task, title) is not None
            and not is_known_task(task, self.context)
        )

    def _append(self, type_: str, params: dict[str, Any]) -> bool:
        if (
            type_ == "task.create"
            and "project" not in params
            and self.last_project is not None
            and not self.project_left
        ):
            params["project"] = NEW_PROJECT  # "create a launch project, add a task to ..."
        among_new = params.pop("among", None) == AMONG_NEW
        draft = _Draft(type_, {})
        # ("the other of two" is the one the blocker is not: read once the blocker is)
        for key, value in sorted(params.items(), key=lambda item: item[1] == OTHER_OF_TWO):
            resolved = (
                # "start a project called allotment and put X in the allotment": that new list
                self._result_of(self.last_project, draft)
                if key == "project" and self._list_made_here(value)
                else self._reference(value, draft)
            )
            if key in _TASK_KEYS and type_.startswith("task.") and isinstance(value, str):
                resolved = self._created_here(value, draft) or resolved
                self._wait_for_step_made(resolved, draft)
            elif key == "task" and type_ == "reminder.create" and self._names_new(value):
                return False  # "..., and remind Alfie the day before the kilts are due"
            if (resolved is None and value is not None) or resolved is _AMBIGUOUS:
                return False  # "put X in it" with no project made before; which task said
            if resolved != "" or value == "":
                draft.params[key] = resolved
        if (
            not self._name_what_it_is(draft)
            or self._waits_on_a_stranger(draft, among_new)
            or self._inside_new_beside_known(draft)
        ):
            return False
        self._reminder_of_new(draft)
        if self._said_of_none(draft) or self._waits_on_nothing_said(draft):
            return False
        if self._folded_into_new(draft) or self._priority_why(draft):
            return True
        self._say_what_them_is(draft)
        self._drop_reason_for(draft)
        self.drafts.append(draft)
        index = len(self.drafts) - 1
        if _touches_task(type_):
            self.last_task = index
            self.tasks.append(index)
        if type_ == "project.create":
            self.last_project, self.project_left = index, False
        return True

    def _inside_new_beside_known(self, draft: _Draft) -> bool:
        """ "..., and the netting one has to wait for the paint": "the paint" is a new task
        named by a word inside its title, and "the netting one" the store's, or the new one
        said with it? The model's to read."""
        return self.named_inside and any(isinstance(draft.params.get(k), str) for k in _TASK_KEYS)

    def _said_of_none(self, draft: _Draft) -> bool:
        """ "the midge spray's for Ingrid" of no task made in this command: news, maybe."""
        return self.family in _SAID_OF_NEW and not isinstance(draft.params.get("task"), dict)

    def _folded_into_new(self, draft: _Draft) -> bool:
        """ "add A, B and C to the club list, oh and the A one's urgent": a detail of a task
        made in this command, set inside its task.create, as every dev-set writer writes it
        (none writes a change of a task made in the same breath); False, and the change stays
        its own, when the new task has that detail already."""
        key = _DETAIL_OF.get(draft.type)
        ref = draft.params.get("task")
        if key is None or key not in draft.params:
            return False
        if not (isinstance(ref, dict) and isinstance(ref.get("result_of"), int)):
            return False
        made = self.drafts[ref["result_of"]]
        if made.type != "task.create" or key in made.params:
            return False
        made.params[key] = draft.params[key]
        return True

    def _waits_on_nothing_said(self, draft: _Draft) -> bool:
        """ "the hallway can't be done till that's arrived" with no task made or talked of
        before it: what "that" is, the model's to read."""
        if self.family != "dependency_on_new" or draft.params.get("blocker") != TASK_CONTEXT:
            return False
        previous = self.context.previous
        return previous is None or not _touches_task(previous.type)

    def _between_new(self, draft: _Draft) -> bool:
        """Whether both ends of a dependency are tasks made earlier in this command ("add buy
        paint and paint the gate, and the gate can't be painted till the paint's bought")."""
        return all(
            isinstance(ref := draft.params.get(key), dict)
            and isinstance(at := ref.get("result_of"), int)
            and self.drafts[at].type == "task.create"
            for key in ("task", "blocker")
        )

    def _names_new(self, value: Any) -> bool:
        """Whether ``value`` names, in words of its title, a task made earlier in this command
        that the store does not have ("the kilts" after "collect the kilts from the hire
        place"): which task a reminder is about, the model's to read."""
        if not isinstance(value, str) or value.startswith("\x00"):
            return False
        return not is_known_task(value, self.context) and bool(self._new_tasks_holding(value))

    def _new_tasks_holding(self, thing: str) -> list[int]:
        """The tasks made earlier in this command whose titles hold every word of ``thing``
        but its article ("the MOT" of "get the motorbike MOT'd": a word's "'d" or "'s" aside)."""
        return [
            index
            for index, draft in enumerate(self.drafts)
            if draft.type == "task.create" and _words_inside(thing, draft.params.get("title"))
        ]

    def _reminder_of_new(self, draft: _Draft) -> None:
        """ "add a task to get the motorbike MOT'd, ..., and remind me about the MOT on
        Thursday": a reminder of a thing said in one new task's title (and no task the store
        has) is a reminder of that task, as "remind me about it" is."""
        text = draft.params.get("text")
        if draft.type != "reminder.create" or "task" in draft.params or not isinstance(text, str):
            return
        said = _REMINDED_OF.fullmatch(text.strip())
        if said is None or is_known_task(said["thing"], self.context):
            return
        made = self._new_tasks_holding(said["thing"])
        if len(made) == 1:
            draft.params["text"] = self.drafts[made[0]].params["title"]
            draft.params["task"] = self._result_of(made[0], draft)

    def _say_what_them_is(self, draft: _Draft) -> None:
        """ "reopen the quiz sheets one, and remind Siobhan to reprint them tomorrow": what to
        be reminded of names the task just said, not "them"."""
        text = draft.params.get("text")
        own = draft.params.get("task")  # "remind me before the caterers are due to chase them"
        if draft.type != "reminder.create" or not isinstance(text, str):
            return
        if isinstance(own, str):
            task: Any = own  # "them" is what the reminder is of, people or a thing
        elif self.last_task is not None:
            task = self.drafts[self.last_task].params.get("task")
        else:
            self._them_of_a_message(draft, text)
            return
        said = _ENDS_ON_IT.fullmatch(text)
        if said is None or not isinstance(task, str) or task.startswith("\x00"):
            return
        if not isinstance(own, str) and said["verb"].split()[0].lower() in _DONE_TO_PEOPLE:
            return  # "invoice them", "ring him": people, not the task
        if task.lower() in _lowered(tuple(self.context.tasks)):
            # "remind Niamh to return them" of "return the library books": its thing, once
            draft.params["text"] = f"{said['verb']} {task.split(' ', 1)[-1]}"
        else:
            draft.params["text"] = f"{said['verb']} the {task}"

    def _them_of_a_message(self, draft: _Draft, text: str) -> None:
        """ "tell Bronagh the flyers are at the printers, and remind me tomorrow to collect
        them": "them" is the things the message just said of."""
        said = _ENDS_ON_IT.fullmatch(text)
        message = self.drafts[-1] if self.drafts else None
        if message is not None and message.type == "reminder.create":
            self._them_of_a_reminder(draft, text, message)
            return
        if said is None or not text.lower().endswith(" them"):
            return  # ("collect it" is of one thing: the message says of things)
        if message is None or message.type != "message.send":
            return
        told = _THINGS_TOLD.match(str(message.params.get("text", "")))
        if told is not None:
            draft.params["text"] = f"{said['verb']} the {told['things']}"

    @staticmethod
    def _them_of_a_reminder(draft: _Draft, text: str, before: _Draft) -> None:
        """ "remind Jamie to feed the hens at seven and Szymon to shut them in at eight":
        "them" is the things the reminder before is of."""
        said = _THEM_LAST.fullmatch(text)
        things = _OF_THINGS.fullmatch(str(before.params.get("text", "")))
        if said is not None and things is not None:
            draft.params["text"] = " ".join(
                filter(None, (said["verb"], things["things"], said["particle"]))
            )

    def _waits_on_a_stranger(self, draft: _Draft, among_new: bool = False) -> bool:
        """ "add repaint the gate, then another to buy the paint, and the painting can't start
        till the paint's bought": after new tasks, a dependency naming a task the store does
        not know is likely one of them, said another way; which one is the model's to read.
        ``among_new``: a wait said only of tasks the command made, with an end that is not
        one of them ("the bibs can't be washed till the washing machine's fixed")."""
        if draft.type != "task.add_dependency":
            return False
        if among_new and not self._between_new(draft):
            return True
        if not any(d.type == "task.create" for d in self.drafts):
            return False
        return any(
            isinstance(ref := draft.params.get(key), str)
            and (not matches_known(ref, self.context) or known_task(ref, self.context) is None)
            # "make it block the invitations task": said as a task's name, it is one
            and not re.search(rf"\b{re.escape(ref)}\s+(?:task|one|job)\b", self.said, re.I)
            for key in ("task", "blocker")
        )

    def _name_what_it_is(self, draft: _Draft) -> bool:
        """ "new task, fix the sign, ..., and remind her about it two days before": the
        reminder says what the new task is called, not "it"; False when nothing says what."""
        ref = draft.params.get("task")
        if (
            draft.type == "reminder.create"
            and isinstance(ref, str)
            and draft.params.get("text") in _IT_WORDS
        ):
            draft.params["text"] = ref  # "give the MOT a date and remind me two days before"
            return True
        if draft.type != "reminder.create" or not isinstance(ref, dict):
            return True
        made = self.drafts[ref["result_of"]] if isinstance(ref.get("result_of"), int) else None
        text = draft.params.get("text")
        if (
            text in _IT_WORDS
            and "before" not in draft.params  # ("... two hours before it's due": the task's)
            and any(made.type == "meeting.schedule" for made in self.drafts)
        ):
            return False  # "schedule the practice, add a task ..., and remind Fox about it": which
        if made is not None and made.type == "task.create" and text in _IT_WORDS:
            draft.params["text"] = made.params.get("title", text)
        elif made is not None and isinstance(made.params.get("task"), str) and text in _IT_WORDS:
            draft.params["text"] = made.params["task"]  # "give the tiles to Dev, remind him of it"
        elif text in _IT_WORDS and TASK_CONTEXT in (
            ref,
            made.params.get("task") if made else None,
        ):
            # "remind her about it on Wednesday": the task talked about before, when it is known
            # (or the task the conversation's last change named: "give the hull to her", ...)
            previous = self.context.previous
            said = previous.params.get("task") if previous is not None else None
            named = self.context.last.get("task") or (
                title_named(said, self.context) if isinstance(said, str) else None
            )
            if not named and ref == TASK_CONTEXT and not self.drafts:
                return self._remind_of_message(draft)
            if not named:
                return False
            draft.params["text"] = named
        return True

    def _remind_of_message(self, draft: _Draft) -> bool:
        """ "And tell her to bring the chess sets." ... "Oh, and remind her about that on
        Friday": what the message just sent asked of her, with no task talked of."""
        previous = self.context.previous
        text = previous.params.get("text") if previous is not None else None
        if previous is None or previous.type != "message.send" or not isinstance(text, str):
            return False
        person = draft.params.get("person")
        if person is None or person not in (previous.params.get("to"), {"context": "person"}):
            return False  # (reminded of it: the one the message went to, "her")
        draft.params["text"] = text
        del draft.params["task"]
        return True

    def _drop_reason_for(self, draft: _Draft) -> None:
        """A task made to wait for a new task, after the same task was said to wait for what
        that new task is about ("the shelves are stuck behind the plastering, so add plaster
        the back wall and make the shelves wait for it"): the first was the reason, said
        before the request, and only the second is made."""
        blocker = draft.params.get("blocker")
        if draft.type != "task.add_dependency" or not isinstance(blocker, dict):
            return
        made = blocker.get("result_of")
        if not isinstance(made, int):
            return
        title = self.drafts[made].params.get("title")
        for index, earlier in enumerate(self.drafts[:made]):
            said = earlier.params.get("blocker")
            if (
                earlier.type == "task.add_dependency"
                and self._same_task(earlier.params.get("task"), draft.params.get("task"))
                and isinstance(said, str)
                and isinstance(title, str)
                and same_title(said, title) is not None  # "the plastering": "plaster the wall"
            ):
                self.dropped.add(index)
        # "we can't sort the books until the boxes are in, so add drop off the boxes and hold
        # the books up on that": the reason, read as the same wait, made once
        at = len(self.drafts)  # (the place the draft is about to take)
        for index, earlier in enumerate(self.drafts):
            if (
                index not in self.dropped
                and earlier.type == "task.add_dependency"
                and earlier.params.get("blocker") == blocker
                and self._same_task(earlier.params.get("task"), draft.params.get("task"))
            ):
                self.dropped.add(at)
                return

    def _same_task(self, one: Any, other: Any) -> bool:
        """Two references to one known task ("the walk maps", "the maps")."""
        if one == other:
            return True
        if not isinstance(one, str) or not isinstance(other, str):
            return False
        titles = [_the_task_named(ref, self.context) for ref in (one, other)]
        return titles[0] is not None and titles[0] == titles[1]

    def _result_of(self, index: int | None, draft: _Draft) -> dict[str, Any] | None:
        if index is None:
            return None
        draft.depends_on.add(index)
        return {"result_of": index}

    def _origin(self, index: int | None) -> int | None:
        """ "rename X to Y, move it ... and give it to Sam": every "it" is the action that named
        the task, not the one before that only referred to it."""
        while index is not None:
            ref = self.drafts[index].params.get("task")
            if not (isinstance(ref, dict) and isinstance(ref.get("result_of"), int)):
                return index
            index = ref["result_of"]
        return index

    def _created_here(self, ref: str, draft: _Draft) -> dict[str, Any] | None:
        """ "add a task to record the demo ..., make the demo wait on ...": the new task.
        Said by its thing or its doing, it is the one new task so named, and the store's task
        so named, if it has one, wins ("measuring the worktops" is said of the worktops to
        measure, not the new ones to order) but for a doing alone ("the collecting" of two
        tasks to collect things): with two so named, ``_AMBIGUOUS``."""
        named = []
        for index in reversed(self.tasks):
            made = self.drafts[index]
            if made.type != "task.create":
                continue
            match = same_title(ref, made.params.get("title", ""))
            if match == "exact":
                return self._result_of(index, draft)
            if match:
                named.append(index)
        inside = not named and (
            self.family in _SAID_OF_NEW
            # ("..., but only after the loft's insulated": the store's task, not "fit the
            # loft hatch" said before it)
            or (self.family in _NAMED_INSIDE_NEW and not is_known_task(ref, self.context))
        )
        if inside:
            named = self._said_inside_new(ref)  # "the trailer one's for Oluwaseun"
        if not named:
            return _AMBIGUOUS if self._doing_of_new(ref) else None
        if len(named) > 1:
            return _AMBIGUOUS
        if inside and self.family not in _SAID_OF_NEW:
            self.named_inside = True
        if is_known_task(ref, self.context):
            doing = gerunds(self._verb_of(named[0]))
            return _AMBIGUOUS if strip_articles(ref).lower() in doing else None
        return self._result_of(named[0], draft)

    def _said_inside_new(self, ref: str) -> list[int]:
        """ "add new cox box, fix the trailer lights and renew the insurance, oh and the
        trailer one's for Oluwaseun": the new tasks whose titles hold ``ref``'s words, in a
        row, where "the X one" names one by a word inside it."""
        said = _word_run(strip_articles(ref))
        return [
            index
            for index in self._made()
            if said in _word_run(str(self.drafts[index].params.get("title", "")))
        ]

    def _doing_of_new(self, ref: str) -> bool:
        """Whether ``ref``, a task the store has ("collect the scout badges"), was said by its
        doing alone ("the collecting"), which a task this command made does too ("collect the
        trestle tables")."""
        verb, _, thing = ref.lower().partition(" ")
        if not thing or not is_known_task(ref, self.context):
            return False
        said = set(re.findall(r"[a-z]+", self.said.lower()))
        if set(re.findall(r"[a-z]+", strip_articles(thing))) & said or not gerunds(verb) & said:
            return False
        return any(
            self.drafts[index].type == "task.create" and self._verb_of(index) == verb
            for index in self.tasks
        )

    def _verb_of(self, index: int) -> str:
        """The first word of draft ``index``'s new title, lower-cased ("collect")."""
        return str(self.drafts[index].params.get("title", "")).lower().split(" ", 1)[0]

    def _same_project(self, draft: _Draft) -> Any:
        created = self._created()
        if created is None:
            return None
        project = created.params.get("project", "")
        if isinstance(project, str) and _for_the_list_after(created, project, " ".join(self.heard)):
            return None  # "add a task to buy compost for the orchard, another one to mend the
            # ladder": the list was said of the first task's thing; the second's, the model's
        if isinstance(project, dict) and "result_of" in project:
            draft.depends_on.add(project["result_of"])
        return project

    def _task_it(self, draft: _Draft) -> Any:
        """The task "it", "that" or "them" means; None when the model is to read it."""
        if (
            draft.type in grammar.THEM_OF_A_TASK
            and not grammar.PLURAL_IT.isdisjoint(re.findall(r"[a-z]+", self.said.lower()))
            and not self._one_task_before()
        ):
            return None  # "move the tiles and the meadow to Friday and make them urgent"
        if draft.type in grammar.THEM_OF_A_DEED and not self._them_is_one_said():
            return None  # "tick them off" of tasks said in another turn: the model's
        made = self._result_of(self._origin(self.last_task), draft)
        return made or self.topic or self._task_in_a_message() or {"context": "task"}

    def _reference(self, value: Any, draft: _Draft) -> Any:
        if value == TASK_IT:
            return self._task_it(draft)
        if value == NEW_TASK:
            return self._new_task(draft)
        if value == TASK_SAID:
            return self._task_said(draft)
        if value in (FIRST_OF_TWO, SECOND_OF_TWO):
            return self._one_of_two_new(value == SECOND_OF_TWO, draft)
        if value == OTHER_OF_TWO:
            return self._other_of_two_new(draft)
        if value == PREVIOUS_TASK:
            return self._result_of(self.tasks[-2] if len(self.tasks) > 1 else None, draft)
        if value == PERSON_IT:
            return self._person_it(draft)
        if value == PROJECT_IT:
            return self._result_of(self.last_project, draft) or self._project_before()
        if value == NEW_PROJECT:
            return self._result_of(self.last_project, draft) or self._project_made_before()
        if value == SAME_PROJECT:
            return self._same_project(draft)
        if isinstance(value, list):
            items = [self._reference(item, draft) for item in value]
            return None if any(item is None for item in items) else items  # which "him"?
        return value

    def _wait_for_step_made(self, ref: Any, draft: _Draft) -> None:
        """ "split the flyers into design, print and deliver, and put Bronagh on the deliver
        bit": a step this command made, named; the change runs after it is made."""
        if not isinstance(ref, str):
            return
        for index, made in enumerate(self.drafts):
            titles = made.params.get("titles") if made.type == "task.add_subtasks" else None
            if isinstance(titles, list) and ref.lower() in (str(t).lower() for t in titles):
                draft.depends_on.add(index)
                return

    def _why_undone(self, piece: Piece) -> bool:
        """ "oh no, undo that, the pond can wait": why the last change is taken back, said
        after the undo, not a change of its own."""
        return (
            piece.type == "task.set_priority"
            and bool(self.drafts)
            and self.drafts[-1].type == "undo"
            and _CAN_WAIT.search(self.said) is not None
        )

    def _list_made_here(self, value: Any) -> bool:
        """Whether ``value`` is the name of the list this command made ("allotment")."""
        if self.last_project is None or not isinstance(value, str):
            return False
        name = self.drafts[self.last_project].params.get("name")
        return isinstance(name, str) and name.lower() == value.lower()

    def _made(self) -> list[int]:
        """The indexes of the new tasks this command has made so far, in order."""
        return [at for at, said in enumerate(self.drafts) if said.type == "task.create"]

    def _one_of_two_new(self, second: bool, draft: _Draft) -> dict[str, int] | None:
        """ "..., and make the second one depend on the first": the first or second of exactly
        two new tasks this command made; None with any other count (which, the model's)."""
        made = self._made()
        return self._result_of(made[second], draft) if len(made) == 2 else None

    def _other_of_two_new(self, draft: _Draft) -> dict[str, int] | None:
        """ "add paint the shed and sand the shed, sanding comes first": of exactly two new
        tasks, the one the blocker, read before it, is not; None when the blocker is neither
        (which waits, the model's)."""
        made = self._made()
        blocker = draft.params.get("blocker")
        if len(made) != 2 or not isinstance(blocker, dict):
            return None
        first = blocker.get("result_of")
        if first not in made:
            return None
        return self._result_of(made[1] if first == made[0] else made[0], draft)

    def _them_is_one_said(self) -> bool:
        """Whether "them" of a deed ("mark them as started") means the one task this command
        just named, its name said in the plural ("the invites"); True when no "them" is said."""
        if grammar.PLURAL_IT.isdisjoint(re.findall(r"[a-z]+", self.said.lower())):
            return True
        if (not self.tasks and self.topic is None) or not self._one_task_before():
            return False  # ("the rent forms, Priya's done those, so tick them off": the topic)
        named = _task_of(self.drafts[self.tasks[-1]]) if self.tasks else self.topic
        last = named.split()[-1].lower() if isinstance(named, str) and named.split() else ""
        return last.endswith("s") and not last.endswith("ss")

    def _one_task_before(self) -> bool:
        """False when the last two actions that named a task named two different ones: what
        "them" then means (both, or the last) is the model's to read."""
        if len(self.tasks) < 2:
            return True
        first, second = (self.drafts[index] for index in self.tasks[-2:])
        return _task_of(first) == _task_of(second) or second.params.get("task") == {
            "result_of": self.tasks[-2]
        }

    def _person_it(self, draft: _Draft) -> Any:
        """Whom "him", "her" or "them" means; None when the model is to read it."""
        named = self._named_person()
        if (named or self.away) in _people_named(draft):
            # "shift all Rufus's jobs onto him": "him" is never the one the same action
            # names (that is "himself"), so someone said before this sentence
            return {"context": "person"}
        if named is None and self.away_said is not None:
            # "..., she's off sick, and message her": she who is away, said as "her"
            who, pronoun = self.away_said
            if re.search(rf"\b{_OBJECT_OF[pronoun]}\b", self.said, re.IGNORECASE):
                return who
        if named is None and (
            any(_people_named(d) for d in self.drafts) or self._people_in_words()
        ):
            return None  # "move Amir's work to Mei ... tell him": which? the model's
        return named or self.away or {"context": "person"}

    def _task_in_a_message(self) -> str | None:
        """ "message Mr Adebayo the VAT return's in, then tick it off": the one known task a
        message just sent names, or a reminder is of, when no change before "it" touched a
        task."""
        if self.last_task is not None:
            return None
        found: set[str] = set()
        for draft in self.drafts:
            own = draft.params.get("task") if draft.type == "reminder.create" else None
            # "remind me before the car tax is due, and bump it up": the reminder's task
            if isinstance(own, str) and not own.startswith("\x00"):
                found.update(ref for ref in (known_task(own, self.context),) if ref is not None)
            reminded = draft.params.get("text") if draft.type == "reminder.create" else None
            if isinstance(reminded, str) and reminded.lower() in _lowered(
                tuple(self.context.tasks)
            ):
                # "remind Adaora to send the invites tomorrow, and bump that task up": a task's
                # whole title is what the reminder is of
                found.add(reminded)
            text = draft.params.get("text") if draft.type == "message.send" else None
            for said in _THE_THING.findall(text) if isinstance(text, str) else ():
                ref = known_task(said, self.context)
                if ref is not None and not ref.startswith("\x00"):
                    found.add(ref)
        return found.pop() if len(found) == 1 else None

    def _new_task(self, draft: _Draft) -> dict[str, Any] | None:
        """The task made earlier in this command, as ``{"result_of": i}``; with nothing said
        before it, the one the last turn made ("Add buy compost." ... "Oh, and it's got to be
        done before the mulching"); None with none."""
        origin = self._origin(self.last_task)
        previous = self.context.previous
        if origin is None and not self.drafts and previous and previous.type == "task.create":
            return {"context": "task"}
        if origin is None or self.drafts[origin].type != "task.create":
            return None
        return self._result_of(origin, draft)

    def _task_said(self, draft: _Draft) -> Any:
        """The task made or changed earlier in this command: the new task (waited on), or the
        known one by its name (a reminder "two days before" the deadline just set: the executor
        runs it after that change, in order, as the dev sets' writers write it, no wait said);
        None with no task said."""
        made = self._new_task(draft)
        origin = self._origin(self.last_task)
        if made is not None or origin is None:
            return made
        name = self.drafts[origin].params.get("task")
        return name if isinstance(name, str) else None

    def _project_made_before(self) -> str | None:
        """ "Create a project called garage clear-out." ... "Put skip hire on it": the list the
        conversation's last request made, by its name, put its new task on ("... And on
        there as well, sort the old paint tins") or asked what is on ("What's on the rowing
        club list?" ... "stick varnish the blades on there as well"); None when it did none."""
        previous = self.context.previous
        key = {
            "project.create": "name",
            "task.create": "project",
            "query.tasks": "project",
            "query.count": "project",
        }.get(previous.type if previous is not None else "")
        name = previous.params.get(key) if previous is not None and key else None
        return name if isinstance(name, str) else None

    def _project_before(self) -> str | dict[str, str]:
        """ "that list" with none made before it in the sentence: the known list an earlier
        request of the sentence put something on ("add X to the loft list, and what else is on
        that list"), else the list the conversation's last request named ("how many are left
        on the garage clear-out?" ... "add X to that list"), else the list the conversation
        last made, put a task on or asked about."""
        for draft in reversed(self.drafts):
            if isinstance(said := draft.params.get("project"), str):
                return said
        previous = self.context.previous
        project = previous.params.get("project") if previous is not None else None
        if isinstance(project, str):
            return project
        # (the list the conversation keeps: the last one a task went on or a question named)
        return self.context.last.get("project") or {"context": "project"}

    def _named_person(self) -> str | None:
        """Return the one person the latest action naming people named ("give it to Jo and
        tell her ..."); None when there is none or more than one."""
        for draft in reversed(self.drafts):
            names = _people_named(draft)
            if names:
                return names[0] if len(set(names)) == 1 else None
        # "chase Dr Patel about the letter, and set up a call with him": the one person the
        # sentence named, inside a title or a text
        said = self._people_in_words() or self._people_heard()
        return said.pop() if len(said) == 1 else None

    def _people_heard(self) -> set[str]:
        """The known people named anywhere in the clauses read so far, parameter or not
        ("Oscar's sorted the hay bales, so ... move all his other stuff to Wren": Oscar)."""
        heard = " ".join(self.heard)
        return {
            person
            for person in self.context.people
            if any(
                re.search(rf"\b{re.escape(name)}\b", heard, re.IGNORECASE)
                for name in names_of(person)
            )
        }

    def _people_in_words(self) -> set[str]:
        """The known people named inside a title or a text of this sentence so far."""
        return {
            person
            for draft in self.drafts
            for value in draft.params.values()
            if isinstance(value, str)
            for person in self.context.people
            if re.search(rf"\b{re.escape(person)}\b", value, re.IGNORECASE)
        }

    def actions(self) -> tuple[Action, ...]:
        self._later_change_wins()
        self._timer_asked_about()
        kept = [index for index in range(len(self.drafts)) if index not in self.dropped]
        number = {old: new for new, old in enumerate(kept)}  # nothing refers to a dropped one
        drafts = [_renumbered(self.drafts[index], number) for index in kept]
        return tuple(draft.freeze() for draft in _blocker_made_after(drafts, self.context))

    def _timer_asked_about(self) -> None:
        """ "Did I set a timer for the lasagne?" ... "No? Okay, set one for thirty-five minutes":
        "one" is a timer for what was just asked about, when this command holds no other."""
        previous = self.context.previous
        if previous is None or previous.type != "timer.query":
            return
        label = previous.params.get("label")
        starts = [d for d in self.drafts if d.type.startswith("timer.")]
        if not label or len(starts) != 1 or starts[0].type != "timer.start":
            return
        if not starts[0].params.get("label") and _ONE_SET.search(self.said):
            starts[0].params["label"] = label

    def _later_change_wins(self) -> None:
        """ "the gate latch isn't urgent any more, drop it to medium": two changes of one field
        of one task in a breath; the later one is what was meant, so the earlier is dropped
        (when nothing else refers to it)."""
        for later, draft in enumerate(self.drafts):
            if draft.type not in _ONE_VALUE_CHANGES or later in self.dropped:
                continue
            for earlier in range(later):
                before = self.drafts[earlier]
                if before.type != draft.type or earlier in self.dropped:
                    continue
                ref, said = draft.params.get("task"), before.params.get("task")
                if ref != {"result_of": earlier} and not (isinstance(ref, str) and ref == said):
                    continue
                if any(
                    earlier in other.depends_on
                    for at, other in enumerate(self.drafts)
                    if at != later
                ):
                    continue
                draft.params["task"] = said
                draft.depends_on = (draft.depends_on - {earlier}) | before.depends_on
                self.dropped.add(earlier)


# "set one for ten minutes": a timer said as "one"
_ONE_SET = re.compile(r"\b(?:set|start|put on|stick on|do)\s+one\b", re.IGNORECASE)


# A change to a task that made once is made: said twice in one breath, it is one request
def _on_that(piece: Piece, last: _Draft, context: ParseContext) -> bool:
    """Whether a dependency of the task the last one made wait is on "that": the same one
    ("... till we've booked the hall, so make the loaves wait for that")."""
    task, waited = piece.params.get("task"), last.params.get("task")
    if piece.params.get("blocker") != TASK_IT:
        return False
    if isinstance(task, str) and isinstance(waited, str):
        return same_known_task(task, waited, context)
    return task == waited


# changes said of a task by name, then again as "it" in the same breath: one request
_SAID_AGAIN_AS_IT = frozenset(("task.complete", "task.reopen", "task.start", "task.cancel"))
# Changes that set one value of a task: a second in the same breath replaces the first
_ONE_VALUE_CHANGES = frozenset(("task.set_due", "task.set_priority"))
_SAME_CHANGE_ONCE = frozenset((
    "task.add_dependency", "task.set_due", "task.set_priority", "task.assign", "task.complete",
    "task.start", "task.reopen", "task.cancel", "task.delete", "task.rename",
))  # fmt: skip


def _blocker_made_after(drafts: list[_Draft], context: ParseContext) -> list[_Draft]:
    """ "The rowing boat's blocked till the club insurance is renewed, so add renew the club
    insurance for Bertie": a task said to wait for one the store does not have, then that one
    made, by a title holding every word it was called: the new task is made first, and is
    what the other waits for."""
    for at, draft in enumerate(drafts):
        blocker = draft.params.get("blocker")
        if (
            draft.type != "task.add_dependency"
            or not isinstance(blocker, str)
            or blocker.startswith("\x00")
            or is_known_task(blocker, context)
        ):
            continue
        words = set(strip_articles(blocker).lower().split())
        made = [
            later
            for later in range(at + 1, len(drafts))
            if drafts[later].type == "task.create"
            and (words <= set(_title_words(drafts[later])) or _one_said(drafts[later], words))
        ]
        if len(made) != 1 or any(index >= at for index in drafts[made[0]].depends_on):
            continue
        order = [*range(at), made[0], *(i for i in range(at, len(drafts)) if i != made[0])]
        number = {old: new for new, old in enumerate(order)}
        moved = [_renumbered(drafts[old], number) for old in order]
        if _one_said(moved[at], words):  # "add the grout colour one": the one said, by name
            moved[at] = _Draft("task.create", {**moved[at].params, "title": blocker})
        moved[at + 1] = _Draft(
            draft.type, {**moved[at + 1].params, "blocker": {"result_of": at}},
            {*moved[at + 1].depends_on, at},
        )  # fmt: skip
        return moved
    return drafts


# "add the grout colour one": a new task said as "the ... one" of a thing said before
_THE_ONE = re.compile(r"(?:the )?(?P<words>.+?) (?:one|task|job)", re.IGNORECASE)


def _one_said(draft: _Draft, words: set[str]) -> bool:
    """Whether a new task is said as "the ... one" with words of ``words`` only."""
    said = _THE_ONE.fullmatch(str(draft.params.get("title", "")))
    return said is not None and set(said["words"].lower().split()) <= words


def _renumbered(draft: _Draft, number: dict[int, int]) -> _Draft:
    """``draft`` with its references to earlier actions renumbered (``number``: old -> new)."""
    if all(old == new for old, new in number.items()):
        return draft

    def moved(value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("result_of"), int):
            return {**value, "result_of": number[value["result_of"]]}
        if isinstance(value, list):
            return [moved(item) for item in value]
        return value

    params = {key: moved(value) for key, value in draft.params.items()}
    return _Draft(draft.type, params, {number[index] for index in draft.depends_on})


# "reprint them", "chase it up": a reminder's text whose thing is "it" or "them"
_ENDS_ON_IT = re.compile(r"(?P<verb>[a-z]+(?: (?:up|off|out|back|over))?) (?:it|them)", re.I)
# "shut them in", "bring them back": a reminder's text whose things are "them"
_THEM_LAST = re.compile(
    r"(?P<verb>[a-z]+) them(?: (?P<particle>in|out|up|off|back|over|away|down))?", re.I
)
# a reminder's text of things ("feed the hens"): those things
_OF_THINGS = re.compile(r"[a-z]+ (?P<things>the (?:[a-z-]+ )?[a-z-]+s)", re.IGNORECASE)
# a message said of things ("the flyers are at the printers"): those things
_THINGS_TOLD = re.compile(
    r"(?:the|our|my) (?P<things>[a-z-]+(?: [a-z-]+)?) (?:are|were|'re)\b", re.IGNORECASE
)
# what is done to people more than to things: "remind Sam to invoice them" (the caterers)
_DONE_TO_PEOPLE = frozenset((
    "call", "ring", "phone", "text", "email", "invoice", "chase", "pay", "thank", "ask", "tell",
    "remind", "meet", "see", "visit", "help", "contact", "message", "collect",
))  # fmt: skip
# "it's for my tea", "that's for the pasta", "it's for the stew in the slow cooker": what a
# timer just set is for
_TIMER_FOR = re.compile(
    r"(?:it's|it is|that's|that is|this is|it'll be) for (?:my|the|our|his|her) "
    r"(?P<label>[a-z]+(?: [a-z]+)?)(?: (?:in|on) (?:the|my|our) [a-z]+(?: [a-z]+)?)?",
    re.IGNORECASE,
)
# "Nanna Bet's sorted it", "Kai has done it already": someone else did the thing
_SOMEONE_DID_IT = re.compile(
    r"(?:[A-Z][\w'-]*(?: [A-Z][\w'-]*)?|he|she|they)(?:'s|'ve| has| have)\s+(?:already\s+)?"
    r"(?:sorted|done|dealt with|handled|taken care of|seen to)\s+(?:it|that)(?:\s+already)?"
)
# "put down sand": a step of laying something, not "put down (a task)" (a new task said so,
# "put down a task to ...", is one)
_PUT_DOWN_STEP = re.compile(
    r"put down (?!(?:a|an|another|one more|the)\s+(?:new\s+)?(?:task|job|to-?do|item|reminder)\b)"
    r"[\w'-]",
    re.IGNORECASE,
)
_IT_IS_SORTED = re.compile(
    r"(?:it's|it is|that's|that is|it's been|it has been)\s+(?:all\s+)?(?:sorted|sorted out|"
    r"dealt with|taken care of)(?:\s+(?:now|already))?",
    re.IGNORECASE,
)
# "I've just rung them", "we've emailed them": what the speaker did
_I_DID = re.compile(r"(?:I|we)(?:'ve| have)\s+(?:just\s+|already\s+)?[a-z]+\b", re.IGNORECASE)
# "cancel the pasta timer, it's done": what was timed is ready, said as why the timer stops
_TIMED_IS_DONE = re.compile(
    r"(?:and\s+)?(?:it's|it is|that's|that is)\s+(?:done|ready|cooked)"
    r"(?:\s+(?:now|already|early))?",
    re.IGNORECASE,
)
_THANKS = re.compile(r"\b(?:ta|cheers|thanks|thank you|lovely|brilliant|perfect)\b", re.I)


def _says_again(draft: _Draft, piece: Piece) -> bool:
    """True when ``piece`` is the change ``draft`` made, said again (its task aside)."""
    others = {key: value for key, value in piece.params.items() if key != "task"}
    return draft.type == piece.type and all(draft.params.get(k) == v for k, v in others.items())


def _thanks_only(actions: tuple[Action, ...], text: str, context: ParseContext) -> bool:
    """ "ok ta, cheers" with no question pending: thanks, not a yes to a question nobody
    asked, so nothing Parley claims to understand (a bare "yes" still reads as one)."""
    if context.is_confirmation_pending or not _THANKS.search(text):
        return False
    return all(a.type == "confirm" and a.params.get("answer") is True for a in actions)


# a task's name said of more than one task a command made (or of one and a task the store has)
_AMBIGUOUS: dict[str, Any] = {"ambiguous": True}


def _yes_to_what_was_asked(piece: Piece, last: _Draft, context: ParseContext) -> bool:
    """ "Yes, get rid of it" to "Delete the fridge task?": the change asked about said again
    after the yes, not a second change (the task it names is the one the question is about)."""
    is_yes = last.type == "confirm" and last.params.get("answer") is True
    asked_before = piece.type in ACTIONS and ACTIONS[piece.type].is_destructive
    said_again = asked_before and set(piece.params.values()) <= {TASK_IT}
    return context.is_confirmation_pending and is_yes and said_again


def _clock_alone_for_a_day(
    said: dict[str, Any], before: dict[str, Any], context: ParseContext
) -> bool:
    """True when a correction gives a clock time alone for a value that said a day too."""
    for key in ("due", "when"):
        new, old = said.get(key), before.get(key)
        is_clock_alone = isinstance(new, str) and says_day_or_clock(new, context.now) == (
            False,
            True,
        )
        if is_clock_alone and isinstance(old, str):
            return says_day_or_clock(old, context.now)[0]
    return False


# a day said by its name ("next Tuesday", "tomorrow"): alone in a correction ("sorry, Tuesday
# morning"), and in the time it puts right
_DAY = r"(?:(?:next |this )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tomorrow)"
_DAY_ALONE = re.compile(
    rf"(?:on )?(?P<day>{_DAY})(?: (?P<part>morning|afternoon|evening|night))?", re.IGNORECASE
)
_DAY_SAID = re.compile(rf"\b{_DAY}\b", re.IGNORECASE)


def _task_of(draft: _Draft) -> Any:
    """What task a draft names: its task, or the title of one it makes."""
    return draft.params.get("task", draft.params.get("title"))


def _day_put_right(
    said: dict[str, Any], before: dict[str, Any], context: ParseContext
) -> dict[str, Any] | None:
    """``said`` as the correction means it: a day said alone for a time that said a day and a
    clock time is that day at the same time ("quarter to nine Monday morning, sorry, Tuesday
    morning": "quarter to nine Tuesday morning"); None when the old time says its day in a way
    not put right so (the model's); ``said`` itself when no day is said alone."""
    for key in ("due", "when"):
        new, old = said.get(key), before.get(key)
        if not (isinstance(new, str) and isinstance(old, str)):
            continue
        if says_day_or_clock(new, context.now) != (True, False):
            continue
        if says_day_or_clock(old, context.now) != (True, True):
            continue
        day = _DAY_ALONE.fullmatch(new.strip())
        days = _DAY_SAID.findall(old)
        if day is None or len(days) != 1:
            return None
        part = day["part"]
        if part and part.lower() not in old.lower():
            return None  # "nine Monday morning, no, Tuesday evening": not the same time
        return {**said, key: _DAY_SAID.sub(day["day"], old)}
    return said


def _answer(type_: str, params: dict[str, Any]) -> tuple[str, Any]:
    """What an action says; "no" and "cancel" say the same to a pending question."""
    if type_ == "cancel" or (type_ == "confirm" and params.get("answer") is False):
        return ("no", None)
    return (type_, sorted(params.items()))


def _people_named(draft: _Draft) -> list[str]:
    spec = ACTIONS[draft.type].params
    names: list[str] = []
    for key, value in draft.params.items():
        kind = spec[key].kind if key in spec else None
        values = value if kind == "people" and isinstance(value, list) else [value]
        if kind in ("person", "people"):
            names += [v for v in values if isinstance(v, str) and v.lower() != "me"]
    return [name for name in names if not name.startswith("\x00")]


def _touches_task(type_: str) -> bool:
    return type_.startswith("task.") and type_ not in (
        "task.add_dependency",
        "task.delete_all",
        "task.reassign_all",
    )


_ENTITY_KINDS = {"person": "people", "people": "people", "project": "projects", "when": "times"}


def _entities(actions: tuple[Action, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for action in actions:
        for key, value in action.params.items():
            spec = ACTIONS[action.type].params.get(key)
            group = _ENTITY_KINDS.get(spec.kind) if spec else None
            values = values_of(value)
            for item in values:
                if group and isinstance(item, str) and item not in found.get(group, []):
                    found.setdefault(group, []).append(item)
    return found


class FastPathParser:
    """The grammar's reading of the common ways of saying things; see the module docstring."""

    name = "fastpath"

    def __init__(self, config: ParserConfig | None = None) -> None:
        self.max_chars = (config or ParserConfig()).fastpath_max_chars
        grammar.load()  # parsed once, here rather than in the first utterance's time
        sounds_of("parley")  # espeak-ng started (140 ms) here too, not in the first utterance

    def parse(self, text: str, context: ParseContext) -> Command:
        """Return what the grammar understood of ``text``; never raise.

        Read as said first; when that leaves something unread, once more with a known person's
        name written for two words that sound like it ("give the till printer to ta reek").
        """
        try:
            text = full_names_by_sound(str(text), context)  # "ring aunt barrel": Aunt Beryl
            text = heard_names(text, context)  # "farther bernard", "the shed ruth": by phonemes
            text = four_heard_for(text, context)  # "wash the car four Rufus"
            text = possessive_heard(text, context)  # "bellas birthday": Bella's birthday
            asked_again = follow_up(text, context)  # "and the panto one?" after a question
            if asked_again is not None:
                return self._command(text, [], asked_again, [])
            put_right = self._put_right(text, context)  # "actually Saturday"
            if put_right is not None:
                return put_right
            command = self._parse(text, context)
            if not command.is_complete:
                both = self._put_right_then(text, context)
                if both is not None:
                    return both
                named = pair_names_by_sound(text, context)
                if named != text:
                    again = self._parse(named, context)
                    if again.is_complete:
                        return again
            return command
        except Exception:  # a parser must never take the appliance down
            log.exception("fast path failed on %r", text[:200] if isinstance(text, str) else text)
            return not_understood(str(text), self.name)

    def _put_right(self, text: str, context: ParseContext) -> Command | None:
        """ "actually Saturday", "no, Sunday", "sorry, urgent" right after a task was given a
        day or a priority: that put right, read as "make it Saturday" is; None when the last
        request gave no task one, or more than one is said."""
        previous = context.previous
        if previous is not None and previous.type == "task.assign":
            return self._other_person(text, previous, context)
        if (
            previous is not None
            and previous.type == "task.create"
            and "assignee" in previous.params
        ):
            # "sorry, not Milosz, Remi" after a new task given to Milosz
            other = self._other_person(text, previous, context)
            if other is not None:
                return other
        if previous is None or previous.type not in _PUT_RIGHT_OF:
            return None
        said = _PUT_RIGHT.fullmatch(text.strip())
        if said is None:
            return None
        if said["not"] and said["not"].lower() not in {
            str(value).lower() for value in previous.params.values()
        }:
            return None  # "high, not medium" of a task made urgent: what is meant is unclear
        command = self._parse(f"make it {said['what']}", context)
        actions = command.actions
        if not command.is_complete or len(actions) != 1:
            return None
        field = _PUT_RIGHT_BY.get(actions[0].type)
        if field is None or field not in previous.params:
            return None  # "actually Saturday" after a task given no day: the model's to read
        return command if actions[0].params.get("task") == TASK_CONTEXT else None

    def _put_right_then(self, text: str, context: ParseContext) -> Command | None:
        """ "Actually, no, Friday. And give it to Siobhan.": a sentence that puts the last
        request right (``_put_right``), then one more request of the same task, read alone;
        None unless both read whole and the second stands on its own."""
        said = _SENTENCE_THEN.fullmatch(text.strip())
        first = self._put_right(said["first"], context) if said else None
        if said is None or first is None:
            return None
        rest = self._parse(said["rest"], context)
        if not rest.is_complete or any(
            action.depends_on or _refers_inside(action.params) for action in rest.actions
        ):
            return None
        actions = (*first.actions, *rest.actions)
        return replace(rest, intent=actions[0].type, actions=actions, entities=_entities(actions))

    def _other_person(self, text: str, previous: Action, context: ParseContext) -> Command | None:
        """ "sorry, not Lachlan. Wren.", "actually no, Fergus, he knows the builders" right
        after a task was given to someone: the task given to the one said instead."""
        said = _PERSON_PUT_RIGHT.fullmatch(text.strip())
        if said is None or any(says_day_or_clock(said["who"], context.now)):
            return None  # "actually make that Friday, ...": a day, not someone heard as it
        given = previous.params.get("assignee")
        not_meant = (said["not"] or said["not_after"] or "").lower()
        if not_meant not in ("", "him", "her", "them") and not (
            isinstance(given, str) and not_meant in {n.lower() for n in names_of(given)}
        ):
            return None  # "not Sam" of a task given to Jo: what is meant is the model's to read
        command = self._parse(f"give it to {said['who']}", context)
        actions = command.actions
        if not command.is_complete or len(actions) != 1 or actions[0].type != "task.assign":
            return None
        assignee = actions[0].params.get("assignee")
        if not isinstance(assignee, str) or assignee == given:
            return None
        return command if actions[0].params.get("task") == TASK_CONTEXT else None

    def _parse(self, text: str, context: ParseContext) -> Command:
        # mended before and after clean(): cleaning drops an opening "and", which may be "add"
        # misheard ("And milk to the shopping list")
        heard = rehear(clean(rehear(text)))
        split = split_joined(heard, context)
        # (heard again when words were split: "at cake rota to the cycling clublist")
        words = _time_put_right(split if split == heard else rehear(split))
        words = _person_put_right(words, context)
        words = _meeting_hours(_false_start_dropped(_parts_then_stop(words)))
        words = _everyone_named(_new_task_and_its_wait(words, context), context)
        if not words or len(words) > self.max_chars:
            return not_understood(text, self.name)
        clauses = _clauses(words, context)
        topic = _topic(clauses, context)
        away = _away(clauses, context) if topic is None else None
        if topic is not None or away is not None:
            clauses = clauses[1:]
        elif (on_list := _on_list_first(clauses, context)) is not None:
            clauses = on_list
        elif _waits_said_first(clauses):
            clauses = clauses[1:]
        assembler = _Assembler(context, topic)
        assembler.away = away
        unparsed: list[str] = []
        read_to = 0  # where in ``words`` the clauses read so far end
        for number, clause in enumerate(clauses):
            assembler.family, assembler.said = clause.family, clause.text
            assembler.named_inside = False
            at = words.find(clause.text, read_to)
            if at > read_to and _SENTENCE_END.search(words, read_to, at):
                assembler.project_left = True
            read_to = max(read_to, at + len(clause.text))
            if number and (name := _topic_between(clauses[number : number + 2], context)):
                # "the car tax one's done, and the wedding DJ, push that to Friday": a known
                # task said on its own mid-sentence is what the next change calls "that"
                assembler.topic, assembler.last_task = name, None
                clauses[number] = Clause(clause.text, (), "topic")
                assembler.heard.append(clause.text)
                continue
            accepted = clause.pieces is not None and all(
                assembler.add(piece) for piece in clause.pieces
            )
            if accepted:
                assembler.heard.append(clause.text)
                continue
            if clause.pieces is None and (alone := assembler.said_alone(clause.text)):
                clauses[number] = Clause(clause.text, (), alone)
            else:
                unparsed.append(clause.text)
        if assembler.correcting:  # "add milk, no": taken back, and nothing said instead
            unparsed.append(clauses[-1].text)
        actions = _without_why(_for_me(assembler.actions(), text))
        # "..., and remind me fifteen minutes before": the meeting just read says when
        actions, unparsed = remind_around_meeting(actions, unparsed, words, context)
        actions = on_the_meeting_day(actions, context)
        if not actions or _thanks_only(actions, text, context):
            return not_understood(text, self.name)
        actions, misheard = _respell(actions, context)
        actions = _whom_named_again(actions, context)
        actions = _asked_after_changes(actions)
        unparsed += misheard + _reminders_left_to_read(actions) + _asides_in_names(actions)
        unparsed += _lists_by_head_noun(actions, words)
        unparsed += _verb_in_a_name(actions, words, context) + _people_as_titles(actions, context)
        unparsed += _waits_on_that_unsaid(actions) + _waits_on_unknown_beside_new(actions, context)
        unparsed += _steps_read_as_changes(actions, context) + _letters_apart(actions)
        unparsed += _count_unmet(actions, words) + _tag_asked(actions, text)
        actions, waits = _waits_ending_titles(actions, context)
        actions, unsure = _reminded_before_they_are_due(actions, context)
        unparsed += waits + unsure
        return self._command(words, clauses, _an_for_and(actions), unparsed)

    def _command(
        self,
        words: str,
        clauses: list[Clause],
        actions: tuple[Action, ...],
        unparsed: list[str],
    ) -> Command:
        understood = sum(len(c.text) for c in clauses if c.pieces is not None)
        if unparsed:
            confidence = round(0.5 * understood / max(len(words), 1), 2)
        elif any(c.family in LOOSE_FAMILIES for c in clauses):
            confidence = 0.8
        else:
            confidence = 1.0
        return Command(
            intent=actions[0].type,
            actions=actions,
            confidence=confidence,
            entities=_entities(actions),
            is_complete=not unparsed,
            unparsed=" ... ".join(unparsed),
            parser=self.name,
        )


# a short sentence, then the rest ("Actually, no, Friday. And give it to Siobhan.")
_SENTENCE_THEN = re.compile(r"(?P<first>[^.?!]{1,60}[.!])\s+(?P<rest>\S.*)", re.DOTALL)


def _refers_inside(params: dict[str, Any]) -> bool:
    """Whether a parameter names the result of another action of its command."""
    return any(isinstance(value, dict) and "result_of" in value for value in params.values())


# "the TV licence one is really two bits. Find the old number, and pay online": the parts
# counted, a full stop, then the parts (a recogniser's stop where a speaker's colon is)
_PARTS_THEN_STOP = re.compile(
    r"\b(?P<parts>(?:two|three|four|five|a few|a couple of) (?:separate |smaller )?"
    r"(?:bits|steps|parts|pieces|stages|jobs|subtasks|sub-tasks|things)"
    r"(?: to it| really| to do)?)\. (?=[A-Za-z])",
)


def _parts_then_stop(words: str) -> str:
    """The parts of a task counted, then a full stop: a colon (``_PARTS_THEN_STOP``)."""
    return _PARTS_THEN_STOP.sub(r"\g<parts>: ", words)


def _clauses(words: str, context: ParseContext) -> list[Clause]:
    """The clauses of ``words``, each read; read again knowing the lists a clause makes when
    one is left unread ("make a project called garage sale, put X on the garage sale list")."""
    clauses = _without_opening(split_clauses(words, context), context)
    if (wider := _with_lists_made(clauses, context)) is not None:
        again = _without_opening(split_clauses(words, wider), wider)
        if all(clause.pieces is not None for clause in again):
            return again
    return clauses


def _with_lists_made(clauses: list[Clause], context: ParseContext) -> ParseContext | None:
    """``context`` knowing the lists a clause makes, when a clause is left unread and one is
    made that the store does not know; else None."""
    if all(clause.pieces is not None for clause in clauses):
        return None
    known = {project.lower() for project in context.projects}
    made = [
        name
        for clause in clauses
        for piece in clause.pieces or ()
        if piece.type == "project.create"
        and isinstance(name := piece.params.get("name"), str)
        and name.lower() not in known
    ]
    return replace(context, projects=(*context.projects, *made)) if made else None


# ", I always forget", ", it's for Sam": a remark after a comma; no title, reminder, step, label
# or meeting topic holds one (only a message's text does: "have a lovely break, it's all in hand")
_ASIDE = re.compile(
    r",\s+(?:i|i'm|i've|i'll|i'd|we|we're|we've|it's|she's|he's|they're|that's|he|she|they|"
    r"you|you're|there's|(?:it\s+)?(?:looks|seems|sounds|feels)\s+like)\s+.*$",
    re.I,
)
# what "it" said after them in the same breath is more likely to be than a task
_NOT_TASKS = frozenset(("timer.start", "timer.cancel", "timer.query", "meeting.schedule"))
# a value that stops where a word still wants its object ("return the books tomorrow at",
# "... at, say"): the clause was cut in the wrong place
_CUT_SHORT = re.compile(r"\b(?:at|by|with|from|and|or|say|the|a|an|to|about|around)$", re.I)
# words a title, a label or a list's name never holds, heard in place of others ("chop would")
_NO_NAME_WORD = re.compile(r"\b(?:would|could|should|might)\b", re.IGNORECASE)
# "message Tomiko to bring the prizes, and Zainab, same thing": one message for two people
_SAME_AGAIN = re.compile(r"\bsame (?:thing|again|message)\b|,\s*(?:the )?same(?: too)?$", re.I)


# "remind me about the caterers one on Wednesday": a task named as one, not what to remember
_TASK_AS_TEXT = re.compile(r"(?:the\s+)?\S.*\s(?:one|task|job)", re.IGNORECASE)
# "remind me at six to phone him": whom the reminder is about, said as a pronoun
_WHOM_SAID_AS_PRONOUN = re.compile(
    r"\b(?:ask|tell|call|ring|phone|chase|chase up|text|thank|remind|pay|email|message|"
    r"check with|speak to|talk to) (him|her|them)\b"
    # "remind me to get her a poinsettia": whom a thing is for (not "bring her kit": whose)
    r"|\b(?:get|buy|send|make|bring|give|order|pick up) (him|her|them) (?:a|an|some|the)\b",
    re.IGNORECASE,
)


# a reminder's "him" or "her" as whom it is done to ("ring him", "ask her about ...", "ring
# her at six"), not whose ("take her tablets")
_HIM_OR_HER = re.compile(
    r"\b(?:ask|tell|call|ring|phone|chase|text|thank|pay|email|message|visit|meet|see|fetch|"
    r"collect) (?P<who>him|her)"
    # ("ring him back"; "chase her up" is written "chase up Ravi" by some, "chase Dr Adeyemi
    # up" by others: the model's)
    r"(?=$|[,.]| (?:about|re|to|at|on|when|before|after|and|if|back)\b)",
    re.IGNORECASE,
)
_WHOM_KEYS = ("assignee", "person", "to", "attendees", "source")


def _whom_named_again(actions: tuple[Action, ...], context: ParseContext) -> tuple[Action, ...]:
    """ "Remind Gramps Ted at half four to take his tablets, and remind me at six to ring him":
    a reminder's "him" or "her", beside another request that names one known person and no
    other, is that person, as the writers of the dev sets write it."""
    named = {
        value
        for action in actions
        for key in _WHOM_KEYS
        for value in values_of(action.params.get(key))
        if isinstance(value, str) and value in context.people
    }
    if len(named) != 1 or len(actions) < 2:
        return actions
    (person,) = named
    mended = []
    for action in actions:
        text = action.params.get("text")
        # ("remind Fergus to ring him": not Fergus)
        if (
            action.type == "reminder.create"
            and isinstance(text, str)
            and (action.params.get("person") != person)
        ):
            said = _HIM_OR_HER.sub(lambda m: m.group().replace(m["who"], person), text)
            if said != text:
                action = Action(action.type, {**action.params, "text": said}, action.depends_on)
        mended.append(action)
    return tuple(mended)


def _reminders_left_to_read(actions: tuple[Action, ...]) -> list[str]:
    """The reminders' texts the model is to read: a task named as one ("remind me about the
    caterers one on Wednesday"); and, beside another request of the same command, whom a
    reminder's "him", "her" or "them" means ("give the seedlings to Priti, and remind me Friday
    to ask her how they're doing": writers of the dev sets write the name, 9 of 11 times; it may
    be someone the command names, or a thing). Said alone ("remind me to call him at six"), the
    reminder keeps the word."""
    reminded = [
        text
        for action in actions
        if action.type == "reminder.create" and isinstance(text := action.params.get("text"), str)
    ]
    unread = [text for text in reminded if _TASK_AS_TEXT.fullmatch(text)]
    if len(actions) < 2:
        return unread
    unread += [text for text in reminded if _WHOM_SAID_AS_PRONOUN.search(text)]
    if any(
        (action.type.startswith("task.") and action.type != "task.create")
        # "set a timer for the washing and remind me to hang it out at ten": the washing
        or (action.type == "timer.start" and "label" in action.params)
        for action in actions
    ):
        # "make the sparklers urgent, and remind me Monday to collect them from the shop": the
        # writers name the task there ("collect the sparklers from the shop"); "invoice them"
        # said last is said of people
        unread += [
            text
            for text in reminded
            if (said := _THING_AS_PRONOUN.search(text))
            and not (
                said["it"].lower() == "them"
                and str(said["verb"]).lower() in _DONE_TO_PEOPLE
                and said.end() == len(text)
            )
        ]
    return unread


# "it" or "them" as the thing a reminder is about ("collect them from the shop")
_THING_AS_PRONOUN = re.compile(r"(?:\b(?P<verb>[a-z]+)\s+)?\b(?P<it>it|them)\b(?!')", re.IGNORECASE)


def _asides_in_names(actions: tuple[Action, ...]) -> list[str]:
    """The remarks a title, a reminder's text, a step or a label took in after a comma ("take
    the bins out, I always forget on Wednesdays"): the model's to read; none in a message.
    So is a value cut short ("the books tomorrow at"), a message said to be sent again to
    someone else in the same breath ("..., and Zainab, same thing"), and a name holding a
    word no name holds, a mishearing more likely than not ("order would", "the ply would")."""
    found = []
    for action in actions:
        message = action.type == "message.send"
        found += [
            value
            for key in ("title", "label", "titles", "name")
            for value in values_of(action.params.get(key))
            if isinstance(value, str) and _NO_NAME_WORD.search(value)
        ]
        for key in ("title", "text", "label", "titles", "notes"):
            for value in values_of(action.params.get(key)):
                if not isinstance(value, str):
                    continue
                aside = None if message else _ASIDE.search(value)
                if aside:
                    found.append(aside.group().lstrip(", "))
                elif _CUT_SHORT.search(value.rstrip(" ,.")) or (
                    message and _SAME_AGAIN.search(value)
                ):
                    found.append(value)
    return found


# "remind me at ten, no, half ten, to put the bins out": a clock time put right where it
# stands (the clauses either side of it are cut apart otherwise)
_CLOCK_PUT_RIGHT = re.compile(
    r"\b(?P<lead>at|for|by|around|about|on) (?P<old>[\w:'-]+(?: [\w:'-]+){0,3}),\s+"
    r"(?:no|sorry|no sorry|no wait|wait|i mean|or rather)\W+(?:make it |make that |at )?"
    r"(?P<new>[\w:'-]+(?: [\w:'-]+){0,3}?)(?:,(?= to ))?(?=,|\.|$| to | about | for )",
    re.IGNORECASE,
)


# "..., so can you add", "..., please put": a new task asked for after what it is needed for
_ASKED_TO_ADD = r"(?:so,?\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:add|put|stick|pop)"
# "..., and link them up": the two made to wait one for the other, asked for in so many words
_LINK_THEM = (
    r"(?:link|connect|hook|tie)\s+(?:them|those|the\s+two|those\s+two)(?:\s+up|\s+together)?"
)
# "the vet registration's held up by getting the puppy microchipped, can you add that as a task
# and link them?": a known task waiting on something the store does not have yet, then that
# thing asked for as a new task
_WAITS_ON_NEW = re.compile(
    r"^(?:(?:I|we)\s+(?:can't|cannot|won't)\s+(?P<deed>[\w' -]+?)\s+(?:until|till|before)"
    r"|(?P<task>[\w' -]+?)"
    r"(?:(?:'s|'re|\s+is|\s+are)\s+(?:held\s+up\s+by|waiting\s+(?:on|for)|blocked\s+(?:by|on)|"
    r"stuck\s+(?:until|till|without|waiting\s+(?:on|for)))"
    r"|\s+(?:depends|depend)\s+on"
    # "carving the pumpkins has to wait till we've bought them, so ..."
    r"|\s+(?:has|have|will\s+have|'ll\s+have|needs|need)\s+to\s+wait\s+(?:until|till|for)"
    r"|\s+(?:can't|cannot|won't)\s+(?:(?:start|happen|go\s+ahead|be\s+done|begin)"
    # "the sponsor money can't be collected till ...", "... can't be printed before ..."
    r"|be\s+[a-z]+(?:ed|en|t))\s+(?:until|till|before))"
    # "Emeka can't book the chess hall until Professor Lowe's signed the form, so ...": someone
    # the store knows (``_waits_on_new``) who cannot do a task of its own till then
    r"|(?P<who>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+(?:can't|cannot|won't)\s+"
    r"(?P<their_deed>[\w' -]+?)\s+(?:until|till|before))"
    r"\s+(?P<thing>[^,]+?),\s+"
    + _ASKED_TO_ADD
    + r"(?:\s+in)?\s+(?P<title>[^,]+?)(?:\s+(?P<particle>in|down))?"
    r"(?:\s+(?:(?:on\s+)?as\s+a\s+(?:new\s+)?(?:task|job|to-?do)|on\s+the\s+list|on))?"
    r"(?:\s+(?:too|as\s+well|first))?"
    # "..., so add that as a task for him": for the one the thing waited on is said of
    r"(?:\s+for\s+(?P<whom>him|her|them|me|(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?))"
    # "..., so put that on my list": the speaker's
    r"|\s+on\s+(?:(?P<mine>my)|(?-i:(?P<theirs>[A-Z][\w-]*))'s)\s+(?:list|to-?do\s+list|to-?dos))?"
    # "..., so add that as a task for me by Wednesday": its deadline
    r"(?P<by>\s+(?:by|due)\s+(?!(?:it|that|them|this)\b)[\w' ]+?)?"
    r"(?:,?\s+and\s+(?:" + _LINK_THEM + r""
    # "..., and block the gown on it", "..., and that comes first": the wait said again
    r"|block\s+(?:it|that|the\s+[\w' -]+?)\s+on\s+(?:it|that)|(?:put|do)\s+(?:it|that)\s+first"
    # "..., and make the invites wait for it": said again of the task that waits
    r"|(?:make|have|let)\s+(?:it|that|(?P<again>the\s+[\w' -]+?))\s+wait\s+(?:for|on)\s+(?:it|that)"
    r"|(?:that|it|that\s+one)\s+(?:comes|goes|has\s+to\s+come|needs\s+to\s+come|must\s+come|"
    r"has\s+to\s+be\s+done|needs\s+doing)\s+first))?"
    r"(?:,?\s+(?:would|will|could|can)\s+you)?[?.!]?$",
    re.IGNORECASE,
)
# "Before I can tile the splashback I need to order the tiles, can you add that and link them
# up?": what must come first, said of a known task, then asked for as a new task
_BEFORE_WE_CAN = re.compile(
    r"^(?:(?:oh|um|right|so),?\s+)?before\s+(?:(?:(?:I|we)\s+can|(?P<anyone>anyone|anybody))\s+"
    r"(?P<deed>[\w' -]+?)"
    # "before the court can be booked we've got to ...": the task, said done
    r"|(?P<thing>(?:the|my|our)\s+[\w' -]+?)\s+can\s+be\s+[a-z]+(?:ed|en|t))\s*,?\s+"
    r"(?P<who>I|we|someone|somebody|(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?))"
    r"(?:\s+need\s+to|\s+needs\s+to|\s+have\s+to|\s+has\s+to|\s+must|'ve\s+got\s+to|"
    r"'s\s+got\s+to|\s+has\s+got\s+to|'ll\s+have\s+to|\s+will\s+have\s+to)\s+"
    r"(?P<title>[^,.]+?)[,.]\s+"
    + _ASKED_TO_ADD
    + r"\s+(?:that|it)(?:\s+(?:in|down|on))?(?:\s+as\s+a\s+(?:new\s+)?task)?"
    r"(?:\s+for\s+(?P<whom>him|her|them))?"
    r"(?:,?\s+and\s+(?:" + _LINK_THEM + r"|put\s+(?P<behind>[\w' -]+?)\s+behind\s+it"
    r"|(?:make|have)\s+(?P<waiter>[\w' -]+?)\s+wait\s+(?:on|for)\s+(?:it|that)))?[?.!]?$",
    re.IGNORECASE,
)
# "Once the choir hall's booked Mairead can send out the rota, add that for her and link the
# two up": a new task for someone the store knows, after a known task is done
_ONCE_DONE_NEW = re.compile(
    r"^once\s+(?P<task>[\w' -]+?)(?:'s|'re|\s+is|\s+are|\s+has\s+been|\s+have\s+been|"
    # ("once the invites have gone out")
    r"\s+has|\s+have|'ve)\s+(?P<done>[\w-]+)(?:\s+(?:out|in|off|up|back|through|away))?,?\s+"
    r"(?P<who>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+can\s+(?P<title>[^,]+?),\s+(?:"
    + _ASKED_TO_ADD
    + r"\s+(?:that|it)(?:\s+(?:in|down|on))?|(?:so,?\s+)?(?:set|sort)\s+(?:that|it)\s+up)\s+for\s+"
    # ("..., add that for Frankie.": the wait said by the "once" alone)
    r"(?:him|her|them|(?P<whom>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?))(?:,?\s+and\s+(?:"
    + _LINK_THEM
    + r"|(?:have|make)\s+it\s+(?:come\s+after|wait\s+(?:for|on)|depend\s+on)\s+"
    r"(?P<after>[^,]+?)))?[?.!]?$",
    re.IGNORECASE,
)
# "The greenhouse watering's held up till someone fixes the hose, so add fix the hose and make
# the watering wait on it": the wait said first, then asked for again in so many words
_WAIT_SAID_FIRST = re.compile(
    r"^(?:(?:I|we)\s+(?:can't|cannot|won't)\s+(?P<deed>[\w' -]+?)\s+(?:until|till|without|before)"
    r"|(?P<task>[\w' -]+?)(?:'s|'re|\s+is|\s+are)\s+(?:held\s+up|waiting|blocked|stuck)\s+"
    r"(?:until|till|by|on|for|without))\s+[^,.]+?[,.]\s+(?:so\s+)?"
    + _ASKED_TO_ADD
    + r"\s+(?P<title>[^,]+?),?\s+and\s+(?:(?:make|have)\s+(?P<dep>[\w' -]+?)\s+wait\s+(?:on|for)\s+"
    r"(?:it|that)|hold\s+(?P<held>[\w' -]+?)\s+(?:until|till)\s+(?:that's|that\s+is|it's|it\s+is)"
    r"\s+done)[?.!]?$",
    re.IGNORECASE,
)
# "Paint the utility room walls has to wait for the tiling, add that for Robin", "Paint the
# conservatory frames, add that, but it can only happen once the glazing's finished": a new task
# said first, then asked for as "that", with what it waits for said beside it
_WAIT_WORDS = (
    r"(?:(?:has|have|will\s+have|'ll\s+have|needs|need)\s+to\s+wait\s+(?:for|until|till|on)"
    r"|(?:can't|cannot|won't)\s+(?:start|happen|go\s+ahead|begin)\s+(?:until|till|before)"
    r"|can\s+only\s+(?:start|happen|go\s+ahead|begin)\s+(?:once|after|when))"
)
_NEW_ONE_WAITS = re.compile(
    r"^(?P<title>[a-z][\w' -]+?)(?:\s+(?P<wait>"
    + _WAIT_WORDS
    + r")\s+(?P<thing>[^,]+?),\s+"
    + _ASKED_TO_ADD
    + r"\s+(?:that|it)(?:\s+(?:in|down|on))?(?:\s+as\s+a\s+(?:new\s+)?task)?"
    r"(?:\s+for\s+(?P<whom>me|(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)))?"
    r"|,\s+" + _ASKED_TO_ADD + r"\s+(?:that|it)(?:\s+(?:in|down|on))?,?\s+(?P<but>but|and)\s+"
    r"(?:it|that)\s+(?P<then>" + _WAIT_WORDS + r")\s+(?P<after>[^,]+?))[?.!]?$",
    re.IGNORECASE,
)
# a title's first word, when the "in" or "down" after it is the title's ("get the cabinets in",
# "put the carpet down") rather than the request's ("add the skip in as a task")
_PUT_IN_OR_DOWN = frozenset((
    "get", "bring", "put", "fit", "hand", "send", "fill", "plug", "let", "move", "take", "lay",
    "nail", "glue", "screw", "pin", "write", "jot", "note", "plant", "sow", "water", "pay",
))  # fmt: skip
# "stick X on for Priyanka": on the list, for her
_ON_FOR = re.compile(r"\s+on(?=\s+for\s+\S)", re.IGNORECASE)
_SAYS_ONE = re.compile(r"\b(?:one|it|them|that|those)\b", re.IGNORECASE)
# "a task for him to get the headcount": the new task given to the one it is waited on from
_FOR_THEM = re.compile(r"\bfor (him|her|them)\b", re.IGNORECASE)
_DOER = re.compile(r"^(?:(?:I|we|you|they)(?:'ve|\s+have)?|(?:I|we)'ve\s+actually)\s+", re.I)


def _new_task_and_its_wait(words: str, context: ParseContext) -> str:
    """A new task asked for beside what waits for it, or what it waits for, said as "add Y and
    make X wait for it", which the grammar reads: the first of the ways below said so decides
    (the words as said when it finds them no request of that kind); the words as said when
    none is."""
    for reading in (
        _on_a_new_task,
        _new_one_waits,
        _waits_on_new,
        _before_we_can,
        _once_done_new,
        _wait_said_first,
    ):
        said = reading(words, context)
        if said is not None:
            return said
    return words


# "Make the hedgehog house depend on a new task, buy exterior paint, due Tuesday"
_ON_A_NEW_TASK = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:make|have|let)\s+(?P<task>[\w' -]+?)\s+"
    r"(?:depend|wait)\s+(?:on|for)\s+a\s+new\s+(?:task|one)\s*[,:-]\s*(?:called\s+)?"
    r"(?P<rest>[^.?!]+?)[.?!]?$",
    re.IGNORECASE,
)


def _on_a_new_task(words: str, context: ParseContext) -> str | None:
    """ "make X depend on a new task, Y" said as "add Y, and make X wait for it"; None when not
    said so of a task the store has."""
    said = _ON_A_NEW_TASK.match(words)
    if said is None:
        return None
    task = known_task(said["task"], context)
    if task is None or task.startswith("\x00"):
        return None
    return f"add {said['rest']}, and make {said['task']} wait for it"


def _waits_on_new(words: str, context: ParseContext) -> str | None:
    """ "X is held up by Y, so add Y as a task and link them" said as "add Y and make X wait for
    it", or someone's new task said to wait on a known one (``_their_new_deed_waits``); the
    words as said when X is no task the store has; None when not said so."""
    said = _WAITS_ON_NEW.match(words)
    if said is None:
        return None
    return _their_new_deed_waits(said, context) or _known_task_waits_on_new(words, said, context)


def _known_task_waits_on_new(words: str, said: re.Match[str], context: ParseContext) -> str:
    """``_waits_on_new`` of a task the store has, waiting on a thing asked for as a new task;
    the words as said when not said so."""
    if said["who"] and not person_named(said["who"], context):
        return words  # ("Paint can't ..." is nobody's)
    # "we can't order the cottage keys until ...", "Emeka can't book the chess hall until ..."
    waiting = said["task"] or said["deed"] or said["their_deed"]
    task = known_task(waiting, context)
    if task is None or task.startswith("\x00") or known_task(said["thing"], context) is not None:
        return words  # a task nobody has, or one waiting on a task the store has already
    again = known_task(said["again"], context) if said["again"] else task
    if again is None or not same_known_task(again, task, context):
        return words  # "..., and make the other one wait for it": which, the model's to read
    thing, whom = said["thing"], said["whom"] or (said["mine"] and "me") or said["theirs"]
    if whom and whom.lower() not in _PRONOUNS_FOR and said["title"].lower() not in _THAT_ONE:
        # "add sign off the route for Clodagh": the name is the new task's, said with it
        title = _for_them(words[said.start("title") : said.end("whom")], thing, context)
        title, whom = title and _ON_FOR.sub("", title), None
    else:
        title = _title_asked_for(said, context)
    if title is None or (said["by"] and not is_when(said["by"].split(maxsplit=1)[1])):
        return words  # (".., so add that as a task for me by it": no deadline)
    doer, named = _doer_of(whom, thing, context)
    # "till I've got the ladder back", "held up by getting the van serviced", "for me"
    mine = whom is not None and whom.lower() == "me" and _SPEAKERS_DEED.match(thing) is not None
    if whom and doer is None and not mine:
        # "for him" of nobody the thing names: the model's to read
        return _that_for_another(whom, title, thing, waiting, context, said["by"] or "") or words
    if doer is not None:
        # "Uncle Ray bringing the long ladder round"
        said_as = _said_as_their_deed(thing[named:], title)
        if said_as is None:
            return words
        title, thing = said_as
    if title.lower() in _THAT_ONE:
        title = _title_of_that(thing, doer) or ""
        if not title:
            return words
    whose = " for me" if mine else f" for {doer}" if doer is not None else ""
    return f"add {title}{whose}{said['by'] or ''} and make {waiting} wait for it"


def _said_as_their_deed(thing: str, title: str) -> tuple[str, str] | None:
    """The new task asked for and the thing waited on, when the thing is said as someone's
    doing ("... bringing the long ladder round") or as what they have done ("till Bronislaw's
    collected the stone, so add that as a job for him": "collect the stone"); None when not
    ("till Marta's confirmed, so add ... for her")."""
    done = _HAS_DONE.fullmatch(thing)
    if done is not None and title.lower() in _THAT_ONE:
        verb = _verb_of_done(done["done"])
        return (f"{verb} {done['rest']}", thing.strip()) if verb is not None else None
    if not re.match(r"\s+\w+ing\b", thing):
        return None
    return title, thing.strip()


def _their_new_deed_waits(said: re.Match[str], context: ParseContext) -> str | None:
    """ "Paramjit can't paint the shed until the chicken run's fenced, so add paint the shed for
    him and link them up": someone's new task, said again as asked for, waiting on a task the
    store has; None when not said so."""
    if not said["their_deed"] or known_task(said["their_deed"], context):
        return None
    who = person_named(said["who"], context)
    done = _THING_DONE.fullmatch(said["thing"])  # "the chicken run's fenced"
    if done is None or not says_done(done["done"], done["thing"], context):
        return None
    blocker = known_task(done["thing"], context)
    deed, title = said["their_deed"].strip(), said["title"].strip()
    if (
        who is None
        or blocker is None
        or blocker.startswith("\x00")
        or deed.lower() != title.lower()
    ):
        return None
    if (said["whom"] or "").lower() not in _THIRD_PERSON or said["by"]:
        return None
    return f"add {title} for {who} and make it wait for {blocker}"


# "Bronislaw's collected the stone": someone's deed, said done (a participle and its thing)
_HAS_DONE = re.compile(r"(?:'s|\s+has)\s+(?P<done>[a-z]+)\s+(?P<rest>[\w' -]+)", re.IGNORECASE)


def _that_for_another(
    whom: str, title: str, thing: str, waiting: str, context: ParseContext, by: str
) -> str | None:
    """ "till the ladder's fixed, so add that for Kuldeep [by Friday]": the new task the thing
    says, for the one named (by the day said), who is not the one the thing is said of; None
    when not said so."""
    other = person_named(whom, context) if whom.lower() not in _PRONOUNS_FOR else None
    if other is None or title.lower() not in _THAT_ONE or _whom_said(thing, context)[0]:
        return None
    title = _title_of_that(thing, None) or ""
    if not title or title.split()[0].lower().endswith("ing"):
        return None  # ("getting quotes": the model's to say as a deed)
    return f"add {title} for {other}{by} and make {waiting} wait for it"


def _new_one_waits(words: str, context: ParseContext) -> str | None:
    """ "Paint the walls has to wait for the tiling, add that for Robin" said as "add paint the
    walls for Robin, it has to wait for the tiling"; None when not said so, or when the first
    is a task the store has (``_waits_on_new`` reads that) or opens on someone or on a word of
    no deed."""
    said = _NEW_ONE_WAITS.match(words)
    if said is None:
        return None
    title = said["title"]
    first = title.split(maxsplit=1)[0]
    if (
        known_task(title, context) is not None
        or first.lower() in _NOT_A_DEED
        or person_named(first.removesuffix("'s"), context) is not None
    ):
        return None  # "the fence has to wait ...", "Tariq's ...": no new task said as a deed
    whom = said["whom"]
    if whom is not None and whom.lower() != "me" and person_named(whom, context) is None:
        return None
    whose = f" for {whom}" if whom else ""
    deed = title[0].lower() + title[1:]
    if said["wait"]:
        return f"add {deed}{whose}, it {said['wait']} {said['thing']}"
    return f"add {deed}, {said['but']} it {said['then']} {said['after']}"


# words a new task's title never opens on when said first as a deed ("the fence has to wait")
_NOT_A_DEED = frozenset((
    "i", "we", "you", "he", "she", "they", "it", "that", "this", "the", "a", "an", "my", "our",
    "your", "his", "her", "their", "someone", "somebody", "everything", "nothing", "there",
))  # fmt: skip


# "till I've got the ladder back, so add that for me": the speaker's own deed, or a deed said
# with no doer ("held up by getting the caravan serviced")
_SPEAKERS_DEED = re.compile(r"I(?:'ve|\s+have)\s|[a-z]+ing\s", re.IGNORECASE)
_THIRD_PERSON = frozenset(("him", "her", "them"))
_PRONOUNS_FOR = _THIRD_PERSON | {"me"}
_THAT_ONE = frozenset(("that", "it", "that one", "this"))


def _doer_of(whom: str | None, thing: str, context: ParseContext) -> tuple[str | None, int]:
    """Who does the thing waited on, and how much of it names them: "for him" of the person
    it opens with; the speaker of "me buying sandpaper" ("waits on me borrowing it, add that
    for me"); the one named again ("on Alex finding it, add that for Alex"); (None, 0) when
    nobody is said, or the name is not the one the thing opens with."""
    if whom is not None and whom.lower() in _THIRD_PERSON:
        return _whom_said(thing, context)
    if whom is not None and whom.lower() != "me":
        # "waiting on Alex finding the certificate, so add that for Alex": the one named again
        doer, named = _whom_said(thing, context)
        return (
            (doer, named) if doer is not None and doer == person_named(whom, context) else (None, 0)
        )
    if re.match(r"me\s", thing, re.IGNORECASE):
        return "me", 2
    return None, 0


def _whom_said(thing: str, context: ParseContext) -> tuple[str | None, int]:
    """The known person ``thing`` opens with, and how much of it names them ("Uncle Ray
    bringing the ladder round"; "Sinead confirming numbers", by the first name)."""
    doer = known_prefix(thing, context.people)
    if doer is not None:
        return doer, len(doer)
    first = next(iter(thing.split()), "")
    return person_named(first, context), len(first)


def _title_asked_for(said: re.Match[str], context: ParseContext) -> str | None:
    """The new task's title ``_WAITS_ON_NEW`` found, as ``_for_them`` reads it; with the "in"
    a verb of its own takes ("add get the cabinets in as a task"), and without the "on" of
    "stick finalise the guest list on for Priyanka"."""
    title = _for_them(said["title"], said["thing"], context)
    if title is None:
        return None
    if said["particle"] and title.split(maxsplit=1)[0].lower() in _PUT_IN_OR_DOWN:
        title = f"{title} {said['particle']}"
    return _ON_FOR.sub("", title)


def _for_them(title: str, thing: str, context: ParseContext) -> str | None:
    """ "..., so add a task for him to get the headcount": "him" is whom the thing is waited on
    from ("until Tomasz has the headcount"); None when the thing names no one."""
    them = _FOR_THEM.search(title)
    if them is None or title.endswith(them.group()):
        return title  # ("add that for him" said last: ``_waits_on_new`` reads it)
    doer = known_prefix(thing, context.people)
    if doer is None:
        # "until Tobias has the numbers": a person said by the first name
        doer = person_named(thing.split(maxsplit=1)[0].removesuffix("'s"), context)
    if doer is None:
        return None
    return f"{title[: them.start()]}for {doer}{title[them.end() :]}"


# "the ladder's fixed", "the tiles have been ordered": a thing said done
_THING_DONE = re.compile(
    r"(?P<thing>(?:the|my|our)\s+[\w-]+(?:\s+[\w-]+){0,2}?)"
    r"(?:'s|'re|\s+is|\s+are|\s+has|\s+have)(?:\s+been)?\s+(?P<done>[a-z]+(?:ed|en|t))",
    re.IGNORECASE,
)


def _verb_of_done(done: str) -> str | None:
    """The verb of a past participle: an irregular one's ("made": "make"), or the verb a task
    names of a regular one ("fixed": "fix", "ordered": "order", "glazed": "glaze") when exactly
    one way of writing it is a verb tasks are said with."""
    irregular = verb_of_participle(done)
    if irregular is not None:
        return irregular
    said = done.lower()
    found = {
        verb
        for verb in (said[:-2], said[:-1], said[:-3])
        if verb in TASK_VERBS and said in participles(verb)
    }
    return found.pop() if len(found) == 1 else None


def _title_of_that(thing: str, doer: str | None) -> str | None:
    """The new task "add that" asks for: the thing waited on, said as a deed ("till I've got
    new passport photos": "get new passport photos"); None when the model is to say it."""
    deed = _DOER.sub("", thing)
    if (done := _THING_DONE.fullmatch(deed)) is not None and doer is None:
        # "till the ladder's fixed": "fix the ladder"
        verb = _verb_of_done(done["done"])
        return f"{verb} {done['thing']}" if verb is not None else None
    first, _, rest = deed.partition(" ")
    if doer is None and is_participle(first):
        verb = verb_of_participle(first)
        # ("till I've booked the hall": "book", or "booke"? the model's)
        return f"{verb} {rest}" if verb is not None and rest else None
    if doer is None:
        return titles.as_verb(deed)
    return _deed_of(deed)  # "Rosalind sends me the music": what she is to do, the model's


def _before_we_can(words: str, context: ParseContext) -> str | None:
    """ "Before I can tile the splashback I need to order the tiles, can you add that?" said as
    "add order the tiles and make tile the splashback wait for it"; None when not said so of
    a task the store has."""
    first = _BEFORE_WE_CAN.match(words)
    if first is None:
        return None
    deed = first["thing"] or (_bare_verb(first["deed"]) if first["anyone"] else first["deed"])
    task = known_task(deed, context)
    if task is None or task.startswith("\x00"):
        return None
    who = first["who"]
    if known_task(first["title"], context) is not None or _SAYS_ONE.search(first["title"]):
        return words  # a task the store has already, or "find the old one": the model's
    waits = first["behind"] or first["waiter"]  # "put X behind it", "make the booking wait"
    behind = known_task(waits, context) if waits else task
    if behind is None or not same_known_task(behind, task, context):
        return words  # "..., and put the other one behind it": which, the model's to read
    doer = "" if who.lower() in ("i", "we", "someone", "somebody") else person_named(who, context)
    if doer is None or bool(doer) != bool(first["whom"]):
        return words  # someone the store does not know, or "for him" of nobody said
    whose = f" for {doer}" if doer else ""
    return f"add {first['title']}{whose} and make {deed} wait for it"


def _bare_verb(deed: str) -> str:
    """ "seals the cellar walls" (after "before anyone") as "seal the cellar walls"."""
    verb, _, rest = deed.partition(" ")
    low = verb.lower()
    if low.endswith(("ches", "shes", "sses", "xes", "zes")):
        verb = verb[:-2]
    elif low.endswith("ies") and len(low) > 4:
        verb = verb[:-3] + "y"
    elif low.endswith("s") and not low.endswith("ss"):
        verb = verb[:-1]
    return f"{verb} {rest}".strip()


def _once_done_new(words: str, context: ParseContext) -> str | None:
    """ "Once the choir hall's booked Mairead can send out the rota, add that for her and link
    the two up" said as "add send out the rota for Mairead and make it wait for the choir
    hall"; None when not said so of a task the store has, the words as said unless it is said
    done, the one who can is someone it knows and the new task is none it has."""
    said = _ONCE_DONE_NEW.match(words)
    task = known_task(said["task"], context) if said else None
    if said is None or task is None or task.startswith("\x00"):
        return None
    done = said["done"].lower()
    who = person_named(said["who"], context)
    if who is None or not (done in DONE_WORDS or done in _DONE_THERE or is_participle(done)):
        return words
    if said["whom"] and person_named(said["whom"], context) != who:
        return words  # "once X's done Rory can do Y, add that for Ama": whose, the model's
    if known_task(said["title"], context) is not None or _SAYS_ONE.search(said["title"]):
        return words
    after = known_task(said["after"], context) if said["after"] else task
    if after is None or not same_known_task(after, task, context):
        return words  # "..., and have it come after the hall": another task, the model's
    return f"add {said['title']} for {who} and make it wait for {said['task']}"


_DONE_THERE = frozenset(("in", "back", "up", "sorted", "done", "over", "gone", "come"))


def _wait_said_first(words: str, context: ParseContext) -> str | None:
    """ "We can't book the nets until the fees are paid. Add pay the fees for Kenji and hold
    the nets until that's done" said as "add pay the fees for Kenji and make the nets wait for
    it": the wait said first is why, when what is then made to wait is the task it names (one
    the store has) and the new task is none it has; the words as said otherwise (None when not
    said so)."""
    said = _WAIT_SAID_FIRST.match(words)
    if said is None:
        return None
    first = known_task(said["deed"] or said["task"], context)
    waiting = said["dep"] or said["held"]
    task = known_task(waiting, context)
    if first is None or task is None or first.startswith("\x00") or task.startswith("\x00"):
        return words
    if not same_known_task(first, task, context) or known_task(said["title"], context):
        return words
    return f"add {said['title']} and make {waiting} wait for it"


def _deed_of(thing: str) -> str | None:
    """ "buying sandpaper" -> "buy sandpaper": someone's doing waited on, said as a task's
    title; None when it is not said as a doing."""
    first, _, rest = thing.partition(" ")
    verb = verb_of_any(first) if first.lower().endswith("ing") else None
    return f"{verb} {rest}".strip() if verb is not None and rest else None


# "Thursday three till four", "a week on Friday, ten till eleven": a meeting's hours, said as
# when it starts and ends (only in an utterance about meeting)
_MEETING_SAID = re.compile(
    r"\b(?:meeting|call|chat|catch-?up|catch up|get-together|together|meet)\b", re.IGNORECASE
)
_HOUR = rf"(?:half\s+)?(?:{'|'.join(CLOCK_HOURS)}|\d{{1,2}}(?::[0-5]\d)?)"
_HOURS_SAID = re.compile(
    # (never "to": "ten to eleven" is ten to eleven o'clock)
    rf"(?:,\s*|\s+)(?:from\s+)?(?P<start>{_HOUR})\s+(?:till|until|til|-)\s+(?P<end>{_HOUR})"
    r"(?=\s*(?:[,.;!?]|$|\s(?:in|at|down|up|round|over|about|with|and)\b))",
    re.IGNORECASE,
)
_LENGTHS = {30: "half an hour", 60: "an hour", 90: "an hour and a half", 120: "two hours",
            180: "three hours"}  # fmt: skip


def _minutes_of_hour(said: str) -> int:
    """Minutes after twelve o'clock of ``said`` ("half two": 150, "10:15": 615)."""
    half = said.lower().startswith("half")
    said = said.split()[-1].lower()
    hour, _, minute = said.partition(":")
    number = CLOCK_HOURS.index(hour) + 1 if hour in CLOCK_HOURS else int(hour)
    return (number % 12) * 60 + int(minute or 0) + (30 if half else 0)


# "can we get the, actually just put a meeting in with ...": words broken off on a little word
# that wants more after it, then the request said again from its start
_FALSE_START = re.compile(
    r"(?:[\w']+\s+){1,8}?(?:the|a|an|my|our|to|for|with|some|his|her|their)\s*,\s*"
    r"(?:(?:actually|no|sorry|wait|hang on|um|er|erm|or rather|let me start again)[,\s]+)+"
    r"(?:just\s+)?(?=\w)",
    re.IGNORECASE,
)


# "Remind... no, add a task: get the piano tuned": a reminder begun, then taken back for a task
_REMIND_TAKEN_BACK = re.compile(
    r"(?:(?:um|oh|er),?\s+)?remind(?:\s+me)?(?:\s*\.\.\.|,)?\s+no\b[,.]?\s+(?:actually\s+)?"
    r"(?:just\s+)?(?=(?:add|create|put|new)\b)",
    re.IGNORECASE,
)


def _false_start_dropped(words: str) -> str:
    """``words`` without a start broken off and said again ("can we get the, actually just
    put a meeting in with Niamh ..."; "Remind... no, add a task: ..."): the broken-off words
    ask for nothing yet."""
    said = _FALSE_START.match(words) or _REMIND_TAKEN_BACK.match(words)
    return words[said.end() :] if said is not None else words


# "Can we get everyone together on Friday at four ...? That's Saoirse, Lakshmi and Nanna Rose":
# who "everyone" is, said after
_EVERYONE = re.compile(r"\b(get|bring|pull|round up) everyone together\b", re.IGNORECASE)
_THATS_PEOPLE = re.compile(
    r"[,.?]\s+(?:that's|that is|so that's)\s+(?P<names>[^,.?]+(?:,\s*[^,.?]+)*?\s+and\s+[^,.?]+?)"
    r"(?=\s*(?:[,.?]|$))",
    re.IGNORECASE,
)


def _everyone_named(words: str, context: ParseContext) -> str:
    """``words`` with "everyone" said of people named after ("..., that's A, B and C") as
    those people, where each is someone the store knows; as said otherwise."""
    everyone, named = _EVERYONE.search(words), _THATS_PEOPLE.search(words)
    if everyone is None or named is None or named.start() < everyone.end():
        return words
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+", named["names"])]
    if not names or any(person_named(name, context) is None for name in names):
        return words
    said = f"{', '.join(names[:-1])} and {names[-1]}"
    after = words[named.end() :]
    rest = words[: named.start()] + (after.lstrip(",") if words[named.start()] == "," else after)
    return (
        rest[: everyone.start()] + f"{everyone.group(1)} {said} together" + rest[everyone.end() :]
    )


def _meeting_hours(words: str) -> str:
    """``words`` with a meeting's hours said as a range ("three till four") said as when it
    starts and for how long ("at three for an hour"), which the grammar reads."""
    if not _MEETING_SAID.search(words):
        return words

    def as_length(said: re.Match[str]) -> str:
        start, end = _minutes_of_hour(said["start"]), _minutes_of_hour(said["end"])
        length = (end - start) % (12 * 60)
        if length not in _LENGTHS:
            return said.group()
        return f" at {said['start']} for {_LENGTHS[length]}"

    return _HOURS_SAID.sub(as_length, words)


def _time_put_right(words: str) -> str:
    """``words`` with a clock time said again after "no" or "sorry" put in for the first."""

    def put_right(said: re.Match[str]) -> str:
        lead, old, new = said["lead"], said["old"], said["new"]
        if lead.lower() == "on" and " at " in f" {old.lower()} ":
            # "on Tuesday at three, no, half three": the hour put right, read from "at"
            return said.group()[:3] + _CLOCK_PUT_RIGHT.sub(put_right, said.group()[3:])
        # ("on Friday, no, Saturday": a day put right)
        said_again = (
            re.match(rf"{WEEKDAY_SAID}\b", new, re.IGNORECASE) is not None and is_when(f"on {new}")
            if lead.lower() == "on"
            else is_when(f"at {new}")
        )
        if is_when(f"{lead} {old}") and said_again:
            day, at, _ = old.rpartition(" at ")
            if at and not is_when(new):
                # "for tomorrow afternoon at two, no, three": the hour put right, not the day
                return f"{lead} {day} at {new}"
            return f"{lead} {new}"
        return said.group()

    return _DAY_THEN_DATE.sub(r"\g<day> \g<date>", _CLOCK_PUT_RIGHT.sub(put_right, words))


# "move the chimney sweep to Saturday, the 5th": a weekday, then its date said after a comma
# (the resolver holds the two to the same day, and says so when they are not)
_DAY_THEN_DATE = re.compile(
    rf"\b(?P<day>{WEEKDAY_SAID}(?: week)?),\s+"
    rf"(?P<date>the\s+(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_DAY_SAID}))(?=[\s,.!?]|$)",
    re.IGNORECASE,
)


# "give it to Malgorzata, no, Caoimhe": a person named, then put right at once
_NAME_PUT_RIGHT = re.compile(
    r"\b(?P<old>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?),?\s+"
    r"(?:no|sorry|no,? sorry|no,? wait|I mean|I meant|or rather|actually|make that)[,.]?\s+"
    r"(?P<new>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)\b(?!')"
)


def _person_put_right(words: str, context: ParseContext) -> str:
    """``words`` with a known person said again after "no" or "sorry" put in for the first
    ("give it to Malgorzata, no, Caoimhe": to Caoimhe); both must be people the store knows,
    and different ones."""

    def put_right(said: re.Match[str]) -> str:
        old, new = person_named(said["old"], context), person_named(said["new"], context)
        if old is None or new is None or old == new:
            return said.group()
        return said["new"]

    return _NAME_PUT_RIGHT.sub(put_right, words)


def _lists_by_head_noun(actions: tuple[Action, ...], words: str) -> list[str]:
    """A new task's list said only by the last word of its name, as the place a thing is
    taken to ("take the coats to the shop" beside the charity shop list): more likely a place
    than the list, so the model's to read ("add it to the shop list", "for the panto" stay)."""
    said = f" {words.lower()} "
    found: list[str] = []
    for action in actions:
        project = action.params.get("project") if action.type == "task.create" else None
        if not isinstance(project, str):
            continue
        parts = project.lower().split()
        if len(parts) < 2 or f" {' '.join(parts)} " in said:
            continue
        if any(f" {part} " in said for part in parts[:-1]):
            continue  # "the charity one", "the bathroom list"
        taken_to = rf"\b{_TAKEN}\b[^,]*?\bto the {re.escape(parts[-1])}\b(?!\s+(?:list|project))"
        if re.search(taken_to, said) is not None:
            found.append(project)
    return found


def _verb_in_a_name(actions: tuple[Action, ...], words: str, context: ParseContext) -> list[str]:
    """ "book club meeting Thursday at half seven": "book" read as the verb that books the
    meeting, when with the title it makes a name the store knows (the book club list): the
    model's to read."""
    titled = [
        title
        for action in actions
        if action.type == "meeting.schedule"
        and isinstance(title := action.params.get("title"), str)
    ]
    if not titled:
        return []  # (no set of every known name built for the many utterances of no meeting)
    found = []
    for title in titled:
        for verb in re.findall(
            rf"\b(\w+) (?:an? |the )?{re.escape(title.lower())}\b", words.lower()
        ):
            name = f"{verb} {title.lower()}"
            if name in _lowered(tuple(context.projects)) or name in _lowered(tuple(context.tasks)):
                found.append(f"{verb} {title}")
    return found


@by_identity(maxsize=8)  # the name lists in use now: the names are the key, never stale
def _lowered(names: tuple[str, ...]) -> frozenset[str]:
    """Every name of ``names`` lower-cased, once per list (10,000 titles, say), not per ask."""
    return frozenset(name.lower() for name in names)


def _waits_on_that_unsaid(actions: tuple[Action, ...]) -> list[str]:
    """ "And the ferry route can't happen till that's done, so make it wait for the insurance":
    "that" of no task said before it may be one said after it; only alone is it the task the
    conversation last talked of."""
    if len(actions) < 2:
        return []
    return [
        "that"
        for action in actions
        if action.type == "task.add_dependency" and action.params.get("blocker") == TASK_CONTEXT
    ]


def _waits_on_unknown_beside_new(actions: tuple[Action, ...], context: ParseContext) -> list[str]:
    """ "Do the sanding first, then the varnishing. So add sand the treehouse floor and ...":
    a task the store does not know, said in an order beside a new task, may be that new task
    said before it is made (or one beyond the recent ones): which, the model reads."""
    if not any(action.type == "task.create" for action in actions):
        return []
    return [
        value
        for action in actions
        if action.type == "task.add_dependency"
        and not any(isinstance(value, dict) for value in action.params.values())
        for value in (action.params.get("task"), action.params.get("blocker"))
        if isinstance(value, str) and not is_known_task(value, context)
    ]


# changes a step may open with ("..., check the excess, cancel the old direct debit")
_STEP_LIKE_CHANGES = frozenset(("task.cancel", "task.complete", "task.start", "task.delete",
                                "task.reopen"))  # fmt: skip


def _steps_read_as_changes(actions: tuple[Action, ...], context: ParseContext) -> list[str]:
    """ "Break renewing the home insurance down: get three quotes, check the excess, cancel the
    old direct debit": a change of a task the store does not know, right after steps, may be
    one more step: which, the model reads."""
    return [
        str(action.params["task"])
        for before, action in itertools.pairwise(actions)
        if before.type == "task.add_subtasks"
        and action.type in _STEP_LIKE_CHANGES
        and isinstance(action.params.get("task"), str)
        and not is_known_task(str(action.params["task"]), context)
    ]


def _people_as_titles(actions: tuple[Action, ...], context: ParseContext) -> list[str]:
    """ "New task for Rosa, send the reading list out" cut as "new task: Rosa": no new task is
    called by the name of someone the store knows."""
    people = {person.lower() for person in context.people}
    return [
        str(action.params["title"])
        for action in actions
        if action.type == "task.create" and str(action.params.get("title", "")).lower() in people
    ]


# the words a new thing is called or a message says
_WORDS_SAID = ("title", "titles", "text")
# a question tag after a statement: ", hasn't he?", ", isn't it?" (never ", would you?")
_TAG_QUESTION = re.compile(
    r",\s*(?:has|have|had|is|are|was|were|does|do|did|will|would|can|could|should)(?:n't)?"
    r"\s+(?:he|she|they|it|i|we|there)\s*\?\s*$",
    re.IGNORECASE,
)
# a letter alone, neither "a" nor "I" nor one of a name's letters ("T-shirt", "B&Q", "plan B")
_LETTER_APART = re.compile(r"(?<![\w'&/.-])(?-i:[b-hj-z])(?![\w'&/.-])")
# "buy milk an bread": "and", its last sound unheard ("an hour", "an honest", "an x-ray" open
# on a vowel sound)
_AN_FOR_AND = re.compile(r"(?<=\w )an (?=(?-i:[b-df-gj-np-tv-wyz]))")


def _said_words(action: Action) -> list[str]:
    """Every title or text ``action`` says, as said."""
    return [
        said
        for key in _WORDS_SAID
        for said in values_of(action.params.get(key))
        if isinstance(said, str)
    ]


# "add three tasks to the utility room list: ...": how many new tasks are said to come
_COUNT_SAID = re.compile(
    r"\b(?:add|create|make|put|pop|stick|set up|new|need|want|got)\b\W+(?:(?:me|us|in|down)\W+)?"
    r"(?P<count>two|three|four|five|a couple of|2|3|4|5) (?:new |more |separate |different )?"
    r"(?:tasks|jobs|things|to-dos|todos|items)\b",
    re.IGNORECASE,
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "a couple of": 2}


def _count_unmet(actions: tuple[Action, ...], words: str) -> list[str]:
    """ "add three tasks ..., and each one has to wait for the one before it" read as four: a
    number of new tasks said, and another number made, is the model's to read."""
    said = _COUNT_SAID.search(words)
    if said is None:
        return []
    count = said["count"].lower()
    wanted = _COUNTS.get(count) or int(count)
    made = sum(action.type == "task.create" for action in actions)
    return [said.group()] if made and made != wanted else []


# "... send out the seating plan once the marquee's sorted": a wait said at a title's end
_WAIT_IN_TITLE = re.compile(
    r"(?P<title>.+?),?\s+(?P<wait>(?:but\s+)?(?:only\s+)?(?:once|after|when)\s+"
    r"(?:the\s+|my\s+|our\s+)?(?P<thing>[\w-]+(?:\s+[\w-]+){0,2}?)"
    r"(?:'s|'re|\s+is|\s+are|\s+has been|\s+have been|'s been|'ve been)\s+"
    r"(?:all\s+)?(?:done|sorted|sorted out|finished|booked|fixed|ready|in|out|up|paid|"
    r"ordered|bought|delivered|confirmed|cleared|built|sent|signed off|[a-z]+ed))",
    re.IGNORECASE,
)


def _waits_ending_titles(
    actions: tuple[Action, ...], context: ParseContext
) -> tuple[tuple[Action, ...], list[str]]:
    """ "add a task to hire a marquee, then another to send out the seating plan once the
    marquee's sorted": a new task's title that ends on what it waits for is the title before
    it, waiting on the task that names that thing: one made earlier in the command, or one the
    store has. Anything else (a thing no task names, a wait said before later actions) is the
    model's to read, never a title."""
    for index, action in enumerate(actions):
        title = action.params.get("title") if action.type == "task.create" else None
        said = _WAIT_IN_TITLE.fullmatch(title) if isinstance(title, str) else None
        if said is None:
            continue
        thing = said["thing"]
        made = [
            before
            for before, other in enumerate(actions[:index])
            if other.type == "task.create" and _words_inside(thing, other.params.get("title"))
        ]
        if index != len(actions) - 1 or len(made) > 1:
            return actions, [said["wait"]]
        if made:
            blocker: Any = {"result_of": made[0]}
            after: tuple[int, ...] = (made[0], index)
        elif is_known_task(thing, context):
            blocker, after = thing, (index,)
        else:
            return actions, [said["wait"]]
        created = Action(action.type, {**action.params, "title": said["title"]}, action.depends_on)
        wait = Action(
            "task.add_dependency", {"task": {"result_of": index}, "blocker": blocker}, after
        )
        return (*actions[:index], created, wait), []
    return actions, []


_THEY = frozenset(("they", "them", "those", "these"))


def _reminded_before_they_are_due(
    actions: tuple[Action, ...], context: ParseContext
) -> tuple[tuple[Action, ...], list[str]]:
    """ "remind me to post the invites two days before they're due": "they" are the things the
    reminder's text names after its verb, the one task of the store that holds them ("send the
    ruby wedding invites"); no such task, or more than one, is the model's to read."""
    mended = []
    for action in actions:
        task, text = action.params.get("task"), action.params.get("text")
        if (
            action.type != "reminder.create"
            or not isinstance(task, str)
            or task.lower() not in _THEY
        ):
            mended.append(action)
            continue
        things = text.split(maxsplit=1)[1:] if isinstance(text, str) else []
        title = _the_task_named(things[0], context) if things else None
        if title is None:
            return actions, [task]
        mended.append(Action(action.type, {**action.params, "task": title}, action.depends_on))
    return tuple(mended), []


def _words_inside(thing: str, title: Any) -> bool:
    """Whether every word of ``thing`` but its article is a word of ``title`` (a word's "'d" or
    "'s" aside: "the MOT" of "get the motorbike MOT'd")."""
    words = set(thing.lower().split()) - {"the", "a", "an", "my", "our"}
    if not isinstance(title, str) or not words:
        return False
    return words <= {_APOSTROPHE_END.sub("", word) for word in title.lower().split()}


_STATES = frozenset(("task.complete", "task.start", "task.reopen", "task.cancel"))


def _state_put_right(last: _Draft, piece: Piece) -> bool:
    """Whether ``piece`` ("mark it done") says what happens to the task ``last`` just changed
    instead ("cancel the passport task, no, mark it done")."""
    return (
        last.type in _STATES
        and piece.type in _STATES
        and set(piece.params) == {"task"}
        and piece.params["task"] == TASK_IT
        and isinstance(last.params.get("task"), str)
    )


def _tag_asked(actions: tuple[Action, ...], text: str) -> list[str]:
    """ "Wojciech's got the loft boarding, hasn't he?": a statement turned into a question by
    its tag asks whether it is so; it changes nothing ("..., would you?" asks for it done)."""
    tag = _TAG_QUESTION.search(text)
    if tag is None or all(ACTIONS[action.type].is_query for action in actions):
        return []
    return [tag.group()]


def _letters_apart(actions: tuple[Action, ...]) -> list[str]:
    """ "lay the bored s": a word the recogniser cut apart, its end heard as a letter alone; a
    title or a message holding one is the model's to read, never made as said."""
    return [
        said for action in actions for said in _said_words(action) if _LETTER_APART.search(said)
    ]


def _an_for_and(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    """ "at a task to by milk an bread": "and" heard without its last sound, between words of
    a title or a message ("an" opens no word of a consonant)."""
    mended = []
    for action in actions:
        params = dict(action.params)
        for key in _WORDS_SAID:
            value = params.get(key)
            if isinstance(value, str):
                params[key] = _AN_FOR_AND.sub("and ", value)
            elif isinstance(value, list):
                params[key] = [
                    _AN_FOR_AND.sub("and ", v) if isinstance(v, str) else v for v in value
                ]
        mended.append(action if params == action.params else replace(action, params=params))
    return tuple(mended)


# verbs of taking a thing somewhere: "to the shop" after them is a place
_TAKEN = r"(?:take|taking|bring|bringing|drop|dropping|carry|deliver|return|run|drive|post)"


# "add a task to ring the bank for me (please)": clean() drops a closing "for me" as politeness
_CLOSING_FOR_ME = re.compile(r"\bfor me\W*(?:please|thanks|thank you|would you)?\W*$", re.I)


def _for_me(actions: tuple[Action, ...], text: str) -> tuple[Action, ...]:
    """A closing "for me" is politeness after a change ("move the gate to Friday for me"),
    but after a new task it says whose it is: the task is the speaker's, as every dev set's
    writers read it ("add 'get the chimney swept' for me please")."""
    if not _CLOSING_FOR_ME.search(text):
        return tuple(_title_for_me(action) for action in actions)
    last = len(actions)  # ("held up by getting it serviced, so add that for me": what waits)
    while last > 0 and actions[last - 1].type == _WAITS:
        last -= 1
    first = last  # the new tasks said last ("add milk and eggs to the list for me")
    while first > 0 and actions[first - 1].type == "task.create":
        first -= 1
    # ("add clean the gutters for Lou, and also add buy mulch to the fern bed list for me":
    # the new tasks said after the last one given to someone)
    given = [at for at in range(first, last) if "assignee" in actions[at].params]
    if given:
        first = given[-1] + 1
    made = actions[first:last]
    if not made:
        return actions
    mine = tuple(Action(a.type, {**a.params, "assignee": "me"}, a.depends_on) for a in made)
    return (*actions[:first], *mine, *actions[last:])


# a new task's title that ends with whom it is for, and a detail said after it ("add write
# Canon Barnes a thank-you card for me, low priority")
_TITLE_FOR_ME = re.compile(r"\s+for me$", re.IGNORECASE)


def _title_for_me(action: Action) -> Action:
    """A new task whose title ends "for me", with no one else given it, is the speaker's, as
    ``_for_me`` reads a closing "for me"."""
    title = action.params.get("title")
    if action.type != "task.create" or "assignee" in action.params or not isinstance(title, str):
        return action
    kept = _TITLE_FOR_ME.sub("", title)
    if kept == title or not kept:
        return action
    return Action(
        action.type, {**action.params, "title": kept, "assignee": "me"}, action.depends_on
    )


# "remind me at two on Sunday to fill the car up before I go", "..., before it rains": why
# then, said after what to be reminded of (not "before he goes out": whom it is about; not
# "before it's due": when, which the grammar reads)
_WHY_BEFORE = re.compile(
    r"\s+before\s+(?:(?:I|we|it)\b(?!'s due| is due)|the\s+[\w-]+(?:\s+[\w-]+)?\s+"
    r"(?:comes?|arrives?|gets? here|turns? up|closes?|shuts?)\b)[^,]*$"
    # "..., and remind me at half three to charge the tablet first": before the call said
    r"|,?\s+first$",
    re.IGNORECASE,
)


# what a summary or a count is about, and the same of a change before it (a list of tasks
# asked for after a change is written without: "add X to the choir list, and what else is on
# it?")
_WAITS_FOR_CHANGES = frozenset(("report.summary", "query.count"))
_ASKED_ABOUT = ("assignee", "project")
_CHANGED_FOR = {
    "task.create": ("assignee", "project"),
    "task.assign": ("assignee",),
    "task.reassign_all": ("assignee",),
    "project.create": ("name",),
}


def _asked_after_changes(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    """A summary or a count asked after changes to the same person's work or the same list
    waits for them ("move all of Kai's stuff over to Bal and then give me a summary of what
    Bal's got", "add A and B to the greenhouse list, and how many's on it now?"): it depends
    on them, as the dev sets' writers wrote it each time."""
    kept: list[Action] = []
    for action in actions:
        about = (
            {str(action.params[key]).lower() for key in _ASKED_ABOUT if key in action.params}
            if action.type in _WAITS_FOR_CHANGES
            else set()
        )
        changes = {
            index
            for index, before in enumerate(kept)
            for key in _CHANGED_FOR.get(before.type, ())
            if isinstance(before.params.get(key), str) and before.params[key].lower() in about
        }
        if changes - set(action.depends_on):
            action = Action(
                action.type, action.params, tuple(sorted({*action.depends_on, *changes}))
            )
        kept.append(action)
    return tuple(kept)


def _without_why(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    """A reminder given its time keeps what to do, not why then ("fill the car up"), as the
    dev sets' writers wrote it 3 times of 4 (the fourth: "before he goes out", kept)."""
    kept = []
    for action in actions:
        text = action.params.get("text")
        if action.type == "reminder.create" and "when" in action.params and isinstance(text, str):
            cut = _WHY_BEFORE.sub("", text)
            if cut and cut != text:
                action = Action(action.type, {**action.params, "text": cut}, action.depends_on)
        kept.append(action)
    return tuple(kept)


def _respell(
    actions: tuple[Action, ...], context: ParseContext
) -> tuple[tuple[Action, ...], list[str]]:
    """Mend misheard names as the router's vetting would ("the cattering" is the catering,
    "Alec" is Alex); a task that still sounds like a known one but is spelled otherwise ("the
    gait task" beside "fix the gate") is returned as not understood, for the LLM. A message to
    a name matched by sound loses the surname heard after it ("message margaret lamb that")."""
    people = tuple(context.people)

    def heard_as(said: str) -> str | None:
        return person_heard_as(said, people)

    mended = tuple(
        _homophones_known(
            _text_as_its_task(before, plain_message(respell_action(before, context, heard_as))),
            context,
        )
        for before in actions
    )
    misheard = [
        said
        for action in mended
        if action.type != "task.create"
        for key in sorted(_TASK_KEYS & set(action.params))
        if isinstance(said := action.params[key], str) and sounds_like_other(said, context.tasks)
    ]
    misheard += [  # "and bin bags": a word nobody's task has, heard as one ("books") to throw away
        str(before.params["task"])
        for before, action in zip(actions, mended, strict=True)
        if action.type in _THROWN_AWAY and _respelled_apart(before, action)
    ]
    misheard += [  # "rename the programmes to print the concert programs": one word heard twice
        action.params["title"]
        for action in mended
        if action.type == "task.rename"
        and isinstance(action.params.get("task"), str)
        and isinstance(action.params.get("title"), str)
        and sounds_like_other(action.params["title"], (action.params["task"],))
    ]
    misheard += [  # "a message to olu wa shay on saying ...": pieces of a name left unread
        str(action.params["text"])
        for action in mended
        if action.type == "message.send"
        and isinstance(action.params.get("text"), str)
        and _PIECES_BEFORE_SAYING.match(action.params["text"])
    ]
    misheard += [  # "remind me to call you key": a name heard as words, no one called "you"
        said
        for action in mended
        for key in ("text", "title")
        if isinstance(said := action.params.get(key), str) and _CALLED_ODDLY.search(said)
    ]
    return mended, misheard


def _homophones_known(action: Action, context: ParseContext) -> Action:
    """A message's or a reminder's words that sound exactly like a word of a task or list the
    store has, but are spelt otherwise, written as the store spells them ("tell Ikenna the
    seller guy's coming" beside "damp-proof the cellar"; "the ores are dry" beside "varnish
    the oars"): a recogniser writes the word it knows for the sound."""
    said = action.params.get("text") if action.type in ("message.send", "reminder.create") else None
    if not isinstance(said, str):
        return action
    index = _store_words_by_skeleton(tuple(context.tasks), tuple(context.projects))

    def as_the_store_spells(match: re.Match[str]) -> str:
        word = match.group()
        lowered = word.lower()
        if len(lowered) < 4 or lowered in index.words:
            return word
        heard = sounds_of(lowered)
        alike = [
            known
            for known in index.by_skeleton.get(_skeleton(lowered), ())
            if sounds_of(known) == heard
        ]
        return alike[0] if len(alike) == 1 and heard else word

    mended = _WORD_SAID.sub(as_the_store_spells, said)
    if mended == said:
        return action
    return Action(action.type, {**action.params, "text": mended}, action.depends_on)


_WORD_SAID = re.compile(r"[A-Za-z][a-z']*")


@dataclass(frozen=True)
class _StoreWords:
    words: frozenset[str]
    by_skeleton: dict[str, tuple[str, ...]]


@by_identity(maxsize=4)
def _store_words_by_skeleton(tasks: tuple[str, ...], projects: tuple[str, ...]) -> _StoreWords:
    """The words of the store's tasks and lists, by the consonants they sound (``_skeleton``),
    once per store rather than once per sentence."""
    words = {word for name in (*tasks, *projects) for word in _WORD_SAID.findall(name.lower())}
    index: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= 4:  # ("four" is no "for" of a title)
            index.setdefault(_skeleton(word), []).append(word)
    return _StoreWords(frozenset(words), {k: tuple(sorted(v)) for k, v in index.items()})


def _skeleton(word: str) -> str:
    """A word's Metaphone sound without its w, h and y ("flower" and "flour": FLR)."""
    return jellyfish.metaphone(word).translate(_GLIDES_OUT)


_GLIDES_OUT = str.maketrans("", "", "WHY")


def _text_as_its_task(before: Action, after: Action) -> Action:
    """A reminder whose text was its task said ("a day before the lack rose pitch is due"),
    with the task's name mended by sound: the text mended with it."""
    said, task = before.params.get("task"), after.params.get("task")
    if after.type != "reminder.create" or not isinstance(said, str) or not isinstance(task, str):
        return after
    if said == task or before.params.get("text") != said:
        return after
    return Action(after.type, {**after.params, "text": task}, after.depends_on)


# "call you key", "call Uncle Femi me": whom a reminder or a task calls, heard as words that
# call nobody (a name split into syllables a recogniser knows)
_CALLED_ODDLY = re.compile(
    r"\b(?:call|phone|ring|text|email)\s+(?:you\b|(?:[A-Z][\w'-]*\s+){1,3}(?:me|you)\b(?!'))"
)
# a message's text that opens with words and then "saying": the words are what is left of a
# name heard in pieces ("olu wa shay on saying ..."), not words of a sentence ("mum's saying")
_PIECES_BEFORE_SAYING = re.compile(
    r"(?:(?!(?:i|i'm|i've|i'll|we|we're|you|he|she|they|it|it's|that|this|not|just|been|was|is|"
    r"are|be|keep|keeps|kept|stop|stops|quit|no|still|also|always|never)\b)[a-z]+\s+){1,3}"
    r"(?:saying|to say)\b",
    re.IGNORECASE,
)
# changes that throw a task away: never made of a word mended into a task's by its sound
_THROWN_AWAY = frozenset(("task.delete", "task.cancel"))
# how alike in spelling a word mended by sound must stay ("cattering" 94, "vet cool" 75;
# "bags" for "books" 44)
SPELT_ALIKE = 60


def _respelled_apart(before: Action, after: Action) -> bool:
    said, meant = before.params.get("task"), after.params.get("task")
    if not isinstance(said, str) or not isinstance(meant, str) or said == meant:
        return False
    return fuzz.ratio(said.lower(), meant.lower()) < SPELT_ALIKE


_WAITS = "task.add_dependency"
# a title of one or two words, then "to" and a deed: someone, said after "a task for"
_SOMEONE_TO = re.compile(r"(?:[\w'-]+\s){1,2}to\s+\w", re.IGNORECASE)
# a priority said by name ("medium's fine"), not by what it means ("it can wait")
_PRIORITY_WORD = re.compile(r"\b(?:low|medium|high|urgent|top|priority)\b", re.IGNORECASE)
# "can you add that for him": a task just made, given to someone
_ADD_THAT_FOR = re.compile(
    r"\W*(?:(?:can|could|would|will) you\s+)?(?:add|put|stick|pop)\s+(?:that|it)\s+"
    r"(?:(?:down|in|on)\s+)?for\b",
    re.IGNORECASE,
)
# what a detail said after "both ..." may give every new task ("..., both for Ted, by Sunday")
_DETAILS_OF_EACH = frozenset(("due", "assignee", "priority"))
# ("no, wait, undo that" opening a turn: nothing of this sentence to take back)
_OPENINGS = frozenset(("confirm_yes", "cancel_that", "take_back_wait"))
# A bare "no" only: "no, don't delete the dentist" must not lose its "don't".
_BARE_NO = re.compile(r"\W*(?:(?:hmm|um|uh|oh|ah|er)\W+)*(?:no|nope|nah)\W*", re.IGNORECASE)


def _without_opening(clauses: list[Clause], context: ParseContext) -> list[Clause]:
    """ "Right, so I need to ...", "Yeah, I've made a start on ...", "scratch that, it's
    finished", "hmm, no, undo that": with no question pending, a leading "yeah", "scratch that"
    or bare "no" before more words is how the sentence opens or corrects itself, not an
    answer; a "yeah?" or "OK?" after them asks for nothing either."""
    if context.is_confirmation_pending or len(clauses) < 2:
        return clauses
    if clauses[-1].family == "confirm_yes":
        clauses = clauses[:-1]  # "nudge me in twenty minutes to move the car, yeah?": a tag
    first = clauses[0]
    is_bare_no = first.family == "confirm_no" and _BARE_NO.fullmatch(first.text) is not None
    if len(clauses) < 2 or (first.family not in _OPENINGS and not is_bare_no):
        return clauses
    second = clauses[1]
    if len(clauses) > 2 and (
        # "no, sorry, call it ...", "no wait, sorry, the ... one should go to ...": "sorry" is
        # a "no" too, and both open it
        second.family == "take_back"
        or (second.family == "confirm_no" and _BARE_NO.fullmatch(second.text) is not None)
        # "No? Okay, set one for twenty minutes then": both open it
        or (is_bare_no and second.family == "confirm_yes")
    ):
        return clauses[2:]
    return clauses[1:]


@lru_cache(maxsize=1)
def default_parser() -> FastPathParser:
    """Return a shared fast-path parser with the default settings."""
    return FastPathParser()
