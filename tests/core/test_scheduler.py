"""The scheduler: due, late, not twice, restarts, the tick loop; time is data throughout."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from services import config
from services.clock import FixedClock
from services.core.scheduler import Scheduler, due_alerts, mark_fired, retry_delay, scan
from services.errors import StoreError
from services.events import ErrorRaised, EventBus, ReminderDue, StoreCommitted
from tests.core.scheduler_support import SETTINGS, T0, at, meeting, reminder, timer
from tests.fakes import MemoryStore


def store_with(**collections: list[dict]) -> MemoryStore:
    store = MemoryStore()
    for collection, documents in collections.items():
        for document in documents:
            store.insert(collection, document)
    return store


def ids(alerts) -> list[str]:
    return [alert.item_id for alert in alerts]


def test_a_reminder_is_due_at_its_time_and_not_before():
    store = store_with(reminders=[reminder("r1", at(minutes=10))])
    assert due_alerts(store, at(minutes=10, seconds=-1), SETTINGS) == []
    (alert,) = due_alerts(store, at(minutes=10), SETTINGS)
    assert (alert.kind, alert.item_id, alert.text) == ("reminder", "r1", "call the bank")
    assert alert.due == at(minutes=10)
    assert alert.is_late is False


def test_an_alert_is_late_only_beyond_late_after_s():
    store = store_with(reminders=[reminder("r1", T0)])
    (on_the_edge,) = due_alerts(store, at(seconds=60), SETTINGS)
    assert on_the_edge.is_late is False
    (late,) = due_alerts(store, at(seconds=61), SETTINGS)
    assert late.is_late is True
    (days_late,) = due_alerts(store, at(days=3), SETTINGS)
    assert days_late.is_late is True


def test_fired_items_are_not_due_again():
    store = store_with(
        reminders=[reminder("r1", T0, fired_at=T0.isoformat())],
        timers=[timer("t1", T0, fired_at=T0.isoformat())],
        meetings=[meeting("m1", at(minutes=5), alerted_at=T0.isoformat())],
    )
    assert due_alerts(store, at(minutes=1), SETTINGS) == []


def test_a_timer_fires_at_its_end_unless_cancelled_and_is_named_by_label_or_length():
    store = store_with(
        timers=[
            timer("plain", T0, duration_s=300),
            timer("odd", T0, duration_s=90),
            timer("hour", T0, duration_s=3600),
            timer("pasta", T0, label="pasta"),
            timer("stopped", T0, cancelled_at=at(minutes=-1).isoformat()),
            timer("later", at(seconds=1)),
        ]
    )
    texts = {alert.item_id: alert.text for alert in due_alerts(store, T0, SETTINGS)}
    assert texts == {
        "plain": "5 minute timer",
        "odd": "90 second timer",
        "hour": "1 hour timer",
        "pasta": "pasta timer",
    }


def test_a_meeting_is_alerted_ahead_of_its_start():
    store = store_with(meetings=[meeting("m1", at(minutes=30))])
    assert due_alerts(store, at(minutes=25, seconds=-1), SETTINGS) == []
    (alert,) = due_alerts(store, at(minutes=25), SETTINGS)
    assert (alert.kind, alert.text, alert.is_late) == ("meeting", "standup", False)
    assert alert.due == at(minutes=30)  # the event names the start, not the alert time
    assert alert.to_event().due == at(minutes=30).isoformat()


def test_a_meeting_missed_while_off_is_alerted_late_until_it_is_over():
    store = store_with(meetings=[meeting("m1", T0, duration_min=30)])
    (in_progress,) = due_alerts(store, at(minutes=10), SETTINGS)
    assert in_progress.is_late is True
    assert due_alerts(store, at(minutes=30), SETTINGS) != []
    assert due_alerts(store, at(minutes=30, seconds=1), SETTINGS) == []


def test_alert_minutes_come_from_the_settings():
    store = store_with(meetings=[meeting("m1", at(minutes=30))])
    settings = config.Scheduler(meeting_alert_minutes=15)
    assert ids(due_alerts(store, at(minutes=15), settings)) == ["m1"]
    assert due_alerts(store, at(minutes=15, seconds=-1), settings) == []


def test_alerts_come_oldest_first_across_kinds():
    store = store_with(
        reminders=[reminder("r-new", at(minutes=-1)), reminder("r-old", at(minutes=-9))],
        timers=[timer("t", at(minutes=-5))],
        meetings=[meeting("m", at(minutes=2))],  # alerted at -3 minutes
    )
    assert ids(due_alerts(store, T0, SETTINGS)) == ["r-old", "t", "m", "r-new"]


def test_a_naive_time_is_taken_in_the_zone_of_now():
    naive_due = (T0 + timedelta(minutes=1)).replace(tzinfo=None).isoformat()
    store = store_with(reminders=[{**reminder("r1", T0), "due": naive_due}])
    assert due_alerts(store, T0, SETTINGS) == []
    assert ids(due_alerts(store, at(minutes=1), SETTINGS)) == ["r1"]


def test_unreadable_documents_are_reported_and_do_not_block_the_others():
    store = store_with(
        reminders=[
            reminder("good", T0),
            {**reminder("bad-time", T0), "due": "next Friday-ish"},
            {**reminder("no-time", T0), "due": None},
        ]
    )
    found = scan(store, T0, SETTINGS)
    assert ids(found.alerts) == ["good"]
    assert sorted(item.item_id for item in found.invalid) == ["bad-time", "no-time"]
    assert all(item.collection == "reminders" for item in found.invalid)


def test_mark_fired_stamps_the_fired_field_of_each_kind():
    store = store_with(
        reminders=[reminder("r", T0)], timers=[timer("t", T0)], meetings=[meeting("m", T0)]
    )
    alerts = due_alerts(store, at(minutes=1), SETTINGS)
    with store.transaction(origin="test") as tx:
        mark_fired(tx, alerts, at(minutes=1))
    stamp = at(minutes=1).isoformat()
    assert store.get("reminders", "r")["fired_at"] == stamp
    assert store.get("timers", "t")["fired_at"] == stamp
    assert store.get("meetings", "m")["alerted_at"] == stamp
    assert due_alerts(store, at(minutes=1), SETTINGS) == []


class Rig:
    def __init__(self, store: MemoryStore, settings: config.Scheduler = SETTINGS) -> None:
        self.store = store
        self.clock = FixedClock(T0)
        self.bus = EventBus()
        self.events = []
        self.bus.subscribe(self.events.append, ReminderDue)
        self.errors = []
        self.bus.subscribe(self.errors.append, ErrorRaised)
        self.delays: list[float] = []
        self.scheduler = Scheduler(store, self.bus, self.clock, settings, sleep=self.sleep)
        self.ticks_left = 0

    async def sleep(self, delay: float) -> None:
        """Stand in for asyncio.sleep: move the clock instead of waiting; stop when told."""
        self.delays.append(delay)
        self.ticks_left -= 1
        if self.ticks_left <= 0:
            raise asyncio.CancelledError
        self.clock.advance(seconds=delay)

    def run_ticks(self, count: int) -> None:
        self.ticks_left = count
        with pytest.raises(asyncio.CancelledError):
            asyncio.run(self.scheduler.run())


def test_a_tick_commits_then_publishes_and_never_fires_twice():
    store = store_with(reminders=[reminder("r1", T0, person="Sam")], timers=[timer("t1", T0)])
    rig = Rig(store)
    fired = rig.scheduler.tick()
    assert ids(fired) == ["r1", "t1"]
    assert [(origin, len(updates)) for origin, updates in store.commits] == [("scheduler", 2)]
    assert [(event.kind, event.item_id, event.text) for event in rig.events] == [
        ("reminder", "r1", "Sam: call the bank"),
        ("timer", "t1", "5 minute timer"),
    ]
    assert rig.scheduler.tick() == []
    rig.clock.advance(hours=5)
    assert rig.scheduler.tick() == []
    assert len(rig.events) == 2
    assert len(store.commits) == 1


def test_a_failed_commit_publishes_nothing_and_the_next_tick_retries():
    store = store_with(reminders=[reminder("r1", T0)])
    rig = Rig(store)
    store.fail_next_commit = StoreError("disk full")
    with pytest.raises(StoreError):
        rig.scheduler.tick()
    assert rig.events == []
    assert store.get("reminders", "r1")["fired_at"] is None
    assert ids(rig.scheduler.tick()) == ["r1"]
    assert [event.item_id for event in rig.events] == ["r1"]


def test_the_loop_fires_missed_alerts_late_at_start_then_each_on_time():
    store = store_with(
        reminders=[reminder("missed", at(hours=-2)), reminder("soon", at(seconds=2))],
        timers=[timer("just-ended", T0)],
    )
    rig = Rig(store)
    rig.run_ticks(4)  # ticks at T0, T0+1 s, T0+2 s, T0+3 s
    assert [(event.item_id, event.is_late) for event in rig.events] == [
        ("missed", True),
        ("just-ended", False),
        ("soon", False),
    ]
    fired_at = {doc["id"]: doc["fired_at"] for doc in store.all("reminders")}
    assert fired_at == {"missed": T0.isoformat(), "soon": at(seconds=2).isoformat()}
    assert rig.delays == [1.0, 1.0, 1.0, 1.0]


def test_after_a_restart_nothing_fires_again_and_new_ones_still_fire():
    store = store_with(reminders=[reminder("r1", T0), reminder("r2", at(minutes=30))])
    first = Rig(store)
    first.run_ticks(1)
    assert [event.item_id for event in first.events] == ["r1"]
    restarted = Rig(store)  # a new process over the same store, an hour later
    restarted.clock.advance(hours=1)
    restarted.run_ticks(1)
    assert [(event.item_id, event.is_late) for event in restarted.events] == [("r2", True)]


def test_the_loop_backs_off_on_store_errors_and_reports_them():
    store = store_with(reminders=[reminder("r1", T0)])
    rig = Rig(store, config.Scheduler(tick_s=1.0))
    store.fail_next_commit = StoreError("the store is locked")
    rig.run_ticks(3)
    assert rig.delays == [2.0, 1.0, 1.0]  # backed off once, then back to the tick
    assert [(error.stage, error.message) for error in rig.errors] == [
        ("scheduler", "the store is locked")
    ]
    assert [event.item_id for event in rig.events] == ["r1"]


def test_repeated_failures_back_off_exponentially_up_to_a_cap():
    assert [retry_delay(n, 10.0) for n in (1, 2, 3, 4)] == [20.0, 40.0, 60.0, 60.0]
    assert retry_delay(1, 120.0) == 120.0  # never shorter than a normal tick


def test_an_unreadable_document_is_logged_once(caplog):
    store = store_with(reminders=[{**reminder("bad", T0), "due": "soonish"}])
    rig = Rig(store)
    with caplog.at_level(logging.WARNING, logger="services.core.scheduler"):
        rig.scheduler.tick()
        rig.scheduler.tick()
    warnings = [record for record in caplog.records if "reminders/bad" in record.getMessage()]
    assert len(warnings) == 1


def test_an_item_cancelled_while_the_tick_waited_for_the_lock_does_not_fire():
    store = store_with(timers=[timer("t1", T0), timer("t2", T0)])
    rig = Rig(store)

    def executor_cancels_t1() -> None:
        store.data["timers"]["t1"]["cancelled_at"] = T0.isoformat()

    store.before_next_transaction = executor_cancels_t1
    assert ids(rig.scheduler.tick()) == ["t2"]
    assert [event.item_id for event in rig.events] == ["t2"]
    assert store.get("timers", "t1")["fired_at"] is None


def test_with_the_real_store_fired_marks_are_durable_across_a_restart(tmp_path):
    from services.store import Store

    bus = EventBus()
    committed = []
    bus.subscribe(committed.append, StoreCommitted)
    with Store.open(tmp_path, bus=bus) as store:
        with store.transaction(origin="executor") as tx:
            tx.insert("reminders", reminder("r1", T0, person="Sam"))
            tx.insert("reminders", reminder("r2", at(minutes=30)))
            tx.insert("timers", timer("t1", T0, label="tea"))
            tx.insert("meetings", meeting("m1", at(minutes=4)))
        scheduler = Scheduler(store, bus, FixedClock(at(seconds=30)), SETTINGS)
        assert ids(scheduler.tick()) == ["m1", "r1", "t1"]
        assert scheduler.tick() == []
        assert committed[-1].origin == "scheduler"
        assert {(change[0], change[1]) for change in committed[-1].changes} == {
            ("reminders", "r1"),
            ("timers", "t1"),
            ("meetings", "m1"),
        }
    restarted_bus = EventBus()
    events = []
    restarted_bus.subscribe(events.append, ReminderDue)
    with Store.open(tmp_path) as store:  # a new process, two hours later
        assert store.get("reminders", "r1")["fired_at"] == at(seconds=30).isoformat()
        assert store.get("meetings", "m1")["alerted_at"] == at(seconds=30).isoformat()
        scheduler = Scheduler(store, restarted_bus, FixedClock(at(hours=2)), SETTINGS)
        assert ids(scheduler.tick()) == ["r2"]
    assert [(event.item_id, event.is_late) for event in events] == [("r2", True)]


SCRIPT = {
    "remind me to call the bank in 10 minutes": (
        "reminder.create",
        {"text": "call the bank", "when": "in 10 minutes"},
    ),
    "set a tea timer for 5 minutes": ("timer.start", {"duration": "5 minutes", "label": "tea"}),
    "schedule standup at half past nine": (
        "meeting.schedule",
        {"title": "standup", "when": "today at 9:30"},
    ),
}


def test_commands_through_the_queue_and_the_real_core_fire_at_their_times(tmp_path):
    from services.core.assistant import Parley
    from services.core.jobs import JobQueue
    from services.nlu.commands import Action, Command
    from tests.fakes import ScriptedParser

    commands = {
        text: Command(intent, (Action(intent, params),))
        for text, (intent, params) in SCRIPT.items()
    }
    settings = config.from_dict({"general": {"state_dir": str(tmp_path)}})
    clock = FixedClock(T0)

    async def main(parley: Parley) -> list[str]:
        queue = JobQueue(parley.handle_text, bus=parley.bus, settings=settings.jobs, clock=clock)
        jobs = [await queue.submit(text, conversation="kitchen") for text in SCRIPT]
        outcomes = await asyncio.wait_for(asyncio.gather(*(job.wait() for job in jobs)), 20)
        await queue.close()
        return [outcome.ok for outcome in outcomes]

    with Parley.open(settings, clock=clock, parser=ScriptedParser("script", commands)) as parley:
        assert asyncio.run(main(parley)) == [True, True, True]
        events = []
        parley.bus.subscribe(events.append, ReminderDue)
        scheduler = Scheduler(parley.store, parley.bus, clock, settings.scheduler)
        fired = {}
        for minute in range(31):
            clock.current = at(minutes=minute)
            for alert in scheduler.tick():
                fired[alert.kind] = minute
    assert fired == {"timer": 5, "reminder": 10, "meeting": 25}
    assert [(event.kind, event.text) for event in events] == [
        ("timer", "tea timer"),
        ("reminder", "call the bank"),
        ("meeting", "standup"),
    ]


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("scheduler", "tick_s", 0),
        ("scheduler", "late_after_s", -1),
        ("scheduler", "meeting_alert_minutes", -5),
        ("jobs", "keep_finished_s", -1),
        ("jobs", "max_in_flight", 0),
    ],
)
def test_a_bad_setting_is_named_in_the_error(section, key, value):
    from services.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        config.from_dict({section: {key: value}}, "parley.toml")
    assert caught.value.key == f"{section}.{key}"
    assert caught.value.file == "parley.toml"


def test_only_the_device_that_took_an_item_announces_it():
    store = store_with(
        reminders=[
            reminder("mine", T0, device="kitchen"),
            reminder("theirs", T0, device="office"),
            reminder("old", T0),  # written before items named their device
        ],
        meetings=[meeting("m-office", at(minutes=5), device="office")],
    )
    assert ids(due_alerts(store, at(minutes=1), SETTINGS, "kitchen")) == ["mine", "old"]
    # same moment: ordered by kind, then id
    office = ids(due_alerts(store, at(minutes=1), SETTINGS, "office"))
    assert office == ["m-office", "old", "theirs"]
    # without a device id (tools, tests) every item is due
    assert len(due_alerts(store, at(minutes=1), SETTINGS)) == 4
