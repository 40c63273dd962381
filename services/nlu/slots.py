"""Free-text slots that swallowed more than their value: why a "complete" parse is not trusted.

A template's free-text slot (a title, a reminder's text, a label, a meeting's topic) takes
whatever words are left, so a sentence said in a way no template knows can come out complete
and wrong: "stick that on the wedding list would you" inside a title, a second request after
"and" inside a message, a time inside a reminder's text, a person being given the task at the
start of its title. ``slot_findings`` names such a slot; the router then asks the LLM (or, with
no model, says it did not understand) instead of making the change. It only looks: nothing here
rewrites a parse.

Every check is about the shape of a value, not about any one sentence: the words that make a
request ("can you", "make that"), a command verb after "and", a pronoun where a value should
be, a known person at the head of a title, a time or a duration that a slot of its own should
hold, a value that does not resolve, a sentence that ends inside a value, a filler at its end
("the pasta oh"), a priority, a doer or a list said inside a title, a part of the day taken as a
place, and a task or list name no name has the shape of ("one. oh", a list called "new").

Since 2026-11-25 afternoon, also the shapes people's free phrasing showed (the training data's
free phrasing, ``training/data/freeform_*.jsonl``, never the dev or held-out sets): a second
request in a sentence of its own, "and another" or "and one for Zara", a second time ("and then
at 5"), the request's own verb at a title's head ("add buy sun cream"), a quotation mark, a
statement where a to-do should be ("sizes are in the group chat"), a timer, a question, who does
it ("fix the doorbell for Tom", "... for me"), "as part of", and task, list and tag names that
are no names ("the whole thing", a list "set up a" or "Lee's", a tag "medium").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from rapidfuzz import fuzz

from services.config import Dates
from services.nlu import ParseContext
from services.nlu.commands import Action, values_of
from services.nlu.memo import by_identity
from services.nlu.text import ADD_REQUEST
from services.nlu.timeparse import (
    ORDINAL_VALUES,
    WEEKDAY_SAID,
    normalize,
    resolve_duration,
    resolve_when,
    resolved,
)

# Parameters holding words the speaker said as content.
_CONTENT = frozenset(("title", "text", "label", "name", "location", "titles"))
# Words that ask for something: said to Parley, not part of what is to be done.
_REQUEST = re.compile(
    r"\b(?:(?:can|could|would|will) (?:you|ya|u)|(?:make|stick|put|pop|add|note|set) "
    r"(?:that|this|it)(?: (?:on|in|as|down|a|an|the|for)\b|$)|please)\b|\b(?:it's|it is|that's) "
    r"(?:urgent|important|high|low|due|for|her|his|their|my)\b|:"
    # "I should add a task to return the chairs": the request said inside the title
    r"|\b" + ADD_REQUEST,
    re.IGNORECASE,
)
# A second request joined on: "..., and remind me", "and set up a meeting", "then tell Jo".
_NEXT_REQUEST = re.compile(
    r"(?:,|\band\b|\bthen\b|\balso\b)\s+(?:also\s+|then\s+)?(?:remind|add|put|set|schedule|"
    r"book|tell|text|message|send|make|create|move|push|give|assign|mark|cancel|delete|remove|"
    r"start|split|rename|let|tick|reopen|finish|bump)\b",
    re.IGNORECASE,
)
# ... or in a sentence of its own: "the van's booked for eight. Tell Dev as well" (not "I'm
# late. Start without me": a message may say what to do)
_NEXT_SENTENCE = re.compile(
    r"[.!?]\s+(?:oh,?\s+|and\s+|also\s+)?(?:remind|add|put|set|schedule|tell|text|message|"
    r"send|create|move|push|give|assign|mark|cancel|delete|remove)\b"
)
# One more of the same said on: "call the bank and another at four to ring Yusuf back", "lock up
# at six and one for Zara to bring the banner", "buy masking tape and one to fix the gate"
_ANOTHER = re.compile(
    r"\b(?:and|then) (?:another|one (?:for|to|on|under)|an? (?:reminder|task|timer|meeting))\b"
    r"|^(?:another|one more)(?: one| task)? to\b"  # "another to buy gate paint": a new task's
)
# A later time said on inside a value: "collect the kids and then at 5 to start dinner"
_THEN_AT = re.compile(r"\b(?:and|then)(?: then)? (?P<rest>(?:at|on|by) .+)$")
_PRONOUNS = frozenset((
    "it", "that", "this", "them", "those", "me", "him", "her", "both", "one", "same", "the same",
    "all", "all three", "all of them", "both of them", "them both",
))  # fmt: skip
_HEAD_PRONOUN = re.compile(
    r"^(?:it|that|this|them|in it|on it|to it|i|we|he|she|they|he's|she's|they're|there's|me|"
    r"us)\b",
    re.IGNORECASE,
)
# A value that starts or ends where a phrase cannot: "and Alex the launch is on", "by new tyres"
_HEAD_LINK = re.compile(r"^(?:and|or|but|then|so|by|to|at|of|with)\b")
_HEDGE_END = re.compile(
    r"\b(?:sometime|some time|at some point|soonish|asap|whenever)$"
    # "get the chimney swept before it gets properly cold": when it is needed, not its name
    r"|\b(?:before|until|till|once|when) (?:it|the weather) (?:gets|turns|starts getting) "
    r"(?:\w+ )?\w+$"
)
# Another task's timing said inside a title: "paint the shed once that's done"
_AFTER_OTHER = re.compile(
    r"\b(?:once|after|when|until|till) (?:that|this|it|the other)(?:'s|\b)|"
    r"\b(?:before|by|after|until|till) then$"
)
# ("do the potatoes" is a thing to do; "do I need ..." asks)
_QUESTION = re.compile(
    r"^(?:what|when|where|who|whose|which|how|whether|why|is|are"
    r"|(?:do|does) (?:I|we|you|they|he|she|it)\b)\b",
    re.IGNORECASE,
)
# A question taken as a title: "how many tasks are" (the words a question starts with that no
# to-do does; "what to pack" and "who to invite" are planned with a verb before them)
_TITLE_QUESTION = re.compile(r"^(?:how many|how much|what's|what is|what are|is there|are there)\b")
# An article straight before a word no noun phrase starts with: "check the of in" is what a
# recogniser writes for a word it lost ("check the oven"), not what anyone says.
_LOST_WORD = re.compile(
    r"\b(?:the|a|an|my|your|our|their)\s+(?:of|in|on|at|for|and|or|the|a|an|is|to(?! do\b))"
    r"(?=\s|$)"
)
# A sentence ends inside the value: "files to-do. Oh", "one. Oh and open ..." (not "Dr. Patel")
_SENTENCE_BREAK = re.compile(r"\b(?!(?:dr|mr|mrs|ms|st|prof|mt|no)[.])\w+[.!?]\s+\S")
# Said around a value, never part of it: "the pasta oh", "print the tickets ta", "... instead if
# you can", "make a dentist appointment it's"
_ASKING_END = r"if you can|if possible|would you"  # asked of Parley, ending a message too
_FILLER_END = re.compile(
    r"\b(?:oh|ta|um|uh|er|erm|thanks|cheers|also|instead|it's|it is|no|no wait|no sorry|sorry|"
    rf"actually|wait|honestly|obviously|as well|{_ASKING_END})$"
)
# After a sentence ends, only a filler: "I'm running late. Oh" (a message may hold sentences)
_FILLER_SENTENCE = re.compile(
    rf"[.!?]\s+(?:oh|um|uh|er|erm|right|ok|okay|so|and)$|\b(?:{_ASKING_END})$"
)
# A number where words should start: "45" from "a reminder for Saturday at 3:45" read at its colon
_NUMBER_HEAD = re.compile(r"^\d")
# "also" opens another request ("get eggs moderate also we don't need ..."), never a title's word
_ALSO = re.compile(r"\balso\b")
# A question asked after a pause, inside a value: "call the plumber, and what time is it now"
_QUESTION_AFTER = re.compile(
    r",\s*(?:(?:and|oh and|also|but|so)\s+)?(?:what|how|when|who|where|which)"
    r"(?:'s|'re|\s+(?:is|are|was|were|time|many|much|do|does|did|have|has|can|about|else)\b)"
)
# How important it is, said inside a title: "apply for the job critical", "... mark it high"
_PRIORITY = re.compile(
    r"\b(?:mark|make|set|flag) it(?: as)?(?: \w+|$)|\b(?:critical|moderate|top priority|"
    r"(?:high|low|medium|normal) priority|not (?:important|urgent))$"
)
# Which list it goes on, said at the end of a title: "fix the bike for the fundraiser project"
_LIST_END = re.compile(r"\b(?:for|in|under) (?:the|my|our) [\w' -]+ (?:project|list)$")
# A second thing to do said straight after the first, with no "and" or comma between them:
# "plan the menu pick up the kids", "set up the projector book the MOT". Verbs a to-do starts
# with, said after a word that ends a noun phrase and before what such a verb takes.
TASK_VERBS = frozenset((
    "apply", "arrange", "assemble", "bake", "bleed", "book", "buy", "call", "cancel", "change",
    "charge", "chase", "check", "clean", "clear", "collect", "confirm", "cook", "defrost",
    "deploy", "descale", "donate", "draft", "email", "empty", "exchange", "feed", "file",
    "finish", "fit", "fix", "get", "hang", "invite", "iron", "make", "measure", "mend", "mow",
    "order", "organise", "organize", "pack", "paint", "pay", "phone", "pick", "plan", "plant",
    "post", "prepare", "print", "proofread", "prune", "renew", "repair", "replace", "reply",
    "reserve", "return", "review", "ring", "send", "shred", "sign", "sort", "stock", "submit",
    "sweep", "take", "test", "tidy", "top", "update", "vacuum", "visit", "walk", "wash", "water",
    "wrap", "write",
    # ("buy pumpkins scoop them out": steps said with no "and" or comma between them)
    "carve", "dig", "scoop", "scrub", "strip", "wipe", "peel", "rake", "sew", "glue", "nail",
    "hoover", "mop", "fold", "fetch", "hire", "install", "remove", "sell", "unload",
))  # fmt: skip
_TAKES = frozenset((
    "the", "a", "an", "my", "our", "your", "his", "her", "their", "up", "out", "off", "new",
    "more", "some", "old", "it", "them", "to",
))  # fmt: skip
_LEADS_IN = frozenset((
    "to", "and", "or", "then", "also", "i", "we", "you", "they", "please", "will", "can",
    "could", "would", "must", "should", "need", "needs", "let", "help", "me", "him", "her",
    "them", "us", "it", "the", "a", "an", "my", "our", "your", "their", "his", "not", "just",
    "first", "next", "who", "that", "which", "i'll", "we'll", "don't", "didn't",
    "double", "triple", "quickly", "re",  # "double-check the photos": one verb
    # "deep clean the oven", "spring clean the loft", "power wash the patio": one verb
    "deep", "spring", "power", "pressure", "steam", "dry", "hand",
    # "take the old paint to the tip": a thing's word after its adjective
    "old", "new", "spare", "broken", "dirty", "leftover", "extra", "fresh", "wet",
))  # fmt: skip
# Details of its own said inside a title: a tag ("... with the tag home"), a list with no
# article ("... under hiring"), a task it waits for ("... then it's blocked by caterers"), who
# gets it ("... give it to me")
_DETAIL = re.compile(
    r"\bwith (?:the )?tags?\b|\btag(?:ged)? (?:it|as)\b|\bunder (?!the|a|an|my|our|your)\w+$|"
    r"\bblocked by\b|\b(?:give|assign|hand) (?:it|that|this) to\b|"
    r"\bas (?:a )?(?:part of|a (?:sub-?task|step) (?:of|under|for))\b"
)
# A title that says how things are rather than what to do: "sizes are in the group chat", "old
# invoices folder can go" (a note said after the task: "... and note that ..."). Not after a
# to-do's verb ("check the oven is off"), and not what needs doing ("the car needs an MOT").
_STATEMENT = re.compile(
    r"^(?:(?:the|my|our|his|her|their) )?[\w'-]+(?: [\w'-]+){0,2} "
    r"(?:is|are|was|were|can|can't) "
)
# Where a title cannot start: "on the same list to order safety pins" (a message may: "on my way")
_TITLE_HEAD = re.compile(r"^(?:on|in|from|into|onto|up|down|off)\b")
# A part of the day is when, not where: "at seven in the evening" is no place called "evening"
_DAY_PART = re.compile(r"\b(?:morning|afternoon|evening|night|tonight)\b")
# Who does it, said inside a title: "get eggs hugo is doing it"
_DOER = re.compile(r"\b(?:is|are|'s) (?:doing|handling|taking|on) (?:it|that|this)$")
_DANGLING = frozenset(("a", "an", "the", "to", "of", "for", "and", "or", "with", "my", "at"))
# "add buy sun cream": the request's own verb kept at the head of a title before a to-do's verb
_HEAD_REQUEST = frozenset(("add", "put", "pop", "stick", "jot", "create", "make"))
# ... but a verb of its own with "it" and a particle is a step, not a request: "put it up",
# "put them together" ("put it up to urgent" still asks for a change)
_PHRASAL_STEP = re.compile(r"(?:put|stick) (?:it|them) (?:up|away|together)(?: (?!to\b)\w.*)?$")
# A quotation mark opening or closing inside a value: "buy compost' as a task" (an apostrophe
# inside a word, "Sam's", "don't", is not one, nor one after a plural's "s": "the kids' toys")
_QUOTE = re.compile(
    r"(?:^|\s)['\u2018\u201c\"]|(?<![a-z]s)['\u2019](?:\s|$)|[\u201d\"](?:\s|$)"
    r"|\bas an? (?:task|to-?do)\b"
)
# A timer said as a title: "twenty minute timer on"
_TIMER = re.compile(r"\b(?:minutes?|hours?|mins?|second|seconds) timer\b|\btimer (?:on|going)\b")
# What is bought or made for someone: then "for Jo" is who gets it, not who does it
# what is given or done for someone, not by them ("buy a card for Dad", "book a table for Mum")
GIFT = re.compile(r"\b(?:presents?|gifts?|flowers|birthday|book a table|an? (?:[\w-]+ )?card)\b")
# a gift said with whose it is ("sort out Granny Mo's birthday present"): "for Jem" after it
# says who sees to it, not who gets it
_GIFT_OWNED = re.compile(
    r"\b[\w-]+(?:'s|s')\s+(?:[\w-]+\s+){0,2}?(?:presents?|gifts?|birthday|card|flowers)\b"
)


def is_a_gift(title: str) -> bool:
    """True when ``title`` (lower case) is something given, whom to still unsaid ("buy a card")."""
    return GIFT.search(title) is not None and _GIFT_OWNED.search(title) is None


# Words that stand for a task or list without naming one: "assign the whole thing to Callum"
_NO_NAME = frozenset((
    "whole", "last", "both", "same", "all", "everything", "one", "first", "second", "other",
    "next", "previous", "thing", "whole thing", "last one", "that one", "this one",
))  # fmt: skip
_PRIORITY_WORD = frozenset(("urgent", "high", "medium", "low", "normal", "critical"))
_DURATION_WORD = re.compile(r"\b(?:minutes?|hours?|mins?|hrs?|half an hour)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w']+")
NAME_MATCH = 80  # rapidfuzz ratio above which words stand for a known person misheard
MAX_TIME_WORDS = 4  # the longest time phrase looked for at either end of a value
# Any fixed moment will do: only whether a phrase reads as a time matters, not which one.
_REFERENCE_NOW = datetime(2026, 1, 7, 10, 0, tzinfo=UTC)
_DATES = Dates()  # only whether a phrase resolves matters here, not the hour it picks


@dataclass(frozen=True)
class _Said:
    """One free-text value and where it was found."""

    type: str  # the action type
    key: str  # the parameter
    text: str  # lower case, single spaces
    words: list[str]
    has_task: bool  # the action also names the task it is about
    context: ParseContext

    @property
    def is_message(self) -> bool:
        return self.type == "message.send"


_Check = Callable[[_Said], bool]
# (what is wrong, how to tell): each names a way a slot swallows words that are not its value
_CHECKS: tuple[tuple[str, _Check], ...] = (
    ("is only a pronoun", lambda s: s.text in _PRONOUNS and not s.has_task),
    ("holds a second request", lambda s: bool(_NEXT_REQUEST.search(s.text))),
    ("holds words of a request", lambda s: not s.is_message and bool(_REQUEST.search(s.text))),
    (
        "starts with a pronoun",
        lambda s: not s.is_message and not s.has_task and bool(_HEAD_PRONOUN.match(s.text)),
    ),
    ("is a question", lambda s: s.type == "reminder.create" and bool(_QUESTION.match(s.text))),
    (
        "is a question",
        lambda s: s.key in ("title", "titles") and bool(_TITLE_QUESTION.match(s.text)),
    ),
    ("holds a second request", lambda s: bool(_NEXT_SENTENCE.search(s.text))),
    (
        "starts mid-phrase",
        lambda s: (
            s.type == "reminder.create" and s.key == "text" and bool(_NUMBER_HEAD.match(s.text))
        ),
    ),
    ("holds one more of the same", lambda s: bool(_ANOTHER.search(s.text))),
    ("holds a second time", lambda s: not s.is_message and _then_at(s.text)),
    (
        "starts with a request",
        lambda s: (
            s.key in ("title", "titles")
            and len(s.words) > 1
            and s.words[0] in _HEAD_REQUEST
            and (s.words[1] in TASK_VERBS or s.words[1] in _PRONOUNS)
            and not _PHRASAL_STEP.match(s.text)
        ),
    ),
    ("holds a quotation mark", lambda s: not s.is_message and bool(_QUOTE.search(s.text))),
    (
        "is a statement",
        lambda s: (
            s.key in ("title", "titles")
            and s.words[0] not in TASK_VERBS
            and bool(_STATEMENT.match(s.text))
        ),
    ),
    (
        "starts mid-phrase",
        lambda s: s.key in ("title", "titles") and bool(_TITLE_HEAD.match(s.text)),
    ),
    ("holds a timer", lambda s: s.key in ("title", "titles") and bool(_TIMER.search(s.text))),
    ("ends with a filler", lambda s: s.is_message and bool(_FILLER_SENTENCE.search(s.text))),
    ("starts mid-phrase", lambda s: s.key != "label" and bool(_HEAD_LINK.match(s.text))),
    ("ends mid-phrase", lambda s: not s.is_message and s.words[-1] in _DANGLING),
    ("ends with a vague time", lambda s: s.key == "title" and bool(_HEDGE_END.search(s.text))),
    (
        "holds another task's timing",
        lambda s: s.key == "title" and bool(_AFTER_OTHER.search(s.text)),
    ),
    (
        "holds a length",
        lambda s: s.type == "meeting.schedule" and bool(_DURATION_WORD.search(s.text)),
    ),
    ("lost a word", lambda s: bool(_LOST_WORD.search(s.text))),
    ("holds a sentence break", lambda s: not s.is_message and bool(_SENTENCE_BREAK.search(s.text))),
    ("ends with a filler", lambda s: not s.is_message and bool(_FILLER_END.search(s.text))),
    ("ends with a priority", lambda s: s.key == "title" and bool(_PRIORITY.search(s.text))),
    ("ends with who does it", lambda s: s.key == "title" and bool(_DOER.search(s.text))),
    ("holds another request", lambda s: not s.is_message and bool(_ALSO.search(s.text))),
    ("holds a question", lambda s: not s.is_message and bool(_QUESTION_AFTER.search(s.text))),
    ("ends with a list", lambda s: s.key == "title" and bool(_LIST_END.search(s.text))),
    ("holds a detail of its own", lambda s: s.key == "title" and bool(_DETAIL.search(s.text))),
    ("holds a time of day", lambda s: s.key == "location" and bool(_DAY_PART.search(s.text))),
    (
        "holds a second thing to do",
        lambda s: s.key in ("title", "titles", "text") and not s.is_message and _two_tasks(s),
    ),
    ("starts with a person", lambda s: s.key == "title" and _starts_with_person(s)),
    ("ends with who it is for", lambda s: s.key == "title" and _ends_for_person(s)),
    ("ends with where it goes", lambda s: s.key == "title" and _ends_on_a_list(s)),
    ("names a list", lambda s: s.key == "title" and _names_a_list(s)),
    ("holds who and where", lambda s: s.key == "title" and _holds_who_and_where(s)),
    ("holds a misheard name", lambda s: s.key in ("text", "title") and _misheard_person(s)),
    (
        "holds a time",
        lambda s: s.key in ("text", "title") and not s.is_message and _holds_time(s.words),
    ),
)


def slot_findings(action: Action, context: ParseContext) -> list[str]:
    """Return why ``action``'s free-text slots look like they hold more than a value."""
    return list(_findings(action, context))


def has_findings(action: Action, context: ParseContext) -> bool:
    """Whether ``slot_findings`` names anything for ``action``: the same checks, in the same
    order, stopping at the first that finds (the grammar asks this of every value it tries)."""
    return next(_findings(action, context), None) is not None


def _findings(action: Action, context: ParseContext) -> Iterator[str]:
    """Each reason ``slot_findings`` gives, one at a time (so ``has_findings`` stops early)."""
    for key, value in action.params.items():
        for item in values_of(value):
            if isinstance(item, str) and key in _CONTENT:
                yield from _content_findings(_said(action, key, item, context))
            elif isinstance(item, str) and key in _NAMES:
                yield from _name_findings(action, key, " ".join(item.lower().split()), context)
    yield from time_findings(action, context.now)  # ("Wednesday the tenth": of the month said)


# A task or a list named by what was said: no name holds a sentence break or ends with a filler
# ("task.start one. oh"), and no list is called "new" ("new project conference").
_NAMES = frozenset(("task", "blocker", "project", "tags"))


def _name_findings(action: Action, key: str, name: str, context: ParseContext) -> list[str]:
    words = name.split()
    people = _first_names(context.people)
    odd = (
        bool(_SENTENCE_BREAK.search(name))
        or bool(_FILLER_END.search(name))
        or name in _NO_NAME
        # "receipts Wojciech": who it goes to, said inside the task's name
        or (key in ("task", "blocker") and bool(words) and words[-1] in people)
        # "me on insulating the log cabin": who, said before the task's name
        or (key in ("task", "blocker") and len(words) > 1 and words[0] in ("me", "us", "him"))
        # "the rockery weeding by Saturday": when it is due, said inside the task's name
        or (key in ("task", "blocker") and _deadline_at_end(words))
        or (key == "project" and (name == "new" or name.endswith(" new")))
        # "set up a", "potato bed one", "Lee's": a list name cut short, or a person's own list
        or (key == "project" and bool(words) and (words[-1] in _DANGLING | {"one"}))
        or (key == "project" and name.endswith("'s") and name[:-2] in people)
        or (key == "tags" and len(words) > 2)  # "family at 3pm", "admin it's low"
        # "medium", "Wojciech", "no deadline": a priority, a person or a "no" is no tag
        or (key == "tags" and (name in _PRIORITY_WORD | people or name.startswith("no ")))
    )
    return [f"{action.type}.{key} is no name: {name!r}"] if odd else []


def _said(action: Action, key: str, value: str, context: ParseContext) -> _Said:
    text = " ".join(value.lower().split())
    has_task = "task" in action.params
    return _Said(action.type, key, text, _WORD.findall(text), has_task, context)


def _content_findings(said: _Said) -> Iterator[str]:
    if not said.words:
        yield f"{said.type}.{said.key} is empty"
        return
    for reason, is_odd in _CHECKS:
        if is_odd(said):
            yield f"{said.type}.{said.key} {reason}: {said.text!r}"


def two_doings(step: str, context: ParseContext) -> bool:
    """Whether a step said holds two ("buy compost pick bulbs": no "and" or comma between)."""
    return _two_tasks(_said(Action("task.add_subtasks", {}), "titles", step, context))


def _two_tasks(said: _Said) -> bool:
    """ "plan the menu pick up the kids": a to-do's verb in the middle of a value, after a word
    that ends a noun phrase and before what the verb takes (not "buy the book the kids want",
    "ask Sam to call the vet" or "help Mum clean the oven")."""
    words = said.words
    people = _first_names(said.context.people)
    for index in range(1, len(words) - 1):
        before, word, after = words[index - 1], words[index], words[index + 1]
        # steps said with no "and" or comma: "by compost pick bulbs and water them in"
        takes = after in _TAKES or (
            index >= 2 and len(after) > 3 and after.endswith("s") and before not in _TAKES
        )
        if word in TASK_VERBS and takes and before not in _LEADS_IN | people:
            if before.endswith(("'s", "s'")):
                continue  # "get the head's sign-off": a noun after whose it is
            if f"{word}-{after}" in said.text:
                continue  # "the pond clean-up": a noun made of the verb, not a second request
            return True
    return False


def _starts_with_person(said: _Said) -> bool:
    """ "Auntie Sue to send me the recipe", "Hannah down for the cake": a person given a task."""
    given = _person_given(said.context.people)
    return given is not None and given.match(said.text) is not None


def _ends_for_person(said: _Said) -> bool:
    """ "choose the hymns for Olivia Grant", "fix the doorbell for Tom", "hoover the car for
    me": who does it, said after a new title, as people mostly mean it.

    Not after something given ("buy a present for Jo", "book a table for Mum", "a scarf for
    Mum" on a list of presents: a thing, not a to-do): then it says who gets it, and the title
    is right as it is.
    """
    if GIFT.search(said.text) or said.words[0] in ("a", "an", "some"):
        return False
    return said.text.endswith(_for_person_ends(said.context.people))


def _ends_on_a_list(said: _Said) -> bool:
    """ "paint the ceiling too kitchen repaint", "make the soap two the craft fare": "to" misheard,
    then a list the store has (or one a word off it) at the end of a new title."""
    for match in _TO_HEARD.finditer(said.text):
        rest = said.text[match.end() :].removeprefix("the ").removesuffix(" list")
        if _is_a_known_list(rest, said.context):
            return True
    return False


def _names_a_list(said: _Said) -> bool:
    """ "the pottery list by clay": a list the store has, said as a list, inside a new title
    (where the task goes, not what it is)."""
    return any(_is_a_known_list(m["name"], said.context) for m in _A_LIST.finditer(said.text))


def _is_a_known_list(name: str, context: ParseContext) -> bool:
    """``name`` is a list the store has, or one a word off it ("craft fare")."""
    return any(fuzz.ratio(name, project.lower()) >= _LIST_HEARD for project in context.projects)


def _holds_who_and_where(said: _Said) -> bool:
    """ "get quotes for the skylight for Kofi on the loft conversion": who does it and where it
    goes, said after the title and read into it (not a gift: "a card for Mum")."""
    if GIFT.search(said.text):
        return False
    if _for_person_then_detail(said.context.people).search(said.text):
        return True
    on_list = _on_a_list_then_detail(said.context.projects)
    return on_list is not None and on_list.search(said.text) is not None


# what a detail said after a new title opens on ("... for Kofi on the loft conversion")
_DETAIL_NEXT = r"(?:on|in|to|into|onto|by|due|under|for|and)\b"


_A_LIST = re.compile(r"\b(?:the|my|our) (?P<name>(?:[\w'-]+ ){0,3}?[\w'-]+) (?:list|project)\b")
# "to" as a recogniser writes it when it hears it as a number or "also"
_TO_HEARD = re.compile(r"\b(?:two|too) ")
_LIST_HEARD = 85  # rapidfuzz ratio: "craft fare" for "craft fair"


def _first_names(people: tuple[str, ...]) -> set[str]:
    """Each known person's first name, lower case: how a person is mostly said."""
    return {person.split()[0].lower() for person in people}


def _names(people: tuple[str, ...]) -> set[str]:
    """Each known person's whole name and first name, lower case."""
    return {person.lower() for person in people} | _first_names(people)


# Expressions of the known names, made once per list of them: the checks are asked of each
# value the grammar tries (hundreds an utterance), and making an expression per name per value
# ("sam to ...", "for sam on ...") cost more than the checks. One alternative per name finds
# what trying each name's own expression in turn finds.


def _one_of(names: Iterable[str]) -> str:
    """An expression matching any one of ``names`` as written."""
    return "|".join(map(re.escape, sorted(names)))


@by_identity(maxsize=4)
def _person_given(people: tuple[str, ...]) -> re.Pattern[str] | None:
    """ "<a known person> to|down|for ...", at the start (``_starts_with_person``); None
    when nobody is known."""
    names = _names(people)
    if not names:
        return None
    return re.compile(rf"(?:{_one_of(names)}) (?:to|down|for|on|is|has|needs|should)\b")


@by_identity(maxsize=4)
def _for_person_ends(people: tuple[str, ...]) -> tuple[str, ...]:
    """ " for me", " for <a known person>": the ends ``_ends_for_person`` looks for."""
    return tuple(f" for {name}" for name in sorted({"me", *_names(people)}))


@by_identity(maxsize=4)
def _for_person_then_detail(people: tuple[str, ...]) -> re.Pattern[str]:
    """ "for <me or a known person> <a detail's first word>" (``_holds_who_and_where``)."""
    return re.compile(rf"\bfor (?:{_one_of({'me', *_names(people)})}) {_DETAIL_NEXT}")


@by_identity(maxsize=4)
def _on_a_list_then_detail(projects: tuple[str, ...]) -> re.Pattern[str] | None:
    """ "on the <known list> [list]", at the end or before a detail (``_holds_who_and_where``);
    None when no list is known."""
    if not projects:
        return None
    lists = _one_of({project.lower() for project in projects})
    return re.compile(
        rf"\b(?:on|in|to|onto|into) (?:the )?(?:{lists})(?: list| project)?(?:$| {_DETAIL_NEXT})"
    )


def _then_at(text: str) -> bool:
    """ "collect the kids and then at 5 to start dinner": a second time, and what it is for."""
    match = _THEN_AT.search(text)
    if match is None:
        return False
    words = match.group("rest").split()
    return any(_is_time(" ".join(words[:size])) for size in range(2, min(5, len(words)) + 1))


@lru_cache(maxsize=512)
def _said_whole(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")


def _misheard_person(said: _Said) -> bool:
    """ "ring pria shar": words that sound like a known person but are not their name."""
    words = said.words
    whole = {
        name: _said_whole(name).search(said.text) for name in map(str.lower, said.context.people)
    }
    # ("ring nana joan": "nana" is no "Ananya" misheard, but Nana Joan's own word)
    apart = [hit for name, hit in whole.items() if hit and " " in name]
    if apart:
        text = said.text
        for hit in sorted(apart, key=lambda f: f.start(), reverse=True):
            text = f"{text[: hit.start()]} | {text[hit.end() :]}"
        words = text.split()
    runs: dict[int, list[str]] = {}  # the value's runs of words of each size, joined once
    for name, found in whole.items():
        if len(name) < 5 or found:
            continue
        size = len(name.split())
        if size not in runs:
            runs[size] = [
                " ".join(words[start : start + size]) for start in range(len(words) - size + 1)
            ]
        for heard in runs[size]:
            if heard != name and fuzz.ratio(heard, name) >= NAME_MATCH:
                return True
    return False


def _deadline_at_end(words: list[str]) -> bool:
    """Whether a name ends "by|before|due <a time>" ("the rockery weeding by Saturday")."""
    for at in range(1, len(words) - 1):
        if words[at] in ("by", "before", "due") and _is_time(" ".join(words[at:])):
            return True
    return False


def _holds_time(words: list[str]) -> bool:
    """A time said at either end of a value ("Christmas Eve to defrost the turkey"), not a
    month's name said as a thing ("join the march")."""
    if len(words) < 2:
        return False
    # "the march": the end's one or two words are no time
    thing = 2 if _MONTH_AS_THING.fullmatch(" ".join(words[-2:])) else 0
    if _DAY_PART_AS_THING.fullmatch(" ".join(words[-2:])):
        thing = 1  # "plan the quiz night": a night of something; "tomorrow night" stays a time
    for size in range(1, min(MAX_TIME_WORDS, len(words) - 1) + 1):
        ends = (words[:size], words[-size:]) if size > thing else (words[:size],)
        for is_first, phrase in zip((True, False), ends, strict=False):
            if is_first and _HOLIDAY_AS_THING.fullmatch(" ".join(phrase)):
                continue  # "the christmas fair", "easter eggs": a holiday said of a thing
            if _is_time(" ".join(phrase)):
                return True
    return False


# "the christmas fair", "christmas cards", "the easter egg hunt": a holiday's name alone before
# another word names a thing (timeparse reads it as a date only after a lead word or at the end)
_HOLIDAY_AS_THING = re.compile(r"(?:(?:the|a|our|my) )?(?:christmas|xmas|easter|halloween)")


# "join the march", "tickets for the may ball": after an article, a month's name is a thing
_MONTH_AS_THING = re.compile(r"(?:the|a) (?:march|may)")
# "the quiz night", "a film evening", "the open morning", "the hen weekend": a part of the day
# (or the week) after a word that says no time is the name of an event
_DAY_PART_AS_THING = re.compile(
    r"(?!(?:the|a|this|that|next|last|at|in|on|by|for|every|each|of|to|tomorrow|today|tonight|"
    rf"yesterday|{WEEKDAY_SAID}|late|early|sunday's)\b)[a-z]{{3,}} "
    r"(?:night|evening|morning|afternoon|weekend)"  # ("the hen weekend")
)


def _is_time(phrase: str) -> bool:
    if phrase in _DANGLING or phrase.isdigit() or len(phrase) <= 3:
        return False  # "a", "4 chairs", "sun cream": resolve_when reads too much into them
    return resolved(_reads_as_time(None), phrase) is not None


def time_findings(action: Action, now: datetime) -> list[str]:
    """Name a length or a time that does not read as one (it swallowed other words: "at four
    about the jabs", or is no time at all: "the venue's booked"). A time is read as said at
    ``now`` ("Friday the 27th" is a time only in a month whose 27th is a Friday)."""
    findings = []
    for key, value in action.params.items():
        if not isinstance(value, str):
            continue
        kind = action.spec.params[key].kind if key in action.spec.params else ""
        if kind == "duration" and resolved(resolve_duration, value) is None:
            findings.append(f"{action.type}.{key} is not a length: {value!r}")
        elif kind == "when" and resolved(_reads_as_time(now), value) is None:
            findings.append(f"{action.type}.{key} is not a time: {value!r}")
    return findings


def _reads_as_time(now: datetime | None) -> Callable[[str], datetime]:
    return lambda value: resolve_when(value, now or _REFERENCE_NOW, _DATES)


# --- grounding: what a model wrote, against what was said -------------------------------------

_TIME_KINDS = frozenset(("when", "duration"))
_TIME_WORDS = re.compile(
    r"^(?:\d+(?::\d+)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
    r"february|march|april|may|june|july|august|september|october|november|december|"
    r"tomorrow|tonight|today|weekend|week|month|year|morning|afternoon|evening|noon|midnight)$"
)
# A length's unit, said in any of its forms: a duration nobody said a unit of was guessed
# ("duration=ten minutes" for a meeting "at ten", "half a day" for "half seven").
_UNITS = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "fortnight": "fortnight",
    "month": "month", "months": "month", "half": "half", "quarter": "quarter",
}  # fmt: skip
_CLOCK = re.compile(r"^(\d{1,2}(?::\d{2})?)(?:am|pm)$")
_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
# one of a unit: "a day", "an hour", "the day before"
_ONE_UNIT = re.compile(r"\b(?:an? (?:second|minute|hour|day|week|month)|the (?:day|week) before)\b")
# "quarter to 9" is 8:45, "half past 7" and "half 7" are 7:30, "quarter past 3" is 3:15.
_SAID_CLOCK = re.compile(r"\b(quarter to|quarter past|half past|half) (\d{1,2})\b")
# Words too small to say whether a word was said, or which task was named
SMALL_WORDS = frozenset(
    ("the", "a", "an", "to", "of", "for", "and", "on", "in", "at", "my", "our", "with", "it")
)
GROUNDED_WORD = 75  # rapidfuzz ratio for a written word to count as one said (or misheard)


def ungrounded(action: Action, utterance: str) -> list[str]:
    """Return the values a model wrote that the utterance does not hold.

    A number or a day in a time the speaker never said ("ten minutes" for "eleven minutes"),
    or words of a title or message nobody said: the model guessed. Task, person and project
    names are left to the store checks (a model may name a known task as the store has it).
    """
    said = normalize(utterance).split()
    heard = _heard_times(said)
    findings = []
    for key, value in action.params.items():
        kind = action.spec.params[key].kind if key in action.spec.params else ""
        for item in values_of(value):
            if not isinstance(item, str):
                continue
            words = normalize(item).split()
            if kind in _TIME_KINDS or key == "before":
                # "the 8th" for "the eighteenth": the day's number was not said
                words = [_ORDINAL.sub(r"\1", _CLOCK.sub(r"\1", word)) for word in words]
                missing = [w for w in words if _TIME_WORDS.match(w) and w not in heard]
                if kind == "duration" or key == "before":
                    missing += [w for w in words if w in _UNITS and _UNITS[w] not in heard]
            elif key in _CONTENT:
                missing = [w for w in words if not _was_said(w, said)]
            else:
                continue
            if missing:
                findings.append(f"{action.type}.{key} {item!r}: {' '.join(missing)!r} not said")
    return findings


def _heard_times(said: list[str]) -> set[str]:
    """The words said, with clock times also as digits ("quarter to 9" adds 8:45), 10am as
    10, an ordinal day as its number ("the 12th": 12), one of a unit as 1 ("a day", "the day
    before"), two words a recogniser split as one ("thurs day"), and each unit of length in
    its one form (minutes: minute)."""
    spoken = " ".join(said)
    heard = set(said)
    heard.update(_CLOCK.sub(r"\1", word) for word in said)
    heard.update(_ORDINAL.sub(r"\1", word) for word in said)
    heard.update(first + second for first, second in itertools.pairwise(said))
    heard.update(str(ORDINAL_VALUES[word]) for word in heard.copy() if word in ORDINAL_VALUES)
    for tens, unit in itertools.pairwise(said):  # "twenty first", "thirty-first" as one
        if tens in ("twenty", "thirty") and ORDINAL_VALUES.get(unit, 10) < 10:
            heard.add(str((20 if tens == "twenty" else 30) + ORDINAL_VALUES[unit]))
        if unit == "teenth" and tens.isdigit():  # "nine teenth", split by a recogniser
            heard.add(str(int(tens) + 10))
    for word in said:
        tens, _, unit = word.partition("-")
        if tens in ("twenty", "thirty") and ORDINAL_VALUES.get(unit, 10) < 10:
            heard.add(str((20 if tens == "twenty" else 30) + ORDINAL_VALUES[unit]))
    if _ONE_UNIT.search(spoken):
        heard.add("1")
    heard.update(_UNITS[word] for word in said if word in _UNITS)
    for how, hour in _SAID_CLOCK.findall(spoken):
        number = int(hour)
        if how == "quarter to":
            heard.add(f"{(number - 2) % 12 + 1}:45")
        else:
            heard.add(f"{number}:{'15' if how == 'quarter past' else '30'}")
    return heard


def _was_said(word: str, said: list[str]) -> bool:
    if word in SMALL_WORDS or len(word) < 3:
        return True
    return any(
        other.startswith(word[:4]) or fuzz.ratio(word, other) >= GROUNDED_WORD for other in said
    )
