"""Handlers that only read: task queries, counts, the summary report, time and date, timers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from services.core import wording as speech
from services.core.actions import OPEN, Result, Step, handles
from services.core.handlers.schedule import running_timers, timers_named
from services.store.transaction import Doc

# A query that names no filter asks about open tasks ("how many do I have").
DEFAULT_FILTER = "open"


def _due(task: dict[str, Any]) -> datetime | None:
    return datetime.fromisoformat(task["due"]) if task.get("due") else None


def _week_end(step: Step) -> datetime:
    start_index = 0 if step.config.dates.week_starts == "monday" else 6
    days_left = (start_index - step.now.weekday() - 1) % 7
    return (step.now + timedelta(days=days_left)).replace(hour=23, minute=59, second=59)


def task_filter(step: Step, name: str) -> Callable[[Doc], bool]:
    """Return a predicate for a query filter name (built once, run over every task)."""
    today = step.now.date()
    tomorrow = today + timedelta(days=1)
    week_end, now = _week_end(step), step.now

    def due_where(test: Callable[[datetime], bool]) -> Callable[[Doc], bool]:
        def matches(task: Doc) -> bool:
            due = _due(task) if task["status"] in OPEN else None
            return due is not None and test(due)

        return matches

    tests: dict[str, Callable[[Doc], bool]] = {
        "all": lambda t: True,
        "open": lambda t: t["status"] in OPEN,
        "done": lambda t: t["status"] == "done",
        "today": due_where(lambda due: due.date() == today),
        "tomorrow": due_where(lambda due: due.date() == tomorrow),
        "this_week": due_where(lambda due: due <= week_end),
        "overdue": due_where(lambda due: due < now),
    }
    return tests.get(name, tests["open"])


_PHRASES = {
    "today": "due today",
    "tomorrow": "due tomorrow",
    "this_week": "due this week",
    "overdue": "overdue",
    "open": "open",
    "all": "open",
    "done": "done",
}


def assigned_to(person: dict[str, Any]) -> Callable[[Doc], bool]:
    """Tasks that are a person's. The owner's ("how many do I have") include the unassigned:
    on a device one household or desk shares, a task nobody was given is the owner's to do."""
    who = person["name"]
    if person.get("is_owner"):
        return lambda t: t.get("assignee") in (who, None, "")
    return lambda t: t.get("assignee") == who


def select(step: Step, params: dict[str, Any]) -> tuple[Callable[[Doc], bool], str, str]:
    """Return a predicate for the tasks a query asks for, and who and what to say they are."""
    name = params.get("filter") or DEFAULT_FILTER
    tests: list[Callable[[Doc], bool]] = [task_filter(step, name)]
    owner, subject = "You have", ""
    if params.get("assignee"):
        person = step.person(params["assignee"])
        tests.append(assigned_to(person))
        owner = "You have" if person.get("is_owner") else f"{person['name']} has"
    if params.get("project"):
        project, _ = step.project(params["project"])
        where = project["name"]
        tests.append(lambda t: t.get("project") == where)
        subject = f" on the {project['name']} list"
    what = f"{_PHRASES.get(name, 'open')}{subject}"
    return (lambda t: all(test(t) for test in tests)), owner, what


def find(
    step: Step, params: dict[str, Any], predicate: Callable[[Doc], bool]
) -> list[dict[str, Any]]:
    """Return the matching tasks; filters about open work read only open tasks."""
    if (params.get("filter") or DEFAULT_FILTER) in ("all", "done"):
        return step.tx.search("tasks", predicate)
    return step.open_tasks_where(predicate)


def mentioned(step: Step, params: dict[str, Any], tasks: list[dict[str, Any]]) -> list[str]:
    """The person a question is about, for a following "him" or "her": the one it names, or
    else the one person its answer names (every task listed is theirs). Never the owner."""
    if params.get("assignee"):
        person = step.person(params["assignee"])
        return [] if person.get("is_owner") else [person["id"]]
    names = {t.get("assignee") for t in tasks}
    if len(names) != 1 or not next(iter(names)):
        return []
    name = str(next(iter(names))).lower()
    people = [p for p in step.tx.all("people") if p["name"].lower() == name]
    return [people[0]["id"]] if len(people) == 1 and not people[0].get("is_owner") else []


@handles("query.tasks")
def list_tasks(step: Step, params: dict[str, Any]) -> Result:
    predicate, owner, what = select(step, params)
    tasks = find(step, params, predicate)
    tasks.sort(key=lambda t: (t.get("due") or "9999", t["created_at"]))
    titles = [t["title"] for t in tasks]
    people = mentioned(step, params, tasks)
    if not tasks:
        return Result(f"{owner} nothing {what}.", data={"tasks": []}, people=people)
    sentence = f"{owner} {speech.count(len(tasks), 'task')} {what}: {speech.join(titles)}."
    return Result(sentence, data={"tasks": [t["id"] for t in tasks]}, people=people)


@handles("query.count")
def count_tasks(step: Step, params: dict[str, Any]) -> Result:
    predicate, owner, what = select(step, params)
    tasks = find(step, params, predicate)
    number = len(tasks)
    return Result(
        f"{owner} {speech.count(number, 'task')} {what}.",
        data={"count": number},
        people=mentioned(step, params, tasks),
    )


@handles("report.summary")
def summary(step: Step, params: dict[str, Any]) -> Result:
    tasks = step.open_tasks_where(lambda t: True)
    owner = "You have"
    if params.get("assignee"):
        person = step.person(params["assignee"])
        tasks = [t for t in tasks if assigned_to(person)(t)]
        owner = "You have" if person.get("is_owner") else f"{person['name']} has"
    is_overdue, is_today = task_filter(step, "overdue"), task_filter(step, "today")
    overdue = [t for t in tasks if is_overdue(t)]
    today = [t for t in tasks if is_today(t) and not is_overdue(t)]
    urgent = [t for t in tasks if t.get("priority") in ("high", "urgent")]
    parts = [f"{owner} {speech.count(len(tasks), 'open task')}"]
    details = []
    if overdue:
        details.append(f"{len(overdue)} overdue")
    if today:
        details.append(f"{len(today)} due today")
    if urgent:
        details.append(f"{len(urgent)} high priority")
    sentence = parts[0] + (": " + speech.join(details) if details else "") + "."
    if not params.get("assignee"):
        load = Counter(t["assignee"] for t in tasks if t.get("assignee"))
        if load:
            busiest = [f"{name} {number}" for name, number in load.most_common(3)]
            sentence += f" By person: {speech.join(busiest)}."
    if overdue:
        sentence += f" Most overdue: {overdue[0]['title']}."
    data = {"open": len(tasks), "overdue": len(overdue), "due_today": len(today)}
    return Result(sentence, data=data, people=mentioned(step, params, tasks))


@handles("query.time")
def time_now(step: Step, params: dict[str, Any]) -> Result:
    return Result(f"It's {speech.clock_time(step.now)}.", data={"now": step.now.isoformat()})


@handles("query.date")
def date_today(step: Step, params: dict[str, Any]) -> Result:
    text = f"{step.now.strftime('%A, %B')} {speech.ordinal(step.now.day)}, {step.now.year}"
    return Result(f"It's {text}.", data={"date": step.now.date().isoformat()})


@handles("timer.query")
def query_timers(step: Step, params: dict[str, Any]) -> Result:
    timers = running_timers(step)
    if params.get("label"):
        timers = timers_named(timers, params["label"], step)
        if not timers:
            return Result(f"There is no {params['label']} timer running.", data={"timers": []})
    if not timers:
        return Result("No timers are running.", data={"timers": []})
    parts = []
    for timer in timers:
        left = datetime.fromisoformat(timer["ends_at"]) - step.now
        name = f"the {timer['label']} timer" if timer.get("label") else "the timer"
        parts.append(f"{speech.duration(left)} left on {name}")
    return Result(speech.capitalise(speech.join(parts)) + ".", data={"timers": timers})
