"""The compact action notation the fine-tuned parser writes, and its decoding grammar.

One action per line: the action type, then ``key=value`` pairs in the catalogue's parameter
order, separated by ``"; "``. Nothing is quoted; a value ends at ``;`` or the end of the line::

    task.create title=book the venue; project=launch; assignee=Sam; due=Friday
    reminder.create text=book the venue; when=Thursday at 9; task=#0

Values:
- ``@``: the task, person or project last mentioned in the conversation ("it", "her");
- ``#i``: what action ``i`` of this answer created or touched (the line becomes dependent on i);
- ``?Name``: a person or project the store does not know, kept as spoken, so the executor
  says so instead of the model picking the nearest known name;
- lists (subtask titles, attendees) separated by ``" + "``;
- ``none`` alone: nothing in the catalogue fits the utterance.

A 40-70 token JSON answer becomes 10-30 tokens here, and each generated token is the cost
that matters on a Pi. ``grammar`` writes the GBNF that holds the model to this shape, with
people and projects limited to the names the store knows (or an explicit ``?`` for new ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from services.nlu.commands import ACTIONS, PRIORITIES, QUERY_FILTERS, ParamKind, values_of

NONE = "none"
LIST_SEPARATOR = " + "
# Conversation control stays with the fast path ("yes", "no", "cancel").
EXCLUDED = frozenset({"confirm", "cancel"})
_REFERENCE_KINDS: frozenset[ParamKind] = frozenset({"task", "person", "project"})
_RESULT = re.compile(r"#(\d)")


class NotationError(ValueError):
    """An answer that is not valid notation (never reaches the executor)."""


def types() -> list[str]:
    """Return the action types the model may write."""
    return [name for name in ACTIONS if name not in EXCLUDED]


# --- actions -> notation (the corpus generator writes training targets with this) ---------


def _value(kind: ParamKind, value: Any) -> str:
    if isinstance(value, dict):
        if "result_of" in value:
            return f"#{int(value['result_of'])}"
        if "context" in value:
            return "@"
        raise NotationError(f"unknown reference {value!r}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_value("text", item) for item in value)
    text = " ".join(str(value).replace(";", ",").split())
    if not text:
        raise NotationError(f"empty {kind} value")
    return text


def format_actions(actions: Sequence[dict[str, Any]]) -> str:
    """Return the notation of expected actions (``{"type", "params"}`` dicts)."""
    if not actions:
        return NONE
    lines = []
    for action in actions:
        spec = ACTIONS[action["type"]]
        params = action.get("params") or {}
        unknown = set(params) - set(spec.params)
        if unknown:
            raise NotationError(f"{action['type']} has no parameter {sorted(unknown)}")
        parts = [
            f"{name}={_value(param.kind, params[name])}"
            for name, param in spec.params.items()
            if name in params and params[name] not in (None, "", [])
        ]
        lines.append(f"{action['type']} {'; '.join(parts)}".rstrip())
    return "\n".join(lines)


def mark_unknown(
    actions: Sequence[dict[str, Any]], people: Iterable[str], projects: Iterable[str]
) -> list[dict[str, Any]]:
    """Return the actions with people and projects the store does not know marked ``?``."""
    known_people = {"me"}
    for name in people:
        known_people |= {name.lower(), name.split()[0].lower()}
    known = {"person": known_people, "project": {p.lower() for p in projects}}
    marked = []
    for action in actions:
        spec = ACTIONS[action["type"]]
        params = dict(action.get("params") or {})
        for name, value in params.items():
            kind = spec.params[name].kind if name in spec.params else "text"
            kind = "person" if kind == "people" else kind
            if kind not in known:
                continue
            values = values_of(value)
            values = [
                f"?{v}" if isinstance(v, str) and v.lower() not in known[kind] else v
                for v in values
            ]
            params[name] = values if isinstance(value, list) else values[0]
        marked.append({**action, "params": params})
    return marked


# --- notation -> actions (the parser reads the model's answer with this) -----------------


def _reference(kind: ParamKind, value: str, index: int) -> Any:
    if value == "@":
        return {"context": kind}
    match = _RESULT.fullmatch(value)
    if match:
        target = int(match.group(1))
        if target >= index:
            raise NotationError(f"#{target} refers forward from action {index}")
        return {"result_of": target}
    return value.removeprefix("?").strip()


def _parse_value(kind: ParamKind, value: str, index: int) -> Any:
    if kind in _REFERENCE_KINDS:
        return _reference(kind, value, index)
    if kind == "people":
        return [_reference("person", item.strip(), index) for item in value.split("+")]
    if kind == "texts":
        return [item.strip() for item in value.split("+") if item.strip()]
    if kind == "bool":
        return value == "yes"
    if kind == "priority" and value not in PRIORITIES:
        raise NotationError(f"unknown priority {value!r}")
    if kind == "filter" and value not in QUERY_FILTERS:
        raise NotationError(f"unknown filter {value!r}")
    return value


def _depends(params: dict[str, Any]) -> tuple[int, ...]:
    found: set[int] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict) and "result_of" in value:
            found.add(int(value["result_of"]))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for value in params.values():
        walk(value)
    return tuple(sorted(found))


def parse_notation(text: str) -> list[dict[str, Any]]:
    """Return the actions an answer names (``type``, ``params``, ``depends_on``).

    Raises ``NotationError`` for anything that is not the notation: an unknown type or
    parameter, a missing required parameter, a forward reference.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines == [NONE] or not lines:
        return []
    actions: list[dict[str, Any]] = []
    for index, line in enumerate(lines):
        type_, _, rest = line.partition(" ")
        spec = ACTIONS.get(type_)
        if spec is None or type_ in EXCLUDED:
            raise NotationError(f"unknown action {type_!r}")
        params: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in rest.split(";"))):
            name, equals, value = part.partition("=")
            name, value = name.strip(), value.strip()
            if not equals or name not in spec.params:
                raise NotationError(f"{type_} has no parameter {name!r}")
            if not value:
                raise NotationError(f"{type_} {name} is empty")
            params[name] = _parse_value(spec.params[name].kind, value, index)
        missing = [n for n, p in spec.params.items() if p.required and n not in params]
        if missing:
            raise NotationError(f"{type_} needs {', '.join(missing)}")
        actions.append({"type": type_, "params": params, "depends_on": list(_depends(params))})
    return actions


# --- the prompt -----------------------------------------------------------------------------

END = "<|im_end|>"


def prompt(text: str, people: Iterable[str], projects: Iterable[str]) -> str:
    """Return the model's whole input: what the store knows, the utterance, the answer's start.

    It is short on purpose (about 40 tokens): the fine-tuned model needs no instructions or
    examples, and every prompt token costs time on the device.
    """
    return (
        "<|im_start|>user\n"
        f"people: {', '.join(people) or '-'}\n"
        f"lists: {', '.join(projects) or '-'}\n"
        f"say: {' '.join(text.split())}{END}\n"
        "<|im_start|>assistant\n"
    )


# --- the decoding grammar (GBNF, llama.cpp) ----------------------------------------------------


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _choice(names: Iterable[str]) -> str:
    items = sorted({n for n in names if n and ";" not in n and "\n" not in n}, key=str.lower)
    return " | ".join(_literal(n) for n in items) if items else '"?" free'


_KIND_RULE: dict[ParamKind, str] = {
    "text": "free",
    "task": "task",
    "person": "person",
    "project": "project",
    "when": "free",
    "duration": "free",
    "priority": "priority",
    "texts": 'free ( " + " free )*',
    "people": 'person ( " + " person )*',
    "filter": "filter",
    "bool": '( "yes" | "no" )',
}


def grammar(people: Iterable[str], projects: Iterable[str], *, max_actions: int = 6) -> str:
    """Return a GBNF grammar for answers, people and projects limited to the known names."""
    rules = []
    action_rules = []
    for type_ in types():
        spec = ACTIONS[type_]
        rule = "a-" + type_.replace(".", "-").replace("_", "-")
        action_rules.append(rule)
        params = list(spec.params.items())
        # first-k: no parameter written yet (the next one follows a space); rest-k: some were
        # (the next one follows "; "). Parameters come in catalogue order.
        for k, (name, param) in enumerate(params):
            value = _KIND_RULE[param.kind]
            for state, separator in (("first", " "), ("rest", "; ")):
                written = f'"{separator}{name}=" {value} {rule}-rest-{k + 1}'
                skipped = f"{rule}-{state}-{k + 1}"
                body = written if param.required else f"{written} | {skipped}"
                rules.append(f"{rule}-{state}-{k} ::= {body}")
        for state in ("first", "rest"):
            rules.append(f'{rule}-{state}-{len(params)} ::= ""')
        rules.append(f"{rule} ::= {_literal(type_)} {rule}-first-0")
    more = " ".join(['( "\\n" action )?'] * (max_actions - 1))
    head = [
        f'root ::= "{NONE}" | action {more}',
        f"action ::= {' | '.join(action_rules)}",
        "free ::= [^;\\n+#@?] [^;\\n+]*",
        'ref ::= "@" | "#" [0-9]',
        f'person ::= ref | "me" | "?" free | {_choice(people)}',
        f'project ::= ref | "?" free | {_choice(projects)}',
        "task ::= ref | free",
        f"priority ::= {_choice(PRIORITIES)}",
        f"filter ::= {_choice(QUERY_FILTERS)}",
    ]
    return "\n".join(head + rules) + "\n"
