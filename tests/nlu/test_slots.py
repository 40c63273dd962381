"""Free-text slots that hold more than a value send the parse on instead of running it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.fastpath import FastPathParser
from services.nlu.llm_vet import vet
from services.nlu.slots import slot_findings, ungrounded

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=UTC),
    people=("Sam", "Jo", "Priya Shah", "Uncle Bernard"),
    projects=("launch", "shopping"),
    tasks=("book the venue", "order flowers"),
)


def _findings(type_: str, **params: object) -> list[str]:
    return slot_findings(Action(type_, dict(params)), CONTEXT)


@pytest.mark.parametrize(
    ("type_", "params", "reason"),
    [
        ("task.create", {"title": "clean the van could you"}, "request"),
        ("task.create", {"title": "sort the garage, pop that on the list"}, "request"),
        ("task.create", {"title": "fix the fence it's urgent"}, "request"),
        ("task.create", {"title": "wash the car and remind me at six"}, "second request"),
        ("message.send", {"to": "Jo", "text": "dinner's at 8 and book a table"}, "second request"),
        ("task.create", {"title": "it to wash the dog"}, "pronoun"),
        ("meeting.schedule", {"title": "me", "when": "Friday"}, "pronoun"),
        ("task.create", {"title": "both"}, "pronoun"),
        ("reminder.create", {"text": "it", "when": "Friday"}, "pronoun"),
        ("reminder.create", {"text": "what time the match starts", "when": "today"}, "question"),
        ("timer.start", {"duration": "ten minutes", "label": "boil the"}, "mid-phrase"),
        ("message.send", {"to": "Sam", "text": "and Jo the van is late"}, "mid-phrase"),
        ("task.create", {"title": "by some stamps"}, "mid-phrase"),
        ("task.create", {"title": "I should mow the lawn"}, "pronoun"),
        ("task.create", {"title": "Uncle Bernard to bring the chairs"}, "person"),
        ("task.create", {"title": "Sam down for the raffle"}, "person"),
        ("task.create", {"title": "print the flyers for Priya Shah"}, "who it is for"),
        ("reminder.create", {"text": "phone pria shar", "when": "at 5"}, "misheard name"),
        ("task.create", {"title": "renew the permit next Tuesday"}, "time"),
        ("task.create", {"title": "tidy the loft sometime"}, "vague time"),
        ("task.create", {"title": "repaint the door once that's dry"}, "timing"),
        ("meeting.schedule", {"title": "forty-minute budget chat", "when": "Monday"}, "length"),
        ("task.create", {"title": "plan the budget: rent and food"}, "request"),
        ("timer.start", {"duration": "a good while"}, "not a length"),
        ("reminder.create", {"text": "water the roses", "when": "when the rain stops"}, "time"),
        ("reminder.create", {"text": "take the of out", "when": "at 6"}, "lost a word"),
        ("task.create", {"title": "wash a and dry the mugs"}, "lost a word"),
        ("task.start", {"task": "files to-do. oh"}, "no name"),
        ("task.cancel", {"task": "the van oh"}, "no name"),
        ("task.create", {"title": "wedding", "project": "right new"}, "no name"),
        ("task.create", {"title": "sweep the yard. Oh"}, "sentence break"),
        ("timer.start", {"duration": "7 minutes", "label": "pasta oh"}, "filler"),
        ("reminder.create", {"text": "print the tickets ta", "when": "at 5"}, "filler"),
        ("task.create", {"title": "paint the shed instead if you can"}, "filler"),
        ("reminder.create", {"text": "book the bus the 21st of May no", "when": "at 5"}, "filler"),
        ("task.create", {"title": "apply for the job critical"}, "priority"),
        ("task.create", {"title": "bake a cake mark it high how are we doing"}, "priority"),
        ("task.create", {"title": "get eggs Hugo is doing it"}, "who does it"),
        ("task.create", {"title": "get eggs also we don't need the bread"}, "another request"),
        ("task.create", {"title": "fix the bike for the fundraiser project"}, "a list"),
        ("meeting.schedule", {"location": "morning at the office", "when": "at 9"}, "time of day"),
        ("task.create", {"title": "plan the menu pick up the kids"}, "second thing to do"),
        (
            "task.add_subtasks",
            {"task": "x", "titles": ["fix the tap book a plumber"]},
            "second thing",
        ),
        ("reminder.create", {"text": "write the speech at 11am no wait", "when": "at 9"}, "filler"),
        ("task.create", {"title": "check the alarms mark it"}, "priority"),
        ("task.create", {"title": "call the vet", "tags": ["family for gran"]}, "no name"),
        ("task.create", {"title": "pay the nursery and with the tag home"}, "detail of its own"),
        ("task.create", {"title": "book swimming lessons under hiring"}, "detail of its own"),
        (
            "task.create",
            {"title": "clear the garage then it's blocked by Sam"},
            "detail of its own",
        ),
        ("task.create", {"title": "book the hall give it to me"}, "detail of its own"),
        ("reminder.create", {"text": "get quotes for the roof at", "when": "at 9"}, "mid-phrase"),
        ("meeting.schedule", {"title": "Wes in to", "when": "Friday"}, "mid-phrase"),
        (
            "message.send",
            {"to": "Jo", "text": "the van's booked. Tell Sam as well"},
            "second request",
        ),
        (
            "message.send",
            {"to": "Jo", "text": "rehearsal's moved and send the same to Sam"},
            "second",
        ),
        ("message.send", {"to": "Jo", "text": "the same"}, "pronoun"),
        ("message.send", {"to": "Jo", "text": "I'm running late. Oh"}, "filler"),
        (
            "reminder.create",
            {"text": "call the bank and another at 4 to ring Jo"},
            "more of the same",
        ),
        (
            "reminder.create",
            {"text": "lock up and one for Sam to bring the banner"},
            "more of the same",
        ),
        (
            "reminder.create",
            {"text": "collect the kids and then at 5 to start dinner"},
            "second time",
        ),
        ("reminder.create", {"text": "eat lunch honestly", "when": "at 12:30"}, "filler"),
        ("task.create", {"title": "add buy sun cream"}, "starts with a request"),
        ("task.create", {"title": "buy compost' as a task"}, "quotation mark"),
        ("task.create", {"title": "sizes are in the group chat"}, "statement"),
        ("task.create", {"title": "he's only free in the mornings"}, "pronoun"),
        ("task.create", {"title": "on the same list to order safety pins"}, "mid-phrase"),
        ("task.create", {"title": "twenty minute timer on"}, "timer"),
        ("task.create", {"title": "how many tasks are"}, "question"),
        ("task.create", {"title": "fix the doorbell for Jo"}, "who it is for"),
        ("task.create", {"title": "hoover the car for me"}, "who it is for"),
        ("task.create", {"title": "buy marker pens as part of label the boxes"}, "detail"),
        ("task.add_subtasks", {"task": "x", "titles": ["steps take it off"]}, "second thing"),
        ("task.assign", {"task": "whole", "assignee": "Sam"}, "no name"),
        ("task.assign", {"task": "receipts sam", "assignee": "Jo"}, "no name"),
        ("task.create", {"title": "name it kitchen", "project": "set up a"}, "no name"),
        ("task.create", {"title": "paint the fence", "project": "jo's"}, "no name"),
        ("task.create", {"title": "order the skip", "tags": ["medium"]}, "no name"),
        ("task.create", {"title": "order the skip", "tags": ["sam"]}, "no name"),
        ("task.create", {"title": "buy a tree", "tags": ["no deadline"]}, "no name"),
        ("task.create", {"title": "all three", "project": "launch"}, "pronoun"),
        ("task.create", {"title": "me down for running the tombola"}, "pronoun"),
        ("task.create", {"title": "call the bank and a reminder to do it"}, "more of the same"),
        ("task.create", {"title": "draw up the planting plan before then"}, "timing"),
        ("task.create", {"title": "up the towel rail"}, "mid-phrase"),
        ("task.create", {"title": "put them both"}, "starts with a request"),
        ("task.create", {"title": "run the cake stall for Sam"}, "who it is for"),
        ("reminder.create", {"text": "45", "when": "Saturday at 3"}, "mid-phrase"),
        ("message.send", {"to": "Jo", "text": "pick up bread if you can"}, "filler"),
    ],
)
def test_a_slot_holding_more_than_its_value_is_named(
    type_: str, params: dict[str, object], reason: str
) -> None:
    findings = _findings(type_, **params)
    assert any(reason in finding for finding in findings), findings


@pytest.mark.parametrize(
    ("type_", "params"),
    [
        ("task.create", {"title": "buy milk and eggs"}),
        ("task.create", {"title": "call Sam about the quote"}),
        ("task.create", {"title": "buy a present for Jo"}),
        ("task.create", {"title": "pack sun cream"}),
        ("task.create", {"title": "order 4 chairs"}),
        ("reminder.create", {"text": "ring Priya Shah", "when": "at 6"}),
        ("reminder.create", {"text": "it", "before": "an hour", "task": {"context": "task"}}),
        ("message.send", {"to": "Jo", "text": "it's ready whenever you are"}),
        ("message.send", {"to": "Sam", "text": "that's the plan for Friday"}),
        ("timer.start", {"duration": "20 minutes", "label": "pasta"}),
        ("meeting.schedule", {"title": "budget", "when": "Friday at 3", "duration": "an hour"}),
        ("project.create", {"name": "garden makeover"}),
        ("task.create", {"title": "add bread to the to do list"}),
        ("task.create", {"title": "call the in-laws"}),
        ("task.create", {"title": "ring Dr. Patel about the results"}),
        ("task.create", {"title": "fix the critical bug in the app"}),
        ("task.create", {"title": "buy the book the kids want"}),
        ("task.create", {"title": "buy gift tags"}),
        ("task.create", {"title": "put the spare key under the mat"}),
        ("task.create", {"title": "ask Sam to call the vet"}),
        ("task.create", {"title": "help Jo clean the garage"}),
        ("task.create", {"title": "pay the nursery", "tags": ["home", "money matters"]}),
        ("task.start", {"task": "book the venue"}),
        ("project.create", {"name": "new kitchen"}),
        ("message.send", {"to": "Jo", "text": "I'm late. Start without me, oh"}),
        ("message.send", {"to": "Jo", "text": "on my way"}),
        ("message.send", {"to": "Jo", "text": "the printer's fixed. Finally"}),
        ("task.create", {"title": "book a table for Sam"}),
        ("task.create", {"title": "buy a birthday card for Jo"}),
        ("task.create", {"title": "a scarf for Jo", "project": "shopping"}),
        ("task.create", {"title": "check the oven is off"}),
        ("task.create", {"title": "the car needs an MOT"}),
        ("task.create", {"title": "pick it up from the post office"}),
        ("task.create", {"title": "order the skip", "tags": ["waste"]}),
        ("task.create", {"title": "paint the fence", "project": "garden"}),
    ],
)
def test_an_ordinary_value_is_trusted(type_: str, params: dict[str, object]) -> None:
    assert _findings(type_, **params) == []


def test_an_ampersand_is_said_as_and() -> None:
    command = FastPathParser().parse("add eggs & milk to the shopping list", CONTEXT)
    assert [a.params["title"] for a in command.actions] == ["eggs", "milk"]


def test_a_yes_or_no_beside_other_actions_with_nothing_asked_is_not_trusted() -> None:
    command = Command(
        "multi", (Action("confirm", {"answer": False}), Action("undo", {})), confidence=1.0
    )
    assert vet(command, CONTEXT)[1] == ["confirm with nothing asked"]
    pending = ParseContext(now=CONTEXT.now, is_confirmation_pending=True)
    assert vet(command, pending)[1] == []


@pytest.mark.parametrize(
    ("utterance", "type_", "params", "is_grounded"),
    [
        ("lasagne timer, eleven minutes", "timer.start", {"duration": "ten minutes"}, False),
        ("lasagne timer, eleven minutes", "timer.start", {"duration": "11 minutes"}, True),
        ("move it to Tuesday", "task.set_due", {"task": "x", "due": "Thursday"}, False),
        ("move it to Tuesday at 4", "task.set_due", {"task": "x", "due": "tuesday at four"}, True),
        ("add a task to fix the hinge", "task.create", {"title": "oil the gate"}, False),
        ("we need to be buying more bin bags", "task.create", {"title": "buy more bin bags"}, True),
        ("tell Sam the van's here", "message.send", {"to": "Sam", "text": "the van is here"}, True),
        (
            "remind me about it an hour before",
            "reminder.create",
            {"text": "it", "before": "an hour"},
            True,
        ),
        # a length with a unit nobody said; a clock time with am/pm that was never said
        ("meet Jo on friday at ten", "meeting.schedule", {"when": "Friday at 10am"}, True),
        (
            "meet Jo on friday at ten",
            "meeting.schedule",
            {"when": "Friday at 10am", "duration": "10 minutes"},
            False,
        ),
        (
            "meet Jo on friday at ten for half an hour",
            "meeting.schedule",
            {"when": "Friday at 10", "duration": "30 mins"},
            False,  # 30 was not said: "half an hour" is written as said
        ),
        (
            "meet Jo on friday at ten for half an hour",
            "meeting.schedule",
            {"when": "Friday at 10", "duration": "half an hour"},
            True,
        ),
        (
            "tea at Jo's, half seven",
            "meeting.schedule",
            {"when": "7:30pm", "duration": "a day"},
            False,
        ),
        ("tea at Jo's, half seven", "meeting.schedule", {"when": "7:30pm"}, True),
        ("remind me at quarter to nine", "reminder.create", {"text": "x", "when": "8:45am"}, True),
        ("remind me at quarter to nine", "reminder.create", {"text": "x", "when": "4:30pm"}, False),
        ("remind me two days before", "reminder.create", {"text": "x", "before": "2 weeks"}, False),
        # an ordinal day is its number; "a day", "the day before" are one; a split day name
        ("push the gate to the 3rd of May", "task.set_due", {"task": "x", "due": "3 May"}, True),
        ("push the gate to the 3rd of May", "task.set_due", {"task": "x", "due": "4 May"}, False),
        ("remind me the day before", "reminder.create", {"text": "x", "before": "1 day"}, True),
        ("remind me a week before", "reminder.create", {"text": "x", "before": "one week"}, True),
        ("remind me before it", "reminder.create", {"text": "x", "before": "1 day"}, False),
        ("set a timer for a minute", "timer.start", {"duration": "ten minutes"}, False),
        ("move the gate to wednes day", "task.set_due", {"task": "x", "due": "Wednesday"}, True),
    ],
)
def test_what_a_model_wrote_is_checked_against_what_was_said(
    utterance: str, type_: str, params: dict[str, object], is_grounded: bool
) -> None:
    assert (ungrounded(Action(type_, dict(params)), utterance) == []) is is_grounded
