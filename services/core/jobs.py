"""The job queue: several commands in flight, priorities, per-conversation order, cancel.

Utterances arrive while others are still being parsed or run (a continuous conversation, MQTT
``cmd/text``, the CLI talking to the daemon). Each becomes a ``Job``; the queue runs the
synchronous handler (``Parley.handle_text``) in a worker thread, because parsing on the LLM takes
seconds, and keeps the event loop free.

Rules, in the order they apply:

- At most ``settings.max_in_flight`` handler calls run at once.
- Jobs of the same conversation run strictly one after another, in submission order: the
  second utterance's "it" depends on what the first one did. Jobs of different conversations
  overlap.
- Among conversations that may start a job, the one whose queued jobs carry the highest
  priority goes first (a HIGH job waiting behind a LOW one of its conversation lifts it, so it
  is not starved), then the oldest.
- Overflow policy: once ``settings.max_queued`` jobs wait, ``submit`` refuses the new one with
  ``QueueFullError`` (counted as ``refused`` in ``stats()``); nothing queued is dropped.
- A job the handler raises on fails with the error's message (``ParleyError.message`` when it
  is one). An ``Outcome`` with ``ok`` false is still a completed job: the command ran.

Every transition publishes ``JobChanged`` on the bus (``refused`` too, though a refused job
never enters the queue). The queue lives on one event loop: call it from that loop; from
another thread (a paho callback) use ``asyncio.run_coroutine_threadsafe(queue.submit(...),
loop)`` or ``loop.call_soon_threadsafe(queue.cancel, job_id)``.

Example::

    queue = JobQueue(parley.handle_text, bus=parley.bus, settings=config.jobs, clock=clock)
    job = await queue.submit("add milk to groceries", source="mqtt")
    outcome = await job.wait()  # raises JobCancelledError or JobFailedError
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import statistics
import uuid
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from services import config
from services.clock import Clock
from services.errors import ParleyError
from services.events import EventBus, JobChanged

log = logging.getLogger(__name__)

Handler = Callable[..., Any]  # handler(text, source=..., conversation=...) -> Outcome

WAIT_SAMPLES = 256  # recent queue waits kept for the p50 in stats()


class Priority(IntEnum):
    """How urgent a job is; higher runs first."""

    LOW = 0
    NORMAL = 1
    HIGH = 2
    URGENT = 3  # "stop", "cancel that", a confirmation


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINISHED = frozenset({JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED})


class JobError(ParleyError):
    """The job queue refused, cancelled or failed a job."""

    stage = "jobs"


class QueueFullError(JobError):
    """Too many jobs wait already; the new one was refused."""


class QueueClosedError(JobError):
    """The queue is closing; it takes no more jobs."""


class JobCancelledError(JobError):
    """The job was cancelled before it finished."""


class JobFailedError(JobError):
    """The handler raised; the cause is chained."""


@dataclass(eq=False)
class Job:
    """One utterance on its way through the handler."""

    id: str
    text: str
    source: str
    conversation: str
    priority: Priority
    created: datetime
    sequence: int  # submission order, unique per queue
    state: JobState = JobState.QUEUED
    started: datetime | None = None
    finished: datetime | None = None
    outcome: Any = None
    error: str | None = None
    cause: BaseException | None = field(default=None, repr=False)
    _done: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    async def wait(self) -> Any:
        """Wait for the job to finish; return its outcome or raise why it did not complete."""
        await self._done.wait()
        if self.state is JobState.CANCELLED:
            raise JobCancelledError(f"job {self.id} was cancelled: {self.error}")
        if self.state is JobState.FAILED:
            raise JobFailedError(self.error or "failed") from self.cause
        return self.outcome

    def to_dict(self) -> dict[str, Any]:
        """Return the job as JSON-ready data (for status, MQTT and the cancelled list)."""
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "conversation": self.conversation,
            "priority": self.priority.name.lower(),
            "state": self.state.value,
            "created": _iso(self.created),
            "started": _iso(self.started),
            "finished": _iso(self.finished),
            "error": self.error,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def error_message(exc: BaseException) -> str:
    """Return what a person should hear about ``exc``."""
    if isinstance(exc, ParleyError):
        return exc.message
    return str(exc) or type(exc).__name__


class Backlog:
    """The queued jobs, and which one may start next. Pure: no loop, no clock, no threads."""

    def __init__(self) -> None:
        self._by_conversation: dict[str, deque[Job]] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Job]:
        waiting = itertools.chain.from_iterable(self._by_conversation.values())
        return iter(sorted(waiting, key=lambda job: job.sequence))

    def add(self, job: Job) -> None:
        """Queue ``job`` behind the earlier jobs of its conversation."""
        self._by_conversation.setdefault(job.conversation, deque()).append(job)
        self._size += 1

    def remove(self, job: Job) -> bool:
        """Take ``job`` out of the queue; return whether it was queued."""
        waiting = self._by_conversation.get(job.conversation)
        if not waiting or job not in waiting:
            return False
        waiting.remove(job)
        self._drop_if_empty(job.conversation)
        self._size -= 1
        return True

    def pop_next(self, busy: Collection[str]) -> Job | None:
        """Take the job that should start now, skipping conversations in ``busy``."""
        best: deque[Job] | None = None
        best_key: tuple[int, int] | None = None
        for conversation, waiting in self._by_conversation.items():
            if conversation in busy:
                continue
            key = (max(job.priority for job in waiting), -waiting[0].sequence)
            if best_key is None or key > best_key:
                best, best_key = waiting, key
        if best is None:
            return None
        job = best.popleft()
        self._drop_if_empty(job.conversation)
        self._size -= 1
        return job

    def drain(self) -> list[Job]:
        """Take every queued job, in submission order."""
        jobs = list(self)
        self._by_conversation.clear()
        self._size = 0
        return jobs

    def _drop_if_empty(self, conversation: str) -> None:
        if not self._by_conversation[conversation]:
            del self._by_conversation[conversation]


class JobQueue:
    """Run submitted utterances through ``handler`` in worker threads (see the module doc).

    Cancelling a queued job drops it. Cancelling a running one marks it cancelled at once and
    discards its result, but the worker thread cannot be stopped: an atomic commit already under
    way either completes or not, exactly as if nobody had cancelled. Until that thread returns
    the job keeps its slot and its conversation's next job waits, so the store sees the
    conversation's commands in order.
    """

    def __init__(
        self,
        handler: Handler,
        *,
        bus: EventBus,
        settings: config.Jobs,
        clock: Clock,
        executor: Executor | None = None,
    ) -> None:
        self._handler = handler
        self._bus = bus
        self._settings = settings
        self._clock = clock
        self._executor = executor
        self._jobs: dict[str, Job] = {}  # queued, running and finished (until pruned)
        self._backlog = Backlog()
        self._busy: dict[str, Job] = {}  # conversation -> job whose handler call is in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._sequence = itertools.count()
        self._counts: Counter[str] = Counter()
        self._waits: deque[float] = deque(maxlen=WAIT_SAMPLES)
        self._is_closed = False

    async def submit(
        self,
        text: str,
        *,
        source: str = "cli",
        conversation: str = "default",
        priority: Priority = Priority.NORMAL,
    ) -> Job:
        """Queue one utterance; raise QueueFullError or QueueClosedError if it cannot be."""
        now = self._clock.now()
        job = Job(
            id=uuid.uuid4().hex[:12],
            text=text,
            source=source,
            conversation=conversation,
            priority=Priority(priority),
            created=now,
            sequence=next(self._sequence),
        )
        if self._is_closed:
            raise QueueClosedError("Parley is shutting down and takes no more commands")
        self.prune(now)
        if len(self._backlog) >= self._settings.max_queued:
            raise self._refused(job)
        self._jobs[job.id] = job
        self._backlog.add(job)
        self._publish(job)
        self._dispatch()
        return job

    def cancel(self, job_id: str, reason: str = "cancelled") -> bool:
        """Cancel one queued or running job; return whether there was one to cancel."""
        job = self._jobs.get(job_id)
        if job is None or job.is_finished:
            return False
        self._backlog.remove(job)
        self._finish(job, JobState.CANCELLED, error=reason)
        return True

    def cancel_all(self, reason: str = "cancelled") -> int:
        """Cancel every queued and running job; return how many were cancelled."""
        queued = self._backlog.drain()  # first, so none of them starts meanwhile
        running = [job for job in self._busy.values() if not job.is_finished]
        for job in queued + running:
            self._finish(job, JobState.CANCELLED, error=reason)
        return len(queued) + len(running)

    def get(self, job_id: str) -> Job | None:
        """Return the job with this id, if it is still known."""
        return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        """Return every known job (queued, running, recently finished) in submission order."""
        return sorted(self._jobs.values(), key=lambda job: job.sequence)

    def prune(self, now: datetime) -> int:
        """Forget jobs finished ``keep_finished_s`` before ``now`` and the oldest finished jobs
        beyond ``keep_finished``; return how many were forgotten."""
        horizon = now - timedelta(seconds=self._settings.keep_finished_s)
        finished = [job for job in self._jobs.values() if job.finished is not None]
        excess = len(finished) - self._settings.keep_finished  # submission order: oldest first
        stale = [
            job.id
            for index, job in enumerate(finished)
            if index < excess or (job.finished is not None and job.finished <= horizon)
        ]
        for job_id in stale:
            del self._jobs[job_id]
        return len(stale)

    def stats(self) -> dict[str, Any]:
        """Return counts and the median queue wait, for status and the benchmark."""
        running = sum(1 for job in self._busy.values() if job.state is JobState.RUNNING)
        return {
            "queued": len(self._backlog),
            "running": running,
            "in_flight": len(self._busy),  # running plus cancelled ones still in their thread
            "completed": self._counts[JobState.COMPLETED],
            "failed": self._counts[JobState.FAILED],
            "cancelled": self._counts[JobState.CANCELLED],
            "refused": self._counts["refused"],
            "wait_p50_ms": statistics.median(self._waits) if self._waits else None,
        }

    async def close(self, reason: str = "shutting down") -> list[dict[str, Any]]:
        """Refuse new jobs, cancel queued ones, let running ones finish.

        Returns the cancelled queued jobs as JSON-ready dicts, so the daemon can save them and
        offer to run them again after a restart.
        """
        self._is_closed = True
        cancelled = self._backlog.drain()
        for job in cancelled:
            self._finish(job, JobState.CANCELLED, error=reason)
        while self._tasks:
            await asyncio.wait(set(self._tasks))
        return [job.to_dict() for job in cancelled]

    def _refused(self, job: Job) -> QueueFullError:
        self._counts["refused"] += 1
        message = (
            f"too many commands waiting ({self._settings.max_queued}); {job.text!r} was not queued"
        )
        log.warning("job refused: %s", message)
        self._bus.publish(JobChanged(job.id, "refused", job.text, job.source, message))
        return QueueFullError(message)

    def _dispatch(self) -> None:
        while not self._is_closed and len(self._busy) < self._settings.max_in_flight:
            job = self._backlog.pop_next(self._busy)
            if job is None:
                return
            self._start(job)

    def _start(self, job: Job) -> None:
        job.state = JobState.RUNNING
        job.started = self._clock.now()
        self._waits.append((job.started - job.created).total_seconds() * 1000.0)
        self._busy[job.conversation] = job
        self._publish(job)
        task = asyncio.get_running_loop().create_task(self._run(job), name=f"job-{job.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, job: Job) -> None:
        try:
            outcome = await self._call(job)
        except asyncio.CancelledError:
            # Only the event loop shutting down cancels this task: start nothing more.
            self._is_closed = True
            self._finish(job, JobState.CANCELLED, error="Parley is shutting down")
            raise
        except Exception as exc:
            self._finish(job, JobState.FAILED, error=error_message(exc), cause=exc)
        else:
            self._finish(job, JobState.COMPLETED, outcome=outcome)
        finally:
            del self._busy[job.conversation]
        self._dispatch()

    async def _call(self, job: Job) -> Any:
        call = functools.partial(
            self._handler, job.text, source=job.source, conversation=job.conversation
        )
        if self._executor is None:
            return await asyncio.to_thread(call)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    def _finish(
        self,
        job: Job,
        state: JobState,
        *,
        outcome: Any = None,
        error: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        if job.is_finished:  # cancelled while its thread ran: the result is discarded
            log.debug("job %s ended after it was cancelled; result discarded", job.id)
            return
        job.state = state
        job.finished = self._clock.now()
        job.outcome = outcome
        job.error = error
        job.cause = cause
        self._counts[state] += 1
        if state is JobState.COMPLETED:
            log.debug("job %s completed", job.id)
        else:
            log.info("job %s %s: %s", job.id, state.value, error)
        self._publish(job)
        job._done.set()

    def _publish(self, job: Job) -> None:
        self._bus.publish(JobChanged(job.id, job.state.value, job.text, job.source, job.error))
