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

from services.parser import ParseContext
from services.parser.llm_schema import llm_actions, signature

RULES = """You turn one request to a voice assistant for tasks into JSON actions, in the order
spoken. Copy names, titles and time phrases as spoken ("next Friday at 5"); never compute dates;
leave out whatever was not said. Use "it" for it/that/this one and "him"/"her" for people
already mentioned. A list is a project. Set priority from the wording (urgent, asap -> urgent;
important -> high; no rush, whenever -> low). To break a task into steps, write 3 to 5 short
step titles yourself. If no action fits, answer {"actions":[]}.
Actions (? = optional):
CATALOGUE"""

Example = tuple[str, list[dict[str, Any]]]

EXAMPLES: tuple[Example, ...] = (
    ("order me a pizza", []),
    ("add a task to buy stamps", [{"type": "task.create", "title": "buy stamps"}]),
    (
        "put milk and bread on the shopping list",
        [
            {"type": "task.create", "title": "milk", "project": "shopping"},
            {"type": "task.create", "title": "bread", "project": "shopping"},
        ],
    ),
    ("the quarterly report is finished", [{"type": "task.complete", "task": "quarterly report"}]),
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
    (
        'push it to next Monday at 10 and give it to Ana\n(it = task "quarterly report")',
        [
            {"type": "task.set_due", "task": "it", "due": "next Monday at 10"},
            {"type": "task.assign", "task": "it", "assignee": "Ana"},
        ],
    ),
    (
        "start a garden project with a task to buy seeds for Tom by Saturday and another to "
        "build the beds, and the beds wait on the seeds",
        [
            {"type": "project.create", "name": "garden"},
            {
                "type": "task.create",
                "title": "buy seeds",
                "project": "garden",
                "assignee": "Tom",
                "due": "Saturday",
            },
            {"type": "task.create", "title": "build the beds", "project": "garden"},
            {"type": "task.add_dependency", "task": "build the beds", "blocker": "buy seeds"},
        ],
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
    (
        "the tax return is really important",
        [{"type": "task.set_priority", "task": "tax return", "priority": "high"}],
    ),
    ("what has Tom got on his plate", [{"type": "report.summary", "assignee": "Tom"}]),
    (
        "set a 10 minute timer for the pasta and remind me to call mum at 6",
        [
            {"type": "timer.start", "duration": "10 minute", "label": "pasta"},
            {"type": "reminder.create", "text": "call mum", "when": "at 6"},
        ],
    ),
    ("what's overdue", [{"type": "query.tasks", "filter": "overdue"}]),
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
