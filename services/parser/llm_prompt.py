"""The LLM prompt: a fixed part, byte-identical on every call, then what changes.

llama.cpp keeps the key/value cache of the previous prompt and re-evaluates only from the first
token that differs, so everything that never changes (rules, the action catalogue, worked
examples) comes first and is evaluated once, at warm-up. Each command then costs only the
short tail: the people, projects, recent tasks, what "it" means, today's date and the words.

The model is Qwen2.5 (ChatML turns). Worked examples are earlier chat turns, answered in the
exact compact JSON the grammar allows, which is the cheapest way to teach a 0.5B model the form.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from services.parser import ParseContext
from services.parser.llm_schema import llm_actions, signature

RULES = """You turn one spoken request to a voice assistant for tasks into JSON actions.
Answer only with {"actions":[...]}: one object per action, in the order spoken.
Each action has "type" and its parameters from this catalogue (? = optional):
CATALOGUE
Rules:
- Copy names, titles and time phrases exactly as spoken ("next Friday at 5", "in 20 minutes").
  Never compute dates. Leave out parameters that were not said.
- Titles are short: drop "a task to", "please", the person, the date.
- A list is a project: "add milk to the shopping list" -> title "milk", project "shopping".
- To use something created earlier in the same request, repeat its name.
- "it", "that", "him", "her" stay as "it", "that", "him", "her".
- Set priority only from the words: urgent/asap/critical -> urgent, important -> high,
  whenever/someday/no rush -> low.
- To break a task into steps, write 3 to 5 short step titles yourself (task.add_subtasks).
- "what is on X's plate" / "what is X working on" -> report.summary with assignee X.
- Fix obvious mishearings of known names and words ("lest" -> "list").
- If the request is not something these actions can do, or is unclear, answer {"actions":[]}."""

EXAMPLES: tuple[tuple[dict[str, Any], str, list[dict[str, Any]]], ...] = (
    (
        {"people": ("Tom", "Ana"), "projects": ("home",), "tasks": ("fix the gate",)},
        "start a garden project with a task to buy seeds for Tom by Saturday and another to "
        "build the beds for Ana next week, and the beds wait on the seeds",
        [
            {"type": "project.create", "name": "garden"},
            {
                "type": "task.create",
                "title": "buy seeds",
                "project": "garden",
                "assignee": "Tom",
                "due": "Saturday",
            },
            {
                "type": "task.create",
                "title": "build the beds",
                "project": "garden",
                "assignee": "Ana",
                "due": "next week",
            },
            {"type": "task.add_dependency", "task": "build the beds", "blocker": "buy seeds"},
        ],
    ),
    (
        {
            "people": ("Tom", "Ana"),
            "tasks": ("quarterly report",),
            "last": {"task": "quarterly report"},
        },
        "push it to next Monday at 10 and give it to Ana",
        [
            {"type": "task.set_due", "task": "it", "due": "next Monday at 10"},
            {"type": "task.assign", "task": "it", "assignee": "Ana"},
        ],
    ),
    (
        {"tasks": ("kitchen remodel", "call the bank")},
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
        {"tasks": ("tax return",)},
        "the tax return is really important, it has to be done asap",
        [{"type": "task.set_priority", "task": "tax return", "priority": "urgent"}],
    ),
    (
        {"people": ("Tom", "Ana")},
        "what has Tom got on his plate",
        [{"type": "report.summary", "assignee": "Tom"}],
    ),
    (
        {},
        "set a 10 minute timer for the pasta and remind me to call mum at 6",
        [
            {"type": "timer.start", "duration": "10 minute", "label": "pasta"},
            {"type": "reminder.create", "text": "call mum", "when": "at 6"},
        ],
    ),
    ({}, "order me a pizza", []),
)


MAX_NAMES = 40  # people and projects shown; keeps the prompt inside the context window


def _turn(role: str, text: str) -> str:
    return f"<|im_start|>{role}\n{text}<|im_end|>\n"


def _listing(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "none"


def _context_lines(
    people: Sequence[str],
    projects: Sequence[str],
    tasks: Sequence[str],
    last: dict[str, str],
    today: str,
) -> str:
    # Slowest-changing first: the cached prefix then usually runs up to "Today".
    lines = [
        f"People: {_listing(people)}",
        f"Projects: {_listing(projects)}",
        f"Open tasks: {'; '.join(tasks) or 'none'}",
        f"Today: {today}",
    ]
    if last:
        lines.append("It: " + ", ".join(f'{kind} "{name}"' for kind, name in last.items()))
    return "\n".join(lines)


def describe_context(context: ParseContext, recent_tasks: int = 10) -> str:
    """Return the changing part of a request: what the store and conversation know."""
    return _context_lines(
        context.people[:MAX_NAMES],
        context.projects[:MAX_NAMES],
        context.tasks[:recent_tasks],
        context.last,
        f"{context.now:%A %d %B %Y}",
    )


def _example_context(data: dict[str, Any]) -> str:
    return _context_lines(
        data.get("people", ()),
        data.get("projects", ()),
        data.get("tasks", ()),
        data.get("last", {}),
        "Monday 16 November 2026",
    )


def compact(actions: list[dict[str, Any]]) -> str:
    """Return the answer JSON exactly as the model should write it (no spaces)."""
    return json.dumps({"actions": actions}, separators=(",", ":"), ensure_ascii=False)


def fixed_prefix() -> str:
    """Return the part of the prompt that is the same on every call."""
    catalogue = "\n".join(signature(spec) for spec in llm_actions().values())
    parts = [_turn("system", RULES.replace("CATALOGUE", catalogue))]
    for data, utterance, actions in EXAMPLES:
        parts.append(_turn("user", f"{_example_context(data)}\nSay: {utterance}"))
        parts.append(_turn("assistant", compact(actions)))
    return "".join(parts)


FIXED_PREFIX = fixed_prefix()


def build(text: str, context: ParseContext, recent_tasks: int = 10) -> str:
    """Return the whole prompt for one utterance, ending where the model starts its answer."""
    request = f"{describe_context(context, recent_tasks)}\nSay: {text.strip()}"
    return FIXED_PREFIX + _turn("user", request) + "<|im_start|>assistant\n"
