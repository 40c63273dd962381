"""The job queue: ordering, priorities, per-conversation order, overflow, cancel, pruning."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services import config
from services.clock import FixedClock
from services.core.jobs import (
    Backlog,
    Job,
    JobCancelledError,
    JobFailedError,
    JobQueue,
    JobState,
    Priority,
    QueueClosedError,
    QueueFullError,
)
from services.errors import ExecutionError
from services.events import EventBus, JobChanged
from tests.fakes import GatedHandler

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GUARD_S = 20  # a hang guard, not a timing assertion


class Rig:
    """A queue wired to a gated handler, a fixed clock and a recording bus."""

    def __init__(self, **jobs_settings: float) -> None:
        self.clock = FixedClock(T0)
        self.bus = EventBus()
        self.events: list[JobChanged] = []
        self.bus.subscribe(self.events.append, JobChanged)
        self.handler = GatedHandler()
        self.executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="jobtest")
        self.queue = JobQueue(
            self.handler,
            bus=self.bus,
            settings=config.Jobs(**jobs_settings),
            clock=self.clock,
            executor=self.executor,
        )

    async def submit(self, text: str, **options) -> Job:
        return await self.queue.submit(text, **options)

    async def finish(self, job: Job):
        """Let ``job``'s handler call return and wait for the job to end."""
        self.handler.release(job.text)
        return await asyncio.wait_for(job.wait(), GUARD_S)

    def running(self) -> list[str]:
        return [job.text for job in self.queue.jobs() if job.state is JobState.RUNNING]

    def states(self, job: Job) -> list[str]:
        return [event.state for event in self.events if event.job_id == job.id]

    def started_order(self) -> list[str]:
        return [event.utterance for event in self.events if event.state == "running"]

    async def close(self) -> None:
        self.handler.release_all()
        await asyncio.wait_for(self.queue.close(), GUARD_S)
        self.executor.shutdown(wait=True)


def run(scenario):
    """Run one async scenario against a fresh rig and close the rig afterwards."""

    def wrapper(**jobs_settings):
        async def main():
            rig = Rig(**jobs_settings)
            try:
                return await scenario(rig)
            finally:
                await rig.close()

        return asyncio.run(main())

    return wrapper


def test_a_job_runs_and_publishes_each_transition_in_order():
    @run
    async def scenario(rig):
        job = await rig.submit("add milk", source="mqtt", conversation="kitchen")
        assert job.state is JobState.RUNNING
        rig.clock.advance(seconds=2)
        outcome = await rig.finish(job)
        assert outcome.reply == "did add milk"
        assert job.state is JobState.COMPLETED
        assert job.outcome is outcome
        assert (job.created, job.started, job.finished) == (T0, T0, T0 + timedelta(seconds=2))
        assert rig.handler.calls == [("add milk", "mqtt", "kitchen")]
        assert rig.states(job) == ["queued", "running", "completed"]
        assert {event.source for event in rig.events} == {"mqtt"}

    scenario()


def test_no_more_than_max_in_flight_run_at_once():
    @run
    async def scenario(rig):
        jobs = [await rig.submit(f"job {n}", conversation=f"c{n}") for n in range(4)]
        assert rig.running() == ["job 0", "job 1"]
        stats = rig.queue.stats()
        assert (stats["running"], stats["queued"]) == (2, 2)
        await rig.finish(jobs[1])
        assert rig.running() == ["job 0", "job 2"]
        for job in (jobs[0], jobs[2], jobs[3]):
            await rig.finish(job)
        assert rig.queue.stats()["completed"] == 4

    scenario(max_in_flight=2)


def test_higher_priority_starts_first_and_equal_priorities_in_submission_order():
    @run
    async def scenario(rig):
        blocker = await rig.submit("blocker", conversation="x")
        await rig.submit("low", conversation="a", priority=Priority.LOW)
        await rig.submit("normal 1", conversation="b")
        await rig.submit("high", conversation="c", priority=Priority.HIGH)
        await rig.submit("normal 2", conversation="d")
        await rig.finish(blocker)
        while rig.running():
            await rig.finish(rig.queue.get(_running_id(rig)))
        assert rig.started_order() == ["blocker", "high", "normal 1", "normal 2", "low"]

    scenario(max_in_flight=1)


def _running_id(rig: Rig) -> str:
    (job,) = [job for job in rig.queue.jobs() if job.state is JobState.RUNNING]
    return job.id


def test_a_conversation_runs_in_order_while_other_conversations_overlap():
    @run
    async def scenario(rig):
        first = await rig.submit("add a task called tiles", conversation="hall")
        second = await rig.submit("make it urgent", conversation="hall", priority=Priority.HIGH)
        other = await rig.submit("start a timer", conversation="kitchen")
        assert rig.running() == ["add a task called tiles", "start a timer"]
        assert second.state is JobState.QUEUED
        await rig.finish(other)
        assert second.state is JobState.QUEUED  # a free slot does not let it overtake
        await rig.finish(first)
        assert second.state is JobState.RUNNING
        await rig.finish(second)
        texts = [call[0] for call in rig.handler.calls]
        assert texts.index("add a task called tiles") < texts.index("make it urgent")

    scenario(max_in_flight=3)


def test_a_high_priority_job_lifts_the_earlier_jobs_of_its_conversation():
    @run
    async def scenario(rig):
        blocker = await rig.submit("blocker", conversation="z")
        await rig.submit("a1", conversation="a", priority=Priority.LOW)
        await rig.submit("b1", conversation="b")
        await rig.submit("a2", conversation="a", priority=Priority.HIGH)
        await rig.finish(blocker)
        while rig.running():
            await rig.finish(rig.queue.get(_running_id(rig)))
        assert rig.started_order() == ["blocker", "a1", "a2", "b1"]

    scenario(max_in_flight=1)


class OverlapRecorder:
    """A handler that returns at once and records overlap per conversation and overall."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active: dict[str, int] = defaultdict(int)
        self.total = 0
        self.peak = 0
        self.conversation_peak = 0
        self.order: dict[str, list[str]] = defaultdict(list)

    def __call__(self, text: str, source: str, conversation: str) -> str:
        with self.lock:
            self.active[conversation] += 1
            self.total += 1
            self.peak = max(self.peak, self.total)
            self.conversation_peak = max(self.conversation_peak, self.active[conversation])
            self.order[conversation].append(text)
        with self.lock:
            self.active[conversation] -= 1
            self.total -= 1
        return text


@settings(max_examples=25, deadline=None)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from(list(Priority))),
        min_size=1,
        max_size=20,
    ),
    max_in_flight=st.integers(1, 3),
)
def test_under_real_concurrency_conversations_keep_submission_order(plan, max_in_flight):
    recorder = OverlapRecorder()

    async def main():
        with ThreadPoolExecutor(max_workers=4) as executor:
            queue = JobQueue(
                recorder,
                bus=EventBus(),
                settings=config.Jobs(max_in_flight=max_in_flight, max_queued=64),
                clock=FixedClock(T0),
                executor=executor,
            )
            jobs = []
            for number, (conversation, priority) in enumerate(plan):
                jobs.append(
                    await queue.submit(f"{number}", conversation=conversation, priority=priority)
                )
                await asyncio.sleep(0)  # let earlier jobs progress between submissions
            outcomes = await asyncio.wait_for(asyncio.gather(*(job.wait() for job in jobs)), 20)
            await queue.close()
        return outcomes

    outcomes = asyncio.run(main())
    assert outcomes == [f"{number}" for number in range(len(plan))]
    assert recorder.conversation_peak == 1
    assert recorder.peak <= max_in_flight
    for conversation in "abc":
        submitted = [f"{n}" for n, (name, _) in enumerate(plan) if name == conversation]
        assert recorder.order[conversation] == submitted


def test_a_full_queue_refuses_new_jobs_and_counts_them():
    @run
    async def scenario(rig):
        blocker = await rig.submit("blocker")
        queued = [await rig.submit(f"q{n}", conversation=f"c{n}") for n in range(2)]
        with pytest.raises(QueueFullError, match="too many commands waiting"):
            await rig.submit("one too many", source="mqtt")
        refused = [event for event in rig.events if event.state == "refused"]
        assert [(event.utterance, event.source) for event in refused] == [("one too many", "mqtt")]
        assert rig.queue.stats()["refused"] == 1
        assert [job.state for job in queued] == [JobState.QUEUED, JobState.QUEUED]
        assert "one too many" not in [job.text for job in rig.queue.jobs()]
        await rig.finish(blocker)  # room again: a new job is accepted
        accepted = await rig.submit("now it fits")
        assert accepted.state is JobState.QUEUED

    scenario(max_in_flight=1, max_queued=2)


def test_cancelling_a_queued_job_drops_it_without_running_it():
    @run
    async def scenario(rig):
        blocker = await rig.submit("blocker")
        doomed = await rig.submit("delete everything", conversation="other")
        assert rig.queue.cancel(doomed.id, reason="the user said stop") is True
        assert rig.queue.cancel(doomed.id) is False  # already finished
        with pytest.raises(JobCancelledError, match="the user said stop"):
            await doomed.wait()
        await rig.finish(blocker)
        assert [call[0] for call in rig.handler.calls] == ["blocker"]
        assert rig.states(doomed) == ["queued", "cancelled"]
        assert rig.queue.stats()["cancelled"] == 1
        assert rig.queue.stats()["queued"] == 0

    scenario(max_in_flight=1)


def test_cancelling_a_running_job_discards_its_result_and_holds_its_conversation():
    @run
    async def scenario(rig):
        first = await rig.submit("first", conversation="hall")
        second = await rig.submit("second", conversation="hall")
        assert rig.queue.cancel(first.id) is True
        assert first.state is JobState.CANCELLED
        with pytest.raises(JobCancelledError):
            await first.wait()
        stats = rig.queue.stats()
        assert (stats["running"], stats["in_flight"]) == (0, 1)
        assert second.state is JobState.QUEUED  # the cancelled call is still in its thread
        rig.handler.release("first")
        await rig.finish(second)
        assert first.state is JobState.CANCELLED
        assert first.outcome is None
        assert rig.states(first) == ["queued", "running", "cancelled"]
        assert [call[0] for call in rig.handler.calls] == ["first", "second"]

    scenario()


def test_cancel_all_cancels_queued_and_running_jobs():
    @run
    async def scenario(rig):
        jobs = [await rig.submit(f"j{n}", conversation=f"c{n % 2}") for n in range(5)]
        assert rig.queue.cancel_all() == 5
        assert {job.state for job in jobs} == {JobState.CANCELLED}
        assert rig.queue.cancel_all() == 0
        rig.handler.release_all()
        await rig.queue.close()  # the two cancelled calls return; their results are dropped
        assert {job.state for job in jobs} == {JobState.CANCELLED}
        assert rig.queue.stats()["cancelled"] == 5
        assert sorted(call[0] for call in rig.handler.calls) == ["j0", "j1"]

    scenario(max_in_flight=2)


def test_a_handler_error_fails_the_job_with_its_message():
    @run
    async def scenario(rig):
        rig.handler.failures["fly to the moon"] = ExecutionError("I cannot fly")
        rig.handler.failures["divide"] = ZeroDivisionError("division by zero")
        parley_failure = await rig.submit("fly to the moon", conversation="a")
        plain_failure = await rig.submit("divide", conversation="b")
        rig.handler.release_all()
        with pytest.raises(JobFailedError, match="I cannot fly") as caught:
            await asyncio.wait_for(parley_failure.wait(), GUARD_S)
        assert isinstance(caught.value.__cause__, ExecutionError)
        with pytest.raises(JobFailedError, match="division by zero"):
            await asyncio.wait_for(plain_failure.wait(), GUARD_S)
        assert parley_failure.error == "I cannot fly"
        assert rig.states(parley_failure)[-1] == "failed"
        failed_events = [event for event in rig.events if event.state == "failed"]
        assert {event.error for event in failed_events} == {"I cannot fly", "division by zero"}
        assert rig.queue.stats()["failed"] == 2
        follow_up = await rig.submit("still works", conversation="a")
        assert (await rig.finish(follow_up)).ok is True

    scenario()


def test_finished_jobs_are_pruned_after_keep_finished_s():
    @run
    async def scenario(rig):
        done = await rig.submit("done")
        await rig.finish(done)
        waiting = await rig.submit("still running", conversation="other")
        queue = rig.queue
        assert queue.prune(T0 + timedelta(seconds=299)) == 0
        assert queue.get(done.id) is done
        assert queue.prune(T0 + timedelta(seconds=300)) == 1
        assert queue.get(done.id) is None
        assert queue.prune(T0 + timedelta(days=1)) == 0  # an unfinished job is never pruned
        assert queue.get(waiting.id) is waiting
        assert queue.stats()["completed"] == 1  # counters outlive pruning

    scenario(keep_finished_s=300.0)


def test_submit_prunes_by_the_clock():
    @run
    async def scenario(rig):
        done = await rig.submit("done")
        await rig.finish(done)
        rig.clock.advance(seconds=61)
        await rig.submit("later")
        assert [job.text for job in rig.queue.jobs()] == ["later"]

    scenario(keep_finished_s=60.0)


def test_stats_report_the_median_wait_in_the_queue():
    @run
    async def scenario(rig):
        assert rig.queue.stats()["wait_p50_ms"] is None
        jobs = [await rig.submit(f"j{n}", conversation=f"c{n}") for n in range(3)]
        rig.clock.advance(seconds=2)
        await rig.finish(jobs[0])  # j1 starts after 2 s
        rig.clock.advance(seconds=4)
        await rig.finish(jobs[1])  # j2 starts after 6 s
        await rig.finish(jobs[2])
        assert [job.started - job.created for job in jobs] == [
            timedelta(0),
            timedelta(seconds=2),
            timedelta(seconds=6),
        ]
        assert rig.queue.stats()["wait_p50_ms"] == 2000.0

    scenario(max_in_flight=1)


def test_close_cancels_queued_jobs_lets_running_ones_finish_and_refuses_new_ones():
    async def main():
        rig = Rig(max_in_flight=1)
        running = await rig.submit("running")
        queued = await rig.submit("queued", source="mqtt", priority=Priority.HIGH)
        closing = asyncio.ensure_future(rig.queue.close())
        await asyncio.sleep(0)
        with pytest.raises(QueueClosedError):
            await rig.submit("too late")
        assert queued.state is JobState.CANCELLED
        assert not closing.done()  # still waiting for the running job
        rig.handler.release("running")
        saved = await asyncio.wait_for(closing, GUARD_S)
        assert running.state is JobState.COMPLETED
        assert [(item["text"], item["source"], item["priority"]) for item in saved] == [
            ("queued", "mqtt", "high")
        ]
        assert saved[0]["state"] == "cancelled"
        assert saved[0]["created"] == T0.isoformat()
        rig.executor.shutdown(wait=True)

    asyncio.run(main())


def test_the_given_executor_runs_the_handler():
    @run
    async def scenario(rig):
        job = await rig.submit("where am I")
        await rig.finish(job)
        assert len(rig.handler.threads) == 1
        assert rig.handler.threads[0].startswith("jobtest")

    scenario()


def test_without_an_executor_the_handler_runs_in_a_worker_thread():
    async def main():
        handler = GatedHandler()
        queue = JobQueue(handler, bus=EventBus(), settings=config.Jobs(), clock=FixedClock(T0))
        job = await queue.submit("hello")
        handler.release("hello")
        outcome = await asyncio.wait_for(job.wait(), GUARD_S)
        await queue.close()
        return outcome, handler.thread_ids

    outcome, thread_ids = asyncio.run(main())
    assert outcome.ok is True
    assert thread_ids and thread_ids[0] != threading.get_ident()


def _job(text: str, conversation: str, sequence: int, priority=Priority.NORMAL) -> Job:
    return Job(text, text, "cli", conversation, priority, T0, sequence)


def test_backlog_skips_busy_conversations_and_keeps_submission_order():
    backlog = Backlog()
    jobs = [_job("a1", "a", 0), _job("b1", "b", 1), _job("a2", "a", 2, Priority.URGENT)]
    for job in jobs:
        backlog.add(job)
    assert [job.text for job in backlog] == ["a1", "b1", "a2"]
    assert backlog.pop_next(busy={"a"}).text == "b1"
    assert backlog.pop_next(busy={"a"}) is None
    assert backlog.pop_next(busy=set()).text == "a1"
    assert backlog.remove(jobs[2]) is True
    assert backlog.remove(jobs[2]) is False
    assert len(backlog) == 0
    assert backlog.pop_next(busy=set()) is None


def test_when_the_event_loop_stops_running_jobs_are_cancelled_and_nothing_more_starts():
    handler = GatedHandler()
    executor = ThreadPoolExecutor(max_workers=2)

    async def main():
        queue = JobQueue(
            handler,
            bus=EventBus(),
            settings=config.Jobs(max_in_flight=1),
            clock=FixedClock(T0),
            executor=executor,
        )
        running = await queue.submit("running")
        queued = await queue.submit("queued", conversation="other")
        return running, queued  # without close(): asyncio.run cancels the running job's task

    running, queued = asyncio.run(main())
    handler.release_all()
    executor.shutdown(wait=True)
    assert running.state is JobState.CANCELLED
    assert running.error == "Parley is shutting down"
    assert queued.state is JobState.QUEUED
    assert [call[0] for call in handler.calls] == ["running"]


def test_no_more_than_keep_finished_finished_jobs_are_kept():
    @run
    async def scenario(rig):
        rig.handler.release_all()
        jobs = [await rig.submit(f"j{n}") for n in range(5)]
        for job in jobs:
            await asyncio.wait_for(job.wait(), GUARD_S)
        assert rig.queue.prune(T0) == 3  # all recent, but only the 2 newest are kept
        assert [job.text for job in rig.queue.jobs()] == ["j3", "j4"]
        assert rig.queue.stats()["completed"] == 5

    scenario(keep_finished=2)
