"""The fine-tuned parser: the shipped model plus Parley's LoRA adapter, writing compact notation.

``TunedParser`` satisfies the router's DeadlineParser Protocol, like ``LlmParser``, but needs
no instructions or examples in its prompt: the adapter (services/nlu/adapter/, its model card
beside it) was trained on the corpus generated from services/nlu/domain.yaml to
write services/nlu/notation.py's notation, one short line per action. The decoding grammar
holds every answer to that notation and every person and project to a name the store knows,
``me``, a reference (``@``, ``#0``) or an explicit ``?new name``.

What it will not do: an answer that names someone the utterance never mentions is not trusted
(the parse comes back not understood, so nothing changes); an answer the notation cannot read
never reaches the executor.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from services.config import Llm as LlmConfig
from services.errors import EngineError, ErrorCode
from services.nlu import ParseContext, doubt, notation
from services.nlu.commands import ACTIONS, Action, Command, not_understood, values_of
from services.nlu.llama_output import llama_threads, quiet_loads
from services.nlu.llm import Completion, LlmTimeoutError
from services.nlu.llm_models import model_path
from services.nlu.llm_vet import respell_action

log = logging.getLogger(__name__)

NAME = "llm"
MULTI_INTENT = "multi"
ADAPTER_DIR = Path(__file__).resolve().parent / "adapter"
ADAPTER = "parley-parser.lora.gguf"
# The confidence of an answer the model gives no probabilities for (a test fake).
UNRATED = 0.9


class ChoiceRecorder:
    """A llama.cpp logits processor that records how likely each written token was.

    llama-cpp-python runs logits processors before the grammar and the greedy choice, on the
    model's raw scores; the token chosen at one step is the last input id of the next. So each
    call scores the previous step's choice against the distribution saved then. A token the
    grammar forced on a model that wanted something else gets a low probability: the model
    was unsure, or wanted to say what the notation cannot.
    """

    def __init__(self) -> None:
        self.probabilities: list[float] = []
        self.chosen: list[int] = []  # the tokens those probabilities are of
        self._previous: np.ndarray | None = None

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        if self._previous is not None and len(input_ids):
            self.chosen.append(int(input_ids[-1]))
            self.probabilities.append(float(self._previous[self.chosen[-1]]))
        shifted = np.exp(scores - np.max(scores))
        self._previous = shifted / shifted.sum()
        return scores


def answer_confidence(probabilities: tuple[float, ...]) -> float:
    """Return how sure the model was of a whole answer: its least likely token."""
    return round(min(probabilities), 3) if probabilities else UNRATED


class NotationModel(Protocol):
    """A model that writes notation under a GBNF grammar (the real one or a test fake)."""

    name: str

    def complete(
        self, prompt: str, *, grammar: str, max_tokens: int, deadline: float
    ) -> Completion: ...


def adapter_path(name: str = ADAPTER) -> Path:
    """Return the adapter file: a path as given, or one shipped in services/nlu/adapter/."""
    path = Path(os.path.expanduser(name))
    return path if path.is_absolute() or path.exists() else ADAPTER_DIR / name


def check_base(adapter: Path, base: Path) -> None:
    """Refuse an adapter trained on another base model than ``base`` (its record names it).

    A LoRA adapter only means something on the weights it was trained on: on another model
    llama.cpp either fails or, worse, loads and writes nonsense. An adapter with no record
    next to it (``<adapter>.json``) is taken on trust.
    """
    record = adapter.with_name(adapter.name + ".json")
    if not record.is_file():
        return
    try:
        trained_on = json.loads(record.read_text(encoding="utf-8"))["arguments"]["base_file"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if trained_on != base.name:
        raise EngineError(
            f"the parser adapter {adapter.name} was trained on {trained_on}, not {base.name}:"
            ' set [llm] adapter = "" to use this model with the prompted parser',
            code=ErrorCode.LLM_FAILED,
        )


class LlamaNotationModel:
    """The base GGUF with the LoRA adapter applied, in llama.cpp."""

    def __init__(
        self, path: Path, adapter: Path, *, threads: int = 0, context_tokens: int = 512
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        if not adapter.is_file():
            raise EngineError(
                f"the parser adapter {adapter} is missing", code=ErrorCode.LLM_MISSING
            )
        try:  # here: llama-cpp-python is an optional extra ([llm])
            from llama_cpp import Llama, LogitsProcessorList, StoppingCriteriaList
            from llama_cpp.llama_grammar import LlamaGrammar
        except ImportError as exc:
            raise EngineError(
                "llama-cpp-python is not installed", code=ErrorCode.LLM_MISSING
            ) from exc
        self.name = f"{path.stem}+{adapter.stem}"
        # False runs llama.cpp's grammar over the whole vocabulary at every step, as
        # create_completion does: the reference the engine test compares answers against.
        self.is_grammar_first = True
        self._grammar_type = LlamaGrammar
        self._criteria = StoppingCriteriaList
        self._processors = LogitsProcessorList
        self._grammars: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()
        try:
            quiet_loads()  # not /dev/null over the daemon's stdout and stderr
            self._llama = Llama(
                model_path=str(path),
                lora_path=str(adapter),
                n_ctx=context_tokens,
                n_threads=llama_threads(threads),
                n_batch=256,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise EngineError(
                f"the parser model {path.name} with {adapter.name} failed to load: {exc}",
                code=ErrorCode.LLM_FAILED,
            ) from exc

    def _grammar(self, text: str) -> Any:
        grammar = self._grammars.pop(text, None)
        if grammar is None:
            grammar = self._grammar_type.from_string(text, verbose=False)
        self._grammars[text] = grammar
        while len(self._grammars) > 8:  # one per set of names the store has had lately
            self._grammars.popitem(last=False)
        return grammar

    def _grammar_first(self, grammar: Any) -> Any:
        """Return a sampler that asks the grammar about the model's best token first.

        llama.cpp's grammar over the whole 151k-token vocabulary at every step cost about as
        much as the model itself here; greedy decoding only needs the best token the grammar
        allows, which is nearly always the best token (services/nlu/llm_sampling.py).
        """
        from services.nlu.llm_sampling import GrammarFirst  # imports llama-cpp-python

        return GrammarFirst(self._llama, grammar)

    def complete(
        self, prompt: str, *, grammar: str, max_tokens: int, deadline: float
    ) -> Completion:
        """Write the notation answer to ``prompt`` under ``grammar``, stopping at ``deadline``."""
        with self._lock:
            started = time.monotonic()
            is_late = False

            def should_stop(_tokens: Any, _logits: Any) -> bool:
                nonlocal is_late
                is_late = time.monotonic() > deadline
                return is_late

            recorder = ChoiceRecorder()
            # The recorder reads the model's own scores, so it runs before the grammar.
            processors: list[Any] = [recorder]
            grammar_object = self._grammar(grammar)
            try:
                if self.is_grammar_first:
                    processors.append(self._grammar_first(grammar_object))
                result = self._llama.create_completion(
                    prompt,
                    max_tokens=max_tokens,
                    temperature=0.0,
                    grammar=None if self.is_grammar_first else grammar_object,
                    stop=[notation.END],
                    stopping_criteria=self._criteria([should_stop]),
                    logits_processor=self._processors(processors),
                )
            except (ValueError, RuntimeError) as exc:
                raise EngineError(
                    f"the language model failed: {exc}", code=ErrorCode.LLM_FAILED
                ) from exc
            finally:
                for processor in processors[1:]:
                    processor.close()
        assert isinstance(result, dict)
        usage = result.get("usage", {})
        return Completion(
            text=result["choices"][0]["text"],
            tokens=usage.get("completion_tokens", 0),
            prompt_tokens=usage.get("prompt_tokens", 0),
            is_timed_out=is_late,
            seconds=time.monotonic() - started,
            token_probabilities=tuple(recorder.probabilities),
            token_lengths=tuple(len(self._llama.detokenize([t])) for t in recorder.chosen),
        )


def _ungrounded(actions: list[dict[str, Any]], utterance: str) -> list[str]:
    names = []
    for action in actions:
        spec = ACTIONS[action["type"]]
        for key, value in action["params"].items():
            kind = spec.params[key].kind
            if kind not in ("person", "people"):
                continue
            for item in values_of(value):
                if (
                    isinstance(item, str)
                    and item != "me"
                    and not doubt.is_person_said(item, utterance)
                ):
                    names.append(item)
    return names


class TunedParser:
    """Parses with the fine-tuned model; satisfies the DeadlineParser Protocol."""

    name = NAME

    def __init__(self, model: NotationModel, *, max_tokens: int = 160, timeout_s: float = 10.0):
        self.model = model
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        self.last_completion: Completion | None = None

    @classmethod
    def load(cls, config: LlmConfig, state_dir: Path) -> TunedParser:
        """Load the configured model with its adapter and warm it; raise EngineError if not."""
        directory = Path(os.path.expanduser(config.model_dir)) if config.model_dir else None
        path = model_path(config.model, directory or state_dir / "models")
        started = time.monotonic()
        adapter = adapter_path(config.adapter)
        check_base(adapter, path)
        model = LlamaNotationModel(path, adapter, threads=config.threads)
        parser = cls(model, max_tokens=min(config.max_tokens, 160), timeout_s=config.timeout_s)
        parser.warm()
        log.info("parser model %s ready in %.1f s", model.name, time.monotonic() - started)
        return parser

    def warm(self) -> None:
        """Run one short answer so the first command pays no start-up cost."""
        context = ParseContext(now=datetime.now().astimezone())
        self.parse("what time is it", context, time.monotonic() + 60.0)

    def parse(self, text: str, context: ParseContext, deadline: float | None = None) -> Command:
        """Return the Command for ``text``; raise LlmTimeoutError past the time limit."""
        if not text.strip():
            return not_understood(text, NAME)
        deadline = deadline if deadline is not None else time.monotonic() + self.timeout_s
        completion = self.model.complete(
            notation.prompt(text, context.people, context.projects),
            grammar=notation.grammar(context.people, context.projects),
            max_tokens=self.max_tokens,
            deadline=deadline,
        )
        self.last_completion = completion
        log.debug("parser model wrote %r in %.2f s", completion.text, completion.seconds)
        if completion.is_timed_out:
            raise LlmTimeoutError(f"the language model took longer than {self.timeout_s:g} s")
        try:
            actions = notation.parse_notation(completion.text)
        except notation.NotationError as exc:
            log.info("parser model answer for %r not used: %s", text, exc)
            return not_understood(text, NAME)
        unsaid = _ungrounded(actions, text)
        if unsaid:
            log.info("parser model named %s, not said in %r: not used", unsaid, text)
            return not_understood(text, NAME)
        confidence = doubt.confidence(
            completion.text,
            completion.token_lengths,
            completion.token_probabilities,
            text,
            context,
        )
        if confidence is None:  # tokens not known to spell the answer: count every one
            confidence = answer_confidence(completion.token_probabilities)
        return to_command(text, actions, context, confidence)


def link_reminders(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link a reminder to the task an earlier action of the same answer created under its text.

    "add a task to book the venue ... and remind me Thursday at 9" is a reminder about that
    task (the convention the training data follows: ``task=#0``); the model sometimes writes
    the title as the reminder's text and leaves the link out, and an unlinked reminder is not
    moved or dropped with its task.
    """
    titles = {
        a["params"]["title"].strip().lower(): index
        for index, a in enumerate(actions)
        if a["type"] == "task.create" and isinstance(a["params"].get("title"), str)
    }
    linked = []
    for index, action in enumerate(actions):
        params = action["params"]
        text = params.get("text")
        created = titles.get(text.strip().lower()) if isinstance(text, str) else None
        is_unlinked = action["type"] == "reminder.create" and "task" not in params
        if is_unlinked and created is not None and created < index:
            params = {**params, "task": {"result_of": created}}
            depends = sorted({*action["depends_on"], created})
            action = {**action, "params": params, "depends_on": depends}
        linked.append(action)
    return linked


def to_command(
    text: str, actions: list[dict[str, Any]], context: ParseContext, confidence: float = UNRATED
) -> Command:
    """Turn notation actions into the Command the executor runs."""
    if not actions:
        return not_understood(text, NAME)
    actions = link_reminders(actions)
    steps = tuple(
        respell_action(Action(a["type"], dict(a["params"]), tuple(a["depends_on"])), context)
        for a in actions
    )
    types = {step.type for step in steps}
    return Command(
        intent=steps[0].type if len(types) == 1 else MULTI_INTENT,
        actions=steps,
        confidence=confidence,
        is_complete=True,
        parser=NAME,
    )
