"""Handlers for reminders, timers, meetings and messages.

The documents written here are what the scheduler reads (services/core/scheduler.py) and what MQTT
sync delivers (messages); their shapes are part of that contract.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from services.core import wording as speech
from services.core.actions import Result, Step, handles
from services.core.resolve import resolve
from services.errors import ExecutionError, ResolveError, UnknownEntityError

# what a reminder about a task says when it says no more than that it is about the task
_ABOUT_THE_TASK = frozenset(("it", "that", "this", "that one", "this one", "them"))


@handles("reminder.create")
def create_reminder(step: Step, params: dict[str, Any]) -> Result:
    text = str(params.get("text") or "").strip()
    task = step.task(params["task"]) if params.get("task") else None
    if params.get("before"):
        if task is None or not task.get("due"):
            raise ResolveError("That task has no deadline to remind you before.")
        due = datetime.fromisoformat(task["due"]) - step.duration(params["before"])
        if due <= step.now:
            raise ExecutionError("That reminder time has already passed.")
    elif params.get("when"):
        due = step.when(params["when"])
    elif task is not None and task.get("due"):
        due = datetime.fromisoformat(task["due"])
    else:
        raise ResolveError("When should I remind you?")
    person = step.person(params["person"]) if params.get("person") else None
    who = "you" if person is None or person.get("is_owner") else person["name"]
    if task is not None and (not text or text.lower() in _ABOUT_THE_TASK):
        text = task["title"]  # "remind me about it an hour before it's due": the task's name
    if not text:
        raise ExecutionError("What should the reminder say?")
    doc = {
        "text": text,
        "person": None if person is None or who == "you" else person["name"],
        "due": due.isoformat(),
        "fired_at": None,
        "task_id": task["id"] if task else None,
        # the device that speaks it: the person's own Parley, else this one (see scheduler.scan)
        "device": (person or {}).get("device") or step.config.general.device_id,
    }
    reminder = step.tx.insert("reminders", step.stamp(doc))
    sentence = f"I'll remind {who} {step.said(due)}: {text}."
    people = [person["id"]] if person else []
    return Result(sentence, "reminder", reminder["id"], {"reminder": reminder}, people)


@handles("timer.start")
def start_timer(step: Step, params: dict[str, Any]) -> Result:
    span = step.duration(params["duration"])
    if span <= timedelta(0) or span > timedelta(days=1):
        raise ExecutionError("A timer can run from one second to one day.")
    label = str(params.get("label") or "").strip() or None
    doc = {
        "label": label,
        "duration_s": span.total_seconds(),
        "started_at": step.now.isoformat(),
        "ends_at": (step.now + span).isoformat(),
        "fired_at": None,
        "cancelled_at": None,
    }
    timer = step.tx.insert("timers", doc)
    name = f"{label} timer" if label else "timer"
    return Result(
        f"{speech.capitalise(name)} set for {speech.duration(span)}.",
        "timer",
        timer["id"],
        {"timer": timer},
    )


def running_timers(step: Step) -> list[dict[str, Any]]:
    """Return timers that have neither fired nor been cancelled, soonest first."""
    timers = [
        t
        for t in step.tx.all("timers")
        if not t.get("fired_at")
        and not t.get("cancelled_at")
        and datetime.fromisoformat(t["ends_at"]) > step.now
    ]
    return sorted(timers, key=lambda t: t["ends_at"])


def timers_named(timers: list[dict[str, Any]], label: str, step: Step) -> list[dict[str, Any]]:
    """The running ``timers`` that ``label`` names: those labelled so (in any case), else the
    one services.core.resolve takes it for, as a task's title is found ("cancel the sausage roll
    timer" for the "sausage rolls" one); none if it names none. Raises AmbiguousError ("Which
    timer do you mean: ...?") when it names two alike."""
    wanted = label.strip().lower()
    named = [t for t in timers if (t.get("label") or "").lower() == wanted]
    labelled = [(t["id"], t["label"]) for t in timers if t.get("label")]
    if named or not labelled:
        return named
    try:
        match = resolve(label, labelled, kind="timer", threshold=step.config.parser.fuzzy_threshold)
    except UnknownEntityError:
        return []
    return [t for t in timers if t["id"] == match.id]


def _pick_timer(step: Step, label: str | None) -> dict[str, Any]:
    timers = running_timers(step)
    if label:
        named = timers_named(timers, label, step)
        if not named:
            raise ResolveError(f"There is no {label} timer running.")
        return named[0]
    if not timers:
        raise ResolveError("There is no timer running.")
    if len(timers) > 1:
        names = [
            t.get("label") or speech.duration(timedelta(seconds=t["duration_s"])) for t in timers
        ]
        raise ResolveError(f"Which timer: {speech.join(names)}?")
    return timers[0]


@handles("timer.cancel")
def cancel_timer(step: Step, params: dict[str, Any]) -> Result:
    timer = _pick_timer(step, params.get("label"))
    step.tx.update("timers", timer["id"], {"cancelled_at": step.now.isoformat()})
    name = f"{timer['label']} timer" if timer.get("label") else "timer"
    return Result(f"Cancelled the {name}.", "timer", timer["id"], {"timer": timer})


@handles("meeting.schedule")
def schedule_meeting(step: Step, params: dict[str, Any]) -> Result:
    start = step.when(params["when"])
    span = step.duration(params["duration"]) if params.get("duration") else timedelta(minutes=30)
    attendees = [step.person(ref) for ref in params.get("attendees") or []]
    names = [person["name"] for person in attendees]
    title = str(params.get("title") or "").strip() or (
        f"Meeting with {speech.join(names)}" if names else "Meeting"
    )
    for other in step.tx.all("meetings"):
        other_start = datetime.fromisoformat(other["start"])
        other_end = other_start + timedelta(minutes=other["duration_min"])
        if other_start < start + span and start < other_end:
            raise ExecutionError(f"That clashes with {other['title']} {step.said(other_start)}.")
    doc = {
        "title": title,
        "start": start.isoformat(),
        "duration_min": int(span.total_seconds() // 60),
        "attendees": names,
        "location": params.get("location") or None,
        "alerted_at": None,
        "device": step.config.general.device_id,  # the device that announces it
    }
    meeting = step.tx.insert("meetings", step.stamp(doc))
    sentence = f"Scheduled {title} {step.said(start)} for {speech.duration(span)}."
    people = [person["id"] for person in attendees]
    return Result(sentence, "meeting", meeting["id"], {"meeting": meeting}, people)


@handles("message.send")
def send_message(step: Step, params: dict[str, Any]) -> Result:
    person = step.person(params["to"])
    text = str(params.get("text") or "").strip()
    if not text:
        raise ExecutionError(f"What should I tell {person['name']}?")
    doc = {
        "to": person["name"],
        "from": step.config.general.owner,
        "text": text,
        "delivered": False,
        "device": person.get("device"),
    }
    message = step.tx.insert("messages", step.stamp(doc))
    return Result(
        f"I'll tell {person['name']}: {text}.",
        "message",
        message["id"],
        {"message": message},
        [person["id"]],
    )
