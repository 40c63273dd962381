"""The JSON schema the LLM must follow, built from the action catalogue.

The model writes one flat object per action, the parameters next to the type, and nothing
else, so few tokens are generated::

    {"actions":[{"type":"project.create","name":"product launch"},
                {"type":"task.create","title":"testing","project":"product launch"}]}

References are plain strings as spoken ("Sarah", "product launch", "it"); ``llm_repair`` turns
them into the Command's reference forms. The same schema drives the grammar (so the output is
valid JSON of this shape every time) and the validator (so nothing else reaches the executor).
"""

from __future__ import annotations

from typing import Any

from services.nlu.commands import ACTIONS, PRIORITIES, QUERY_FILTERS, ActionSpec, ParamKind

# Actions the LLM never produces: conversation control stays with the fast path, which owns
# "yes", "no" and "cancel" (short, fixed words it never gets wrong).
LLM_EXCLUDED = frozenset({"confirm", "cancel"})

_STRING: dict[str, Any] = {"type": "string", "minLength": 1}
# A list (subtask titles, people) holds at most MAX_LIST items: without a bound the grammar let
# the model run on ("order me a pizza" became 50 subtask titles, 1,429 characters, about 25 s
# on a quiet machine and past 300 s on a busy one), and nobody says more than a few at once.
MAX_LIST = 8
_STRINGS: dict[str, Any] = {"type": "array", "items": _STRING, "minItems": 1, "maxItems": MAX_LIST}

_KIND_SCHEMA: dict[ParamKind, dict[str, Any]] = {
    "text": _STRING,
    "task": _STRING,
    "person": _STRING,
    "project": _STRING,
    "when": _STRING,
    "duration": _STRING,
    "priority": {"enum": list(PRIORITIES)},
    "texts": _STRINGS,
    "people": _STRINGS,
    "filter": {"enum": list(QUERY_FILTERS)},
    "bool": {"type": "boolean"},
}


def llm_actions() -> dict[str, ActionSpec]:
    """Return the catalogue entries the LLM may produce."""
    return {name: spec for name, spec in ACTIONS.items() if name not in LLM_EXCLUDED}


def action_schema(spec: ActionSpec) -> dict[str, Any]:
    """Return the schema of one action type: its type constant and its parameters."""
    properties: dict[str, Any] = {"type": {"const": spec.type}}
    for name, param in spec.params.items():
        properties[name] = _KIND_SCHEMA[param.kind]
    required = ["type", *(name for name, param in spec.params.items() if param.required)]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def output_schema(max_actions: int = 6) -> dict[str, Any]:
    """Return the schema of the whole LLM answer."""
    return {
        "type": "object",
        "properties": {
            "actions": {
                "type": "array",
                "items": {"anyOf": [action_schema(spec) for spec in llm_actions().values()]},
                "maxItems": max_actions,
            }
        },
        "required": ["actions"],
        "additionalProperties": False,
    }


def signature(spec: ActionSpec) -> str:
    """Return one catalogue line for the prompt: ``task.set_due task due`` plus optional ``?``."""
    params = " ".join(name if param.required else f"{name}?" for name, param in spec.params.items())
    return f"{spec.type} {params}".rstrip() + f"  ({spec.description})"


STEPS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "steps": {"type": "array", "items": _STRING, "minItems": 2, "maxItems": 5},
    },
    "required": ["steps"],
    "additionalProperties": False,
}
