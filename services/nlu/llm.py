"""The LLM parser: free speech -> Command, on a local quantized model through llama.cpp.

``LlmParser`` satisfies the ``Parser`` Protocol. It builds the prompt (``llm_prompt``), asks a
``TextModel`` for an answer that the JSON-schema grammar (``llm_schema``) keeps valid, and
validates and repairs that answer (``llm_repair``) before it becomes a Command.

``LlamaModel`` is the real ``TextModel``; tests use a fake with the same shape. Load it once
at start-up with ``LlmParser.load(config.llm, state_dir)``, which also warms the fixed prompt
prefix, so the first command costs no more than the others.

Example::

    parser = LlmParser.load(config.llm, config.state_dir)
    command = parser.parse("break down the launch into steps", context)
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from services.config import Llm as LlmConfig
from services.errors import EngineError, ErrorCode
from services.nlu import ParseContext
from services.nlu import llm_prompt as prompts
from services.nlu.commands import Command, not_understood
from services.nlu.llama_output import llama_threads, quiet_loads
from services.nlu.llm_models import model_path
from services.nlu.llm_repair import Checked, check
from services.nlu.llm_schema import STEPS_SCHEMA, output_schema

log = logging.getLogger(__name__)

NAME = "llm"
MULTI_INTENT = "multi"


SCHEMAS = {"actions": output_schema(), "steps": STEPS_SCHEMA}
# "break down the launch into steps": when the main answer has no subtasks, the model is asked
# for the steps alone (a much easier task for a small model), sharing the cached prefix.
_STEPS = re.compile(
    r"\b(?:break|split|divide|chop)\s+(?:down\s+)?(?P<a>.+?)\s+(?:down\s+)?into\b"
    r"|\bplan\s+out\s+(?P<b>.+?)(?:\s+for\s+me)?$"
    r"|\bwhat\s+steps\s+(?:does|do|would)\s+(?P<c>.+?)\s+(?:need|take)\b",
    re.IGNORECASE,
)


class LlmTimeoutError(EngineError):
    """The model did not finish an answer within the command's time limit."""


@dataclass(frozen=True)
class Completion:
    """What a model wrote for one prompt."""

    text: str
    tokens: int = 0
    prompt_tokens: int = 0  # tokens evaluated for this prompt (the uncached tail)
    is_timed_out: bool = False
    seconds: float = 0.0
    # how likely the model found each token it wrote, before the decoding grammar had its say
    # (empty when the model does not report it)
    token_probabilities: tuple[float, ...] = ()
    # each of those tokens' length in bytes of the answer's UTF-8 (services/nlu/doubt.py)
    token_lengths: tuple[int, ...] = ()


class TextModel(Protocol):
    """A language model constrained to the output schema (the real one or a test fake)."""

    name: str

    def complete(
        self, prompt: str, *, max_tokens: int, deadline: float, schema: str = "actions"
    ) -> Completion: ...


class LlamaModel:
    """A GGUF model in llama.cpp with the output schema as its grammar."""

    def __init__(self, path: Path, *, threads: int = 0, context_tokens: int = 4096) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from llama_cpp import Llama, StoppingCriteriaList
            from llama_cpp.llama_grammar import LlamaGrammar
        except ImportError as exc:
            raise EngineError(
                "llama-cpp-python is not installed", code=ErrorCode.LLM_MISSING
            ) from exc
        self.name = path.stem
        self._lock = threading.Lock()  # one llama.cpp context: one generation at a time
        self._criteria = StoppingCriteriaList
        try:
            quiet_loads()  # not /dev/null over the daemon's stdout and stderr
            self._llama = Llama(
                model_path=str(path),
                n_ctx=context_tokens,
                n_threads=llama_threads(threads),
                n_batch=512,
                verbose=False,
            )
            self._grammars = {
                name: LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
                for name, schema in SCHEMAS.items()
            }
        except (ValueError, RuntimeError, OSError) as exc:
            raise EngineError(
                f"the LLM model {path.name} failed to load: {exc}", code=ErrorCode.LLM_FAILED
            ) from exc

    def complete(
        self, prompt: str, *, max_tokens: int, deadline: float, schema: str = "actions"
    ) -> Completion:
        """Write the answer to ``prompt`` under ``SCHEMAS[schema]``, stopping at ``deadline``.

        An answer that starts repeating an action it already wrote is stopped there and closed
        after the last new action: a small model can loop until its token limit otherwise.
        """
        with self._lock:
            started = time.monotonic()
            prompt_tokens = self._llama.tokenize(prompt.encode(), special=True)
            cached = self._cached_prefix(prompt_tokens)
            is_late = False
            closed: str | None = None

            def should_stop(tokens: Any, _logits: Any) -> bool:
                nonlocal is_late, closed
                is_late = time.monotonic() > deadline
                if is_late or schema != "actions":
                    return is_late
                written = self._llama.detokenize(list(tokens[len(prompt_tokens) :]))
                closed = closed_before_repeat(written.decode("utf-8", "ignore"))
                return closed is not None

            # Here, not at the top: both import llama-cpp-python, an optional extra ([llm]).
            from llama_cpp import LogitsProcessorList

            from services.nlu.llm_sampling import GrammarFirst

            try:
                grammar = GrammarFirst(self._llama, self._grammars[schema])
            except ValueError as exc:
                raise EngineError(
                    f"the language model failed: {exc}", code=ErrorCode.LLM_FAILED
                ) from exc
            try:
                result = self._llama.create_completion(
                    prompt,
                    max_tokens=max_tokens,
                    temperature=0.0,
                    logits_processor=LogitsProcessorList([grammar]),
                    stopping_criteria=self._criteria([should_stop]),
                )
            except (ValueError, RuntimeError) as exc:  # e.g. the prompt overflows the context
                raise EngineError(
                    f"the language model failed: {exc}", code=ErrorCode.LLM_FAILED
                ) from exc
            finally:
                grammar.close()
        assert isinstance(result, dict)  # one completion, not a stream
        usage = result.get("usage", {})
        return Completion(
            text=closed if closed is not None and not is_late else result["choices"][0]["text"],
            tokens=usage.get("completion_tokens", 0),
            prompt_tokens=usage.get("prompt_tokens", 0) - cached,
            is_timed_out=is_late,
            seconds=time.monotonic() - started,
        )

    def _cached_prefix(self, tokens: list[int]) -> int:
        """Return how many leading prompt tokens llama.cpp already holds in its cache."""
        held = self._llama.input_ids[: self._llama.n_tokens]
        count = 0
        for mine, theirs in zip(tokens, held, strict=False):
            if mine != theirs:
                break
            count += 1
        return count


class LlmParser:
    """Parses with a TextModel; satisfies the Parser Protocol."""

    name = NAME

    def __init__(
        self,
        model: TextModel,
        *,
        max_tokens: int = 320,
        timeout_s: float = 10.0,
    ) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        self.last_completion: Completion | None = None
        self.last_checked: Checked | None = None

    @classmethod
    def load(cls, config: LlmConfig, state_dir: Path) -> LlmParser:
        """Load the configured model and warm its prompt cache; raise EngineError if it cannot."""
        directory = Path(os.path.expanduser(config.model_dir)) if config.model_dir else None
        path = model_path(config.model, directory or state_dir / "models")
        started = time.monotonic()
        model = LlamaModel(path, threads=config.threads, context_tokens=config.context_tokens)
        parser = cls(
            model,
            max_tokens=config.max_tokens,
            timeout_s=config.timeout_s,
        )
        parser.warm()
        log.info("LLM %s ready in %.1f s", model.name, time.monotonic() - started)
        return parser

    def _steps(self, text: str, context: ParseContext, deadline: float) -> Checked | None:
        """Ask for the steps of a task alone; return them as a checked add_subtasks, or None."""
        target = steps_target(text)
        if target is None:
            return None
        prompt = prompts.build_steps(target)
        completion = self.model.complete(prompt, max_tokens=96, deadline=deadline, schema="steps")
        if completion.is_timed_out:
            raise LlmTimeoutError(f"the language model took longer than {self.timeout_s:g} s")
        try:
            steps = json.loads(completion.text)["steps"]
        except (ValueError, KeyError, TypeError):
            return None
        answer = {"actions": [{"type": "task.add_subtasks", "task": target, "titles": steps}]}
        checked = check(json.dumps(answer), text, context)
        return checked if checked.actions else None

    def warm(self) -> None:
        """Evaluate the fixed prompt prefix once so later commands reuse it from the cache."""
        context = ParseContext(now=datetime.now().astimezone())
        deadline = time.monotonic() + 120.0  # the first evaluation of the prefix is the slow one
        self.model.complete(
            prompts.build("what time is it", context), max_tokens=8, deadline=deadline
        )

    def parse(self, text: str, context: ParseContext, deadline: float | None = None) -> Command:
        """Return the Command for ``text``; raise LlmTimeoutError past the time limit."""
        if not text.strip():
            return not_understood(text, NAME)
        deadline = deadline if deadline is not None else time.monotonic() + self.timeout_s
        prompt = prompts.build(text, context)
        completion = self.model.complete(prompt, max_tokens=self.max_tokens, deadline=deadline)
        self.last_completion = completion
        log.debug("LLM wrote %r in %.2f s", completion.text, completion.seconds)
        if completion.is_timed_out:
            raise LlmTimeoutError(f"the language model took longer than {self.timeout_s:g} s")
        checked = check(completion.text, text, context)
        if not any(action.type == "task.add_subtasks" for action in checked.actions):
            checked = self._steps(text, context, deadline) or checked
        self.last_checked = checked
        if checked.problems:
            log.info("LLM answer for %r repaired: %s", text, "; ".join(checked.problems))
        return to_command(text, checked)


def closed_before_repeat(written: str) -> str | None:
    """Return the answer closed after its last new action once one repeats, else None.

    ``written`` is the answer so far, as the grammar keeps it: ``{"actions":[{...},{...}``.
    Only whole action objects count (a token may close one and open the next).
    """
    start = written.find("[")
    if start < 0:
        return None
    decoder = json.JSONDecoder()
    seen: list[Any] = []
    position, last_end = start + 1, start + 1
    while position < len(written):
        if written[position] == ",":
            position += 1
        try:
            item, end = decoder.raw_decode(written, position)
        except ValueError:  # the action being written
            return None
        if item in seen:
            return written[:last_end] + "]}"
        seen.append(item)
        position = last_end = end
    return None


def steps_target(text: str) -> str | None:
    """Return the task a request asks to break into steps ("the launch"), or None."""
    match = _STEPS.search(text.strip())
    if match is None:
        return None
    return next(group for group in match.groups() if group)


def to_command(text: str, checked: Checked) -> Command:
    """Turn validated actions into the Command the executor runs."""
    if not checked.actions:
        return not_understood(text, NAME)
    types = {action.type for action in checked.actions}
    intent = checked.actions[0].type if len(types) == 1 else MULTI_INTENT
    return Command(
        intent=intent,
        actions=tuple(checked.actions),
        confidence=round(checked.confidence, 3),
        entities=dict(checked.entities),
        is_complete=checked.is_complete,
        unparsed="" if checked.is_complete else text,
        parser=NAME,
    )
