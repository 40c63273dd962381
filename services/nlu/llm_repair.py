"""Validate and repair what the LLM wrote before it becomes a Command.

Nothing the model writes reaches the executor unchecked:

- the text must be JSON of the output schema; a truncated answer keeps only its whole actions
  and is marked incomplete;
- each raw action is tidied first (``llm_tidy``): filler trimmed, people nobody said or knows
  and priorities nobody asked for dropped;
- every action is checked against its catalogue entry; an action that is not is dropped and the
  command marked incomplete (so Parley asks rather than guesses);
- references become the Command's forms: "it"/"that"/"him" -> ``{"context": kind}``, a name
  created earlier in the same command -> ``{"result_of": i}`` (which also gives ``depends_on``),
  a name close to a known person or project -> that name's spelling;
- names nobody knows, time phrases and titles that are not in what was said lower the
  confidence, which is what makes the router confirm before running it.

All of it is pure: text, utterance and context in, a ``Checked`` out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from rapidfuzz import fuzz, process, utils

from services.nlu import ParseContext
from services.nlu.commands import Action, ParamKind, values_of
from services.nlu.llm_schema import action_schema, llm_actions
from services.nlu.llm_tidy import PRIORITY_CUES, tidy
from services.nlu.llm_vet import respell, respell_person, respell_project
from services.nlu.timeparse import normalize as normalize_time

REFERENCE_KINDS: frozenset[ParamKind] = frozenset({"task", "person", "project"})
PRONOUNS = frozenset(
    {
        "it", "that", "this", "that one", "this one", "that task", "this task", "the task",
        "him", "her", "them", "that project", "this project", "the project", "that person",
    }
)  # fmt: skip
SELF_NAMES = frozenset({"me", "myself", "i"})
# Parameters whose values the model writes itself rather than copies from the utterance.
GENERATED = frozenset({("task.add_subtasks", "titles"), ("task.create", "notes")})
# What each creating action is called by, for "@earlier action" references.
CREATED_NAME = {"task.create": "title", "project.create": "name", "meeting.schedule": "title"}
CREATED_KIND = {"task.create": "task", "project.create": "project", "meeting.schedule": "meeting"}

BASE_CONFIDENCE = 0.9
NAME_MATCH = 82  # rapidfuzz WRatio for a spoken name to be taken as a known one
_PENALTY = {
    "unknown_name": 0.75,
    "respelled_name": 0.9,
    "ungrounded_time": 0.6,
    "ungrounded_text": 0.7,
    "dangling_pronoun": 0.8,
    "dropped_action": 0.7,
}


@dataclass
class Checked:
    """The validated actions and what validation found on the way."""

    actions: list[Action] = field(default_factory=list)
    confidence: float = BASE_CONFIDENCE
    is_complete: bool = True
    is_valid_json: bool = True
    problems: list[str] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)

    def flag(self, problem: str, penalty: str | None = None, detail: str = "") -> None:
        self.problems.append(f"{problem}: {detail}" if detail else problem)
        if penalty:
            self.confidence *= _PENALTY[penalty]

    def note_entity(self, kind: str, name: str) -> None:
        names = self.entities.setdefault(f"{kind}s", [])
        if name not in names:
            names.append(name)


def _salvage(text: str) -> list[Any]:
    """Return the whole action objects at the start of a truncated answer."""
    start = text.find("[")
    if start < 0:
        return []
    decoder = json.JSONDecoder()
    items: list[Any] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \n\t,":
            position += 1
        try:
            item, position = decoder.raw_decode(text, position)
        except ValueError:
            return items
        items.append(item)


def decode(text: str, checked: Checked) -> list[Any]:
    """Return the raw action objects in the model's answer (salvaging a truncated one)."""
    try:
        document = json.loads(text)
    except ValueError:
        checked.is_valid_json = False
        checked.is_complete = False
        items = _salvage(text)
        checked.flag("truncated answer", "dropped_action", f"kept {len(items)} actions")
        return items
    if not isinstance(document, dict) or not isinstance(document.get("actions"), list):
        checked.is_complete = False
        checked.flag("answer is not {'actions': [...]}")
        return []
    return list(document["actions"])


def _is_valid(item: Any) -> bool:
    if not isinstance(item, dict) or item.get("type") not in llm_actions():
        return False
    schema = action_schema(llm_actions()[item["type"]])
    return bool(jsonschema.Draft202012Validator(schema).is_valid(item))


def _norm(text: str) -> str:
    return utils.default_process(text)


def _is_grounded(value: str, utterance: str, threshold: int = 85) -> bool:
    """Tell whether a phrase was said (allowing for case, punctuation and small slips)."""
    phrase, said = _norm(value), _norm(utterance)
    if not phrase or phrase in said:
        return True
    if fuzz.partial_ratio(phrase, said) >= threshold:
        return True
    # "at 5 pm" for "at five pm": the same words once number words are digits
    return normalize_time(value) in normalize_time(utterance)


def _word_overlap(value: str, utterance: str) -> float:
    words = _norm(value).split()
    said = set(_norm(utterance).split())
    if not words:
        return 1.0
    hits = sum(
        1 for word in words if word in said or process.extractOne(word, said, score_cutoff=80)
    )
    return hits / len(words)


class _Resolver:
    """Turns the reference strings of one command into Command reference forms."""

    def __init__(self, context: ParseContext, checked: Checked, utterance: str = "") -> None:
        self.context = context
        self.checked = checked
        self.utterance = utterance
        self.created: list[tuple[int, str, str]] = []  # (action index, kind, name)
        self.last_task: int | None = None  # the action that last made or touched a task
        self.touched: list[tuple[int, str]] = []  # (action index, task name as written)
        # "it" said for a task: a model that repeats the name instead still meant "it"
        self.spare_its = len(_TASK_IT.findall(utterance.lower()))

    def remember(self, index: int, action_type: str, params: dict[str, Any]) -> None:
        name_param = CREATED_NAME.get(action_type)
        if name_param and isinstance(params.get(name_param), str):
            self.created.append((index, CREATED_KIND[action_type], params[name_param]))
        task = params.get("task")
        if isinstance(task, str):
            self.touched.append((index, _norm(task)))
        if isinstance(task, dict) and "result_of" in task:
            self.last_task = task["result_of"]  # the same task as that earlier action's
        elif action_type == "task.create" or "task" in params:
            self.last_task = index

    def reference(self, kind: ParamKind, value: str, index: int) -> Any:
        lowered = _norm(value)
        earlier = re.fullmatch(r"@(\d+)", value.strip())
        if earlier and int(earlier.group(1)) < index:
            return {"result_of": int(earlier.group(1))}
        if lowered in PRONOUNS:
            return self._pronoun(kind, value)
        if kind == "person" and lowered in SELF_NAMES:
            return "me"
        created = self._created_match(kind, value)
        if created is not None:
            return {"result_of": created}
        repeated = self._repeated(kind, value, index)
        if repeated is not None:
            return {"result_of": repeated}
        if self.is_context_name(kind, value):
            return {"context": kind}
        return self._known(kind, value)

    def is_context_name(self, kind: ParamKind, value: str) -> bool:
        """Tell whether the model wrote the name of what "it"/"him" is instead of the pronoun."""
        last = self.context.last.get(kind)
        if not last or fuzz.WRatio(value, last, processor=_norm) < 90:
            return False
        return not _is_grounded(value, self.utterance) and _has_pronoun(self.utterance, kind)

    def _repeated(self, kind: ParamKind, value: str, index: int) -> int | None:
        """Return the earlier action on the same task when "it" was said but the name written."""
        if kind != "task" or self.spare_its <= 0:
            return None
        for earlier, name in reversed(self.touched):
            if earlier < index and name == _norm(value):
                self.spare_its -= 1
                return earlier
        return None

    def _pronoun(self, kind: ParamKind, value: str) -> Any:
        if kind == "task":
            self.spare_its -= 1
        if kind == "task" and self.last_task is not None:  # "add X and give it to Sam"
            return {"result_of": self.last_task}
        if kind not in self.context.last:
            self.checked.flag("nothing for a pronoun", "dangling_pronoun", f"{value!r} ({kind})")
        return {"context": kind}

    def _created_match(self, kind: ParamKind, value: str) -> int | None:
        for index, created_kind, name in reversed(self.created):
            if created_kind == kind and fuzz.WRatio(value, name, processor=_norm) >= 90:
                return index
        return None

    def _known(self, kind: ParamKind, value: str) -> str:
        known = {"person": self.context.people, "project": self.context.projects}.get(kind)
        if kind == "task":
            known = self.context.tasks
        # plain ratio: "product launch" is not the known "launch", "pria shah" is "Priya Shah"
        match = process.extractOne(value, known or (), scorer=fuzz.ratio, processor=_norm)
        if match and match[1] >= NAME_MATCH:
            if _norm(match[0]) != _norm(value):
                self.checked.flag("respelled", "respelled_name", f"{value!r} -> {match[0]!r}")
            self.checked.note_entity(kind, match[0])
            return match[0] if kind != "task" else respell(value, self.context)
        heard = self._misheard(kind, value)
        if heard != value:
            return heard
        if kind != "task":  # tasks beyond the recent few are not listed, so no penalty
            self.checked.flag(f"unknown {kind}", "unknown_name", repr(value))
        self.checked.note_entity(kind, value)
        return value

    def _misheard(self, kind: ParamKind, value: str) -> str:
        """Return the known name a misheard word stands for ("cattering", "Alec"), or value."""
        if kind == "task":
            heard = respell(value, self.context)
        elif kind == "person":
            heard = respell_person(value, self.context)
        elif kind == "project":
            heard = respell_project(value, self.context)  # "the lunch project" -> "launch"
        else:
            return value
        if heard != value:
            self.checked.flag("respelled", "respelled_name", f"{value!r} -> {heard!r}")
            self.checked.note_entity(kind, heard)
        return heard


# Words that say a query filter; a filter the model adds without them is dropped.
FILTER_WORDS = {
    "today": ("today", "tonight"),
    "tomorrow": ("tomorrow",),
    "this_week": ("week",),
    "overdue": ("overdue", "late", "slip", "behind", "past due", "over dew", "missed"),
    "open": ("open", "left", "remaining", "unfinished", "not done", "n't", "still", "to do"),
    "done": ("done", "finished", "completed", "complete"),
    "all": ("all", "everything", "every"),
}


def _is_filter_said(value: str, utterance: str) -> bool:
    said = utterance.lower()
    return any(word in said for word in FILTER_WORDS.get(value, ()))


def _may_be_project(value: str, utterance: str, resolver: _Resolver) -> bool:
    """Tell whether a project reference can stand: known, made here, or said as a list/project.

    A person's name is never a project.
    """
    if any(_norm(value) == _norm(person) for person in resolver.context.people):
        return False
    said = f" {_norm(value)} "
    if any(f" {_norm(project)} " in said for project in resolver.context.projects):
        return True  # "shopping lift": the known shopping list, misheard
    if any(kind == "project" for _, kind, _ in resolver.created):
        return True
    return bool(re.search(r"\b(?:list|project)s?\b", utterance.lower()))


_TASK_IT = re.compile(r"(?<!')\b(?:it|them)\b(?!')")
_SELF_WORDS = frozenset({"me", "my", "i", "myself", "mine", "i'm", "i've", "i'll", "us", "we"})


_PRONOUN_WORDS = {
    "task": frozenset({"it", "that", "this", "one"}),
    "project": frozenset({"it", "that", "this"}),
    "person": frozenset({"him", "her", "them", "he", "she", "they", "his", "hers"}),
}


def _has_pronoun(utterance: str, kind: str) -> bool:
    words = set(re.findall(r"[a-z]+", utterance.lower()))
    return bool(_PRONOUN_WORDS.get(kind, frozenset()) & words)


def _is_said(kind: ParamKind, value: str, utterance: str, resolver: _Resolver) -> bool:
    """Tell whether a reference was said (or is a pronoun, or names this command's own work)."""
    lowered = _norm(value)
    if lowered in PRONOUNS or re.fullmatch(r"@\d+", value.strip()):
        return True
    if kind in REFERENCE_KINDS and resolver.is_context_name(kind, value):
        return True
    if kind == "project" and not _may_be_project(value, utterance, resolver):
        return False
    if kind == "person" and lowered in SELF_NAMES:
        return bool(_SELF_WORDS & set(utterance.lower().replace(",", " ").split()))
    if any(fuzz.WRatio(value, name, processor=_norm) >= 90 for _, _, name in resolver.created):
        return True
    return _is_grounded(value, utterance, threshold=75)


def _keeps(
    spec_type: str, name: str, kind: ParamKind, value: Any, utterance: str, resolver: _Resolver
) -> bool:
    """Tell whether a parameter's value comes from what was said (or may be inferred)."""
    checked = resolver.checked
    if (spec_type, name) in GENERATED or kind in ("priority", "bool"):
        return True
    if kind == "filter" and not _is_filter_said(value, utterance):
        checked.flag("filter not in what was said", detail=f"{name}={value!r}")
        return False
    if kind in REFERENCE_KINDS and not _is_said(kind, value, utterance, resolver):
        checked.flag("reference not in what was said", "ungrounded_text", f"{name}={value!r}")
        return False
    if kind in ("when", "duration") and not _is_grounded(value, utterance):
        checked.flag("time not in what was said", "ungrounded_time", f"{name}={value!r}")
        return False
    if kind == "text" and _word_overlap(value, utterance) < 0.5:
        checked.flag("text not in what was said", "ungrounded_text", f"{name}={value!r}")
        return False
    return True


_COMMAND_VERB = re.compile(r"^(?:put|add|stick|pop|chuck|jot down|note)\s+", re.IGNORECASE)


def _without_command_verb(title: str, utterance: str) -> str:
    """Drop the verb that addressed Parley from a title ("put eggs" -> "eggs")."""
    verb = _COMMAND_VERB.match(title)
    if verb and _norm(utterance).startswith(_norm(verb.group(0))):
        return title[verb.end() :] or title
    return title


def _said_people(value: list[str], utterance: str, resolver: _Resolver) -> list[str]:
    return [person for person in value if _is_said("person", person, utterance, resolver)]


def _convert(
    item: dict[str, Any], index: int, resolver: _Resolver, utterance: str, checked: Checked
) -> Action | None:
    """Return the action with its said parameters, or None when a required one was invented."""
    spec = llm_actions()[item["type"]]
    params: dict[str, Any] = {}
    for name, value in item.items():
        kind = spec.params[name].kind if name != "type" else None
        if kind is None:
            continue
        if kind == "people":
            value = _said_people(value, utterance, resolver)
            if not value:
                continue
            value = [resolver.reference("person", person, index) for person in value]
        elif not _keeps(spec.type, name, kind, value, utterance, resolver):
            continue
        elif kind in REFERENCE_KINDS:
            value = resolver.reference(kind, value, index)
        params[name] = value
    missing = [name for name, param in spec.params.items() if param.required and name not in params]
    if missing:
        checked.flag("action dropped: made-up " + ", ".join(missing), "dropped_action", spec.type)
        return None
    if spec.type == "task.create" and isinstance(params.get("title"), str):
        params["title"] = _without_command_verb(params["title"], utterance)
    if len(item) > 1 and not params:  # everything it said was made up ("tell me a joke")
        checked.flag("action dropped: nothing in it was said", "dropped_action", spec.type)
        return None
    resolver.remember(index, spec.type, params)
    return Action(spec.type, params, _dependencies(params))


def _dependencies(params: dict[str, Any]) -> tuple[int, ...]:
    found: set[int] = set()
    for value in params.values():
        for item in values_of(value):
            if isinstance(item, dict) and "result_of" in item:
                found.add(item["result_of"])
    return tuple(sorted(found))


# A change said right after a create ("add X, give it to Sam, due Friday") belongs in the create.
_FOLDABLE = {"task.set_due": "due", "task.set_priority": "priority", "task.assign": "assignee"}


def fold_into_creates(actions: list[Action]) -> list[Action]:
    """Fold due/priority/assignee changes of a task made in this command into its create."""
    result: list[Action] = []
    moved: dict[int, int] = {}  # old index -> new index
    for index, action in enumerate(actions):
        target = _fold_target(action, actions)
        if target is not None and target in moved:
            key = _FOLDABLE[action.type]
            created = result[moved[target]]
            if key not in created.params:
                params = {**created.params, key: action.params[key]}
                result[moved[target]] = Action(created.type, params, created.depends_on)
                moved[index] = moved[target]
                continue
        moved[index] = len(result)
        result.append(_renumber(action, moved))
    return result


def _fold_target(action: Action, actions: list[Action]) -> int | None:
    if action.type not in _FOLDABLE:
        return None
    task = action.params.get("task")
    if not isinstance(task, dict) or "result_of" not in task:
        return None
    index = task["result_of"]
    return index if actions[index].type == "task.create" else None


def _renumber(action: Action, moved: dict[int, int]) -> Action:
    def fix(value: Any) -> Any:
        if isinstance(value, dict) and "result_of" in value:
            return {"result_of": moved[value["result_of"]]}
        if isinstance(value, list):
            return [fix(item) for item in value]
        return value

    params = {name: fix(value) for name, value in action.params.items()}
    return Action(action.type, params, _dependencies(params))


_BLOCKS = re.compile(r"\bblock(?:s|ing|ed)?\b")
_WAITS = re.compile(r"\b(?:wait(?:s|ing)?|depend(?:s|ing)?|after|until|before)\b")


_CLAUSE_BREAK = re.compile(r",|;|\band\b|\bthen\b")


def _clause(said: str, verb: re.Match[str]) -> tuple[int, int]:
    """Return the bounds of the clause of ``said`` that holds the verb."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(said, 0, verb.start())), default=0)
    after = _CLAUSE_BREAK.search(said, verb.end())
    return start, after.start() if after else len(said)


def _position(name: Any, said: str, bounds: tuple[int, int]) -> int:
    if not isinstance(name, str) or not _norm(name):
        return -1
    clause = said[bounds[0] : bounds[1]]
    for probe in (_norm(name), _norm(name).split()[-1]):
        found = clause.find(probe)
        if found >= 0:
            return bounds[0] + found
    return -1


def order_dependency(item: dict[str, Any], utterance: str) -> dict[str, Any]:
    """Swap task and blocker of a raw dependency when the words say the other way round.

    "A blocks B": B waits for A (blocker A). "A waits for B" / "A after B": blocker B.
    Small models often swap them; word order around the verb settles it.
    """
    if item.get("type") != "task.add_dependency":
        return item
    said = utterance.lower()
    task, blocker = item.get("task"), item.get("blocker")
    verb = _BLOCKS.search(said) or _WAITS.search(said)
    if verb is None:
        return item
    bounds = _clause(said, verb)
    task_at, blocker_at = _position(task, said, bounds), _position(blocker, said, bounds)
    if task_at < 0 or blocker_at < 0:
        return item
    blocker_first = verb.re is _BLOCKS
    says_task_first = task_at < verb.start() < blocker_at
    says_blocker_first = blocker_at < verb.start() < task_at
    if (says_task_first and blocker_first) or (says_blocker_first and not blocker_first):
        return {**item, "task": blocker, "blocker": task}
    return item


# Words one of which must be said for the model's action to stand. A small model forces
# requests Parley cannot do into the nearest action ("order me a pizza" -> a task "order
# pizza", "what's the weather" -> the date); asking for a task, a message, a status change or
# the time always uses one of these.
CUES = {
    "task.create": (
        "add", "put", "stick", "pop", "jot", "note", "task", "to-do", "todo", "to do", "list",
        "forget", "remember", "need", "got to", "have to", "has to", "ought", "should", "must",
        "new", "create", "make", "another", "one for", "chuck", "remind", "write down",
    ),
    "task.complete": (
        "done", "finish", "complete", "tick", "mark", "fixed", "ordered", "booked", "written",
        "sorted", "did ", "bought", "sent", "paid", "handled", "over with",
    ),
    "message.send": ("tell", "know", "message", "note", "say", "pass", "inform", "text", "ask"),
    "query.time": ("time", "clock", "o'clock", "late is it"),
    "query.date": ("date", "what day", "which day", "today's"),
    "query.tasks": ("what", "which", "show", "list", "any", "who", "how", "tell", "read", "give"),
    "query.count": ("how many", "count", "number"),
    "task.add_subtasks": ("step", "subtask", "break", "split", "into", "piece", "part", "plan"),
    "task.add_dependency": ("block", "wait", "depend", "after", "until", "before", "first"),
    "timer.start": ("timer", "count", "time "),
    "task.set_priority": PRIORITY_CUES,
    "reminder.create": ("remind", "reminder", "nudge", "ping", "shout", "forget", "alert"),
    "task.start": (
        "start", "begin", "began", "begun", "kick", "going", "working on", "under way",
        "underway", "on it", "in progress", "cracking", "tackl", "work on", "onto",
    ),
    "report.summary": (
        "summar", "sum up", "sum it up", "overview", "plate", "workload", "picture", "up to",
        "doing", "rundown", "run-down", "run down", "brief", "update", "status", "speed",
        "how are", "how is", "how's", "report", "catch me up", "where are we", "where we are",
        "snowed", "busy", "load", "most", "least", "busiest",
    ),
}  # fmt: skip


def is_cued(action_type: str, utterance: str) -> bool:
    """Tell whether the words ask for this kind of action at all."""
    said = f" {utterance.lower()} "
    return any(cue in said for cue in CUES.get(action_type, ("",)))


_NEW_PROJECT = re.compile(
    r"\b(?:create|start|make|set up|new)\b(?:\s+(?:a|an|the|new|up))*\s+"
    r"(?P<name>[\w'-]+(?:\s+[\w'-]+){0,3}?)\s+(?:project|list)\b"
)


def with_said_project(actions: list[Action], utterance: str) -> list[Action]:
    """Add the project.create that was said ("create a launch project, ...") but left out.

    Small models put the new project straight into the tasks; the words say it is new, so the
    project is made first and the tasks refer to it.
    """
    said = _NEW_PROJECT.search(utterance.lower())
    if said is None or any(action.type == "project.create" for action in actions):
        return actions
    name = said.group("name")
    if not any(_names_project(action, name) for action in actions):
        return actions
    moved = {index: index + 1 for index in range(len(actions))}
    result = [Action("project.create", {"name": name})]
    for action in actions:
        action = _renumber(action, moved)
        if _names_project(action, name):
            params = {**action.params, "project": {"result_of": 0}}
            action = Action(action.type, params, _dependencies(params))
        result.append(action)
    return result


def _names_project(action: Action, name: str) -> bool:
    project = action.params.get("project")
    return isinstance(project, str) and fuzz.ratio(_norm(project), _norm(name)) >= 90


def _is_self_dependency(action: Action) -> bool:
    params = action.params
    return action.type == "task.add_dependency" and params.get("task") == params.get("blocker")


def check(text: str, utterance: str, context: ParseContext) -> Checked:
    """Validate the model's answer ``text`` for ``utterance``; repair what can be repaired."""
    checked = Checked()
    resolver = _Resolver(context, checked, utterance)
    seen: set[str] = set()
    for item in decode(text, checked):
        if not _is_valid(item):
            checked.is_complete = False
            checked.flag("invalid action dropped", "dropped_action", json.dumps(item)[:120])
            continue
        key = json.dumps(item, sort_keys=True)
        if key in seen:  # small models sometimes repeat the last action
            checked.flag("repeated action dropped", detail=item["type"])
            continue
        seen.add(key)
        item = order_dependency(tidy(item, utterance, context), utterance)
        if not is_cued(item["type"], utterance):
            checked.flag("action dropped: nothing asked for it", "dropped_action", item["type"])
            continue
        action = _convert(item, len(checked.actions), resolver, utterance, checked)
        if action is not None and _is_self_dependency(action):
            checked.flag("a task cannot wait for itself", "dropped_action", json.dumps(item))
        elif action is not None:
            checked.actions.append(action)
    checked.actions = fold_into_creates(with_said_project(checked.actions, utterance))
    return checked
