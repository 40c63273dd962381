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
from datetime import datetime
from typing import Any

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.fields import known_task
from services.nlu.llm_vet import project_holding
from services.nlu.text import clean, known_prefix, strip_articles
from services.nlu.timeparse import moment_said
from services.nlu.titles import person_named

# how a follow-up opens, said before clean() drops an opening "and"
_OPENS = re.compile(
    r"^\W*(?:(?:oh|um|er|okay|ok|right|so|cheers|thanks|thank you|ta|lovely|great|perfect)\W+)*"
    r"(?:and|what about|how about|same for|same with)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(?:and\s+)?(?:what about|how about|same for|same with|the same for)?\s*"
    r"(?:(?P<on>on|for|in)\s+)?(?P<what>.+?)"
    r"(?:\s+(?:one|ones|list|project|task|tasks|job|jobs|things))?(?:,?\s+(?:too|as well|then))?"
    r"[?.!]*$",
    re.IGNORECASE,
)
_OF_THOSE = re.compile(
    r"^(?:and\s+)?how many of (?:those|them|these|the ones)\s+(?:are|is)\s+(?P<what>.+?)[?.!]*$",
    re.IGNORECASE,
)
# "tell Bex the same (thing), actually", "send the same to Bex" after a message
_SAME_MESSAGE = re.compile(
    r"^(?:and\s+)?(?:(?:tell|send|message|text)\s+(?P<who>.+?)\s+the same(?:\s+(?:thing|message))?"
    r"|(?:send\s+)?(?:the\s+)?same(?:\s+(?:thing|message))?\s+(?:to|for)\s+(?P<to>.+?)"
    r"|(?P<also>[\w' -]+?)\s+(?:as well|too)\W+(?:actually\W+)?(?:tell|send|message|text)\s+"
    r"(?:him|her|them)\s+the same(?:\s+(?:thing|message))?"
    # "and let Granny Pearl know as well", "and tell Bex too"
    r"|let\s+(?P<know>[\w' -]+?)\s+know(?:\s+(?:as well|too|and all))?"
    r"|(?:tell|message|text)\s+(?P<tell>[\w' -]+?)\s+(?:as well|too|and all))"
    r"(?:,?\s+(?:too|as well|actually|please))*[?.!]*$",
    re.IGNORECASE,
)
# how a correction opens: "no", "sorry", "oops", "wait", "hang on", any of them
_TAKEN_BACK = r"^(?:(?:hmm+|um+|erm|er|oh|ah|no|sorry|oops|wait|hang on)\W+)*"
# "sorry, I meant Mika, not Ines", "no, the lawnmower, not the bike": the last request made
# again with one thing said instead of another
_INSTEAD = re.compile(
    _TAKEN_BACK + r"(?:i meant|i mean|meant)?\s*(?P<new>[\w' -]+?),?\s+"
    r"not\s+(?P<old>[\w' -]+?)[.!]*$",
    re.IGNORECASE,
)
# "actually, Saturday would be better": the deadline just set, put right
_BETTER = re.compile(
    _TAKEN_BACK + r"(?:actually\W+)?(?P<new>[\w' -]+?)\s+(?:would be|'d be|would work|works|is)"
    r"\s+better(?:\s+for\s+(?:it|that|that one|me))?(?:\W+actually)?[.!]*$",
    re.IGNORECASE,
)
# "no sorry, I meant the other one, the donation boxes": the last change, of another task
_MEANT = re.compile(
    _TAKEN_BACK + r"(?:i meant|i mean)\s+(?:the other one\W+)?"
    r"(?P<new>[\w' -]+?)[.!]*$",
    re.IGNORECASE,
)
# "oops, undo that, I meant the VAT return": the last change taken back, made of another task
_UNDO_MEANT = re.compile(
    _TAKEN_BACK + r"undo (?:that|it)\W+(?:i meant|i mean|it was|it "
    r"should be|should be|it's)\s+(?P<new>[\w' -]+?)"
    # ("it was the invites I finished, not the fruit cage": what was done, and to which not)
    r"(?:\s+(?:I|we)\s+(?:finished|did|done|meant|ticked off|started|completed|sorted))?"
    r"(?:,?\s+not\s+[\w' -]+?)?[.!]*$",
    re.IGNORECASE,
)
# "no, sorry, the other one, the car insurance", "sorry, not that one, the home insurance":
# the last change, of another task
_OTHER_ONE = re.compile(
    _TAKEN_BACK + r"(?:the other one|not that one|wrong one)\W+(?P<new>[\w' -]+?)(?:\s+one)?"
    r"[.!]*$",
    re.IGNORECASE,
)
# "no, sorry, the other one, the panto": a question just asked, put right to another list or
# person (at least one word of taking back first)
_OTHER_ASKED = re.compile(
    r"(?=(?:no|sorry|oops|wait|hang on)\W)" + _TAKEN_BACK + r"(?:i meant|i mean)?\s*"
    r"(?:the other one\W+)?(?:the\s+)?(?P<new>[\w' -]+?)(?:\s+(?:one|list|project))?[.!?]*$",
    re.IGNORECASE,
)
# "actually cancel it, I'm taking it out now": the timer just set, stopped
_STOP_IT = re.compile(
    r"^(?:(?:oh|actually|ok|okay|right|no|yes|yeah|wait)\W+)*(?:cancel|stop|kill|turn off|"
    r"switch off)\s+(?:it|that|that one|the timer|the (?P<label>[\w' -]+?) (?:one|timer))"
    r"(?P<rest>\W.*)?$",
    re.IGNORECASE,
)
# "how long's left on it?", "how much longer on that one?": the timer just set, asked after
_TIME_LEFT = re.compile(
    r"^(?:(?:oh|and|so|ok|okay|right)\W+)*how\s+(?:long|much\s+(?:time|longer)|much)\s*"
    r"(?:'s|is|has)?\s*(?:left|remaining|to go|it got left|it got)?\s+on\s+"
    r"(?:it|that|that one|this one|the timer)[?.!]*$",
    re.IGNORECASE,
)
# what follows "stop it" that asks for more than that ("..., and add ...")
_MORE_ASKED = re.compile(
    r"\b(?:and|then|also|add|remind|set|start|make|put|move|give|tell|text|message|book|"
    r"schedule|delete|mark|tick|new)\b",
    re.IGNORECASE,
)
_QUERIES = frozenset(("query.tasks", "query.count"))
_PEOPLE_SAID_AGAIN = frozenset(("him", "her", "them"))
# "right, and how many are still left to do?" after a question about a list or a person
_HOW_MANY_LEFT = re.compile(
    r"^(?:and\s+)?how many (?:are|is|'s|have (?:we|I|they) got|do (?:we|I|they) have)?\s*"
    r"(?:still\s+)?(?:left|open|to do|left to do|outstanding|still to do|not done)"
    r"(?:\s+(?:on (?:it|that|there|that list)|now|then))?[?.!]*$",
    re.IGNORECASE,
)
# changes a follow-up may ask again of another task ("and the bike one?")
_TASK_CHANGES = frozenset((
    "task.complete", "task.start", "task.reopen", "task.cancel", "task.set_due",
    "task.set_priority", "task.assign",
))  # fmt: skip
_FILTERS = {"done": "done", "finished": "done", "overdue": "overdue", "late": "overdue",
            "open": "open", "still open": "open", "left": "open", "due today": "today",
            "due tomorrow": "tomorrow", "due this week": "this_week"}  # fmt: skip


def follow_up(text: str, context: ParseContext) -> tuple[Action, ...] | None:
    """The actions ``text`` asks for as a follow-up of ``context.previous``, or None."""
    found = _follow_up(text, context)
    if found is None:
        return None
    return found if isinstance(found, tuple) else (found,)


def _follow_up(text: str, context: ParseContext) -> Action | tuple[Action, ...] | None:
    previous = context.previous
    if previous is None:
        return None
    is_put_right, put_right = _put_right(text, previous, context)
    if is_put_right:
        return put_right
    lowered = text.lower()
    if not (_OPENS.match(text) or "many" in lowered or "same" in lowered):
        return None  # most utterances: no follow-up, and no second clean() of them
    said = clean(text)
    if previous.type == "message.send":
        return _same_message(said, previous, context)
    if previous.type == "reminder.create":
        return _same_reminder(said, previous, context)
    of_those = _OF_THOSE.match(said)
    if of_those and previous.type in _QUERIES:
        return _counted(of_those["what"], previous, context)
    if previous.type in _QUERIES and _HOW_MANY_LEFT.match(said):
        # the open ones of the list or person just asked about
        of: dict[str, Any] = {
            key: previous.params[key] for key in ("project", "assignee") if key in previous.params
        }
        return Action("query.count", of) if of else None
    match = _FOLLOW_UP.match(said) if _OPENS.match(text) else None  # ("and" before clean())
    if match is None:
        return None
    what = strip_articles(match["what"].strip(" ,"))
    if previous.type in _QUERIES:
        return _asked_of(what, previous, context)
    if previous.type in _TASK_CHANGES and not match["on"]:
        task = known_task(what, context) or _of_a_list(what, context)
        if task is None or task.startswith("\x00"):
            return None
        return Action(previous.type, {**previous.params, "task": task})
    return None


def _of_a_list(what: str, context: ParseContext) -> str | None:
    """ "the harvest supper menus": the task a list's name said first, then words of the task,
    names ("print the supper menus" on the harvest supper list); None if none or several."""
    project = known_prefix(what, context.projects)
    rest = what[len(project) :].strip() if project else ""
    return known_task(rest, context) if rest else None


_Found = Action | tuple[Action, ...] | None


def _put_right(text: str, previous: Action, context: ParseContext) -> tuple[bool, _Found]:
    """(True, what it asks) when ``text`` puts the last request right or stops the timer just
    set ("sorry, I meant Mika, not Ines", "oops, undo that, I meant the bike one", "no, I meant
    the other one, the boxes", "cancel it"); (False, None) when it says none of those."""
    said, lowered = text.strip(), text.lower()
    instead = _INSTEAD.match(said) if " not " in lowered else None
    if instead is not None:
        return True, _said_instead(instead["new"], instead["old"], previous, context)
    better = _BETTER.match(said) if "better" in lowered else None
    if better is not None:
        return True, _due_put_right(better["new"], previous, context)
    if previous.type in ("timer.start", "timer.query"):
        return True, _timer_stopped(text, previous, context)
    asked = _OTHER_ASKED.match(said) if previous.type in _QUERIES else None
    other = _asked_of(asked["new"], previous, context) if asked is not None else None
    # only a list for the list asked about, a person for the person: "no, Priya" after a
    # question about a list may ask something else
    if other is not None and set(other.params) == set(previous.params):
        return True, other
    for pattern, word in ((_UNDO_MEANT, "undo"), (_MEANT, "meant"), (_OTHER_ONE, " one")):
        found = pattern.match(said) if word in lowered else None
        if found is not None and previous.type in _TASK_CHANGES:
            return True, _of_another_task(found["new"], previous, context, undo=word == "undo")
    return False, None


def _of_another_task(new: str, previous: Action, context: ParseContext, *, undo: bool) -> _Found:
    task = known_task(strip_articles(new.strip()), context)
    if task is None or task.startswith("\x00") or task == previous.params.get("task"):
        return None
    if not undo:
        return Action(previous.type, {**previous.params, "task": task})
    # the change again runs after the undo, as said (the executor keeps the order said where no
    # step waits on another); no step of its own waits on it, as the dev sets' writers all
    # write it
    return (Action("undo", {}), Action(previous.type, {**previous.params, "task": task}))


def _timer_stopped(text: str, previous: Action, context: ParseContext) -> Action | None:
    """ "actually cancel it, I'm taking it out now, it smells done", "cancel the rice one"
    right after a timer was set: that timer, cancelled ("how long's left on it?": asked
    after); anything more asked is the model's to read."""
    label = previous.params.get("label")
    named = {"label": label} if isinstance(label, str) else {}
    if _TIME_LEFT.match(text.strip()):
        return Action("timer.query", named)
    said = _STOP_IT.match(text.strip())
    if said is None or (said["rest"] and _MORE_ASKED.search(said["rest"])):
        return None
    if said["label"] and (not isinstance(label, str) or said["label"].lower() != label.lower()):
        # "cancel the eggs one" after the toast timer: an earlier timer of the conversation,
        # unless the words name a task ("cancel the rice one" with a rice task: the model's)
        return (
            None
            if known_task(said["label"], context)
            else Action("timer.cancel", {"label": said["label"]})
        )
    return Action("timer.cancel", named)


def _said_instead(new: str, old: str, previous: Action, context: ParseContext) -> _Found:
    """The task just made or given to someone, with the person or the word of its title said
    wrongly put right (as a change of the task in context: it exists now); a change made of
    the wrong task ("I meant the bibs, not the bunting"), taken back and made of the other."""
    said_old = strip_articles(old.strip())
    wrong = known_task(said_old, context) if previous.type in _TASK_CHANGES else None
    changed = previous.params.get("task")
    if wrong is not None and isinstance(changed, str) and wrong == known_task(changed, context):
        return _of_another_task(new, previous, context, undo=True)
    moved = _due_put_right(new, previous, context, old=old)
    if moved is not None:
        return moved
    if previous.type not in ("task.create", "task.assign"):
        return None
    task = {"context": "task"}  # (the task just made or given: the one in context)
    said_new = strip_articles(new.strip())
    person, was = _person(said_new, context), previous.params.get("assignee")
    if was == {"context": "person"}:  # "... for him", "sorry, I meant Mateusz, not Ikenna"
        was = context.last.get("person") or _person(said_old, context)
    if person is not None and isinstance(was, str) and _person(said_old, context) == was:
        return Action("task.assign", {"task": task, "assignee": person})
    title = previous.params.get("title")
    if previous.type != "task.create" or not isinstance(title, str) or person is not None:
        return None
    pattern = re.compile(rf"\b{re.escape(said_old)}\b", re.IGNORECASE)
    if len(pattern.findall(title)) != 1 or not said_new:
        return None
    named = _CALL_IT.match(said_new)
    if named is not None:  # "hang on, call it renew the home insurance, not car": all of it
        said_new = named["title"]
    said_new = re.sub(r"\s+one$", "", said_new)  # "I meant the home one, not car"
    if said_new.lower() in ("one", "it", "that", "this"):
        return None
    if _is_whole_title(said_new, title, said_old):
        return Action("task.rename", {"task": task, "title": said_new})
    if named is not None or len(said_new.split()) > 3:
        return None  # more said than one word put right: the model's to read
    return Action("task.rename", {"task": task, "title": _put_in(title, said_old, said_new)})


def _due_put_right(
    new: str, previous: Action, context: ParseContext, *, old: str | None = None
) -> _Found:
    """ "actually, Saturday would be better", "sorry, Thursday, not Friday" after a task was
    made or moved with a deadline: that deadline, another day (with ``old``, only when the day
    taken back is the one the last request set); None when what is said is no time."""
    due = previous.params.get("due")
    if previous.type not in ("task.create", "task.set_due") or not isinstance(due, str):
        return None
    was, meant = _when(due, context), _when(new, context)
    if (
        meant is None
        or meant == was
        or (old is not None and (was is None or _when(old, context) != was))
    ):
        return None
    task = previous.params.get("task") if previous.type == "task.set_due" else None
    return Action("task.set_due", {"task": task or {"context": "task"}, "due": new.strip()})


def _when(said: str, context: ParseContext) -> datetime | None:
    return moment_said(said.strip(), context.now)


# "call it ...", "name it ...": the whole new title said
_CALL_IT = re.compile(
    r"(?:call|name|rename|retitle|title) (?:it|that|the task) (?:to |as )?(?P<title>.+)$",
    re.IGNORECASE,
)


def _put_in(title: str, old: str, new: str) -> str:
    """``title`` with ``old`` (said once in it) put right to ``new``, taking in the title's
    words beside ``old`` that ``new`` says again ("the home insurance, not car": "renew the
    home insurance", not "renew the home insurance insurance")."""
    words, said = title.split(), new.split()
    lowered, size = [word.lower() for word in words], len(old.split())
    first = next(i for i in range(len(words)) if " ".join(lowered[i : i + size]) == old.lower())
    last = first + size  # the span is words[first:last]
    # the word after ``old`` said again as ``new``'s last (once: "home insurance" for "car")
    if (
        last < len(words)
        and len(said) > last - first
        and said[-1].lower() == lowered[last]
        and not any(word.lower() == lowered[last] for word in said[:-1])
    ):
        last += 1
    # ... and the word before it said again as ``new``'s first
    if first > 0 and len(said) > last - first and said[0].lower() == lowered[first - 1]:
        first -= 1
    return " ".join([*words[:first], *said, *words[last:]])


def _is_whole_title(new: str, title: str, old: str) -> bool:
    """True when ``new`` is the whole title said again with ``old`` put right ("renew the home
    insurance" for "renew the car insurance"): every word of the title but ``old``'s, no more
    than one word besides."""
    words, kept = new.lower().split(), title.lower().split()
    gone = set(old.lower().split())
    rest = [word for word in kept if word not in gone]
    return (
        not gone & set(words)
        and len(rest) >= 2
        and all(word in words for word in rest)
        and len(words) - len(rest) <= len(gone) + 1
    )


def _same_message(said: str, previous: Action, context: ParseContext) -> Action | None:
    """The message just sent, sent to someone else too ("tell Bex the same"; "and Bex?" is
    a question about Bex as much as a message, and left to the model)."""
    match = _SAME_MESSAGE.match(said)
    if match is None:
        return None
    said = match["who"] or match["to"] or match["also"] or match["know"] or match["tell"]
    person = _person(said.strip(" ,"), context)
    if person is None or person == previous.params.get("to"):
        return None
    return Action("message.send", {**previous.params, "to": person})


# "and remind Wren as well, same time": the reminder just set, for someone else too
_SAME_REMINDER = re.compile(
    r"^(?:and\s+)?remind\s+(?P<who>[\w' -]+?)\s+(?:as well|too|and all)"
    r"(?:,?\s+(?:at\s+)?(?:the\s+)?same time)?[.!]*$",
    re.IGNORECASE,
)


# "and set one for her too, same time, to bring the test results": another reminder, at the
# time of the one just set, for someone
_ONE_AT_THE_SAME_TIME = re.compile(
    r"^(?:and\s+)?(?:set|make|do|put in|add)\s+(?:one|another(?:\s+one)?)\s+for\s+"
    r"(?P<who>[\w' -]+?)(?:\s+(?:too|as well))?,?\s+(?:at\s+)?(?:the\s+)?same time,?\s+"
    r"to\s+(?P<text>[\w' -]+?)[.!]*$",
    re.IGNORECASE,
)


def _same_reminder(said: str, previous: Action, context: ParseContext) -> Action | None:
    """The reminder just set, set for someone else too ("and remind Wren as well, same
    time"), or another at its time ("and set one for her too, same time, to ..."); None for
    anyone the store does not know, or the one reminded already."""
    another = _ONE_AT_THE_SAME_TIME.match(said)
    if another is not None and isinstance(when := previous.params.get("when"), str):
        who = another["who"].strip(" ,")
        person = (
            {"context": "person"} if who.lower() in _PEOPLE_SAID_AGAIN else _person(who, context)
        )
        if person is None or person == "me":
            return None
        return Action("reminder.create", {"text": another["text"], "when": when, "person": person})
    match = _SAME_REMINDER.match(said)
    person = _person(match["who"].strip(" ,"), context) if match else None
    if person is None or person == "me" or person == previous.params.get("person"):
        return None
    return Action("reminder.create", {**previous.params, "person": person})


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
