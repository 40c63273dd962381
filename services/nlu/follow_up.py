"""A follow-up: the conversation's last request asked again of something else.

"What's on the choir list?" ... "And the panto one?"; "how many are left on the canal boat?"
... "and the pottery one?"; "push the receipts one to Monday" ... "and the bike one?"; "what's
Lorcan got on this week?" ... "and Pippa?"; "how many of those are Harriet's?"; "tell Marguerite
to bring the swatches" ... "tell Bex the same"; "put sort out the float on the quiz list, for
Ines" ... "sorry, I meant Mika, not Ines"; "add a task to fix the bike" ... "no, the lawnmower,
not the bike". The words say
only what changes; the rest is the action the conversation ran last (``ParseContext.previous``,
which the core keeps per conversation). A follow-up whose words name no project, person or task
the store knows, or that follows no single action, is not read here.
"""

from __future__ import annotations

import re
from typing import Any

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.fields import known_task
from services.nlu.llm_vet import project_holding
from services.nlu.text import clean, strip_articles
from services.nlu.titles import person_named

# how a follow-up opens, said before clean() drops an opening "and"
_OPENS = re.compile(
    r"^\W*(?:(?:oh|um|er|okay|ok|right|so|cheers|thanks)\W+)*"
    r"(?:and|what about|how about|same for|same with)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(?:and\s+)?(?:what about|how about|same for|same with|the same for)?\s*"
    r"(?:(?P<on>on|for|in)\s+)?(?P<what>.+?)"
    r"(?:\s+(?:one|list|project|task|job))?(?:,?\s+(?:too|as well|then))?[?.!]*$",
    re.IGNORECASE,
)
_OF_THOSE = re.compile(
    r"^(?:and\s+)?how many of (?:those|them|these|the ones)\s+(?:are|is)\s+(?P<what>.+?)[?.!]*$",
    re.IGNORECASE,
)
# "tell Bex the same (thing), actually", "send the same to Bex" after a message
_SAME_MESSAGE = re.compile(
    r"^(?:and\s+)?(?:(?:tell|send|message|text)\s+(?P<who>.+?)\s+the same(?:\s+(?:thing|message))?"
    r"|(?:send\s+)?the same(?:\s+(?:thing|message))?\s+to\s+(?P<to>.+?))"
    r"(?:,?\s+(?:too|as well|actually|please))*[?.!]*$",
    re.IGNORECASE,
)
# "sorry, I meant Mika, not Ines", "no, the lawnmower, not the bike": the last request made
# again with one thing said instead of another
_INSTEAD = re.compile(
    r"^(?:(?:no|sorry|oops|hang on|wait)\W+)*(?:i meant|i mean|meant)?\s*(?P<new>[\w' -]+?),?\s+"
    r"not\s+(?P<old>[\w' -]+?)[.!]*$",
    re.IGNORECASE,
)
# "no sorry, I meant the other one, the donation boxes": the last change, of another task
_MEANT = re.compile(
    r"^(?:(?:no|sorry|oops|wait|hang on)\W+)*(?:i meant|i mean)\s+(?:the other one\W+)?"
    r"(?P<new>[\w' -]+?)[.!]*$",
    re.IGNORECASE,
)
_QUERIES = frozenset(("query.tasks", "query.count"))
# changes a follow-up may ask again of another task ("and the bike one?")
_TASK_CHANGES = frozenset((
    "task.complete", "task.start", "task.reopen", "task.cancel", "task.set_due",
    "task.set_priority", "task.assign",
))  # fmt: skip
_FILTERS = {"done": "done", "finished": "done", "overdue": "overdue", "late": "overdue",
            "open": "open", "still open": "open", "left": "open", "due today": "today",
            "due tomorrow": "tomorrow", "due this week": "this_week"}  # fmt: skip


def follow_up(text: str, context: ParseContext) -> Action | None:
    """The action ``text`` asks for as a follow-up of ``context.previous``, or None."""
    previous = context.previous
    lowered = text.lower()
    if previous is not None and " not " in lowered:
        instead = _INSTEAD.match(text.strip())
        if instead is not None:
            return _said_instead(instead["new"], instead["old"], previous, context)
    meant = _MEANT.match(text.strip()) if previous is not None and "meant" in lowered else None
    if meant is not None and previous is not None and previous.type in _TASK_CHANGES:
        task = known_task(strip_articles(meant["new"].strip()), context)
        if task is None or task.startswith("\x00") or task == previous.params.get("task"):
            return None
        return Action(previous.type, {**previous.params, "task": task})
    if previous is None or not (_OPENS.match(text) or "many" in lowered or "same" in lowered):
        return None  # most utterances: no follow-up, and no second clean() of them
    said = clean(text)
    if previous.type == "message.send":
        return _same_message(said, previous, context)
    of_those = _OF_THOSE.match(said)
    if of_those and previous.type in _QUERIES:
        return _counted(of_those["what"], previous, context)
    match = _FOLLOW_UP.match(said) if _OPENS.match(text) else None  # ("and" before clean())
    if match is None:
        return None
    what = strip_articles(match["what"].strip(" ,"))
    if previous.type in _QUERIES:
        return _asked_of(what, previous, context)
    if previous.type in _TASK_CHANGES and not match["on"]:
        task = known_task(what, context)
        if task is None or task.startswith("\x00"):
            return None
        return Action(previous.type, {**previous.params, "task": task})
    return None


def _said_instead(new: str, old: str, previous: Action, context: ParseContext) -> Action | None:
    """The task just made or given to someone, with the person or the word of its title said
    wrongly put right (as a change of the task in context: it exists now)."""
    if previous.type not in ("task.create", "task.assign"):
        return None
    task = {"context": "task"} if previous.type == "task.create" else previous.params.get("task")
    said_new, said_old = strip_articles(new.strip()), strip_articles(old.strip())
    person, was = _person(said_new, context), previous.params.get("assignee")
    if person is not None and isinstance(was, str) and _person(said_old, context) == was:
        return Action("task.assign", {"task": task, "assignee": person})
    title = previous.params.get("title")
    if previous.type != "task.create" or not isinstance(title, str) or person is not None:
        return None
    pattern = re.compile(rf"\b{re.escape(said_old)}\b", re.IGNORECASE)
    if len(pattern.findall(title)) != 1 or not said_new:
        return None
    return Action("task.rename", {"task": task, "title": pattern.sub(said_new, title)})


def _same_message(said: str, previous: Action, context: ParseContext) -> Action | None:
    """The message just sent, sent to someone else too ("tell Bex the same"; "and Bex?" is
    a question about Bex as much as a message, and left to the model)."""
    match = _SAME_MESSAGE.match(said)
    if match is None:
        return None
    person = _person((match["who"] or match["to"]).strip(" ,"), context)
    if person is None or person == previous.params.get("to"):
        return None
    return Action("message.send", {**previous.params, "to": person})


def _asked_of(what: str, previous: Action, context: ParseContext) -> Action | None:
    """The same question of another list or person."""
    params: dict[str, Any] = dict(previous.params)
    project = _project(what, context)
    person = _person(what, context)
    if (project is None) == (person is None):
        return None  # neither, or both: which was meant is the model's to read
    if project is not None:
        params["project"] = project
    else:
        params["assignee"] = person
    return Action(previous.type, params)


def _counted(what: str, previous: Action, context: ParseContext) -> Action | None:
    """ "how many of those are Harriet's / overdue?": the last question's tasks, counted."""
    params: dict[str, Any] = dict(previous.params)
    state = _FILTERS.get(what.lower())
    person = _person(re.sub(r"(?:'s|s')$", "", what), context)
    if state is not None:
        params["filter"] = state
    elif person is not None:
        params["assignee"] = person
    else:
        return None
    return Action("query.count", params)


def _project(what: str, context: ParseContext) -> str | None:
    lowered = what.lower()
    for project in context.projects:
        if project.lower() == lowered:
            return project
    return project_holding(what, context)


def _person(what: str, context: ParseContext) -> str | None:
    if what.lower() in ("me", "mine", "myself"):
        return "me"
    return person_named(what, context)
