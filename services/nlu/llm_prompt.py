"""The LLM prompt: a fixed part, byte-identical on every call, then the words.

llama.cpp keeps the key/value cache of the previous prompt and re-evaluates only from the first
token that differs, so everything that never changes (rules, the action catalogue, worked
examples) comes first and is evaluated once, at warm-up. Each command then costs only its own
words plus, for a follow-up, one line saying what "it" and "him"/"her" are.

The model is Qwen2.5 (ChatML turns). Worked examples are earlier chat turns answered in the
exact compact JSON the grammar allows: the cheapest way to teach a 0.5B model the form.

People, projects and open tasks are not in the prompt: the validator (``llm_repair``,
``llm_vet``) checks and respells every name against them instead. Measured on the dev set with
the 0.5B model, listing them made it copy them into answers (acting on every listed task) and
cost about 2 s per command for no gain in exact match; today's date is not needed because
times stay phrases that ``timeparse`` resolves.
"""

from __future__ import annotations

import json
import re
from typing import Any

from services.nlu import ParseContext
from services.nlu.llm_schema import llm_actions, signature

RULES = """You turn one request to a voice assistant for tasks into JSON actions, in the order
spoken. Copy names, titles and time phrases as spoken ("next Friday at 5"); never compute dates.
Write only the fields that were said: never copy a name, project or time from the examples.
Use "it" for it/that/this one and "him"/"her" for people already mentioned. A list is a
project. Set priority from the wording (urgent, asap, critical -> urgent; important -> high;
no rush, whenever, can wait -> low). To break a task into steps, write 3 to 5 short step
titles yourself. If no action fits, answer {"actions":[]}.
Actions (? = optional):
CATALOGUE"""

Example = tuple[str, list[dict[str, Any]]]


def _it(text: str, kind: str, name: str) -> str:
    return f'{text}\n(it = {kind} "{name}")'


EXAMPLES: tuple[Example, ...] = (
    ("turn the heating up a bit", []),
    ("add a task to buy stamps", [{"type": "task.create", "title": "buy stamps"}]),
    (
        "put rice and beans on the groceries list",
        [
            {"type": "task.create", "title": "rice", "project": "groceries"},
            {"type": "task.create", "title": "beans", "project": "groceries"},
        ],
    ),
    (
        "make sure I don't forget to water the plants",
        [{"type": "task.create", "title": "water the plants"}],
    ),
    (
        "we've run out of soap, stick it on the groceries list",
        [{"type": "task.create", "title": "soap", "project": "groceries"}],
    ),
    (
        "I need to get the boiler serviced at some point",
        [{"type": "task.create", "title": "get the boiler serviced"}],
    ),
    (
        "add an urgent task to renew the car insurance",
        [{"type": "task.create", "title": "renew the car insurance", "priority": "urgent"}],
    ),
    ("the quarterly report is finished", [{"type": "task.complete", "task": "quarterly report"}]),
    (
        "the invoices are paid and the slides are sent",
        [
            {"type": "task.complete", "task": "invoices"},
            {"type": "task.complete", "task": "slides"},
        ],
    ),
    ("I've made a start on the slides", [{"type": "task.start", "task": "slides"}]),
    ("forget the car wash, we don't need it", [{"type": "task.cancel", "task": "car wash"}]),
    ("get rid of the boiler task for good", [{"type": "task.delete", "task": "boiler"}]),
    ("the slides aren't really done, reopen them", [{"type": "task.reopen", "task": "slides"}]),
    (
        "Kate is taking care of the invoices from now on",
        [{"type": "task.assign", "task": "invoices", "assignee": "Kate"}],
    ),
    (
        "move the slides up to Wednesday",
        [{"type": "task.set_due", "task": "slides", "due": "Wednesday"}],
    ),
    (
        "the garage isn't a priority",
        [{"type": "task.set_priority", "task": "garage", "priority": "low"}],
    ),
    (
        "the invoices are really important",
        [{"type": "task.set_priority", "task": "invoices", "priority": "high"}],
    ),
    (
        "change the slides task to final deck",
        [{"type": "task.rename", "task": "slides", "title": "final deck"}],
    ),
    (
        "the plastering is holding up the painting",
        [{"type": "task.add_dependency", "task": "painting", "blocker": "plastering"}],
    ),
    (
        "break the kitchen remodel down into steps",
        [
            {
                "type": "task.add_subtasks",
                "task": "kitchen remodel",
                "titles": ["pick a design", "get quotes", "order cabinets", "book the fitter"],
            }
        ],
    ),
    ("who won the match last night", []),
    ("let's get cracking on the invoices", [{"type": "task.start", "task": "invoices"}]),
    ("what time do you make it", [{"type": "query.time"}]),
    ("oops, take that back", [{"type": "undo"}]),
    ("tell me what Ben has on his plate", [{"type": "report.summary", "assignee": "Ben"}]),
    (
        "give me a nudge at 5 about the laundry",
        [{"type": "reminder.create", "text": "laundry", "when": "at 5"}],
    ),
    (
        "start a 5 minute timer for the eggs and remind me to feed the cat at 8",
        [
            {"type": "timer.start", "duration": "5 minute", "label": "eggs"},
            {"type": "reminder.create", "text": "feed the cat", "when": "at 8"},
        ],
    ),
    ("stop the pasta timer", [{"type": "timer.cancel", "label": "pasta"}]),
    (
        "get Tom and Kate together on Tuesday at 4 to go over the budget",
        [
            {
                "type": "meeting.schedule",
                "title": "budget",
                "attendees": ["Tom", "Kate"],
                "when": "Tuesday at 4",
            }
        ],
    ),
    (
        "fit in 20 minutes with Ben on Friday at 2",
        [
            {
                "type": "meeting.schedule",
                "attendees": ["Ben"],
                "when": "Friday at 2",
                "duration": "20 minutes",
            }
        ],
    ),
    (
        "let Kate know that the van has arrived",
        [{"type": "message.send", "to": "Kate", "text": "the van has arrived"}],
    ),
    ("what's running late", [{"type": "query.tasks", "filter": "overdue"}]),
    (
        "what's left to do on the kitchen",
        [{"type": "query.tasks", "filter": "open", "project": "kitchen"}],
    ),
    ("what has Ben finished", [{"type": "query.tasks", "filter": "done", "assignee": "Ben"}]),
    ("how many jobs does Kate have", [{"type": "query.count", "assignee": "Kate"}]),
    ("give me an update on Tom", [{"type": "report.summary", "assignee": "Tom"}]),
    ("how are things looking overall", [{"type": "report.summary"}]),
    (
        "hand all of Tom's work over to Kate",
        [{"type": "task.reassign_all", "source": "Tom", "assignee": "Kate"}],
    ),
    ("clear out the groceries list", [{"type": "task.delete_all", "project": "groceries"}]),
    (
        _it("that one is urgent", "task", "quarterly report"),
        [{"type": "task.set_priority", "task": "it", "priority": "urgent"}],
    ),
    (
        _it("push it to Tuesday and give it to Ana", "task", "invoices"),
        [
            {"type": "task.set_due", "task": "it", "due": "Tuesday"},
            {"type": "task.assign", "task": "it", "assignee": "Ana"},
        ],
    ),
    (
        _it("it has to wait for the invoices", "task", "slides"),
        [{"type": "task.add_dependency", "task": "it", "blocker": "invoices"}],
    ),
    (
        _it("give me a shout a day before it's due", "task", "slides"),
        [{"type": "reminder.create", "text": "it", "before": "a day", "task": "it"}],
    ),
    (
        _it("tell him the parcel came", "person", "Tom"),
        [{"type": "message.send", "to": "him", "text": "the parcel came"}],
    ),
    (_it("how many has he got", "person", "Tom"), [{"type": "query.count", "assignee": "him"}]),
    (
        _it("pass all her stuff to Ben", "person", "Kate"),
        [{"type": "task.reassign_all", "source": "her", "assignee": "Ben"}],
    ),
    (
        "move the slides to Monday and make it urgent",
        [
            {"type": "task.set_due", "task": "slides", "due": "Monday"},
            {"type": "task.set_priority", "task": "it", "priority": "urgent"},
        ],
    ),
    (
        "start an allotment project with a task to buy seeds for Tom by Saturday and another to "
        "build the beds, and the beds wait on the seeds",
        [
            {"type": "project.create", "name": "allotment"},
            {
                "type": "task.create",
                "title": "buy seeds",
                "project": "allotment",
                "assignee": "Tom",
                "due": "Saturday",
            },
            {"type": "task.create", "title": "build the beds", "project": "allotment"},
            {"type": "task.add_dependency", "task": "build the beds", "blocker": "buy seeds"},
        ],
    ),
    (
        "Ana should handle the invoices by Friday",
        [
            {
                "type": "task.create",
                "title": "handle the invoices",
                "assignee": "Ana",
                "due": "Friday",
            }
        ],
    ),
)


def _turn(role: str, text: str) -> str:
    return f"<|im_start|>{role}\n{text}<|im_end|>\n"


def compact(actions: list[dict[str, Any]]) -> str:
    """Return the answer JSON exactly as the model should write it (no spaces)."""
    return json.dumps({"actions": actions}, separators=(",", ":"), ensure_ascii=False)


STEPS_EXAMPLE = (
    "steps for: the kitchen remodel",
    {"steps": ["pick a design", "get quotes", "order cabinets", "book the fitter"]},
)


def fixed_prefix() -> str:
    """Return the part of the prompt that is the same on every call."""
    catalogue = "\n".join(signature(spec) for spec in llm_actions().values())
    parts = [_turn("system", RULES.replace("CATALOGUE", catalogue))]
    for utterance, actions in EXAMPLES:
        parts.append(_turn("user", utterance))
        parts.append(_turn("assistant", compact(actions)))
    parts.append(_turn("user", STEPS_EXAMPLE[0]))
    parts.append(_turn("assistant", json.dumps(STEPS_EXAMPLE[1], separators=(",", ":"))))
    return "".join(parts)


FIXED_PREFIX = fixed_prefix()


def build_steps(task: str) -> str:
    """Return the prompt asking only for the steps of ``task`` (same cached prefix)."""
    return FIXED_PREFIX + _turn("user", f"steps for: {task.strip()}") + "<|im_start|>assistant\n"


def describe_context(context: ParseContext) -> str:
    """Return the note on what "it" and "him"/"her" are right now ("" when nothing is)."""
    named = [f'{kind} "{name}"' for kind, name in context.last.items() if name]
    if not named:
        return ""
    first, *rest = named
    return f"(it = {first}" + "".join(f"; {item}" for item in rest) + ")"


_PRONOUNS = re.compile(r"\b(?:it|that|this|him|her|them|he|she|they|his)\b", re.IGNORECASE)


def build(text: str, context: ParseContext) -> str:
    """Return the whole prompt for one utterance, ending where the model starts its answer.

    The note on what "it" is comes only with a pronoun: without one, a small model writes the
    noted task into every action.
    """
    note = describe_context(context) if _PRONOUNS.search(text) else ""
    request = f"{text.strip()}\n{note}" if note else text.strip()
    return FIXED_PREFIX + _turn("user", request) + "<|im_start|>assistant\n"
