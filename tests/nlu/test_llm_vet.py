"""Vetting parses against what the store knows: respelling misheard names, doubting odd parses."""

from __future__ import annotations

from datetime import UTC, datetime

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.llm_vet import (
    known_task_edits,
    names_by_sound,
    person_by_sound,
    respell,
    respell_person,
    respell_project,
    vet,
)

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=UTC),
    people=("Sam", "Alex", "Priya Shah"),
    projects=("launch", "shopping", "garden"),
    tasks=("book the venue", "catering", "write the press release", "order flowers"),
)


def one(action_type: str, **params) -> Command:
    return Command(action_type, (Action(action_type, params),))


def test_misheard_task_words_are_respelled_to_known_ones():
    assert respell("cattering", CONTEXT) == "catering"
    assert respell("press realise", CONTEXT) == "press release"
    assert respell("lunch", CONTEXT) == "launch"


def test_a_word_heard_as_two_is_joined_when_a_known_word_sounds_like_both():
    assert respell("cater ring", CONTEXT) == "catering"
    assert respell("the cater ring task", CONTEXT) == "the catering task"
    assert respell("order flow ers", CONTEXT) == "order flowers"
    assert respell("press release", CONTEXT) == "press release"  # both known: two words
    assert respell("new shed", CONTEXT) == "new shed"  # nothing known sounds like "newshed"


def test_known_or_unknown_but_plain_names_are_left_alone():
    assert respell("venue", CONTEXT) == "venue"
    assert respell("flower", CONTEXT) == "flower"  # a form of a known word, not a slip
    assert respell("shed", CONTEXT) == "shed"  # nothing close: kept as said


def test_people_and_projects_are_respelled():
    assert respell_person("pria shah", CONTEXT) == "Priya Shah"
    assert respell_person("alec", CONTEXT) == "Alex"
    assert respell_person("me", CONTEXT) == "me"
    assert respell_person("Bartholomew", CONTEXT) == "Bartholomew"
    assert respell_project("the gardening project", CONTEXT) == "garden"
    assert respell_project("kitchen", CONTEXT) == "kitchen"


def test_vet_respells_inside_a_command_and_finds_nothing_wrong():
    command, findings = vet(one("task.complete", task="cattering"), CONTEXT)
    assert command.actions[0].params == {"task": "catering"}
    assert findings == []


def test_vet_doubts_a_task_reference_with_extra_words():
    _, findings = vet(one("task.cancel", task="catering task entirely"), CONTEXT)
    assert findings and "no known task" in findings[0]


def test_vet_trusts_a_short_unknown_task():
    assert vet(one("task.complete", task="milk"), CONTEXT)[1] == []


def test_vet_doubts_an_unknown_person_and_a_run_on_title():
    assert vet(one("query.count", assignee="she"), CONTEXT)[1]
    _, findings = vet(
        one("task.create", title="marketing materials and one for testing, due"), CONTEXT
    )
    assert any("more than a title" in finding for finding in findings)


def test_vet_doubts_generic_subtasks():
    _, findings = vet(one("task.add_subtasks", task="launch", titles=["steps"]), CONTEXT)
    assert findings == ["subtasks are only 'steps'"]


def test_vet_accepts_a_reference_to_something_made_in_the_same_command():
    command = Command(
        "multi",
        (
            Action("task.create", {"title": "record the demo"}),
            Action("task.add_dependency", {"task": "record the demo", "blocker": "catering"}),
        ),
    )
    assert vet(command, CONTEXT)[1] == []


def test_project_heard_with_an_extra_word_is_the_known_one():
    assert respell_project("shopping lift", CONTEXT) == "shopping"


SOUNDS = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=UTC),
    people=("Raj", "Kofi", "Olivia Grant", "Mum", "Alex", "Ross", "Rose"),
)


def test_a_name_written_as_words_that_sound_like_it_is_that_person():
    assert person_by_sound("rage", SOUNDS) == "Raj"
    assert person_by_sound("coffee", SOUNDS) == "Kofi"
    assert person_by_sound("olivia grunt", SOUNDS) == "Olivia Grant"
    assert person_by_sound("a lex", SOUNDS) == "Alex"
    assert respell_person("mom", SOUNDS) == "Mum"


def test_a_sound_shared_by_two_people_or_too_short_names_nobody():
    assert person_by_sound("rows", SOUNDS) is None  # Ross or Rose: not guessed
    assert person_by_sound("page", SOUNDS) is None
    assert person_by_sound("a", SOUNDS) is None
    assert respell_person("Bartholomew", SOUNDS) == "Bartholomew"


def test_two_words_that_run_together_sound_like_one_known_person_are_that_name():
    people = ParseContext(
        now=CONTEXT.now,
        people=("Tariq", "Kwame", "Tobias", "Beatrice Okafor", "Ines", "Mark", "Marek"),
        tasks=("till printer",),
    )
    assert names_by_sound("give the till printer to ta reek", people) == (
        "give the till printer to Tariq"
    )
    assert names_by_sound("whats kwa may got on", people) == "whats Kwame got on"
    assert names_by_sound("a message to bee treece saying hi", people) == (
        "a message to Beatrice saying hi"
    )
    # a function word is no syllable of a name ("to bus" sounds like Tobias); nor is a word of
    # a known title; a sound two people share names nobody
    for said in ("take the kids to bus stop", "move all of in ease tasks", "ask mar rek"):
        assert names_by_sound(said, people) == said
    assert names_by_sound("fix the till printer", people) == "fix the till printer"


def test_a_reference_near_one_whole_title_is_that_title():
    # "bet" is too short to respell alone; the whole reference is near one title only
    context = ParseContext(now=CONTEXT.now, tasks=("call the vet", "prune the roses"))
    assert respell("call the bet", context) == "call the vet"
    assert respell("call the bee", context) == "call the bee"  # not near enough: kept
    near_two = ParseContext(now=CONTEXT.now, tasks=("call the vet", "call the vat"))
    assert respell("call the bet", near_two) == "call the bet"  # near two: not guessed


def test_a_particle_after_a_task_name_is_not_part_of_it():
    context = ParseContext(now=CONTEXT.now, tasks=("call the vet",))
    assert respell("vet call up", context) == "vet call"
    assert respell("roses up", context) == "roses up"  # nothing known without it either


def test_a_known_list_misheard_at_the_end_of_a_new_title_is_the_task_list():
    context = ParseContext(now=CONTEXT.now, projects=("bake sale", "garden"))
    command, findings = vet(one("task.create", title="get icing sugar for the bake sail"), context)
    assert command.actions[0].params == {"title": "get icing sugar", "project": "bake sale"}
    assert findings == []
    # not at the end, or with a list given: a title, with the list's name as the store spells it
    for title, written in (
        ("buy a present for the garden party", "buy a present for the garden party"),
        ("plan the bake sail", "plan the bake sale"),
    ):
        command, _ = vet(one("task.create", title=title), context)
        assert command.actions[0].params == {"title": written}
    given = one("task.create", title="ice the buns for the bake sail", project="garden")
    assert vet(given, context)[0].actions[0].params["title"] == "ice the buns for the bake sale"


def test_a_known_list_of_two_words_misheard_in_a_text_is_written_as_the_store_has_it():
    context = ParseContext(now=CONTEXT.now, projects=("church hall",), people=("Dev", "Kit"))
    meeting = one("meeting.schedule", title="church hole roof", attendees=["Dev"], when="Friday")
    assert vet(meeting, context)[0].actions[0].params["title"] == "church hall roof"
    kept = one("meeting.schedule", title="chapel hole roof", attendees=["Dev"], when="Friday")
    assert vet(kept, context)[0].actions[0].params["title"] == "chapel hole roof"
    rooms = ParseContext(now=CONTEXT.now, projects=("room one", "flat 1"))
    for title in ("paint flat 2", "paint room 2"):
        kept = one("task.create", title=title)
        assert vet(kept, rooms)[0].actions[0].params["title"] == title


def test_a_known_word_split_in_two_is_written_as_one_in_a_title():
    context = ParseContext(now=CONTEXT.now, projects=("podcast",), people=("Beatrice Lund",))
    meeting = one("meeting.schedule", title="pod cast", attendees=["Beatrice Lund"], when="Friday")
    assert vet(meeting, context)[0].actions[0].params["title"] == "podcast"
    kept = one("task.create", title="buy a note book")  # "notebook" is no word the store has
    assert vet(kept, context)[0].actions[0].params["title"] == "buy a note book"


def test_two_words_that_sound_like_a_known_one_a_letter_away_are_written_as_it():
    context = ParseContext(now=CONTEXT.now, tasks=("turn the compost",), projects=("allotment",))
    said = one("reminder.create", text="turn the come post", when="at ten tomorrow")
    assert vet(said, context)[0].actions[0].params["text"] == "turn the compost"
    # not when they sound otherwise, nor for a word the store does not have
    for text in ("come past the allotment", "put the compost on the compote stall"):
        kept = one("reminder.create", text=text, when="at ten tomorrow")
        assert vet(kept, context)[0].actions[0].params["text"] == text
    kept = one("reminder.create", text="turn the come post", when="at ten tomorrow")
    assert vet(kept, CONTEXT)[0].actions[0].params["text"] == "turn the come post"
    # a number after a known word is no part of it
    numbered = ParseContext(now=CONTEXT.now, tasks=("call sender 1",))
    kept = one("task.create", title="call sender 0")
    assert vet(kept, numbered)[0].actions[0].params["title"] == "call sender 0"


def test_a_message_is_what_to_do_without_the_to_before_it():
    said = one("message.send", to="Sam", text="to bring the seating plan")
    assert vet(said, CONTEXT)[0].actions[0].params["text"] == "bring the seating plan"
    kept = one("message.send", to="Sam", text="to the left of the door")
    assert vet(kept, CONTEXT)[0].actions[0].params["text"] == "to the left of the door"
    # "message margaret lamb that ...": the surname after a first name matched by sound
    context = ParseContext(now=CONTEXT.now, people=("Marguerite Lamb",))
    said = one("message.send", to="Marguerite Lamb", text="lamb that the keys are in the shed")
    assert vet(said, context)[0].actions[0].params["text"] == "the keys are in the shed"
    kept = one("message.send", to="Marguerite Lamb", text="lamb chops are in the oven")
    assert vet(kept, context)[0].actions[0].params["text"] == "lamb chops are in the oven"


def test_a_new_task_named_like_an_open_one_is_a_change_to_that_one():
    context = ParseContext(now=CONTEXT.now, tasks=("prune the roses", "fix the bike chain"))
    made = Command(
        "multi",
        (
            Action("task.create", {"title": "roses", "assignee": "Chloe", "due": "Saturday"}),
            Action("task.create", {"title": "bike chain", "assignee": "Gus"}),
        ),
    )
    edits = [(a.type, a.params) for a in known_task_edits(made, context).actions]
    assert edits == [
        ("task.assign", {"task": "prune the roses", "assignee": "Chloe"}),
        ("task.set_due", {"task": "prune the roses", "due": "Saturday"}),
        ("task.assign", {"task": "fix the bike chain", "assignee": "Gus"}),
    ]
    for kept in (
        one("task.create", title="roses"),  # nothing to change: a new task as asked
        one("task.create", title="buy roses", assignee="Chloe"),  # a word no open task has
        one("task.create", title="roses", project="garden"),  # a detail no edit carries
    ):
        assert known_task_edits(kept, context) is kept


def test_a_reminder_about_a_known_task_says_its_title():
    context = ParseContext(now=CONTEXT.now, tasks=("edit the intro", "call the vet"))
    said = one("reminder.create", text="intro edit", before="an hour", task="intro edit")
    assert vet(said, context)[0].actions[0].params["text"] == "edit the intro"
    own = one("reminder.create", text="print the notes", before="an hour", task="intro edit")
    assert vet(own, context)[0].actions[0].params["text"] == "print the notes"


def test_a_run_of_words_is_plain_exactly_where_only_spaces_are_between_them() -> None:
    """``full_names_by_sound`` tells a plain run (``_PLAIN_RUN``) by the spaces between its
    words, and the run's words in lower case are those of the run said."""
    import re

    from services.nlu import llm_vet

    for text in (
        "ring aunt barrel about the fete",
        "call sue rash pat el, then tell  uncle hay mish - he's late",
        "the 2 rose a lind; o'brien's  van",
        "ask kwa benner.then the vet",
        "a",
        "",
    ):
        words = list(re.finditer(r"[A-Za-z']+", text))
        lowered = [word.group().lower() for word in words]
        plain_to = llm_vet._plain_to(text, words)
        for start in range(len(words)):
            for size in range(1, len(words) - start + 1):
                said = text[words[start].start() : words[start + size - 1].end()]
                plain = llm_vet._PLAIN_RUN.fullmatch(said) is not None
                assert (start + size - 1 <= plain_to[start]) == plain, (text, said)
                if plain:
                    assert lowered[start : start + size] == said.lower().split()


def test_vet_doubts_moving_someones_tasks_to_themselves():
    _, findings = vet(one("task.reassign_all", source="Alex", assignee="alex"), CONTEXT)
    assert findings and "same person" in findings[0]
    assert vet(one("task.reassign_all", source="Alex", assignee="Sam"), CONTEXT)[1] == []


def test_vet_doubts_a_title_holding_the_request_for_it():
    _, findings = vet(one("task.create", title="add a task to return the chairs"), CONTEXT)
    assert findings and "request" in findings[0]
    assert vet(one("task.create", title="return the chairs"), CONTEXT)[1] == []
