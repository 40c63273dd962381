"""The parser model's doubt, counted only where nothing else checks the answer.

Pure functions over a notation answer, its tokens' lengths and probabilities; the real engine's
tokens are checked to spell its answer in test_tuned_engine.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.doubt import Value, confidence, is_checked, values
from services.nlu.llm import Completion
from services.nlu.tuned import TunedParser

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Olivia Grant"),
    projects=("launch",),
    tasks=("book the venue", "send the invitations", "book the caterer"),
)


def _tokens(*pieces: tuple[str, float]) -> tuple[str, tuple[int, ...], tuple[float, ...]]:
    """An answer written as (token, probability) pieces: its text, lengths and probabilities."""
    text = "".join(piece for piece, _ in pieces)
    lengths = tuple(len(piece.encode()) for piece, _ in pieces)
    return text, lengths, tuple(probability for _, probability in pieces)


def test_values_have_the_byte_spans_of_what_follows_each_equals_sign() -> None:
    answer = "timer.start duration=11 minutes; label=pasta\nreminder.create text=café; when=at 3"
    found = values(answer)
    raw = answer.encode()
    assert [(v.action, v.key, v.text) for v in found] == [
        ("timer.start", "duration", "11 minutes"),
        ("timer.start", "label", "pasta"),
        ("reminder.create", "text", "café"),
        ("reminder.create", "when", "at 3"),
    ]
    assert [raw[v.start : v.end].decode() for v in found] == [v.text for v in found]


def test_a_time_or_length_is_checked_when_words_said_mean_the_same() -> None:
    def when(text: str) -> Value:
        return Value(0, 0, "reminder.create", "when", text)

    said = "stick a ten minute timer on for the tea and remind me at three to call the bank"
    assert is_checked(when("at 3pm"), said, CONTEXT)  # "at three", written another way
    assert is_checked(Value(0, 0, "timer.start", "duration", "10 minutes"), said, CONTEXT)
    assert not is_checked(when("at 4pm"), said, CONTEXT)  # a time nobody said
    assert not is_checked(Value(0, 0, "timer.start", "duration", "11 minutes"), said, CONTEXT)
    assert is_checked(when("1 December"), "push the venue back to the 1st of December.", CONTEXT)


def test_a_time_is_not_checked_when_another_time_was_said_that_it_could_be() -> None:
    due = Value(0, 0, "task.create", "due", "Friday")
    assert not is_checked(due, "add a task to pack, due Friday, and remind me Thursday", CONTEXT)
    # "Friday" was said, but as part of "a week on Friday": another day
    assert not is_checked(due, "add a task to pack due a week on Friday", CONTEXT)
    # words inside the phrase that matched ("five" in "Friday at five") are no other time
    at_five = Value(0, 0, "task.set_due", "due", "Friday at 5pm")
    assert is_checked(at_five, "the venue needs doing by Friday at five", CONTEXT)


def test_a_task_reference_is_checked_when_said_and_no_other_task_was_named() -> None:
    def task(text: str) -> Value:
        return Value(0, 0, "task.set_priority", "task", text)

    assert is_checked(task("venue"), "the venue is urgent", CONTEXT)
    assert not is_checked(task("venues"), "the venue is urgent", CONTEXT)  # not said so
    assert not is_checked(task("book"), "the book thing is urgent", CONTEXT)  # two tasks
    # the invitations wait for the caterer: which is which is the model's doubt to keep
    said = "the invitations can't go out until the caterer is booked"
    assert not is_checked(Value(0, 0, "task.add_dependency", "task", "invitations"), said, CONTEXT)


def test_nothing_is_checked_when_the_speaker_takes_something_back() -> None:
    due = Value(0, 0, "task.set_due", "due", "Friday")
    assert is_checked(due, "make it due Friday", CONTEXT)
    assert not is_checked(due, "make it due Thursday, no wait, Friday", CONTEXT)
    assert not is_checked(due, "make it due Thursday, actually Friday", CONTEXT)


def test_a_person_is_checked_when_the_store_knows_them_and_they_were_said() -> None:
    def assignee(name: str) -> Value:
        return Value(0, 0, "task.assign", "assignee", name)

    assert is_checked(assignee("Olivia Grant"), "give the venue to Olivia", CONTEXT)
    assert not is_checked(assignee("Sam"), "give the venue to Olivia", CONTEXT)
    assert not is_checked(assignee("Priya"), "give the venue to Priya", CONTEXT)  # not known
    # Sam was said too: who gets the task and who gives it up is the model's doubt to keep
    assert not is_checked(assignee("Olivia Grant"), "move Sam's venue to Olivia", CONTEXT)
    attendees = Value(0, 0, "meeting.schedule", "attendees", "Sam + Olivia Grant")
    assert is_checked(attendees, "meet Sam and Olivia on Friday at 10", CONTEXT)
    # titles, task references and priorities are never checked this way
    title = Value(0, 0, "task.create", "title", "book the venue")
    assert not is_checked(title, "add a task to book the venue", CONTEXT)


def test_doubt_about_how_a_checked_value_is_written_does_not_count() -> None:
    text, lengths, probabilities = _tokens(
        ("reminder", 1.0), (".create", 1.0), (" text", 1.0), ("=", 1.0), ("call", 0.95),
        (" the", 1.0), (" bank", 1.0), (";", 0.9), (" when", 1.0), ("=", 1.0), ("at", 0.86),
        (" three", 0.54),
    )  # fmt: skip
    said = "remind me at three to call the bank"
    assert confidence(text, lengths, probabilities, said, CONTEXT) == 0.9
    # the same answer to words that do not bear the time out: its doubt counts
    assert confidence(text, lengths, probabilities, "remind me to call the bank", CONTEXT) == 0.54


def test_doubt_about_the_action_or_the_end_of_a_value_still_counts() -> None:
    text, lengths, probabilities = _tokens(
        ("task", 1.0), (".set", 0.6), ("_due", 1.0), (" task", 1.0), ("=", 1.0), ("venue", 1.0),
        (";", 1.0), (" due", 1.0), ("=", 1.0), ("Friday", 0.3),
    )  # fmt: skip
    assert confidence(text, lengths, probabilities, "move the venue to Friday", CONTEXT) == 0.6


def test_tokens_that_do_not_spell_the_answer_give_no_confidence() -> None:
    assert confidence("task.complete task=venue", (4, 9), (1.0, 0.5), "done", CONTEXT) is None


class _Model:
    name = "scripted"

    def __init__(self, completion: Completion) -> None:
        self.completion = completion

    def complete(self, prompt: str, *, grammar: str, max_tokens: int, deadline: float):
        return self.completion


def test_the_parser_reports_the_doubt_nothing_checks_and_falls_back_to_every_token() -> None:
    text, lengths, probabilities = _tokens(
        ("task", 1.0), (".assign", 0.97), (" task", 1.0), ("=", 1.0), ("venue", 0.95),
        (";", 1.0), (" assignee", 1.0), ("=", 1.0), ("Olivia", 1.0), (" Grant", 0.001),
    )  # fmt: skip
    said = "give the venue to Olivia"
    checked = TunedParser(_Model(Completion(text, 10, 0, False, 0.1, probabilities, lengths)))
    assert checked.parse(said, CONTEXT).confidence == 0.97  # .assign: "venue" is checked too
    unaligned = TunedParser(_Model(Completion(text, 10, 0, False, 0.1, probabilities)))
    assert unaligned.parse(said, CONTEXT).confidence == 0.001
