"""The executor against a real store: atomic commands, context, confirmation, undo."""

import errno
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services import config as config_module
from services.core.executor import Conversation, Executor
from services.nlu.commands import Action, Command
from services.store import Store

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZONE)  # Wednesday


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "state") as opened:
        with opened.transaction() as tx:
            tx.insert("people", {"name": "Sam", "aliases": ["Samantha"], "device": None})
            tx.insert("people", {"name": "Mike", "aliases": [], "device": None})
            tx.insert("tasks", _task("order catering"))
            tx.insert("tasks", _task("book the band"))
            tx.insert("tasks", _task("book the bar"))
        yield opened


def _task(title, **fields):
    stamp = NOW.isoformat()
    return {
        "title": title, "notes": "", "project": None, "assignee": None, "priority": "medium",
        "status": "todo", "due": None, "completed_at": None, "parent_id": None,
        "depends_on": [], "tags": [], "created_at": stamp, "updated_at": stamp, **fields,
    }  # fmt: skip


@pytest.fixture
def run(store):
    executor = Executor(store, config_module.defaults())
    talk = Conversation()

    def run_command(*actions, confidence=1.0, at=NOW, utterance="test"):
        command = Command("test", tuple(actions), confidence=confidence)
        return executor.run(command, talk, utterance=utterance, source="test", now=at)

    run_command.conversation = talk
    run_command.executor = executor
    return run_command


def titles(store, **equals):
    return sorted(
        t["title"] for t in store.all("tasks") if all(t.get(k) == v for k, v in equals.items())
    )


def test_a_multi_action_command_commits_in_dependency_order(store, run):
    result = run(
        Action("task.create", {"title": "book the venue", "project": "launch", "assignee": "sam",
                               "due": "Friday", "priority": "high"}),
        Action("task.add_dependency", {"task": "catering", "blocker": {"result_of": 0}}, (0,)),
    )  # fmt: skip
    assert result.ok, result.reply
    venue = next(t for t in store.all("tasks") if t["title"] == "book the venue")
    assert venue["assignee"] == "Sam"
    assert venue["project"] == "launch"
    assert venue["priority"] == "high"
    assert datetime.fromisoformat(venue["due"]) == datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)
    catering = next(t for t in store.all("tasks") if t["title"] == "order catering")
    assert catering["depends_on"] == [venue["id"]]
    assert [p["name"] for p in store.all("projects")] == ["launch"]
    assert "Book the venue now blocks order catering." in result.reply
    assert [a.status for a in result.actions] == ["done", "done"]


def test_actions_run_after_what_they_depend_on_even_when_listed_first(store, run):
    result = run(
        Action("task.assign", {"task": {"result_of": 1}, "assignee": "Mike"}, (1,)),
        Action("task.create", {"title": "print flyers"}),
    )
    assert result.ok, result.reply
    assert titles(store, assignee="Mike") == ["print flyers"]


def test_a_failing_step_keeps_nothing_and_names_the_step(store, run):
    before = store.all("tasks")
    result = run(
        Action("task.create", {"title": "hire a DJ"}),
        Action("task.assign", {"task": {"result_of": 0}, "assignee": "Zebulon"}, (0,)),
    )
    assert not result.ok
    assert store.all("tasks") == before
    assert "assign a task to a person" in result.reply
    assert "I don't know anyone called Zebulon" in result.reply
    assert "Nothing was changed" in result.reply
    assert [a.status for a in result.actions] == ["skipped", "failed"]
    assert store.all("commands") == []


def test_it_refers_to_the_last_task_of_the_conversation(store, run):
    run(Action("task.create", {"title": "call the florist"}))
    result = run(Action("task.assign", {"task": {"context": "task"}, "assignee": "Sam"}))
    assert result.ok
    assert titles(store, assignee="Sam") == ["call the florist"]
    result = run(Action("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"}))
    assert titles(store, priority="urgent") == ["call the florist"]
    him = run(Action("task.create", {"title": "ring back", "assignee": {"context": "person"}}))
    assert him.ok and titles(store, assignee="Sam") == ["call the florist", "ring back"]


def test_it_without_anything_mentioned_is_a_clear_question(run):
    result = run(Action("task.complete", {"task": {"context": "task"}}))
    assert not result.ok
    assert "which task" in result.reply


def test_an_ambiguous_title_asks_which_one(store, run):
    result = run(Action("task.complete", {"task": "book the"}))
    assert not result.ok
    assert "book the band" in result.reply and "book the bar" in result.reply
    assert titles(store, status="done") == []


def test_a_delete_waits_for_yes(store, run):
    result = run(Action("task.delete", {"task": "catering"}))
    assert result.ok
    assert [a.status for a in result.actions] == ["pending_confirmation"]
    assert result.reply == "Shall I delete order catering? Say yes or no."
    assert "order catering" in titles(store)
    confirmed = run(Action("confirm", {"answer": True}))
    assert confirmed.ok
    assert "order catering" not in titles(store)


def test_no_drops_the_pending_delete(store, run):
    run(Action("task.delete_all", {}))
    result = run(Action("confirm", {"answer": False}))
    assert result.reply == "Okay, I won't."
    assert len(titles(store)) == 3


def test_a_late_yes_changes_nothing(store, run):
    run(Action("task.delete", {"task": "catering"}))
    late = NOW + timedelta(seconds=config_module.defaults().executor.confirm_timeout_s + 1)
    result = run(Action("confirm", {"answer": True}), at=late)
    assert not result.ok
    assert "timed out" in result.reply
    assert "order catering" in titles(store)


def test_a_new_command_drops_a_pending_confirmation(store, run):
    run(Action("task.delete", {"task": "catering"}))
    run(Action("query.time", {}))
    result = run(Action("confirm", {"answer": True}))
    assert not result.ok
    assert "order catering" in titles(store)


def test_an_unsure_parse_is_read_back_first(store, run):
    result = run(Action("task.create", {"title": "water the plants"}), confidence=0.3)
    assert "I'm not sure I understood" in result.reply
    assert "water the plants" not in titles(store)
    run(Action("confirm", {"answer": True}))
    assert "water the plants" in titles(store)


def test_undo_reverts_the_last_command_only(store, run):
    run(Action("task.create", {"title": "first"}))
    run(Action("task.complete", {"task": "catering"}))
    result = run(Action("undo", {}))
    assert result.ok
    assert titles(store, status="done") == []
    assert "first" in titles(store)
    run(Action("undo", {}))
    assert "first" not in titles(store)
    assert not run(Action("undo", {})).ok


def test_undo_brings_back_a_confirmed_delete(store, run):
    run(Action("task.delete", {"task": "catering"}))
    run(Action("confirm", {"answer": True}))
    run(Action("undo", {}))
    assert "order catering" in titles(store)


def test_a_dependency_loop_is_refused(store, run):
    assert run(Action("task.add_dependency", {"task": "catering", "blocker": "band"})).ok
    result = run(Action("task.add_dependency", {"task": "band", "blocker": "catering"}))
    assert not result.ok
    assert "loop" in result.reply


def test_steps_that_depend_on_each_other_are_refused(run):
    result = run(
        Action("task.create", {"title": "a"}, (1,)), Action("task.create", {"title": "b"}, (0,))
    )
    assert not result.ok
    assert "loop" in result.reply


def test_queries_by_due_date_person_and_list(store, run):
    run(Action("task.create", {"title": "milk", "project": "shopping"}))
    run(Action("task.create", {"title": "eggs", "project": "shopping", "due": "today at 5pm"}))
    run(Action("task.create", {"title": "report", "assignee": "Sam", "due": "tomorrow"}))
    today = run(Action("query.tasks", {"filter": "today"}))
    assert today.reply == "You have 1 task due today: eggs."
    shopping = run(Action("query.tasks", {"project": "shopping list"}))
    assert (
        shopping.reply == "You have 2 tasks open on the shopping list: eggs and milk."
    )  # soonest due first
    sam = run(Action("query.tasks", {"assignee": "Sam"}))
    assert sam.reply == "Sam has 1 task open: report."
    count = run(Action("query.count", {"filter": "open"}))
    assert count.reply == "You have 6 tasks open."
    overdue = run(Action("query.tasks", {"filter": "overdue"}), at=NOW + timedelta(days=2))
    assert "eggs" in overdue.reply and "report" in overdue.reply


def test_a_reminder_before_a_deadline(store, run):
    run(Action("task.create", {"title": "submit the bid", "due": "Friday at 5pm"}))
    result = run(Action("reminder.create", {"text": "", "task": "bid", "before": "an hour"}))
    assert result.ok, result.reply
    (reminder,) = store.all("reminders")
    assert datetime.fromisoformat(reminder["due"]) == datetime(2026, 11, 20, 16, 0, tzinfo=ZONE)
    assert reminder["text"] == "submit the bid"


def test_a_reminder_about_it_says_the_tasks_name(store, run):
    run(Action("task.create", {"title": "submit the bid", "due": "Friday at 5pm"}))
    result = run(
        Action("reminder.create", {"text": "it", "task": "bid", "when": "Thursday at 9am"})
    )
    assert result.ok, result.reply
    (reminder,) = store.all("reminders")
    assert reminder["text"] == "submit the bid"
    assert result.reply.endswith(": submit the bid.")


def test_a_reminder_in_the_past_is_refused(store, run):
    result = run(Action("reminder.create", {"text": "call", "when": "yesterday at 9am"}))
    assert not result.ok
    assert store.all("reminders") == []


def test_timers_start_query_and_cancel(store, run):
    run(Action("timer.start", {"duration": "20 minutes", "label": "pasta"}))
    left = run(Action("timer.query", {}), at=NOW + timedelta(minutes=5))
    assert left.reply == "15 minutes left on the pasta timer."
    cancelled = run(Action("timer.cancel", {}), at=NOW + timedelta(minutes=6))
    assert cancelled.reply == "Cancelled the pasta timer."
    assert run(Action("timer.query", {})).reply == "No timers are running."


def test_a_timer_is_found_by_a_label_said_a_little_differently(store, run):
    run(Action("timer.start", {"duration": "25 minutes", "label": "sausage rolls"}))
    run(Action("timer.start", {"duration": "10 minutes", "label": "eggs"}))
    left = run(Action("timer.query", {"label": "sausage roll"}), at=NOW + timedelta(minutes=5))
    assert left.reply == "20 minutes left on the sausage rolls timer."
    missing = run(Action("timer.query", {"label": "pizza"}), at=NOW + timedelta(minutes=5))
    assert missing.reply == "There is no pizza timer running."
    refused = run(Action("timer.cancel", {"label": "pizza"}), at=NOW + timedelta(minutes=5))
    assert not refused.ok and "no pizza timer" in refused.reply
    cancelled = run(
        Action("timer.cancel", {"label": "sausage roll"}), at=NOW + timedelta(minutes=6)
    )
    assert cancelled.reply == "Cancelled the sausage rolls timer."
    (eggs,) = [t for t in store.all("timers") if not t.get("cancelled_at")]
    assert eggs["label"] == "eggs"


def test_a_meeting_with_people_and_a_clash(store, run):
    first = run(Action("meeting.schedule", {"attendees": ["Sam", "Mike"], "when": "tomorrow at 3pm",
                                            "duration": "an hour"}))  # fmt: skip
    assert first.ok, first.reply
    (meeting,) = store.all("meetings")
    assert meeting["attendees"] == ["Sam", "Mike"]
    assert meeting["duration_min"] == 60
    clash = run(Action("meeting.schedule", {"attendees": ["Sam"], "when": "tomorrow at 3:30pm"}))
    assert not clash.ok and "clashes" in clash.reply


def test_a_message_for_an_unknown_person_fails_clearly(store, run):
    result = run(Action("message.send", {"to": "Bob", "text": "hello"}))
    assert not result.ok
    assert "I don't know anyone called Bob" in result.reply
    assert store.all("messages") == []


def test_bulk_reassign_moves_only_open_tasks(store, run):
    run(Action("task.create", {"title": "a", "assignee": "Sam"}))
    run(Action("task.create", {"title": "b", "assignee": "Sam"}))
    run(Action("task.complete", {"task": "b"}))
    run(Action("task.reassign_all", {"source": "Sam", "assignee": "Mike"}))
    run(Action("confirm", {"answer": True}))
    assert titles(store, assignee="Mike") == ["a"]
    assert titles(store, assignee="Sam") == ["b"]


def test_the_command_log_holds_what_undo_needs(store, run):
    run(Action("task.create", {"title": "logged"}), utterance="add logged")
    (entry,) = store.all("commands")
    assert entry["utterance"] == "add logged"
    assert entry["changes"][0][0] == "tasks" and entry["changes"][0][2] is None


def test_after_a_dependency_it_means_the_blocker(store, run):
    run(
        Action("task.create", {"title": "book the venue"}),
        Action("task.add_dependency", {"task": "catering", "blocker": {"result_of": 0}}, (0,)),
    )
    run(Action("task.set_priority", {"task": {"context": "task"}, "priority": "high"}))
    assert titles(store, priority="high") == ["book the venue"]


def test_after_it_is_made_to_wait_it_still_means_the_task(store, run):
    run(
        Action("task.create", {"title": "fix the shed door"}),
        Action("task.create", {"title": "plant the bog garden"}),
    )
    run(Action("task.set_priority", {"task": "shed door", "priority": "low"}))
    # "it'll have to wait until the bog garden's planted" ... "make it urgent": the shed door
    run(Action("task.add_dependency", {"task": {"context": "task"}, "blocker": "bog garden"}))
    run(Action("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"}))
    assert titles(store, priority="urgent") == ["fix the shed door"]


def test_the_command_log_is_pruned_to_its_size_and_undo_depth(store):
    import msgspec

    settings = config_module.defaults()
    settings = msgspec.structs.replace(
        settings, executor=msgspec.structs.replace(settings.executor, undo_depth=3, log_size=30)
    )
    executor = Executor(store, settings)
    talk = Conversation()
    for number in range(45):
        command = Command("test", (Action("task.create", {"title": f"chore {number}"}),))
        assert executor.run(
            command, talk, utterance=f"add chore {number}", source="test", now=NOW
        ).ok
    entries = store.all("commands")
    # pruned every PRUNE_EVERY entries: never more than log_size + PRUNE_EVERY, oldest go first
    assert 30 <= len(entries) < 30 + 20
    assert entries[-1]["utterance"] == "add chore 44"
    assert len([e for e in entries if e["changes"]]) <= 3 + 20
    executor.prune_log()
    entries = store.all("commands")
    assert len(entries) == 30 and entries[0]["utterance"] == "add chore 15"
    assert [e["utterance"] for e in entries if e["changes"]] == [
        "add chore 42", "add chore 43", "add chore 44",
    ]  # fmt: skip
    for _ in range(3):
        assert executor.run(Command("undo", (Action("undo"),)), talk, utterance="undo",
                            source="test", now=NOW).ok  # fmt: skip
    refused = executor.run(Command("undo", (Action("undo"),)), talk, utterance="undo",
                           source="test", now=NOW)  # fmt: skip
    assert not refused.ok and "nothing to undo" in refused.reply
    assert "chore 41" in titles(store) and "chore 42" not in titles(store)


def test_reminders_name_the_device_that_announces_them(store, run):
    with store.transaction() as tx:
        tx.insert("people", {"name": "Ana", "aliases": [], "device": "office"})
    assert run(Action("reminder.create", {"text": "stretch", "when": "at 4"})).ok
    assert run(Action("reminder.create", {"text": "call", "when": "at 5", "person": "Ana"})).ok
    assert run(Action("meeting.schedule", {"when": "Friday at 9", "attendees": ["Sam"]})).ok
    devices = {r["text"]: r["device"] for r in store.all("reminders")}
    assert devices == {"stretch": "parley", "call": "office"}
    assert [m["device"] for m in store.all("meetings")] == ["parley"]


def test_a_count_in_the_first_person_counts_the_owner_s_and_the_unassigned(store, run):
    # "how many tasks do I have": on a shared device, work nobody was given is the owner's.
    mine = run(Action("query.count", {"assignee": "me"}))
    assert mine.ok and "You have 3 tasks open" in mine.reply, mine.reply
    run(Action("task.assign", {"task": "order catering", "assignee": "Sam"}))
    assert "You have 2 tasks open" in run(Action("query.count", {"assignee": "me"})).reply
    listed = run(Action("query.tasks", {"assignee": "me"})).reply
    assert "book the band" in listed and "order catering" not in listed
    assert "Sam has 1 task open" in run(Action("query.count", {"assignee": "Sam"})).reply


def test_him_or_her_is_the_person_the_last_question_named(store, run):
    run(Action("query.tasks", {"assignee": "Mike"}))
    given = run(Action("task.assign", {"task": "book the bar", "assignee": {"context": "person"}}))
    assert given.ok and titles(store, assignee="Mike") == ["book the bar"]


def test_him_or_her_is_the_one_person_the_last_answer_named(store, run):
    run(Action("task.assign", {"task": "book the band", "assignee": "Sam"}))
    run(Action("task.assign", {"task": "book the bar", "assignee": "Mike"}))  # last: Mike
    run(Action("task.complete", {"task": "order catering"}))
    run(Action("task.complete", {"task": "book the bar"}))
    answer = run(Action("query.tasks", {}))  # only Sam's task is open: the answer names Sam
    assert "book the band" in answer.reply and "bar" not in answer.reply
    given = run(
        Action("task.create", {"title": "ring the band", "assignee": {"context": "person"}})
    )
    assert given.ok and titles(store, assignee="Sam") == ["book the band", "ring the band"]


def test_that_list_is_the_last_list_a_task_went_on_or_a_question_named(store, run):
    # "add buy tiger worms to the wormery, ... how many's on that list now?"
    run(Action("task.create", {"title": "buy tiger worms", "project": "wormery"}))
    counted = run(Action("query.count", {"project": {"context": "project"}}))
    assert counted.ok and "1 task" in counted.reply and "wormery" in counted.reply, counted.reply
    run(Action("project.create", {"name": "fete"}))
    run(Action("query.tasks", {"project": "wormery"}))  # the question names the list
    added = run(
        Action("task.create", {"title": "feed the worms", "project": {"context": "project"}})
    )
    assert added.ok and titles(store, project="wormery") == ["buy tiger worms", "feed the worms"]
    # a command that fails keeps the list the conversation had
    failed = run(Action("query.tasks", {"project": "no such list at all"}))
    assert not failed.ok
    assert run(Action("query.count", {"project": {"context": "project"}})).reply.count("wormery")


@pytest.mark.parametrize(
    ("number", "words", "said"),
    [
        (errno.ENOSPC, "No space left on device", "disk full: the command was not saved"),
        (errno.EIO, "Input/output error", "the disk failed (I/O error): the command was not saved"),
    ],
)
def test_a_failed_write_is_said_plainly_and_the_details_stay_in_the_actions(
    store, run, monkeypatch, number, words, said
):
    def failing(*_args):
        raise OSError(number, words)

    monkeypatch.setattr(store._backend, "commit", failing)  # a fault in the write, nothing else
    before = store.all("tasks")
    result = run(Action("task.create", {"title": "hire a DJ"}))
    assert not result.ok
    assert result.reply == f"I couldn't save that: {said}."
    assert words in result.actions[0].error  # the path and the OS's words
    assert str(store.path) in result.actions[0].error
    assert store.all("tasks") == before


def test_undo_then_the_change_meant_in_one_command_runs_both(store, run):
    # "oops, undo that, I meant the band one": the last command taken back, then the change
    # made to the task meant; neither is dropped
    run(Action("task.complete", {"task": "catering"}))
    result = run(Action("undo", {}), Action("task.complete", {"task": "band"}))
    assert result.ok, result.reply
    assert titles(store, status="done") == ["book the band"]
    assert run(Action("undo", {})).ok  # the change meant is itself one command to take back
    assert titles(store, status="done") == []


def test_a_no_to_a_delete_then_another_change_runs_the_change(store, run):
    # "no, don't delete it, just tick it off": the delete dropped, the tick made
    assert not run(Action("task.delete", {"task": "catering"})).committed
    result = run(
        Action("confirm", {"answer": False}), Action("task.complete", {"task": "catering"})
    )
    assert result.ok, result.reply
    assert result.reply.startswith("Okay, I won't.")
    assert titles(store, status="done") == ["order catering"]
    assert run.conversation.pending is None


def test_a_yes_then_another_change_runs_both(store, run):
    run(Action("task.delete", {"task": "catering"}))
    result = run(Action("confirm", {"answer": True}), Action("task.complete", {"task": "band"}))
    assert result.ok and result.committed, result.reply
    assert "order catering" not in titles(store)
    assert titles(store, status="done") == ["book the band"]
