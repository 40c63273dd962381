"""Read-only lists and dicts for the insides of stored documents.

Reads hand out a fresh top-level dict per document but share its nested lists and dicts with
the store, which makes reading 10,000 tasks a shallow copy each instead of a deep one. Those
shared values are frozen so that nobody can change the store behind its journal: they compare,
iterate, serialize (json, msgspec) and pickle like plain lists and dicts, ``isinstance(x,
list)`` holds, and ``copy.deepcopy`` or ``list(x)`` gives a plain mutable copy. Mutating one
raises TypeError. To change a nested value, build a new one and ``tx.update`` the field::

    tx.update("tasks", task["id"], {"tags": [*task["tags"], "garden"]})
"""

from __future__ import annotations

from typing import Any, NoReturn

_MESSAGE = (
    "stored documents are read-only inside: build a new value, e.g. "
    "tx.update(collection, id, {'tags': [*doc['tags'], 'new']})"
)


def _refuse(self: object, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError(_MESSAGE)


class FrozenList(list[Any]):
    """A list that refuses changes (a nested value of a stored document)."""

    __slots__ = ()
    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[type, tuple[list[Any]]]:
        return (list, (list(self),))  # copies and pickles come back as plain lists


class FrozenDict(dict[str, Any]):
    """A dict that refuses changes (a nested value of a stored document)."""

    __slots__ = ()
    pop = popitem = clear = update = setdefault = _refuse
    __setitem__ = __delitem__ = __ior__ = _refuse

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (dict, (dict(self),))


def freeze(value: Any) -> Any:
    """Return ``value`` with every list and dict in it frozen (scalars as they are)."""
    kind = type(value)
    if kind is FrozenList or kind is FrozenDict:
        return value
    if kind is list:
        return FrozenList([freeze(item) for item in value])
    if kind is dict:
        return FrozenDict({key: freeze(item) for key, item in value.items()})
    return value


def freeze_doc(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a document (a plain dict) whose nested lists and dicts are frozen."""
    return {key: freeze(value) for key, value in doc.items()}
