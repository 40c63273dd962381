"""The n-best rescorer: which of Whisper's readings it keeps, on a fake parser and the fast path."""

from __future__ import annotations

from datetime import UTC, datetime

from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.voice.rescore import GrammarRescorer
from services.voice.stt import Hypothesis
from tests.fakes import PatternParser

CONTEXT = ParseContext(
    now=datetime(2026, 11, 23, 9, tzinfo=UTC),
    people=("Siobhan", "Priya"),
    projects=("wedding",),
    tasks=("book the venue", "water the plants"),
)


def rescorer(parser=None, margin: float = 0.5) -> GrammarRescorer:
    return GrammarRescorer(parser or PatternParser(), lambda: CONTEXT, margin=margin)


def test_a_reading_that_parses_beats_a_better_scored_one_that_does_not():
    readings = [Hypothesis("ad the venue", -0.2), Hypothesis("add the venue", -0.4)]
    assert rescorer().choose(readings).text == "add the venue"


def test_a_reading_outside_the_margin_is_not_taken_however_well_it_parses():
    readings = [Hypothesis("ad the venue", -0.2), Hypothesis("add the venue", -0.8)]
    assert rescorer(margin=0.5).choose(readings).text == "ad the venue"


def test_among_readings_that_parse_the_one_naming_a_known_task_wins():
    readings = [Hypothesis("add book the menu", -0.1), Hypothesis("add book the venue", -0.3)]
    assert rescorer().choose(readings).text == "add book the venue"


def test_known_names_count_as_whole_words_in_any_case_and_punctuation():
    readings = [Hypothesis("add watering the plantsman", -0.1), Hypothesis("add Priya.", -0.3)]
    assert rescorer().choose(readings).text == "add Priya."


def test_a_hyphenated_word_is_not_the_known_name_inside_it():
    # Whisper base's best reading of "... for the wedding due Friday" (a project "wedding")
    readings = [
        Hypothesis("order the catering for the wedding-do Friday", -0.16),
        Hypothesis("order the catering for the Wedding Dew Friday", -0.17),
    ]
    assert rescorer().choose(readings).text == "order the catering for the Wedding Dew Friday"
    hyphenated = ParseContext(now=CONTEXT.now, tasks=("plan the follow-up",))
    judge = GrammarRescorer(PatternParser(), lambda: hyphenated)
    for said in ("plan the follow up", "plan the Follow-Up."):
        assert (
            judge.choose([Hypothesis("plan the fallow", -0.1), Hypothesis(said, -0.2)]).text == said
        )


def test_with_nothing_to_prefer_the_decoders_order_stands():
    readings = [Hypothesis("add milk", -0.3), Hypothesis("add bread", -0.3), Hypothesis("ad", -0.1)]
    assert rescorer().choose(readings).text == "add milk"
    assert rescorer().choose([Hypothesis("ad", -0.3), Hypothesis("odd", -0.2)]).text == "odd"


def test_no_readings_is_no_text():
    assert rescorer().choose([]) == Hypothesis("", 0.0)


def test_the_context_is_read_for_each_utterance():
    contexts = iter([CONTEXT, ParseContext(now=CONTEXT.now, tasks=("book the menu",))])
    judge = GrammarRescorer(PatternParser(), lambda: next(contexts))
    readings = [Hypothesis("add book the menu", -0.1), Hypothesis("add book the venue", -0.2)]
    assert judge.choose(readings).text == "add book the venue"
    assert judge.choose(readings).text == "add book the menu"


def test_on_the_fast_path_a_comma_that_splits_the_command_loses():
    # tiny.en's top reading of "Mark book the venue as done" in the Piper voice
    readings = [
        Hypothesis("Mark, book the venue is done.", -0.23),
        Hypothesis("Mark, book the venue as done.", -0.24),
        Hypothesis("Mark book the venue is done.", -0.32),
        Hypothesis("Mark book the venue as done.", -0.48),
    ]
    chosen = rescorer(FastPathParser()).choose(readings)
    # "is done" parses once mended to "as done"; the reading heard as said needs no mending
    assert chosen.text == "Mark book the venue as done."
    assert FastPathParser().parse(chosen.text, CONTEXT).is_complete


def test_whisper_commas_are_dropped_only_when_that_makes_the_command_parse():
    parser = FastPathParser()
    chosen = rescorer(parser).choose([Hypothesis("Assign, fix the gate to Siobhan.", -0.2)])
    assert chosen == Hypothesis("Assign fix the gate to Siobhan.", -0.2)
    kept = Hypothesis("Add milk, eggs and bread to the shopping list.", -0.2)
    assert parser.parse(kept.text, CONTEXT).is_complete
    assert rescorer(parser).choose([kept]) == kept


def test_without_a_context_the_decoders_best_reading_stands():
    def broken() -> ParseContext:
        raise RuntimeError("the store is being restored")

    readings = [Hypothesis("ad the venue", -0.2), Hypothesis("add the venue", -0.4)]
    assert GrammarRescorer(PatternParser(), broken).choose(readings) == readings[0]


def test_a_reading_whose_command_names_a_single_letter_gives_way_to_a_close_word():
    # Whisper base's 10-best of "add eggs to the shopping list" in the Piper voice: the soak
    # once took the letter, which is a task titled "X"
    fast = rescorer(FastPathParser())
    readings = [
        Hypothesis("Add X to the shopping list.", -0.38),
        Hypothesis("Add eggs to the shopping list.", -0.52),
    ]
    assert fast.choose(readings).text == "Add eggs to the shopping list."
    # a letter inside a longer title is a word's part, not a misheard word
    plan = [
        Hypothesis("add a task to call Plan B", -0.2),
        Hypothesis("add a task to call plan be", -0.3),
    ]
    assert fast.choose(plan).text == "add a task to call Plan B"


def test_a_single_letter_stands_when_no_close_reading_is_a_word():
    fast = rescorer(FastPathParser())
    readings = [
        Hypothesis("Add X to the shopping list.", -0.2),
        Hypothesis("Add eggs to the shopping list.", -0.9),  # outside the margin
    ]
    assert fast.choose(readings).text == "Add X to the shopping list."
    assert fast.choose([Hypothesis("Add X to the shopping list.", -0.2)]).text.startswith("Add X")


def test_a_sure_reading_that_parses_settles_as_written():
    reading = Hypothesis("add book the venue", -0.1)
    assert rescorer().settles(reading) == reading


def test_a_reading_settles_without_the_commas_that_cut_its_command():
    judge = rescorer(FastPathParser())
    settled = judge.settles(Hypothesis("Assign, fix the gate to Siobhan.", -0.1))
    assert settled == Hypothesis("Assign fix the gate to Siobhan.", -0.1)


def test_an_unsure_unparsed_or_one_letter_reading_does_not_settle():
    judge = GrammarRescorer(PatternParser(), lambda: CONTEXT, sure_score=-0.15)
    assert judge.settles(Hypothesis("add book the menu", -0.2)) is None  # the decoder was unsure
    assert judge.settles(Hypothesis("ad the venue", -0.05)) is None  # does not parse
    assert judge.settles(Hypothesis("add X", -0.05)) is None  # a letter where a word was said
    assert judge.settles(Hypothesis("add buy milk", -0.15)) is not None


def test_a_sure_reading_near_a_known_title_but_not_it_leaves_it_to_the_n_best():
    """Whisper base was sure of "water the plant" for "water the plants", a task in the store;
    the 10-best has the task's own words close behind and prefers them."""
    judge = rescorer(FastPathParser())
    for misheard in ("Add a task to water the plant.", "Add a task to book the menu."):
        assert judge.settles(Hypothesis(misheard, -0.05)) is None, misheard
    for said in ("Add a task to water the plants.", "Add a task to call the plumber."):
        assert judge.settles(Hypothesis(said, -0.05)) is not None, said
    assert judge.settles(Hypothesis("Tell Priya the menu is booked.", -0.05)) is not None


def test_without_a_context_nothing_settles():
    def broken() -> ParseContext:
        raise RuntimeError("the store is being restored")

    assert GrammarRescorer(PatternParser(), broken).settles(Hypothesis("add milk", -0.1)) is None


def test_a_close_reading_heard_right_beats_one_whose_command_word_needs_mending():
    """Whisper base's 10-best of Piper's "add milk to the shopping list" (the soak's one
    misheard clip): "and note ..." parses once "and" is mended to "add"; "add milk ..." is
    within the margin and needs no mending. "note to the shopping lists" is a list, not a note."""
    fast = rescorer(FastPathParser())
    readings = [
        Hypothesis("and note to the shopping list.", -0.317),
        Hypothesis("and milk to the shopping list.", -0.442),
        Hypothesis("and note to the shopping lists.", -0.639),
        Hypothesis("add milk to the shopping list.", -0.660),
        Hypothesis("add note to the shopping list.", -0.708),
    ]
    assert fast.choose(readings).text == "add milk to the shopping list."
    # outside the margin the decoder's mended reading stands
    assert fast.choose([readings[1], Hypothesis(readings[3].text, -1.1)]) == readings[1]
    # a sure reading that needs mending leaves it to the n-best
    assert fast.settles(Hypothesis("and milk to the shopping list.", -0.05)) is None
    assert fast.settles(Hypothesis("add milk to the shopping list.", -0.05)) is not None


def test_a_note_that_says_nothing_is_no_reading():
    """Whisper base's 10-best of Piper's "add milk to the shopping list" at normal speed, with
    no task known: "note" is the kind of thing asked for, not a title, so "add note to the
    shopping list" is no whole command, however sure the decoder is of it."""
    fast = rescorer(FastPathParser())
    readings = [
        Hypothesis("and note to the shopping list.", -0.229),
        Hypothesis("and note to the shopping list,", -0.460),
        Hypothesis("And note to the shopping list.", -0.515),
        Hypothesis("and milk to the shopping list.", -0.546),
        Hypothesis("and note to the shopping lists.", -0.549),
    ]
    assert fast.choose(readings).text == "and milk to the shopping list."
    assert fast.settles(Hypothesis("add note to the shopping list.", -0.05)) is None
    assert fast.settles(Hypothesis("add a task to the shopping list.", -0.05)) is None


# Whisper base's readings of the second set of spoken dev commands (tests/data/spoken_dev_*)


def test_a_reading_the_router_would_send_to_the_model_does_not_count_as_parsed():
    # "at 1.2" parses on the fast path but is no time on the clock: the router asks the model
    fast = rescorer(FastPathParser())
    said = "Book a meeting with Priya about the wedding at {} on Wednesday."
    wrong, right = Hypothesis(said.format("1.2"), -0.1), Hypothesis(said.format("half-two"), -0.3)
    assert FastPathParser().parse(wrong.text, CONTEXT).is_complete
    assert fast.choose([wrong, right]) == right
    assert fast.settles(wrong) is None


def test_a_full_stop_inside_the_sentence_is_a_pause_too():
    fast = rescorer(FastPathParser())
    chosen = fast.choose([Hypothesis("Remind me at 9. Tonight to take my tablets.", -0.2)])
    assert chosen.text == "Remind me at 9 Tonight to take my tablets."
    # an initial's full stop stays
    assert fast.choose([Hypothesis("Tell J. Smith the plan.", -0.2)]).text.startswith("Tell J.")


def test_taking_out_a_comma_does_not_make_a_misheard_reading_look_clean():
    # ", do Saturday," is mended to "due Saturday"; without the commas nothing is mended and
    # the fast path reads a task "return the library books do": the reading as written stands
    fast = rescorer(FastPathParser())
    said = Hypothesis("Add return the library books, do Saturday, low priority.", -0.2)
    assert fast.choose([said]) == said
    title = FastPathParser().parse(said.text, CONTEXT).actions[0].params["title"]
    assert title == "return the library books"
    # as before, a reading that needs no mending wins over one that does
    clean = Hypothesis("Add return the library books due Saturday, low priority.", -0.3)
    assert fast.choose([said, clean]) == clean
