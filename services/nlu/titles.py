"""What the grammar takes as a new task's title, and as the person a new task is for.

A new task's ``{title}`` (``domain.yaml``, ``task.create``) is the words left once the
sentence's other parts are read: its details said in the same clause ("... for the launch
project due Friday with high priority") are slots of their own, so a title never holds a
time, a list, a person given the task or a second request. The checks here turn a run of
words away when it cannot be a title; the whole reading is then checked once more against
the router's slot checks (``grammar._is_whole``).

- ``title``: a new task's title as said: not "it", "a task", "a note" or only a list
  ("the shopping list"), no clause marks (",", ";", ":", a full stop), no second request
  about it ("... and break it into steps"), not a person the store knows ("add Sam to the
  launch project"), not "one more thing", not ending "under" a task or list the store knows
  ("add ring the broker under the van insurance": a subtask);
- ``todo``: a title said as something to do ("I should sort out the tax return"), never a
  state or a plan for now ("I should be there by 5", "I have to go");
- ``duty``: a ``todo`` said of a person, never that person taking a task on ("Sam needs to
  handle the gate": an assignment the model may read);
- ``noted``: what a note says ("jot down that the car needs an MOT"), never "it down" or
  "of it";
- ``put_down``: a ``noted`` said after "put down", never a thing put down ("the phone");
- ``plain``: what follows a bare "add" ("add call the bank"), never more than one thing or
  a list ("add milk and eggs", "add the list");
- ``known_person``: a person the store knows, as said, or "me" (no misheard names, no
  "him" or "her").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from services.nlu import ParseContext
from services.nlu.fields import known_task, verb_of_any
from services.nlu.llm_vet import WORD_MATCH, person_by_sound
from services.nlu.sounds import person_heard_as
from services.nlu.text import ADD_REQUEST, HONORIFICS, PRIORITY_WORDS, known_prefix

# "call the bank, it's urgent", "buy ink. Due Friday": more than a title
_MARKS = re.compile(r"[,;:]|[a-z]{3}\.\s", re.IGNORECASE)
# a quote mark opening or closing words inside a title (not "Benji's", not "the kids' tea")
_QUOTED = re.compile(r"(?:^|\s)['\"\u2018\u201c](?=\w)|(?<=[^\Ws])['\"\u2019\u201d](?:\s|$)")
# "add a note to the shopping list", "add a task to the shopping | list": the kind of thing
# asked for, not what it says (and Whisper's "add note ..." for "add milk ..." must not pass)
_PLACEHOLDER = re.compile(
    r"(?:it|that|this|one|thing|things|question|sec|moment|minute|another|one more"
    # "..., we need two now" heard as "need to now": when, not what
    r"|now|right now|later|soon|then|today|tonight|tomorrow"
    r"|(?:(?:a|an|the|another|one more) )?(?:new )?"
    r"(?:task|note|reminder|item|entry|list|project|job|to-?do|to do)"
    # "add an urgent one", "a quick one": a task said to come, not its title
    r"|(?:a|an|another|one more) (?:[a-z]+ )?one"
    # "add a task to pick up the paper" said where only titles go
    r"|(?:a|an|another|one more) (?:new )?(?:task|job|to-?do|subtask|sub-task) (?:to|for) .+)",
    re.IGNORECASE,
)
_ALSO_AT_END = re.compile(r"\s(?:too|as well|and all)$", re.IGNORECASE)
# "... and break it into steps": a second request about the new task, not part of its title
_ACTS_ON_IT = re.compile(
    r"\band (?:then )?(?:break|split|divide|assign|give|make|mark|move|push|schedule) "
    r"(?:it|that|this)\b",
    re.IGNORECASE,
)
# "I should be there by 5", "I have to say", "I need to go now": not things to do later;
# "I should really ...", "I must remember to ...": said by a sentence of its own
_NOT_A_TODO = re.compile(
    r"(?:be|been|have|know|say|admit|not|never|probably|also|really|definitely|remember to)\b"
    r"|(?:go|leave|sleep|rest|stop|wait|get going|head off|go to bed|go home)(?: now)?$"
    # "I need to sit down with Bella about ...": a meeting when a time is said, else unsure
    r"|(?:sit down|meet|meet up|get together|have a sit-?down) with\b"
    # "I need to get on top of the move. Add a task, ...": how the speaker feels, not a task
    r"|get (?:on top of|my head (?:round|around)|organi[sz]ed|my act together)\b"
    # "I should add a task to return the chairs": the request, said before its title
    r"|" + ADD_REQUEST,
    re.IGNORECASE,
)
# "Sam needs to handle the gate": a person taking a task on, not a new task
_TAKING_ON = re.compile(
    r"(?:handle|take care of|look after|deal with|do|work on|take|own|finish|complete|start|"
    r"sort out) (?:the|that|it|this)\b",
    re.IGNORECASE,
)
# "note it down", "make a note of it", "note that as a task": no note said
_NOT_NOTED = re.compile(r"(?:down|of|about|it|this|that|as)\b", re.IGNORECASE)
# "add a task to the shopping list", "note to the shopping list": a list, not a title (Whisper's
# "and note to the shopping list" for "add milk ...")
_ONLY_A_LIST = re.compile(r"(?:the|my|our)(?: [\w' -]+)? lists?$", re.IGNORECASE)
# "add a task for Sam to ...": the words of the request, not of the title
# ("add a job for me to ...": who does it, not the title's first word; "a todo item to ...":
# the kind of task; "an item to there for Sam to ...", "an item on there to ...": where it
# goes)
_LEAD = re.compile(
    r"(?:to|for|that|called|named|titled|saying|about|item|under|list|project|(?:there|here)(?!')"
    # "..., and obviously the sanding first": said of the whole clause, never a title's
    r"|obviously|of course|clearly|naturally"
    # "..., and both of those go on the list": the tasks said before it, never a new one's name
    r"|(?:both|all|each|either|neither) of (?:those|them|these|the two)"
    # "..., and have Ash do it by Friday": who does the task said before, never a new one
    r"|(?:have|get|let) (?:\w+ ){1,2}(?:to )?(?:do|sort|handle) (?:it|that|this)"
    r"|(?:on|in|into|onto) (?:it|there|here)"
    r"|(?:me|us|him|her|them|myself|you) to|one (?:for|to|called|named)"
    # "put down something like buy bunting": the speaker's hedge, then the title
    r"|something (?:like|along the lines of)"
    # "create a task, call it ...", "add a task called buy hinges under ...": the words that
    # ask for a task, never the title's own
    r"|(?:call|name|calling|naming) it"
    r"|(?:(?:a|an|another|one more) )?(?:new )?(?:task|to-?do|todo|job) (?:to|for))\b",
    re.IGNORECASE,
)
# "another one for me to order the brackets once he's done that": what the new task waits
# for, said after it (a dependency on the one before, the model's to read), in no title
_WAITS_AT_END = re.compile(
    r"\b(?:once|when|after|as soon as)\s+(?:he|she|they|that|it|we|you|I)"
    r"(?:'s|'ve|'re| has| have| is| are)?\s+(?:done|finished|been done|sorted|through)"
    r"(?:\s+(?:that|it|this|those))?\s*$"
    # "confirm numbers before the judo hall gets booked": what waits for it, said after it
    r"|\b(?:before|until|till)\s+(?:the|my|our)\s+[\w' ]+?\s+(?:gets|get|is|are|has been|"
    r"have been)\s+\w+(?:ed|en|t)\s*$",
    re.IGNORECASE,
)
# "add a task called buy hinges under ...": the words that ask for a task, in no title
_ASKS_FOR_A_TASK = re.compile(
    r"\b(?:task|to-?do|todo|job|subtask|sub-task|step) (?:called|named|titled)\b", re.IGNORECASE
)
# "... and Jo has to paint it on Friday": a second clause with its own person, not one title
_SECOND_CLAUSE = re.compile(
    r"\b(?:and|but|then|so) (?:then )?(?:(?-i:[A-Z])[\w'-]*|I|we|you|he|she|they|someone|"
    r"somebody) (?:has|have|had|needs?|must|should|ought|will|'ll|can|could|is|are|'s|'ve|'d|"
    r"wants?)\b",
    re.IGNORECASE,
)
# "choose the hymns by": a title never ends on a word that leads into more
_DANGLING = re.compile(
    r"\b(?:by|on|for|at|to|due|before|in|of|with|from|until|till|the|a|an|and|or)$"
    # "add inspect the hives again for a fortnight on Saturday": "a fortnight on Saturday" is
    # when, cut in two
    r"|\bfor (?:a|one|two|three|\d+) (?:fortnight|weeks?)$"
    # "... due four" (tomorrow): the hour of a deadline said after it, not the title's
    r"|\b(?:due|by|before|until|till) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve|noon|midday)$"
    # "fix the gate and don't | give it to Ollie": a request taken back, cut from the title
    r"|\b(?:don't|do not|not|never|won't|can't|cannot)$",
    re.I,
)
# "add hire the urn to that one": a list or task said before, which the title cannot hold
_BACK_REFERENCE_AT_END = re.compile(
    r"\b(?:to|on|onto|in|into|under) (?:that|this)(?: one)?$|\b(?:to|onto|into) (?:it|them)$"
    # "and a task for me to print the accounts for it": what "it" is, the model reads
    r"|\bfor (?:it|that|them|this)$",
    re.I,
)
# "add confirm the show date for her", "dig over the beds in it": someone or something said
# before, which a new task's title never ends on after a preposition (none of 7,446 dev lines'
# does; "sow them" after "buy seeds" may, and a step may: "sand it down, paint it")
_PRONOUN_AT_END = re.compile(
    r"\b(?:for|with|in|on|to|from|about|by|into|onto|off) (?:it|them|her|him)$", re.IGNORECASE
)
# "add writing a thank-you card to Sister Agnes": a new task said as what doing it is called;
# its title is the verb ("write a thank-you card ..."), as every writer of the dev sets put it.
# Only before a word that opens a thing, so "washing up liquid" and "wrapping paper" stay.
_GERUND_FIRST = re.compile(
    r"^(?P<gerund>[a-z]{3,}ing) (?=(?:(?:up|out|off|down|over|back|in) )?"
    r"(?:(?:a|an|the|my|our|some|his|her|their|your|new)\b|(?-i:[A-Z])))",
    re.I,
)
_NOT_GERUNDS = frozenset(
    ("bring", "ring", "sing", "string", "swing", "sting", "spring", "wring", "cling", "fling",
     "sling", "thing", "king", "wing", "nothing", "something", "anything", "everything")
)  # fmt: skip
# "... to the canal bow": the words after the last "to the" (or "for", "on" ...), at most three
_PLACE_AT_END = re.compile(
    r"\b(?:to|for|on|onto|in|into) (?:the|my|our) (?P<where>[\w'-]+(?: [\w'-]+){0,2})$", re.I
)
# "put the sprinkler on (at 7pm)": "on" is the verb's
_PARTICLE_ON = re.compile(
    r"(?:put|turn|switch|leave|keep|get|try|log|sign) [\w' -]+ on$"
    # "get the cabinets in", "bring the washing in": the verb's own "in", said after its thing
    r"|(?:get|bring|put|fit|hand|send|plug|let|move|take|fill|pay|plant|sow|pop|lock|tuck|"
    r"wheel|dig|water|rake|tread|rub|mix|stir|fold|screw|hammer|nail|call) [\w' -]+ in$",
    re.I,
)
# "... under the van insurance task": where a new task goes, not a part of its title
_UNDER = re.compile(r"\bunder (?P<where>[\w' -]+)$", re.IGNORECASE)
_ARTICLE = re.compile(r"(?:a|an|the|some|my|our|your|his|her|their|this|that)\b", re.I)
# "add a task for Bob to ...": someone given the task (known or not); "... with low priority"
# ("... that waits for it": a dependency)
_NOT_IN_TITLE = re.compile(
    r"^(?-i:[A-Z])[\w'-]*(?: (?-i:[A-Z])[\w'-]*)? to\b|\bpriority\b"
    r"|\b(?:that|which|and) (?:waits?|depends?|has to wait|needs to wait|comes after)\b"
    # "book puppy classes that can't start till the vet's done": it waits for another task
    r"|\b(?:that|which) (?:can't|cannot|can not|won't|mustn't|shouldn't) (?:start|happen|begin|"
    r"go ahead|be done)\b"
    # "buy him books": who "him" is, the title does not say (a recogniser's "hymn", or someone
    # said before): the model's to read, or the question's
    r"|\bhim\b"
    # "pay the council tax before I can fix the gate": one task waits for another
    r"|\b(?:before|until|till) (?:I|we|you|they|he|she) (?:can|could)\b"
    # "add ask the pub for a donation as a step under it": what the new thing is, not its title
    r"|\bas (?:a|an|another|one more) (?:step|subtask|sub-task)$|\bas (?:steps|subtasks|sub-tasks)$"
    # "add the painting as a new job for Yusuf": what it is, not its title
    r"|\bas (?:a|an|another|one more) (?:new |separate |fresh )?(?:task|job|to-?do|to do|chore|"
    r"item|thing)\b"
    # "add a task for her on the band list to ...": who it is for and where, not a title
    r"|^(?:her|them|me|us)\s+(?:on|in|to|for|under|by|onto|into)\b"
    # "..., and add a note that it needs to seat fourteen": the new task's note
    r"|^a note (?:that|saying|to say)\b"
    # "sort out the gutter with a note saying the left side leaks": the task, and its note
    r"|\bwith a note (?:that|saying|to say)\b"
    # "add something for Petra": a new task not yet said
    r"|^(?:something|anything|a thing|one)$"
    # "add something for Petra? She's got to send out ...": a sentence about someone
    r"|^\W*(?:she|he|they|it|we|I)(?:'s|'ve|'re|'m| has| have| is| are| needs| need)\b",
    re.IGNORECASE,
)
# "add milk and eggs", "add the shopping list": more than one plain new task; "add milk to the
# garden": a thing put on a list nobody knows, or a title? (a list the store knows is a detail)
_NOT_PLAIN = re.compile(
    r",| and | then |\b(?:list|project|task|subtasks?|sub-tasks?|sub tasks?)\b"
    r"|\b(?:to|onto|into) (?:the|my|our) [\w' -]+$"
    r"|^(?:a|an|another|one more|a new) (?:job|to-?do|to do|chore|item|action item)\b",
    re.IGNORECASE,
)


def new_title(value: str, intent: str, context: ParseContext) -> Any:
    """A new task's title as said; None for words that are no title."""
    title = value.strip(" \"'.")
    if not title or _MARKS.search(title) or _PLACEHOLDER.fullmatch(title) or _LEAD.match(title):
        return None
    if is_priority(title) or _ALSO_AT_END.search(title):
        return None  # "Caravan list. Medium.": how urgent the task before is, not a new one;
        # "add descale the coffee machine too": another task, its title before "too"
    if _ONLY_A_LIST.fullmatch(title):
        return None  # "add a task to the shopping list": where it goes, and no title said
    if _QUOTED.search(title):
        return None  # "add 'fix the door' to the garage list, ...": quotes cut where commas do not
    if _DANGLING.search(title) and not _PARTICLE_ON.match(title):
        return None
    if any(
        found.search(title)
        for found in (_ACTS_ON_IT, _NOT_IN_TITLE, _SECOND_CLAUSE, _ASKS_FOR_A_TASK, _WAITS_AT_END)
    ):
        return None
    if _a_person_said(title, context):
        return None
    if _under_known(title, context):
        return None  # "add ring the broker under the van insurance task": a subtask
    if _ends_a_list_name(title, context):
        return None  # "a task on the netball | team list for Femi ...": the list cut in two
    if _BACK_REFERENCE_AT_END.search(title) or misheard_list_at_end(title, context):
        return None  # where it goes is said, but not as words a title holds: the model reads it
    if (
        _misheard_person_at_end(title, context)
        or _misheard_person_first(title, context)
        or (intent == "task.create" and _PRONOUN_AT_END.search(title))
    ):
        return None  # "fix the shed door for far eed": for Farid, as heard; "... for her"
    return as_verb(title)


def _a_person_said(title: str, context: ParseContext) -> bool:
    """Whether ``title`` is someone the store knows ("..., on the retirement do list, Deirdre,
    by Thursday": who does it), or opens on one ("for Sam paint the fence")."""
    known = known_prefix(title, context.people)
    if known and title[len(known) :].startswith(" "):
        return True  # (a person said whole is ``person_named``'s, as is one said by first name)
    return person_named(title, context) is not None


def as_verb(title: str) -> str:
    """ "writing a card for Bea" -> "write a card for Bea"; other titles as they are."""
    said = _GERUND_FIRST.match(title)
    if said is None or said["gerund"].lower() in _NOT_GERUNDS:
        return title
    verb = verb_of_any(said["gerund"])
    return title if verb is None else verb + title[said.end("gerund") :]


def _ends_a_list_name(title: str, context: ParseContext) -> bool:
    """Whether ``title`` opens with the last words of a list the store has and "list" or
    "project" ("team list for ..." beside the netball team): the list's name cut in two."""
    words = title.lower().split(maxsplit=_MAX_LIST_TAIL + 1)
    tails = _list_tails(context.projects)
    return any(" ".join(words[: size + 1]) in tails for size in range(1, len(words)))


_MAX_LIST_TAIL = 3  # words of a list's name said after a cut


@lru_cache(maxsize=8)  # the store's lists now: every title said is checked against them
def _list_tails(projects: tuple[str, ...]) -> frozenset[str]:
    """ "team list", "team project", "club list" ...: each list's last words and its kind."""
    return frozenset(
        f"{' '.join(name[cut:])} {kind}"
        for project in projects
        for name in [project.lower().split()]
        for cut in range(max(1, len(name) - _MAX_LIST_TAIL), len(name))
        for kind in ("list", "project")
    )


_FOR_AT_END = re.compile(r"\bfor ((?:[a-z']+ ){0,2}[a-z']+)$", re.IGNORECASE)


def _misheard_person_at_end(title: str, context: ParseContext) -> bool:
    """True when ``title`` ends "for <words>" that are no known person but sound like one."""
    found = _FOR_AT_END.search(title)
    return found is not None and _misheard_person(found[1], context)


def _misheard_person_first(title: str, context: ParseContext) -> bool:
    """True when ``title`` opens "<words> to ..." and the words, no known person's name as
    written, sound like one ("a task for tom ash to fix the gutter": for Tomasz, to fix it)."""
    found = _TO_AFTER_WHOM.match(title)
    return found is not None and _misheard_person(found[1], context)


def _misheard_person(words: str, context: ParseContext) -> bool:
    """True when ``words``, no known person's name as written, sound like one: one word by the
    very sounds of a name ("olly" for Ollie), more by their sound key ("tom ash")."""
    if known_prefix(words, context.people) is not None:
        return False
    first_names = {person.split()[0].lower() for person in context.people}
    if words.lower() in first_names - HONORIFICS:
        return False  # "a birthday card for Eabha": Eabha Moloney by her first name, as spelt
    if len(words.split()) == 1:
        return person_heard_as(words, context.people) is not None
    return person_by_sound(words, context) is not None


_TO_AFTER_WHOM = re.compile(r"([a-z][\w'-]*(?: [a-z][\w'-]*)?) to ", re.IGNORECASE)


def misheard_list_at_end(title: str, context: ParseContext) -> bool:
    """True when ``title`` ends "to the <words>" (or "for", "on" ...) and the words, not a list
    the store knows, come near one (rapidfuzz ratio >= ``WORD_MATCH``, the bar for any misheard
    word): "repaint the hull to the canal bow" with a list "canal boat". Which was meant, a list
    or a place in the title, is the model's to read (or the question's); the fast path must not
    file it as said."""
    said = _PLACE_AT_END.search(title)
    if said is None:
        return False
    where = re.sub(r" (?:list|project)$", "", said["where"].lower())
    known = [project.lower() for project in context.projects]
    if where in known:
        return False
    return any(fuzz.ratio(where, name) >= WORD_MATCH for name in known)


def _under_known(title: str, context: ParseContext) -> bool:
    """True when ``title`` ends "under" a task or list the store knows."""
    said = _UNDER.search(title)
    if said is None:
        return False
    where = said["where"]
    if known_prefix(where, context.projects) == where:
        return True
    return known_task(where, context) is not None


def is_priority(title: str) -> bool:
    """True when ``title`` only says how urgent something is ("medium", "high priority")."""
    words = title.lower().strip(" .,:;").split()
    return bool(words) and words[0] in PRIORITY_WORDS and words[1:] in ([], ["priority"])


def is_placeholder(title: str) -> bool:
    """True when ``title`` only stands for a task ("a task", "a note", "one", "it")."""
    return _PLACEHOLDER.fullmatch(title.strip()) is not None


def is_lead(title: str) -> bool:
    """True when ``title`` opens with the words that lead up to one ("called", "to")."""
    return _LEAD.match(title) is not None


def todo(value: str, intent: str, context: ParseContext) -> Any:
    """A title said as a thing to do ("sort out the tax return"), not a state or a plan."""
    if _NOT_A_TODO.match(value) or _meets_someone(value, context):
        return None
    return new_title(value, intent, context)


def _meets_someone(value: str, context: ParseContext) -> bool:
    """ "I need to meet Ayesha at 16:30": meeting someone the store knows is a meeting when a
    time is said (``domain.yaml``), else the model's to read."""
    said = value.split(maxsplit=1)
    return (
        len(said) == 2
        and said[0].lower() in ("meet", "see")
        and known_prefix(said[1], context.people) is not None
    )


def duty(value: str, intent: str, context: ParseContext) -> Any:
    """A thing to do said of a person, not that person taking a task on."""
    return None if _TAKING_ON.match(value) else todo(value, intent, context)


def noted(value: str, intent: str, context: ParseContext) -> Any:
    """What a note says, not "it down", "of it" or a list ("to the shopping list")."""
    if _NOT_NOTED.match(value):
        return None
    said = _SAID_OF_SOMEONE.match(value)
    if said and person_named(said["who"], context) is not None:
        return None  # "note that Caoimhe knows a florist": so of her, no thing to do
    return new_title(value, intent, context)


# "Caoimhe knows a florist", "Kit has the keys": a person, then what is so of them
_SAID_OF_SOMEONE = re.compile(
    r"(?P<who>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)(?: (?:is|has|knows|has got|says|reckons|"
    r"wants|needs|thinks|can|will|won't|can't|likes|prefers))\b"
)


def put_down(value: str, intent: str, context: ParseContext) -> Any:
    """What follows "put down" as a note ("put down mulch the borders"), not a thing put
    down ("put down the phone")."""
    return None if _ARTICLE.match(value) else noted(value, intent, context)


def plain(value: str, intent: str, context: ParseContext) -> Any:
    """What follows a bare "add": one thing, not a list, and not ending on a list the store
    has ("add choose the book for July to book club": the list is the task's detail)."""
    if _NOT_PLAIN.search(_THING_LIST.sub(" the thing", value)):
        return None
    if _ends_on_known_list(value, context):
        return None
    return new_title(value, intent, context)


# "confirm the guest list", "print the seating plan": a list a task is done to, after its
# verb, not where the task goes
_THING_LIST = re.compile(
    r"(?<=\w) (?:the|my|our|a|this|that) (?:guest|shopping|reading|wish|waiting|mailing|packing|"
    r"price|seating|set|gift|Christmas card|invite|invitation) list\b",
    re.IGNORECASE,
)


def _ends_on_known_list(value: str, context: ParseContext) -> bool:
    words = value.lower().split()
    for project in context.projects:
        size = len(project.split())
        if words[-size:] == project.lower().split() and len(words) > size + 1:
            before = words[-size - 1]
            if before in _LIST_PREPOSITIONS or (
                before in ("the", "my", "our") and words[-size - 2] in _LIST_PREPOSITIONS
            ):
                return True
    return False


_LIST_PREPOSITIONS = frozenset(("to", "on", "onto", "into", "in", "for", "under"))


def known_person(value: str, intent: str, context: ParseContext) -> Any:
    """A person the store knows, said by their name, alias or the first name of just one of
    them, or "me"; None for anyone else."""
    said = value.strip()
    if said.lower() in ("me", "myself"):
        return "me"
    if person_named(said, context) is not None:
        return said
    # "for olly": one word the recogniser wrote with the very sounds of a name: Ollie
    if " " in said or not said.islower():
        return None
    return person_heard_as(said, context.people)


def person_named(said: str, context: ParseContext) -> str | None:
    """The known person ``said`` names, as the store has the name: the whole name or an alias,
    or the first name of just one of them ("Kenji" for Kenji Watanabe); None for anyone else."""
    known = known_prefix(said, context.people)
    if known is not None and known.lower() == said.lower():
        return known
    firsts = [p for p in context.people if " " in p and first_name(p) == said.lower()]
    return firsts[0] if len(firsts) == 1 else None


def names_of(person: str) -> tuple[str, ...]:
    """What a person is called: their whole name and the word they are called by alone."""
    return (person, first_name(person)) if " " in person else (person,)


def first_name(person: str) -> str:
    """The word a person's name is called by alone: its first, or its second after a title."""
    words = person.lower().split()
    return words[1] if words[0].rstrip(".") in HONORIFICS and len(words) > 1 else words[0]
