"""Tidy the values a small model writes before they are validated.

A 0.5B model gets the action right more often than its words: it keeps the filler that came
with a title ("pick up the dry cleaning at some point"), the word "timer" in a timer's label,
"me" among the people at a meeting, the verb that addressed Parley as an assignee ("chuck
phone the council" -> assignee "Chuck"), a thing as a person ("the dog"), or a priority nobody
asked for, or "for me" left at the end of a title (the speaker's task: it moves to the
assignee). Each fix here works on one raw action (the flat dict of the output schema), needs
only the utterance and the context, and never invents a value: it drops, trims or moves one.

All of it is pure: ``tidy(item, utterance, context)`` returns the tidied item.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz

from services.nlu import ParseContext
from services.nlu.commands import ACTIONS, Action, Command
from services.nlu.text import clean_name
from services.nlu.timeparse import normalize as normalize_time

# Filler after a title that says when, vaguely, rather than what.
_TITLE_FILLER = re.compile(
    r"[\s,]+(?:at some point|some ?time(?: soon)?|whenever(?: I can)?|one of these days|"
    r"eventually|when I get a chance|when I can|no rush|no hurry|please)$",
    re.IGNORECASE,
)
# "for me" closing a new task's title says whose it is (the speaker's), as the fast path reads it
_FOR_ME = re.compile(r"[\s,]+for me$", re.IGNORECASE)
# "put X down", "stick X down as a task": the verb's "down", not the title's
_PUT_DOWN = re.compile(r"\b(?:put|stick|pop|jot|write|note|get)\s+.+?\s+down\b", re.IGNORECASE)
_LOW_WORDS = re.compile(r"\b(?:whenever|no rush|no hurry)\b", re.IGNORECASE)
_TIMER_WORD = re.compile(r"\s+timer$", re.IGNORECASE)
_NO_LABEL = frozenset(("timer", "a timer", "the timer", "alarm", "an alarm", "the alarm"))
_DONE_WORD = re.compile(r"\s+(?:done|finished|complete|completed)$", re.IGNORECASE)
_SELF = frozenset({"me", "myself", "i", "us"})
_NOTE_SAID = re.compile(r"\bnot(?:e|es|ed|ing)\b|\bsay(?:s|ing)?\b|\bremember\b|\bdetails?\b", re.I)
SAID_WORD = 85  # rapidfuzz ratio for a word of a name to count as said ("pria" / "priya")
_TASK_KEYS = ("task", "blocker")
# Words that ask for a priority; a priority the model sets without one was not asked for.
PRIORITY_CUES = (
    "urgent", "asap", "a.s.a.p", "important", "critical", "crucial", "vital", "priority",
    "high", "low", "rush", "hurry", "whenever", "wait", "big deal", "matter", "top",
    "emergency", "pressing", "minor", "trivial", "fire", "straight away", "right away",
    "medium", "normal", "moderate", "lowest", "highest",
)  # fmt: skip


def is_priority_said(utterance: str) -> bool:
    """Tell whether the words ask for a priority at all."""
    said = utterance.lower()
    return any(cue in said for cue in PRIORITY_CUES)


def _count(name: str, text: str) -> int:
    return len(re.findall(rf"\b{re.escape(name.lower())}\b", text.lower()))


def _tidy_title(item: dict[str, Any], utterance: str) -> dict[str, Any]:
    title = item.get("title")
    if not isinstance(title, str):
        return item
    trimmed = _TITLE_FILLER.sub("", title).strip() or title
    put_down = _PUT_DOWN.search(utterance)
    if trimmed.lower().endswith(" down") and put_down and trimmed.lower() in put_down[0].lower():
        trimmed = trimmed[: -len(" down")]  # "put take the meter readings down for me"
    item = {**item, "title": trimmed}
    mine = _FOR_ME.sub("", trimmed).strip()
    if mine and mine != trimmed and "assignee" not in item:  # "put the turkey order in for me"
        item = {**item, "title": mine, "assignee": "me"}
    if trimmed != title and _LOW_WORDS.search(title) and "priority" not in item:
        item["priority"] = "low"
    assignee = item.get("assignee")
    # a name inside the title or the note is who the task is about ("call Sam", "a note saying
    # Henrik knows a guy"), or the verb that addressed Parley ("chuck ..."); it is the
    # assignee only if said again elsewhere (by the name or its first word)
    if isinstance(assignee, str) and assignee.lower() not in _SELF:
        inside = f"{title} \n {item.get('notes') or ''}"
        for said in dict.fromkeys((assignee, assignee.split()[0])):
            within = _count(said, inside)
            if within and _count(said, utterance) <= within:
                item = {key: value for key, value in item.items() if key != "assignee"}
                break
    return item


def _is_unsaid(name: str, utterance: str, context: ParseContext) -> bool:
    """Tell whether a person's name is neither known nor any word said ("um" -> "Uma")."""
    if name.lower() in _SELF or any(name.lower() == p.lower() for p in context.people):
        return False
    said = re.findall(r"[a-z']+", utterance.lower())
    return not all(
        any(fuzz.ratio(word, other) >= SAID_WORD for other in said)
        for word in re.findall(r"[a-z']+", name.lower())
    )


def _is_thing(name: str, utterance: str, context: ParseContext) -> bool:
    """Tell whether a "person" is a thing said with an article ("the dog", "the bank")."""
    if any(name.lower() == person.lower() for person in context.people):
        return False
    return bool(re.search(rf"\b(?:the|a|an|my|our)\s+{re.escape(name.lower())}\b",
                          utterance.lower()))  # fmt: skip


def _tidy_people(item: dict[str, Any], utterance: str, context: ParseContext) -> dict[str, Any]:
    result = dict(item)
    for key in ("assignee", "person", "to", "source"):
        value = result.get(key)
        if isinstance(value, str) and (
            _is_thing(value, utterance, context) or _is_unsaid(value, utterance, context)
        ):
            del result[key]
    attendees = result.get("attendees")
    if isinstance(attendees, list):
        kept = [name for name in attendees if not (isinstance(name, str) and name.lower() in _SELF)]
        if kept:
            result["attendees"] = kept
        else:
            del result["attendees"]
    return result


def _tidy_references(item: dict[str, Any], utterance: str) -> dict[str, Any]:
    """Drop the verb that opened the request from a task reference ("hand the gate")."""
    said = utterance.split()
    opener = said[0].lower() if said else ""
    result = dict(item)
    for key in _TASK_KEYS:
        value = result.get(key)
        words = value.split() if isinstance(value, str) else []
        if len(words) > 1 and words[0].lower() == opener:
            result[key] = " ".join(words[1:])
    title, task = result.get("title"), result.get("task")
    if item.get("type") == "task.rename" and isinstance(title, str) and isinstance(task, str):
        # "call the X task Y": the old name is what comes before the new one
        cut = re.sub(rf"\s+{re.escape(title)}$", "", task, flags=re.IGNORECASE).strip()
        result["task"] = cut or task
    return result


def _without_time(text: str, when: str) -> str:
    """Return a reminder's text without its own time at the end ("call Mum at 6")."""
    words, target = text.split(), normalize_time(when)
    for cut in range(1, min(len(words), 8)):
        if normalize_time(" ".join(words[-cut:])) == target:
            return " ".join(words[:-cut]) or text
    return text


def _tidy_names(item: dict[str, Any]) -> dict[str, Any]:
    kind = item.get("type")
    if isinstance(item.get("project"), str):  # "the shopping list" is project "shopping"
        item = {**item, "project": clean_name(item["project"]) or item["project"]}
    if kind == "project.create" and isinstance(item.get("name"), str):
        item = {**item, "name": clean_name(item["name"]) or item["name"]}
    if kind == "reminder.create" and isinstance(item.get("text"), str):
        when = item.get("when")
        if isinstance(when, str):
            item = {**item, "text": _without_time(item["text"], when)}
    return item


# a list item that is only a filler said between the real ones ("order the shelf, um, test fire")
_FILLER_ITEM = re.compile(r"(?:um+|uh+|erm+|er|ah+|oh|like|so)\W*", re.IGNORECASE)


# the word that joins a step to the one before ("..., then actually measure the thing"), kept
# by the model at the start of the step
_JOINING = re.compile(r"^(?:(?:and\s+)?then|and|also|plus|actually|oh|um+|erm+|er)[\s,]+", re.I)


def _tidy_items(item: dict[str, Any]) -> dict[str, Any]:
    """Drop a filler the model kept as an item of a list, and the word that joined an item to
    the one before ("then measure the thing"); a reminder is the speaker's unless it names
    someone else ("put a reminder in for me": no person)."""
    titles = item.get("titles")
    if isinstance(titles, list):
        kept = [t for t in titles if not (isinstance(t, str) and _FILLER_ITEM.fullmatch(t))]
        kept = [_unjoined(t) if isinstance(t, str) else t for t in kept]
        if kept and kept != titles:
            item = {**item, "titles": kept}
    if item.get("type") == "reminder.create" and str(item.get("person", "")).lower() in _SELF:
        item = {key: value for key, value in item.items() if key != "person"}
    return item


def _unjoined(title: str) -> str:
    """``title`` without the words that joined it to the item before ("then actually measure
    the thing": "measure the thing"); as it was when nothing would be left."""
    bare = title
    while (stripped := _JOINING.sub("", bare)) != bare:
        bare = stripped
    return bare or title


def tidy(item: dict[str, Any], utterance: str, context: ParseContext) -> dict[str, Any]:
    """Return the raw action with filler trimmed and values nobody said dropped."""
    kind = item.get("type")
    item = _tidy_items(item)
    if kind == "task.create":
        item = _tidy_title(item, utterance)
    if kind in ("timer.start", "timer.cancel", "timer.query") and isinstance(
        item.get("label"), str
    ):
        label = _TIMER_WORD.sub("", item["label"]).strip() or item["label"]
        item = {**item, "label": label}
        if label.lower() in _NO_LABEL:  # "Ninety seconds. Timer. Go.": no name said
            item = {key: value for key, value in item.items() if key != "label"}
    if kind == "meeting.schedule" and isinstance(item.get("title"), str):
        item = _titled_catch_up(item, utterance)
    if kind == "task.complete" and isinstance(item.get("task"), str):
        item = {**item, "task": _DONE_WORD.sub("", item["task"]).strip() or item["task"]}
    if "priority" in item and kind != "task.set_priority" and not is_priority_said(utterance):
        item = {key: value for key, value in item.items() if key != "priority"}
    if "notes" in item and not _NOTE_SAID.search(utterance):
        # "create a task called replace the batteries, urgent, it's been beeping all night":
        # why, not a note (every note on the dev sets' 7,446 lines is said with one of these)
        item = {key: value for key, value in item.items() if key != "notes"}
    if kind in ("query.tasks", "query.count"):
        item = _tidy_filter(item, utterance, context)
    item = _tidy_names(_tidy_references(item, utterance))
    return _tidy_people(item, utterance, context)


def _titled_catch_up(item: dict[str, Any], utterance: str) -> dict[str, Any]:
    """ "pottery catch-up with Leila": the catch-up is part of its title, as the fast path
    reads it (``grammar.titled_catch_up``), where the model wrote the subject alone; "a
    catch-up with Leila" has none (a title is the topic, left out when none is said)."""
    title = item["title"]
    if _NO_TOPIC.fullmatch(title.strip()):
        return {key: value for key, value in item.items() if key != "title"}
    said = re.search(rf"\b{re.escape(title)}\s+catch[- ]up\b", utterance, re.IGNORECASE)
    return {**item, "title": f"{title} catch-up"} if said else item


# a meeting's title that names what it is, not what it is about
_NO_TOPIC = re.compile(r"(?:a |the )?(?:quick |short )?(?:catch[- ]?up|meeting)", re.IGNORECASE)


# the words that say each filter, as said and as a recogniser may write them ("to day",
# "over do", "this weak"); "open" and "all" are what a question asks by default
_FILTER_SAID = {
    "today": r"\b(?:today|to day|tonight|this (?:morning|afternoon|evening))\b",
    "tomorrow": r"\b(?:tomorrow|to morrow)\b",
    "this_week": r"\b(?:week|weak)\b",
    "overdue": r"\b(?:overdue|over ?(?:due|do|dew)|late|behind|slip|slipped|missed|past)\b",
    "done": r"\b(?:done|dun|finish\w*|complet\w*|ticked|did|crossed|sorted)\b",
}


def _tidy_filter(item: dict[str, Any], utterance: str, context: ParseContext) -> dict[str, Any]:
    """A question's filter that no word of it says is dropped ("what's Deacon got on at the
    moment" is no question about today), unless it is the last question's, asked again
    ("and the choir one?")."""
    said = _FILTER_SAID.get(str(item.get("filter")))
    if said is None or re.search(said, utterance, re.IGNORECASE):
        return item
    previous = context.previous
    if previous is not None and previous.params.get("filter") == item.get("filter"):
        return item
    return {key: value for key, value in item.items() if key != "filter"}


_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.IGNORECASE)


def _unasked_for_me(actions: list[Action], utterance: str) -> list[Action]:
    """A second question about the speaker's own tasks that nobody asked ("what's Jess got,
    is she still on the tickets?" is one question, about Jess)."""
    questions = [a for a in actions if a.type in ("query.tasks", "query.count")]
    if len(questions) < 2 or _FIRST_PERSON.search(utterance):
        return actions
    kept = [a for a in actions if not (a in questions and a.params.get("assignee") == "me")]
    return kept if any(a.type in ("query.tasks", "query.count") for a in kept) else actions


def tidy_command(command: Command, utterance: str, context: ParseContext) -> Command:
    """The same fixes on the actions of a parsed answer (the fine-tuned parser's, which writes
    notation, not the flat dicts above). An action the fixes would leave without a value it
    needs is kept as the model wrote it."""
    actions = []
    for action in command.actions:
        item = tidy({"type": action.type, **action.params}, utterance, context)
        params = {key: value for key, value in item.items() if key != "type"}
        spec = ACTIONS[action.type].params
        needed = [key for key, param in spec.items() if param.required and key in action.params]
        is_whole = all(key in params for key in needed)
        actions.append(Action(action.type, params, action.depends_on) if is_whole else action)
    if not any(action.depends_on for action in actions):  # nothing to renumber
        actions = _unasked_for_me(actions, utterance)
        # one change written twice ("reopen order the haggis, the butcher's lost our order")
        actions = [a for n, a in enumerate(actions) if a not in actions[:n]]
    if tuple(actions) == command.actions:
        return command
    return replace(command, actions=tuple(actions))
