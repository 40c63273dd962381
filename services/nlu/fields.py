"""Read the parts of a task said around its title: project, assignee, due, priority, tags.

"book the venue for the launch project, due Friday, high priority" -> title "book the venue",
project "launch", due "Friday", priority "high". What is left once the parts are cut is the
title, as spoken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from services.nlu import ParseContext
from services.nlu.text import (
    PRIORITY,
    cut_when,
    drop_empty,
    holds_unread_when,
    known_prefix,
    person_ref,
    priority_of,
    project_ref,
    split_items,
    strip_articles,
    task_ref,
)

_TAGS = re.compile(
    r"[\s,]+(?:and\s+)?(?:tagged(?: as| with)?|with (?:the )?tags?|tag it(?: as| with)?|"
    r"labell?ed(?: as)?)\s+(?P<tags>.+)$",
    re.IGNORECASE,
)
_PRIORITY = re.compile(
    rf"(?:^|[\s,]+)(?:and\s+)?(?:make it\s+|with\s+|at\s+|as\s+)?(?:an?\s+)?"
    rf"(?:(?P<word>{PRIORITY})\s+priority|priority\s+(?P<after>{PRIORITY}))\b",
    re.IGNORECASE,
)
_URGENT_LEAD = re.compile(rf"^(?P<word>{PRIORITY})(?: priority)?\s+", re.IGNORECASE)
_ASSIGNEE = re.compile(
    r"[\s,]+(?:and\s+)?(?:assign(?:ed)?(?: it)? to|give it to|owned by)\s+"
    r"(?P<person>[\w'.-]+(?:\s+(?-i:[A-Z])[\w'.-]+)??)"
    r"(?=$|[\s,]+(?:due|by|on|at|with|in|and|before|for)\b|,)",
    re.IGNORECASE,
)
_FOR_PERSON_TO = re.compile(r"^for\s+(?P<person>[\w'.-]+)\s+to\s+(?P<title>.+)$", re.IGNORECASE)
_PROJECT = re.compile(
    r"[\s,]+(?:for|in|on|to|under|into|onto)\s+(?:the\s+|my\s+|our\s+)?"
    r"(?P<project>[\w'&-]+(?:\s+[\w'&-]+){0,3}?)\s+(?:project|list)\b"
    # only where the title has ended: at the end, or before another part of the task
    r"(?=\s*$|[\s,]+(?:due|by|before|on|at|in|for|with|tagged|assigned|and give|and assign|"
    r"give|high|low|medium|urgent|normal|top|priority|tomorrow|today|tonight|next|this)\b)",
    re.IGNORECASE,
)
_KNOWN_PROJECT = re.compile(
    r"[\s,]+(?:for|in|on|to|under)\s+(?:the\s+|my\s+|our\s+)?(?P<project>.+)$", re.IGNORECASE
)
_PARENT = re.compile(
    r"[\s,]+(?:as a subtask of|as part of|under the|under)\s+(?P<parent>.+)$", re.IGNORECASE
)
_FOR_KNOWN = re.compile(r"\s+for\s+(?P<person>[\w'.-]+(?:\s+[\w'.-]+)?)$", re.IGNORECASE)
# "at some point": no deadline at all; "whenever": no deadline and not pressing
_VAGUE_WHEN = re.compile(
    r"[\s,]+(?:at some point|some ?time|at some stage|one of these days|eventually)$",
    re.IGNORECASE,
)
_NO_HURRY = re.compile(
    r"[\s,]+(?:whenever(?: (?:i|you|we) (?:can|get (?:a|the) chance|have (?:the )?time))?"
    r"|when(?:ever)? there's time|if there's time|no rush|no hurry)$",
    re.IGNORECASE,
)
_TITLE_LEAD = re.compile(
    r"^(?:(?:to|that|called|named|titled|saying|that says|for)\s+|[:-]\s*)", re.IGNORECASE
)


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}".strip(" ,")


def _cut_assignee(text: str, context: ParseContext, fields: dict[str, Any]) -> str:
    for match in _ASSIGNEE.finditer(text):
        said = match.group("person")
        is_for = match.group(0).strip(" ,").lower().startswith(("for", "and for"))
        if is_for:
            known = known_prefix(said, context.people)
            if not known:
                continue
            said = known
        person = person_ref(said, context.people)
        if person is None:
            continue
        fields["assignee"] = person
        return f"{text[: match.start()]} {text[match.start('person') + len(said) :]}".strip(" ,")
    return text


def _cut_project(text: str, context: ParseContext, fields: dict[str, Any]) -> str:
    match = _PROJECT.search(text)
    if match:
        fields["project"] = project_ref(match.group("project"))
        return _cut(text, match)
    match = _KNOWN_PROJECT.search(text)
    if match and known_prefix(match.group("project"), context.projects) == match.group("project"):
        fields["project"] = project_ref(match.group("project"))
        return _cut(text, match)
    return text


def _cut_vague(text: str, fields: dict[str, Any]) -> str:
    match = _NO_HURRY.search(text)
    if match:
        fields.setdefault("priority", "low")
        return text[: match.start()]
    match = _VAGUE_WHEN.search(text)
    return text[: match.start()] if match else text


def _cut_for_person(text: str, context: ParseContext, fields: dict[str, Any]) -> str | None:
    """ "add a task to print the flyers for Alex due tomorrow": Alex is who does it.

    Only for a task said as one, with a deadline and no other assignee: "remember to buy a
    card for Dad" keeps Dad in the title. None when the name is one nobody knows ("for
    Sarah": who does it, or for whom?).
    """
    if "due" not in fields or "assignee" in fields:
        return text
    match = _FOR_KNOWN.search(text)
    if match is None:
        return text
    said = match.group("person")
    if known_prefix(said, context.people) != said:
        return None if person_ref(said, context.people) is not None else text
    fields["assignee"] = said
    return text[: match.start()]


# "... and break it into steps": a second request about the new task, not part of its title
_ACTS_ON_IT = re.compile(
    r"\band (?:then )?(?:break|split|divide|assign|give|make|mark|move|push|schedule) "
    r"(?:it|that|this)\b",
    re.IGNORECASE,
)


def _cut_kind(text: str, fields: dict[str, Any]) -> str:
    """Cut "task", "to-do" or "item" before a title, and a priority said before it."""
    lead = _URGENT_LEAD.match(text)
    if lead and text[lead.end() :].lower().startswith(("task", "to-do", "todo", "item")):
        fields["priority"] = priority_of(lead.group("word"))
        text = text[lead.end() :]
    return re.sub(r"^(?:task|to-?do|item)\b\s*", "", text, flags=re.IGNORECASE)


def task_fields(
    words: str, context: ParseContext, *, is_explicit: bool = False
) -> dict[str, Any] | None:
    """Split what was said about a new task into task.create parameters; None if no title.

    ``is_explicit``: the words follow "add a task to", so "for <a known person>" before or
    after the deadline names who does it.
    """
    fields: dict[str, Any] = {}
    text = _cut_kind(words.strip(" ,:"), fields)
    if holds_unread_when(text):
        return None  # "order 6 tomorrow": a time not read would stay in the title
    for_person = _FOR_PERSON_TO.match(text)
    if for_person and person_ref(for_person.group("person"), context.people):
        fields["assignee"] = person_ref(for_person.group("person"), context.people)
        text = for_person.group("title")
    match = _TAGS.search(text)
    if match:
        fields["tags"] = split_items(match.group("tags"))
        text = _cut(text, match)
    match = _PRIORITY.search(text)
    if match:
        fields["priority"] = priority_of(match.group("word") or match.group("after"))
        text = _cut(text, match)
    text = _cut_assignee(text, context, fields)
    text = _cut_project(text, context, fields)
    text = _cut_vague(text, fields)
    text, when = cut_when(text)
    if when:
        fields["due"] = when
    if is_explicit:
        cut = _cut_for_person(text, context, fields)
        if cut is None:
            return None
        text = cut
    match = _PARENT.search(text)
    if match and task_ref(match.group("parent")):
        fields["parent"] = task_ref(match.group("parent"))
        text = _cut(text, match)
    title = _TITLE_LEAD.sub("", text.strip(" ,:")).strip(" ,:")
    title = re.sub(r"\s+(?:and|,)$", "", title, flags=re.IGNORECASE)
    if not title or re.fullmatch(r"(?:it|that|this|a task|task)", title, re.IGNORECASE):
        return None
    if re.search(r"[,;:]|[a-z]{3}\.\s", title) or _ACTS_ON_IT.search(title):
        return None  # "call the bank, it's urgent": more than a title was said
    if known_prefix(title, context.people) == title:
        return None  # "add Sam to the launch project": a person, not a task
    return drop_empty({"title": title, **fields})


# --- tasks said as statements: "the gate's fixed", "the venue booking" ----------------------

_WORD = re.compile(r"[\w'-]+")


def _words(text: str) -> list[str]:
    return [word.lower().removesuffix("s") for word in _WORD.findall(text)]


def _has_run(said: list[str], words: list[str]) -> bool:
    """Tell whether ``words`` come one after another in ``said``."""
    size = len(words)
    return any(said[i : i + size] == words for i in range(len(said) - size + 1))


# "finish the catering and the testing": two tasks, the second said with its article
SECOND_TASK = re.compile(r"^(?P<first>.+?),? and (?P<second>(?:the|my|that) .+)$", re.I)


def task_parts(words: str) -> list[str]:
    """Split "the catering and the testing" into the words of each task (one or two)."""
    both = SECOND_TASK.match(words)
    return [both["first"], both["second"]] if both else [words]


@dataclass(frozen=True)
class _Titles:
    """The words of each task title, and which titles hold each word."""

    words: tuple[list[str], ...]
    holding: dict[str, tuple[int, ...]]  # word -> indexes of the titles holding it, in order


@lru_cache(maxsize=4)  # the task lists in use now (each entry holds one)
def _titles(tasks: tuple[str, ...]) -> _Titles:
    """Split the titles once per task list, not once per check.

    A context listing 10,000 tasks would otherwise have every title split again for each
    reference the clauses try. The titles themselves are the key: a changed list is a new
    entry, never a stale one.
    """
    words = tuple(_words(title) for title in tasks)
    holding: dict[str, list[int]] = {}
    for index, said in enumerate(words):
        for word in dict.fromkeys(said):
            holding.setdefault(word, []).append(index)
    return _Titles(words, {word: tuple(found) for word, found in holding.items()})


def _titles_naming(words: list[str], tasks: tuple[str, ...]) -> list[str]:
    """Return the titles holding ``words`` in a row, in the order of ``tasks``."""
    if not words:
        return list(tasks)
    titles = _titles(tuple(tasks))
    # a title holding the run holds each of its words: only the fewest candidates are read
    fewest = min((titles.holding.get(word, ()) for word in words), key=len)
    return [tasks[index] for index in fewest if _has_run(titles.words[index], words)]


def is_known_task(ref: str, context: ParseContext) -> bool:
    """True when ``ref`` names (part of) an open task in the context: "gate" in "fix the gate"."""
    words = _words(ref)
    return bool(words) and bool(_titles_naming(words, context.tasks))


def known_task(words: str, context: ParseContext) -> str | None:
    """Return a task reference only if it names a task the store knows, or is "it".

    Statements ("the gate's fixed", "the flowers can wait") are only changes to a task when
    the subject is one; "the car is fixed" about something else is not understood.
    A noun made of the task's verb is read as the task: "the venue booking" -> "venue".
    """
    ref = task_ref(words)
    if ref is None or ref.startswith("\x00") or is_known_task(ref, context):
        return ref
    parts = ref.split()
    if len(parts) > 1 and parts[-1].lower().endswith("ing"):
        shorter = " ".join(parts[:-1])  # "venue booking"
    elif len(parts) > 1 and parts[0].lower().endswith("ing"):
        shorter = task_ref(" ".join(parts[1:])) or ""  # "booking the venue"
    else:
        return None
    return shorter if shorter and is_known_task(shorter, context) else None


# "the garden hose needs replacing" -> "replace the garden hose"
_NEEDS_DOING = re.compile(
    r"^(?P<thing>.+?) (?:needs|need|wants) (?P<gerund>[a-z]+ing)$",
    re.IGNORECASE,
)
_KEEP_PLAIN = frozenset(
    (
        "fix", "clean", "paint", "mend", "repair", "wash", "empty", "tidy", "sort", "check",
        "sweep", "mow", "water", "feed", "cut", "trim", "weed", "dust", "fill", "hoover",
        "polish", "oil", "renew", "sign", "post", "pay", "print", "test", "book", "order",
        "read", "send", "answer", "visit", "walk", "open", "unblock", "reset", "plant",
    )
)  # fmt: skip
_E_VERBS = frozenset(
    (
        "replace", "service", "change", "charge", "update", "prune", "remove", "move", "wipe",
        "shave", "tune", "rake", "bake", "iron", "recycle", "organise", "organize", "renovate",
        "decorate", "declutter", "sanitise", "sanitize", "rewire", "file", "rescue", "source",
        "price", "measure", "store", "restore", "scrape", "sharpen", "issue", "re-tile", "tile",
    )
)  # fmt: skip


def verb_of(gerund: str) -> str | None:
    """Return the verb of a known "-ing" word ("replacing" -> "replace"), None if unsure."""
    stem = gerund.lower().removesuffix("ing")
    if stem in _KEEP_PLAIN:
        return stem
    if stem + "e" in _E_VERBS:
        return stem + "e"
    if stem in _E_VERBS:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _KEEP_PLAIN:
        return stem[:-1]  # "cutting" -> "cut"
    return None


def statement_title(text: str) -> str:
    """Turn a noted fact into a title when it says what to do: "the hose needs replacing"."""
    match = _NEEDS_DOING.match(text.strip())
    if match is None:
        return text
    verb = verb_of(match.group("gerund"))
    if verb is None:
        return text
    thing = match.group("thing")
    if re.match(r"(?:the|a|an|my|our|your|his|her|their)\b", thing, re.IGNORECASE) is None:
        thing = f"the {thing}"
    return f"{verb} {thing}"


# --- stand-ins the fast path's assembler resolves once it knows the actions before -----------

# the project made earlier in this command ("start a packing list ... put X in it")
NEW_PROJECT = "\x00new-project"
# the project of the task made just before ("..., then another to plant the bulbs")
SAME_PROJECT = "\x00same-project"
# the task touched before the latest one ("another to plant the bulbs that waits for it")
PREVIOUS_TASK = "\x00previous-task"
# a piece that says why, not what ("the dog keeps getting out"): no action of its own
ASIDE = "aside"


def same_title(ref: str, title: str) -> str | None:
    """Say how ``ref`` names a new task's ``title``: "exact", "object" ("the demo" for
    "record the demo": what the title acts on), or None."""
    said = _words(strip_articles(ref))
    if not said or not isinstance(title, str):
        return None
    if said == _words(strip_articles(title)):
        return "exact"
    _verb, _, thing = title.strip().partition(" ")
    return "object" if thing and _words(strip_articles(thing)) == said else None


# --- "the press release is written": the past participle of the task's own verb -------------

_IRREGULAR = {
    "write": "written", "send": "sent", "buy": "bought", "pay": "paid", "build": "built",
    "make": "made", "do": "done", "get": "got", "take": "taken", "give": "given",
    "find": "found", "sell": "sold", "tell": "told", "put": "put", "cut": "cut", "read": "read",
    "ring": "rung", "hang": "hung", "sweep": "swept", "feed": "fed", "meet": "met",
    "choose": "chosen", "draw": "drawn", "mow": "mown", "sew": "sewn", "bring": "brought",
    "hide": "hidden", "set": "set", "lay": "laid", "win": "won", "shut": "shut", "sort": "sorted",
}  # fmt: skip
# said of any task: "the catering is sorted", "the testing's done"
DONE_WORDS = frozenset(
    ("done", "finished", "complete", "completed", "sorted", "sorted out", "dealt with",
     "seen to", "taken care of", "handled", "ready", "over", "all set", "wrapped up")
)  # fmt: skip


_PARTICIPLE = re.compile(r"[a-z]{2,}ed")


def is_participle(word: str) -> bool:
    """True for a past participle: "booked", "confirmed", "written"."""
    word = word.lower().strip()
    return _PARTICIPLE.fullmatch(word) is not None or word in _IRREGULAR.values()


def participles(verb: str) -> set[str]:
    """Return the ways "<task> is ___" says ``verb`` was done ("book" -> "booked")."""
    verb = verb.lower()
    forms = {verb + "d" if verb.endswith("e") else verb + "ed"}
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        forms.add(verb[:-1] + "ied")  # "tidy" -> "tidied"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", verb):
        forms.add(verb + verb[-1] + "ed")  # "plan" -> "planned"
    if verb in _IRREGULAR:
        forms.add(_IRREGULAR[verb])
    return forms


def gerunds(verb: str) -> set[str]:
    """Return the ways "<task> needs ___" says ``verb`` ("book" -> "booking")."""
    verb = verb.lower()
    forms = {verb + "ing"}
    if verb.endswith("e") and not verb.endswith("ee"):
        forms.add(verb[:-1] + "ing")  # "write" -> "writing"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", verb):
        forms.add(verb + verb[-1] + "ing")  # "plan" -> "planning"
    return forms


# said of any task: "the catering needs doing by Friday"
DOING_WORDS = frozenset(("doing", "finishing", "completing", "sorting", "sorting out"))


def says_doing(said: str, ref: str, context: ParseContext) -> bool:
    """True when "<ref> needs <said>" asks for a known task to be done: a word for doing it,
    or the "-ing" of the task's own verb ("the venue needs booking" for "book the venue")."""
    said = " ".join(said.lower().split())
    if said in DOING_WORDS:
        return True
    return any(
        said in gerunds(title.split()[0])
        for title in _titles_naming(_words(ref), context.tasks)
        if title.split()
    )


def says_done(state: str, ref: str, context: ParseContext) -> bool:
    """True when "<ref> is <state>" means a known task is done: a word for done, or the past
    participle of the task's own verb ("the venue is booked" for "book the venue")."""
    state = " ".join(state.lower().split())
    if state in DONE_WORDS:
        return True
    words = _words(ref)
    return any(
        state in participles(title.split()[0])
        for title in _titles_naming(words, context.tasks)
        if title.split()
    )
