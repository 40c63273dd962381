"""A cache of work done once per list of names, found by the lists' identity before their value.

The fast path indexes the context's names (10,000 task titles, say) once per list, in caches
keyed on the lists themselves (``functools.lru_cache``). A look-up there hashes the whole
tuple (Python keeps no hash of a tuple): about 40 microseconds for 8,600 titles, and the
parse of one utterance asks dozens of times. ``by_identity`` answers a call with the very
same tuples as a recent call from that call's result, found by their ``id``; any other call
goes to the ``lru_cache`` keyed by value, as before. The tuples of a kept answer are kept
with it, so no other object can take their ``id`` while it is kept: an answer is never given
for another list. Short tuples (``context.last``'s names, made anew for each call) are keyed
by value, which is as cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, TypeVar

R = TypeVar("R")

# a tuple this long or shorter is keyed by its value (hashing it costs less than a look-up)
SHORT = 16
_ID = object()  # marks an id in a key: no argument holds it, so no argument's value is one


class _ByIdentity(Generic[R]):
    """``function`` cached by its arguments' identity, then by their value (``lru_cache``)."""

    def __init__(self, function: Callable[..., R], maxsize: int) -> None:
        self._by_value = lru_cache(maxsize=maxsize)(function)
        self._maxsize = maxsize
        # key -> (the arguments, kept alive so that their ids stay theirs; the answer)
        self._recent: dict[tuple[Hashable, ...], tuple[tuple[Any, ...], R]] = {}
        update_wrapper(self, function)  # ``__wrapped__``: the function, never cached

    def __call__(self, *args: Any) -> R:
        key = tuple(
            arg if not isinstance(arg, tuple) or len(arg) <= SHORT else (_ID, id(arg))
            for arg in args
        )
        found = self._recent.get(key)
        if found is not None:
            return found[1]
        answer = self._by_value(*args)
        if len(self._recent) >= self._maxsize:
            self._recent.clear()  # the lists in use now come back at once from ``_by_value``
        self._recent[key] = (args, answer)
        return answer

    def cache_clear(self) -> None:
        """Forget every answer, as ``lru_cache``'s does."""
        self._recent.clear()
        self._by_value.cache_clear()


def by_identity(maxsize: int) -> Callable[[Callable[..., R]], _ByIdentity[R]]:
    """Cache a function of lists of names (and other hashable values) as ``lru_cache(maxsize)``
    does, answering a call with the very same long tuples as a recent one without hashing
    them."""

    def decorate(function: Callable[..., R]) -> _ByIdentity[R]:
        return _ByIdentity(function, maxsize)

    return decorate
