"""Greedy decoding under a JSON grammar, checking the grammar on the best token first.

llama-cpp-python's own grammar sampling runs the grammar over the whole vocabulary (151,000
tokens for Qwen2.5) at every step before it picks the best one: on this 2-core machine that is
75 ms a token against 38 ms without a grammar. Greedy decoding only needs the best token the
grammar allows, and nearly always the best token is allowed; so ``GrammarFirst`` asks the
grammar about that one token and runs it over the whole vocabulary only when it refuses (in
practice once per answer, at its end). The output is the same token for token (measured on the
dev-set prompts) at about half the time; this is llama.cpp's own "grammar first" idea from its
common sampling code, which the Python binding does not use.

It plugs into ``Llama.create_completion`` as a logits processor: it returns logits in which
only the chosen token is finite, so the binding's greedy step takes it. One instance per
completion (it holds the grammar's parse state); ``close()`` frees it.
"""

from __future__ import annotations

import ctypes
from typing import Any

import llama_cpp
import numpy as np

_TOKEN = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)


class GrammarFirst:
    """A logits processor that keeps greedy decoding inside ``grammar``."""

    def __init__(self, llama: Any, grammar: Any) -> None:
        self._sampler = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode(), grammar._root.encode()
        )
        if not self._sampler:
            raise ValueError("llama.cpp rejected the grammar")
        size = llama.n_vocab()
        self._eos = llama.token_eos()
        self._all = (llama_cpp.llama_token_data * size)()
        self._view = np.frombuffer(self._all, dtype=_TOKEN)
        self._one = (llama_cpp.llama_token_data * 1)()
        self.full_passes = 0  # how often the grammar ran over the whole vocabulary

    def _apply(self, data: Any, size: int) -> None:
        array = llama_cpp.llama_token_data_array(data=data, size=size, selected=-1, sorted=False)
        llama_cpp.llama_sampler_apply(self._sampler, ctypes.byref(array))

    def _allows(self, token: int, logit: float) -> bool:
        entry = self._one[0]
        # ctypes fields accept plain numbers; the stubs type them as c_int32 and c_float
        entry.id, entry.logit, entry.p = token, logit, 0.0  # type: ignore[assignment]
        self._apply(self._one, 1)
        return bool(np.isfinite(self._one[0].logit))

    def _best_allowed(self, scores: np.ndarray) -> int | None:
        self.full_passes += 1
        self._view["id"] = np.arange(len(scores), dtype=np.intc)
        self._view["logit"] = scores
        self._apply(self._all, len(scores))
        best = int(np.argmax(self._view["logit"]))
        return best if np.isfinite(self._view["logit"][best]) else None

    def __call__(self, _input_ids: Any, scores: np.ndarray) -> np.ndarray:
        first = int(np.argmax(scores))
        best = first if self._allows(first, float(scores[first])) else self._best_allowed(scores)
        chosen = np.full_like(scores, -np.inf)
        if best is None:  # the grammar allows nothing: end here (validation catches the rest)
            chosen[self._eos] = 0.0
            return chosen
        llama_cpp.llama_sampler_accept(self._sampler, best)
        chosen[best] = 0.0
        return chosen

    def close(self) -> None:
        """Free the grammar's state."""
        if self._sampler:
            llama_cpp.llama_sampler_free(self._sampler)
            self._sampler = None
