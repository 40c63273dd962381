"""Handlers that only read: task queries, counts, the summary report, time and date, timers."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from services import speech
from services.actions import OPEN, Result, Step, handles
from services.handlers.schedule import running_timers


def _due(task: dict) -> datetime | None:
    return datetime.fromisoformat(task["due"]) if task.get("due") else None


def _week_end(step: Step) -> datetime:
    start_index = 0 if step.config.dates.week_starts == "monday" else 6
    days_left = (start_index - step.now.weekday() - 1) % 7
    return (step.now + timedelta(days=days_left)).replace(hour=23, minute=59, second=59)


def _matches(step: Step, task: dict, name: str) -> bool:
    due = _due(task)
    is_open = task["status"] in OPEN
    today = step.now.date()
    tests = {
        "all": lambda: True,
        "open": lambda: is_open,
        "done": lambda: task["status"] == "done",
        "today": lambda: is_open and due is not None and due.date() == today,
        "tomorrow": lambda: is_open and due is not None and due.date() == today + timedelta(1),
        "this_week": lambda: is_open and due is not None and due <= _week_end(step),
        "overdue": lambda: is_open and due is not None and due < step.now,
    }
    return tests.get(name, tests["open"])()


_PHRASES = {
    "today": "due today",
    "tomorrow": "due tomorrow",
    "this_week": "due this week",
    "overdue": "overdue",
    "open": "open",
    "all": "open",
    "done": "done",
}


def select(step: Step, params: dict[str, Any]) -> tuple[list[dict], str, str]:
    """Return the tasks a query asks for, and who and what to say they are."""
    name = params.get("filter") or "open"
    tasks = [t for t in step.tx.all("tasks") if _matches(step, t, name)]
    owner, subject = "You have", ""
    if params.get("assignee"):
        person = step.person(params["assignee"])
        tasks = [t for t in tasks if t.get("assignee") == person["name"]]
        owner = "You have" if person.get("is_owner") else f"{person['name']} has"
    if params.get("project"):
        project, _ = step.project(params["project"])
        tasks = [t for t in tasks if t.get("project") == project["name"]]
        subject = f" on the {project['name']} list"
    tasks.sort(key=lambda t: (t.get("due") or "9999", t["created_at"]))
    return tasks, owner, f"{_PHRASES.get(name, 'open')}{subject}"


@handles("query.tasks")
def list_tasks(step: Step, params: dict[str, Any]) -> Result:
    tasks, owner, what = select(step, params)
    titles = [t["title"] for t in tasks]
    if not tasks:
        return Result(f"{owner} nothing {what}.", data={"tasks": []})
    sentence = f"{owner} {speech.count(len(tasks), 'task')} {what}: {speech.join(titles)}."
    return Result(sentence, data={"tasks": [t["id"] for t in tasks]})


@handles("query.count")
def count_tasks(step: Step, params: dict[str, Any]) -> Result:
    tasks, owner, what = select(step, params)
    return Result(f"{owner} {speech.count(len(tasks), 'task')} {what}.", data={"count": len(tasks)})


@handles("report.summary")
def summary(step: Step, params: dict[str, Any]) -> Result:
    tasks = [t for t in step.tx.all("tasks") if t["status"] in OPEN]
    owner = "You have"
    if params.get("assignee"):
        person = step.person(params["assignee"])
        tasks = [t for t in tasks if t.get("assignee") == person["name"]]
        owner = f"{person['name']} has"
    overdue = [t for t in tasks if _matches(step, t, "overdue")]
    today = [t for t in tasks if _matches(step, t, "today") and t not in overdue]
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
    return Result(sentence, data=data)


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
        timers = [t for t in timers if (t.get("label") or "").lower() == params["label"].lower()]
    if not timers:
        return Result("No timers are running.", data={"timers": []})
    parts = []
    for timer in timers:
        left = datetime.fromisoformat(timer["ends_at"]) - step.now
        name = f"the {timer['label']} timer" if timer.get("label") else "the timer"
        parts.append(f"{speech.duration(left)} left on {name}")
    return Result(speech.capitalise(speech.join(parts)) + ".", data={"timers": timers})
