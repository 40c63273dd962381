"""Score a parser on a dev set of utterances with the actions a person meant.

    report = score(FastPathParser(), load_devset("tests/data/devset.jsonl"))
    print(report.format())

or from a shell: ``python -m bench.parser_eval tests/data/devset.jsonl [--json]
[--parser module:factory]``.
The file format and the comparison rules are in tests/data/README.md. Any ``Parser`` can be
scored (the fast path, the LLM parser, the router), so they can be compared on the same set.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from services.config import Dates
from services.core.handlers.queries import DEFAULT_FILTER
from services.core.handlers.tasks import is_reference
from services.core.resolve import resolve
from services.errors import ResolveError
from services.nlu import ParseContext, Parser
from services.nlu.commands import ACTIONS, Action, Command
from services.nlu.timeparse import resolve_duration, resolve_when


@dataclass(frozen=True)
class Example:
    """One utterance of the dev set and the actions it means."""

    id: str
    conversation: str
    category: str
    text: str
    expected: tuple[dict[str, Any], ...]
    context: ParseContext


@dataclass(frozen=True)
class Devset:
    """A dev set: its examples and the moment its times are read against."""

    examples: tuple[Example, ...]
    now: datetime
    dates: Dates = field(default_factory=Dates)


# the turns that leave the conversation's last command as it was, or say no action of it
_NO_PREVIOUS = frozenset(("confirm", "cancel", "undo"))


def _previous(expected: list[dict[str, Any]] | None) -> Action | None:
    """The one action the turn before meant, as the daemon gives a follow-up the one action it
    ran ("and the panto one?" after "what's on the choir list?"); None for none, or several."""
    if not expected or len(expected) != 1 or expected[0].get("type") in _NO_PREVIOUS:
        return None
    return Action(expected[0]["type"], dict(expected[0].get("params") or {}))


# the parameters naming the people an action's result names, in the handlers' order
# (services/core/handlers: the last one is "him" or "her" next)
_PEOPLE_OF = ("assignee", "person", "to", "attendees")


def _last_after(
    last: dict[str, str], expected: list[dict[str, Any]], world: dict[str, Any]
) -> dict[str, str]:
    """What the daemon keeps as the conversation's last task, project and person once the turn
    meant ``expected`` has run (services/core/executor ``_remember``: each result's item, the
    last person and list it names; a deleted task is gone), with names as the store has them."""
    known = world.get("context", {})
    tasks, people = tuple(known.get("tasks", ())), tuple(known.get("people", ()))
    projects = tuple(known.get("projects", ()))
    made: list[str | None] = []  # each action's task, for a later {"result_of": n}
    last = dict(last)
    for action in expected:
        kind, params = action.get("type", ""), action.get("params") or {}
        task = _task_of_result(kind, params, made, last, tasks)
        made.append(task)
        if kind == "task.delete":
            if task is not None and last.get("task") == task:
                del last["task"]
        elif task is not None:
            last["task"] = task
        if kind == "project.create" and isinstance(params.get("name"), str):
            last["project"] = params["name"]
        elif isinstance(params.get("project"), str):  # a list a task went on or a question named
            last["project"] = _resolved(params["project"], projects, "project") or params["project"]
        for key in _PEOPLE_OF:
            value = params.get(key)
            value = value[-1] if isinstance(value, list) and value else value
            if isinstance(value, str) and (person := _person(value, people)) is not None:
                last["person"] = person
    return last


def _task_of_result(
    kind: str,
    params: dict[str, Any],
    made: list[str | None],
    last: dict[str, str],
    tasks: tuple[str, ...],
) -> str | None:
    """The task an action's result is about (services/core/handlers/tasks.py), by name."""
    if kind in ("task.create", "task.rename"):
        return params["title"] if isinstance(params.get("title"), str) else None
    if kind == "task.add_dependency":  # its result: the subject (handlers' add_dependency)
        said_again = is_reference(params.get("task")) and not is_reference(params.get("blocker"))
        return _task_named(params.get("task" if said_again else "blocker"), made, last, tasks)
    if kind.startswith("task.") and "task" in params:
        return _task_named(params["task"], made, last, tasks)
    return None


def _task_named(
    ref: Any, made: list[str | None], last: dict[str, str], tasks: tuple[str, ...]
) -> str | None:
    if isinstance(ref, dict) and isinstance(at := ref.get("result_of"), int):
        return made[at] if 0 <= at < len(made) else None
    if isinstance(ref, dict):  # {"context": "task"}: the one kept already
        return last.get("task")
    if isinstance(ref, str):
        return _resolved(ref, tasks, "task") or ref
    return None


def _context(
    world: dict[str, Any],
    record: dict[str, Any],
    now: datetime,
    previous: Action | None = None,
    last: dict[str, str] | None = None,
) -> ParseContext:
    merged = {**world.get("context", {}), **record.get("context", {})}
    when = record.get("now")
    return ParseContext(
        now=datetime.fromisoformat(when).astimezone(now.tzinfo) if when else now,
        people=tuple(merged.get("people", ())),
        projects=tuple(merged.get("projects", ())),
        tasks=tuple(merged.get("tasks", ())),
        last={**(last or {}), **merged.get("last", {})},
        is_confirmation_pending=bool(merged.get("is_confirmation_pending", False)),
        previous=previous,
    )


def corpus_devset(records: list[dict[str, Any]], now: datetime) -> Devset:
    """Return generated corpus examples (training/generate.py) as a dev set.

    Each has its own world; the category is the family of its first clause.
    """
    examples = []
    for record in records:
        world = record["world"]
        examples.append(
            Example(
                id=record["id"],
                conversation=record["id"],
                category=record["family"].split("+")[0],
                text=record["text"],
                expected=tuple(record["actions"]),
                context=ParseContext(
                    now=now,
                    people=tuple(world["people"]),
                    projects=tuple(world["projects"]),
                    tasks=tuple(world["tasks"]),
                ),
            )
        )
    return Devset(tuple(examples), now)


def load_devset(path: str | Path) -> Devset:
    """Read a dev set JSONL file: a ``world`` line, then one line per utterance."""
    world: dict[str, Any] = {}
    examples = []
    said: dict[str, list[dict[str, Any]]] = {}  # conversation -> the last turn's actions
    kept: dict[str, dict[str, str]] = {}  # conversation -> its last task and person, as kept
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("kind") == "world":
            world = record
            continue
        if not world:
            raise ValueError(f"{path}:{number}: the first line must be the world record")
        zone = ZoneInfo(world.get("timezone", "UTC"))
        now = datetime.fromisoformat(world["now"]).astimezone(zone)
        conversation = record.get("conversation", record["id"])
        previous = _previous(said.get(conversation))
        examples.append(
            Example(
                id=record["id"],
                conversation=conversation,
                category=record["category"],
                text=record["text"],
                expected=tuple(record["expected"]),
                context=_context(world, record, now, previous, kept.get(conversation)),
            )
        )
        if record["expected"] and record["expected"][0].get("type") not in _NO_PREVIOUS:
            said[conversation] = record["expected"]
            kept[conversation] = _last_after(kept.get(conversation, {}), record["expected"], world)
    if not world:
        raise ValueError(f"{path}: no world record")
    zone = ZoneInfo(world.get("timezone", "UTC"))
    return Devset(tuple(examples), datetime.fromisoformat(world["now"]).astimezone(zone))


# --- canonical forms: what "the same action" means -------------------------------------------

_ARTICLES = re.compile(r"^(?:(?:the|a|an|my|our)\s+)+")
_REF_SUFFIX = re.compile(r"\s+(?:task|list|project|item)$")


def normalize_text(value: str, *, is_reference: bool = False) -> str:
    """Lower-case, drop punctuation and leading articles (and "task"/"list" after a name)."""
    text = value.lower().replace("\u2019", "'")
    text = re.sub(r"[^\w\s'@:.-]", " ", text)
    text = " ".join(text.replace(" .", " ").strip(" .:").split())
    text = _ARTICLES.sub("", text)
    if is_reference:
        text = _REF_SUFFIX.sub("", text)
    return text


def _when(value: str, devset: Devset, now: datetime) -> str:
    try:
        return resolve_when(value, now, devset.dates).astimezone(ZoneInfo("UTC")).isoformat()
    except ResolveError:
        return "when:" + normalize_text(value)


def _due(value: str, devset: Devset, now: datetime) -> str:
    """A deadline said without a time of day is its day: "end of the month" (end of day) and
    "30 November" (the default time) set the same due date. A time that was said still counts.

    Whether one was said: the phrase resolved again with other default times moves.
    """
    moment = _when(value, devset, now)
    if moment.startswith("when:"):
        return moment
    probe = msgspec.structs.replace(devset.dates, default_time="03:07", end_of_day="03:07")
    if resolve_when(value, now, probe).astimezone(ZoneInfo("UTC")).isoformat() == moment:
        return moment
    return "date:" + resolve_when(value, now, devset.dates).date().isoformat()


def _duration(value: str) -> str:
    try:
        return f"duration:{resolve_duration(value).total_seconds():g}"
    except ResolveError:
        return "duration:" + normalize_text(value)


def _task(value: str, tasks: tuple[str, ...]) -> str | None:
    """Return the known task the executor would take ``value`` for, or None if none or several.

    "caterer" and "book the caterer" change the same task when that is the one the store has:
    the executor resolves a reference with services.core.resolve, as here, at its default
    threshold and margin.
    """
    return _resolved(value, tasks, "task")


def _person(value: str, people: tuple[str, ...]) -> str | None:
    """Return the known person the executor would take ``value`` for, or None.

    "Beatrice" and "Beatrice Lund" are the one person the store knows: the executor resolves
    a name with services.core.resolve (``Step.person``), as here. "me" is the owner.
    """
    if value.strip().lower() in ("me", "myself", "i"):
        return None
    return _resolved(value, people, "person")


def _resolved(value: str, names: tuple[str, ...], kind: str) -> str | None:
    """The one of ``names`` services.core.resolve takes ``value`` for, or None."""
    if not names:
        return None
    try:
        return resolve(value, [(name, name) for name in names], kind=kind).name
    except ResolveError:
        return None


def _canonical_value(
    kind: str,
    value: Any,
    devset: Devset,
    now: datetime,
    tasks: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, list):
        item_kind = "person" if kind == "people" else kind.rstrip("s") or kind
        items = [_canonical_value(item_kind, item, devset, now, (), people) for item in value]
        return tuple(sorted(items, key=str))
    if not isinstance(value, str):
        return value
    if kind == "task" and (known := _task(value, tasks)) is not None:
        return "task:" + normalize_text(known, is_reference=True)
    if kind == "person" and (name := _person(value, people)) is not None:
        return "person:" + name.lower()
    if kind == "due":
        return _due(value, devset, now)
    if kind == "when":
        return _when(value, devset, now)
    if kind == "duration":
        return _duration(value)
    if kind in ("priority", "filter"):
        return value.lower()
    return normalize_text(value, is_reference=kind in ("task", "project", "person", "people"))


def canonical(
    action: dict[str, Any],
    devset: Devset,
    now: datetime,
    tasks: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
) -> str:
    """Return a string that two actions share exactly when they mean the same thing.

    ``tasks``, ``people``: the titles and names the store holds; a task reference is the
    task it resolves to, a person's name the person.
    """
    spec = ACTIONS.get(action.get("type", ""))
    params = {}
    for key, value in (action.get("params") or {}).items():
        if value in (None, "", [], {}):
            continue
        if key == "filter" and str(value).lower() == DEFAULT_FILTER:
            continue  # the query handlers read no filter as "open": the same question
        kind = spec.params[key].kind if spec and key in spec.params else "text"
        if key == "due":
            kind = "due"  # a deadline's day, unless a time of day was said
        if _names_its_task(action, key, tasks):
            kind = "task"  # "remind me before the venue is due": "venue" or "book the venue"
        params[key] = _canonical_value(kind, value, devset, now, tasks, people)
    depends = sorted(action.get("depends_on") or [])
    return json.dumps([action.get("type"), params, depends], sort_keys=True, default=str)


def _names_its_task(action: dict[str, Any], key: str, tasks: tuple[str, ...]) -> bool:
    """True for a reminder's text that names the very task the reminder is about.

    The dev sets write it both ways ("venue" in devset.jsonl, "book the venue" in the natural
    sets' writers' hands); both are a reminder about that one task.
    """
    params = action.get("params") or {}
    text, task = params.get("text"), params.get("task")
    if action.get("type") != "reminder.create" or key != "text":
        return False
    if not (isinstance(text, str) and isinstance(task, str)):
        return False
    known = _task(task, tasks)
    return known is not None and _task(text, tasks) == known


_CREATES = frozenset(("task.create", "project.create"))


def _touched(actions: list[dict[str, Any]], index: int) -> Any:
    """Return the existing task that action ``index`` touched (None for one it created)."""
    seen: set[int] = set()
    while 0 <= index < len(actions) and index not in seen:
        seen.add(index)
        action = actions[index]
        reference = (action.get("params") or {}).get("task")
        if action.get("type") in _CREATES or reference is None:
            return None
        if not (isinstance(reference, dict) and isinstance(reference.get("result_of"), int)):
            return reference
        index = reference["result_of"]
    return None


def _project_made(actions: list[dict[str, Any]], index: int) -> Any:
    """Return the name of the project action ``index`` created (None if it created none)."""
    if not 0 <= index < len(actions) or actions[index].get("type") != "project.create":
        return None
    return (actions[index].get("params") or {}).get("name")


def with_touched_named(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Name the task where "it" is the result of an action that only touched a known task.

    "Move the caterer to Friday and make it urgent": ``{"result_of": 0}`` and ``"caterer"``
    are the same task to the executor, so they compare equal; so are a project an earlier
    action of the same command created and its name ("start a project called X and put a
    task in it"), the dependency on that action kept. A task put on a project made earlier in
    the same command depends on that project's creation whether or not the answer says so: the
    executor runs the actions in order either way, and the dev sets write it both ways.
    """
    named = []
    for position, action in enumerate(actions):
        params = dict(action.get("params") or {})
        depends = set(action.get("depends_on") or [])
        project = params.get("project")
        if isinstance(project, str):
            depends |= {
                i
                for i in range(position)
                if isinstance(made := _project_made(actions, i), str)
                and normalize_text(made, is_reference=True)
                == normalize_text(project, is_reference=True)
            }
        for key, value in params.items():
            if isinstance(value, dict) and isinstance(value.get("result_of"), int):
                made = _project_made(actions, value["result_of"]) if key == "project" else None
                if made is not None:  # the project an earlier action created, by its name
                    params[key] = made
                    continue
                touched = _touched(actions, value["result_of"])
                if touched is not None:
                    params[key] = touched
                    depends.discard(value["result_of"])
        named.append({**action, "params": params, "depends_on": sorted(depends)})
    return named


def _is_ordered(actions: list[dict[str, Any]]) -> bool:
    return any(a.get("depends_on") or "result_of" in json.dumps(a.get("params")) for a in actions)


def same_actions(
    expected: list[dict[str, Any]],
    got: list[dict[str, Any]],
    devset: Devset,
    now: datetime,
    tasks: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
) -> bool:
    """True when the two lists mean the same (in order if any action refers to another);
    ``tasks``, ``people``: the titles and names the store holds (see ``canonical``)."""
    expected, got = with_touched_named(expected), with_touched_named(got)
    expected, got = _after_undo_as_said(expected), _after_undo_as_said(got)
    left = [canonical(a, devset, now, tasks, people) for a in expected]
    right = [canonical(a, devset, now, tasks, people) for a in got]
    if _is_ordered(expected) or _is_ordered(got):
        return left == right
    return Counter(left) == Counter(right)


def _after_undo_as_said(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``actions`` with no step waiting on an opening "undo" ("undo that, I meant the gutters"):
    the executor runs what follows it as a command of its own, after it, so writing that it
    waits says nothing more (the dev sets' writers write it both ways)."""
    if not actions or actions[0].get("type") != "undo":
        return actions
    return [
        actions[0],
        *(
            {**action, "depends_on": [at for at in action.get("depends_on") or [] if at != 0]}
            for action in actions[1:]
        ),
    ]


# --- the report --------------------------------------------------------------------------------


@dataclass
class Report:
    """How a parser did on a dev set."""

    parser: str
    total: int = 0
    exact: int = 0
    complete: int = 0
    # Answers that would change the store wrongly: not what was meant, yet holding a change
    # (a refusal or a wrong answer to a question changes nothing and is not counted).
    wrong_changes: int = 0
    # Answers the router would first ask about ("Did you mean ...?"): neither run nor counted
    # exact; ``questions_right`` of them proposed what was meant (a "yes" would run it).
    questions: int = 0
    questions_right: int = 0
    categories: dict[str, list[int]] = field(default_factory=dict)  # name -> [n, exact]
    actions: dict[str, list[int]] = field(default_factory=dict)  # type -> [tp, predicted, expected]
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return self.exact / self.total if self.total else 0.0

    def latency(self, quantile: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "parser": self.parser,
            "total": self.total,
            "exact": self.exact,
            "exact_rate": round(self.exact_rate, 4),
            "complete": self.complete,
            "wrong_changes": self.wrong_changes,
            "questions": self.questions,
            "questions_right": self.questions_right,
            "latency_ms": {
                "p50": round(statistics.median(self.latencies_ms), 3) if self.latencies_ms else 0,
                "p95": round(self.latency(0.95), 3),
                "max": round(max(self.latencies_ms, default=0.0), 3),
            },
            "categories": {
                name: {"n": n, "exact": hit, "rate": round(hit / n, 4)}
                for name, (n, hit) in sorted(self.categories.items())
            },
            "actions": {
                name: {
                    "precision": round(tp / predicted, 4) if predicted else None,
                    "recall": round(tp / expected, 4) if expected else None,
                    "tp": tp,
                    "predicted": predicted,
                    "expected": expected,
                }
                for name, (tp, predicted, expected) in sorted(self.actions.items())
            },
            "failures": self.failures,
        }

    def format(self, *, failures: bool = True) -> str:
        """Return the report as text for a terminal."""
        data = self.to_dict()
        lines = [
            f"parser {self.parser}: exact match {self.exact}/{self.total} "
            f"({self.exact_rate:.1%}), complete {self.complete}, latency p50 "
            f"{data['latency_ms']['p50']} ms p95 {data['latency_ms']['p95']} ms",
            "per category:",
        ]
        for name, row in data["categories"].items():
            lines.append(f"  {name:<12} {row['exact']:>3}/{row['n']:<3} {row['rate']:.0%}")
        lines.append("per action (precision / recall):")
        for name, row in data["actions"].items():
            precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
            recall = "-" if row["recall"] is None else f"{row['recall']:.2f}"
            lines.append(f"  {name:<20} {precision:>5} / {recall:<5} (n={row['expected']})")
        if failures:
            lines.append("failures:")
            for failure in self.failures:
                lines.append(f"  {failure['id']} {failure['text']!r}")
                lines.append(f"      expected {json.dumps(failure['expected'])}")
                lines.append(f"      got      {json.dumps(failure['got'])}")
        return "\n".join(lines)


def count_actions(
    report: Report,
    expected: list[dict[str, Any]],
    got: list[dict[str, Any]],
    devset: Devset,
    now: datetime,
    tasks: tuple[str, ...] = (),
    people: tuple[str, ...] = (),
) -> None:
    """Count, per action type, the actions got right, got and expected (precision, recall)."""
    wanted = Counter((a["type"], canonical(a, devset, now, tasks, people)) for a in expected)
    found = Counter((a["type"], canonical(a, devset, now, tasks, people)) for a in got)
    for (type_, _), count in found.items():
        report.actions.setdefault(type_, [0, 0, 0])[1] += count
    for (type_, _), count in wanted.items():
        report.actions.setdefault(type_, [0, 0, 0])[2] += count
    for key, count in (wanted & found).items():
        report.actions[key[0]][0] += count


def _run(parser: Parser, example: Example) -> tuple[Command | None, float]:
    started = time.perf_counter()
    try:
        command = parser.parse(example.text, example.context)
    except Exception:  # a parser that raises fails the example, it does not stop the run
        command = None
    return command, (time.perf_counter() - started) * 1000


def score(parser: Parser, devset: Devset) -> Report:
    """Parse every example and compare the actions with what was meant."""
    report = Report(getattr(parser, "name", type(parser).__name__))
    for example in devset.examples:
        command, elapsed = _run(parser, example)
        got = [a.to_dict() for a in command.actions] if command else []
        # an incomplete command is routed elsewhere: it counts as no actions from this parser
        usable = got if command is not None and command.is_complete else []
        now = example.context.now
        expected = list(example.expected)
        tasks, people = tuple(example.context.tasks), tuple(example.context.people)
        is_exact = same_actions(expected, usable, devset, now, tasks, people)
        report.total += 1
        report.exact += is_exact
        report.complete += bool(command and command.is_complete and command.actions)
        row = report.categories.setdefault(example.category, [0, 0])
        row[0] += 1
        row[1] += is_exact
        report.latencies_ms.append(elapsed)
        count_actions(report, expected, usable, devset, now, tasks, people)
        if not is_exact:
            report.failures.append(
                {"id": example.id, "text": example.text, "expected": expected, "got": got}
            )
    return report


def _make_parser(spec: str) -> Parser:
    module_name, _, attribute = spec.partition(":")
    factory = getattr(importlib.import_module(module_name), attribute)
    return factory()


def main(argv: list[str] | None = None) -> int:
    """Score the fast path on a dev set file and print the report."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("devset", nargs="?", default="tests/data/devset.jsonl")
    options.add_argument("--json", action="store_true", help="print the report as JSON")
    options.add_argument("--repeat", type=int, default=1, help="parse the set N times (latency)")
    options.add_argument("--quiet", action="store_true", help="leave out the failures")
    options.add_argument(
        "--parser",
        default="services.nlu.fastpath:FastPathParser",
        help="module:callable that returns the Parser to score (called with no arguments)",
    )
    args = options.parse_args(argv)
    devset = load_devset(args.devset)
    parser = _make_parser(args.parser)
    report = score(parser, devset)
    for _ in range(args.repeat - 1):
        report.latencies_ms.extend(score(parser, devset).latencies_ms)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.format(failures=not args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
