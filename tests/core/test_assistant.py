"""Parley's core facade: bad input, refusals, events, the outcome contract (with a fake parser)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services import config as config_module
from services.clock import FixedClock
from services.core.assistant import MAX_CHARS, Parley
from services.errors import ParseError
from services.events import CommandExecuted, EventBus, ReplyReady, StoreCommitted
from services.nlu.commands import Action, Command
from tests.fakes import ScriptedParser

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))
ADD = Command("task.create", (Action("task.create", {"title": "buy milk"}),))


@pytest.fixture
def parser():
    return ScriptedParser("scripted", {"add milk": ADD})


@pytest.fixture
def parley(tmp_path, parser):
    config = config_module.load(None, general={"state_dir": str(tmp_path / "state")})
    bus = EventBus()
    with Parley.open(config, clock=FixedClock(NOW), bus=bus, parser=parser) as core:
        yield core


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("", "I didn't hear anything."),
        ("   \n\t ", "I didn't hear anything."),
        ("?!… 🙂🙂", "I didn't catch any words."),
        ("x" * 10_000, "That was too long for me. Please say one command at a time."),
    ],
)
def test_bad_input_gets_a_clear_reply_and_changes_nothing(parley, parser, text, reply):
    outcome = parley.handle_text(text)
    assert not outcome.ok
    assert outcome.reply == reply
    assert parley.store.all("tasks") == []
    assert parser.calls == []


def test_text_nobody_understands_is_refused_and_logged(parley):
    outcome = parley.handle_text("flibber the wotsit")
    assert not outcome.ok
    assert outcome.intent == "unknown"
    assert outcome.reply == "Sorry, I didn't understand that."
    (entry,) = parley.store.all("commands")
    assert entry["utterance"] == "flibber the wotsit"
    assert entry["outcome"] == "failed"


def test_a_partly_understood_command_runs_nothing(parley, parser):
    parser.commands["add milk and frobnicate"] = Command(
        "task.create", ADD.actions, is_complete=False, unparsed="frobnicate"
    )
    outcome = parley.handle_text("add milk and frobnicate")
    assert not outcome.ok
    assert "frobnicate" in outcome.reply
    assert parley.store.all("tasks") == []


def test_a_parser_that_raises_does_not_take_parley_down(parley, parser):
    parser.raises["boom"] = ParseError("The parser tripped.")
    outcome = parley.handle_text("boom")
    assert not outcome.ok
    assert outcome.reply == "The parser tripped."
    parser.raises["crash"] = ZeroDivisionError()
    assert parley.handle_text("crash").reply == "I couldn't understand that."


def test_outcome_follows_the_cli_contract(parley):
    data = parley.handle_text("add  milk").to_dict()
    assert set(data) >= {"ok", "utterance", "intent", "actions", "reply", "timings_ms"}
    assert data["utterance"] == "add milk"
    assert data["ok"] is True
    (action,) = data["actions"]
    assert set(action) == {"type", "params", "status", "result", "error"}
    assert action["status"] == "done"
    assert data["timings_ms"]["total"] >= data["timings_ms"]["parse"] >= 0


def test_events_are_published_for_commits_commands_and_replies(parley):
    seen = []
    parley.bus.subscribe(lambda event: seen.append(event.type))
    parley.handle_text("add milk")
    assert seen.index("store_committed") < seen.index("command") < seen.index("reply")
    assert seen.count("store_committed") == 1
    assert isinstance(CommandExecuted({}), CommandExecuted) and ReplyReady("x").type == "reply"
    assert StoreCommitted.type == "store_committed"


def test_the_parse_context_carries_names_and_what_it_refers_to(parley):
    with parley.store.transaction() as tx:
        tx.insert("people", {"name": "Samantha", "aliases": ["Sam"], "device": None})
        tx.insert("projects", {"name": "launch"})
    parley.handle_text("add milk")
    talk = parley.conversations["default"]
    context = parley.context_for(talk)
    assert context.people == ("Samantha", "Sam")
    assert context.projects == ("launch",)
    assert context.tasks == ("buy milk",)
    assert context.last == {"task": "buy milk"}
    assert context.now == NOW


def test_conversations_keep_separate_context(parley):
    parley.handle_text("add milk", conversation="kitchen")
    assert parley.conversations["kitchen"].last
    assert "office" not in parley.conversations
    parley.handle_text("add milk", conversation="office")
    assert (
        parley.conversations["office"].last["task"] != parley.conversations["kitchen"].last["task"]
    )


def test_conversations_are_bounded_and_the_least_recently_used_goes(parley, monkeypatch):
    monkeypatch.setattr("services.core.assistant.MAX_CONVERSATIONS", 3)
    parley.handle_text("add milk", conversation="kitchen")
    for name in ("a", "b"):
        parley.handle_text("what's on my list", conversation=name)
    parley.handle_text("make it urgent", conversation="kitchen")  # kitchen used again
    parley.handle_text("what's on my list", conversation="c")  # a goes, not kitchen
    assert list(parley.conversations) == ["b", "kitchen", "c"]
    assert parley.conversations["kitchen"].last


def test_max_chars_is_more_than_a_long_spoken_command():
    assert MAX_CHARS >= 500


def test_a_source_policy_refuses_actions_and_runs_nothing(parley, parser):
    parser.commands["add milk and delete it"] = Command(
        "task.create",
        (Action("task.create", {"title": "milk"}), Action("task.delete", {"task": "milk"})),
    )
    allowed = frozenset({"task.create"})
    outcome = parley.handle_text("add milk and delete it", source="mqtt", allowed_actions=allowed)
    assert not outcome.ok
    assert outcome.to_dict()["refused_actions"] == ["task.delete"]
    assert [a.error for a in outcome.actions] == ["not run", "not allowed from mqtt"]
    assert parley.store.all("tasks") == []
    assert parley.handle_text("add milk", allowed_actions=allowed).ok


class AdvisingParser(ScriptedParser):
    """A parser with the router's ``route`` (needs_confirmation, question, notice)."""

    def __init__(self, routed):
        super().__init__("router")
        self.routed = routed

    def route(self, text, context):
        self.calls.append((text, None))
        return self.routed[text]


def test_an_unsure_router_parse_asks_its_question_and_yes_runs_it(tmp_path):
    from services.core.assistant import Parsed

    unsure = Command("task.create", ADD.actions, confidence=0.4, is_complete=False, parser="llm")
    parser = AdvisingParser(
        {
            "get some milk maybe": Parsed(unsure, "llm", True, "Did you mean: add buy milk?"),
            "yes": Parsed(Command("confirm", (Action("confirm", {"answer": True}),))),
        }
    )
    config = config_module.load(None, general={"state_dir": str(tmp_path / "state")})
    with Parley.open(config, clock=FixedClock(NOW), parser=parser) as parley:
        asked = parley.handle_text("get some milk maybe")
        assert asked.reply == "Did you mean: add buy milk? Say yes or no."
        assert [a.status for a in asked.actions] == ["pending_confirmation"]
        assert parley.store.all("tasks") == []
        assert parley.handle_text("yes").ok
        assert [t["title"] for t in parley.store.all("tasks")] == ["buy milk"]


def test_a_router_notice_is_said_when_nothing_could_be_understood(tmp_path):
    from services.core.assistant import Parsed
    from services.nlu.commands import not_understood

    notice = "My language model isn't installed, so I only understand simple commands."
    parser = AdvisingParser({"hmm": Parsed(not_understood("hmm"), "fastpath_only", notice=notice)})
    config = config_module.load(None, general={"state_dir": str(tmp_path / "state")})
    with Parley.open(config, clock=FixedClock(NOW), parser=parser) as parley:
        outcome = parley.handle_text("hmm")
    assert not outcome.ok
    assert outcome.reply == f"Sorry, I didn't understand that. {notice}"


def test_without_a_model_parley_keeps_working_on_the_fast_path(tmp_path):
    config = config_module.load(
        None,
        general={"state_dir": str(tmp_path / "state")},
        llm={"model": str(tmp_path / "no-such-model.gguf")},
    )
    with Parley.open(config, clock=FixedClock(NOW)) as parley:
        assert parley.handle_text("add milk to the shopping list").ok
        assert not parley.parser.is_started  # the fast path needed no model
        odd = parley.handle_text("could you perhaps jot down that the bins go out")
        assert parley.parser.state.value in ("missing", "failed")
        assert "language model" in odd.reply


def test_a_fast_parse_that_looks_wrong_also_brings_in_the_llm(tmp_path):
    config = config_module.load(
        None,
        general={"state_dir": str(tmp_path / "state")},
        llm={"model": str(tmp_path / "no-such-model.gguf")},
    )
    sentence = (
        "add a task for marketing materials due Friday for Sarah and one for testing due "
        "Thursday for Mike"
    )
    with Parley.open(config, clock=FixedClock(NOW)) as parley:
        parley.handle_text(sentence)
        assert parley.parser.is_started


# -- parsing ahead (the voice pipeline's speculative transcript) -------------------------------


def test_a_parse_made_ahead_is_run_by_the_same_text_and_nothing_happens_before(parley, parser):
    preview = parley.prepare("add milk", conversation="voice")
    assert (preview.is_complete, preview.is_open) == (True, False)
    assert parley.store.all("tasks") == [] and parley.store.all("commands") == []
    outcome = parley.handle_text("add milk", conversation="voice")
    assert outcome.ok
    assert [t["title"] for t in parley.store.all("tasks")] == ["buy milk"]
    assert [text for text, _ in parser.calls] == ["add milk"]  # parsed once, ahead


def test_a_parse_made_ahead_of_other_words_is_not_used(parley, parser):
    assert not parley.prepare("add", conversation="voice").is_complete
    assert parley.handle_text("add milk", conversation="voice").ok
    assert [text for text, _ in parser.calls] == ["add", "add milk"]


def test_a_parse_made_ahead_is_not_used_once_the_world_changed(parley, parser):
    parley.prepare("add milk", conversation="voice")
    parley.handle_text("add milk", conversation="kitchen")  # a new open task: new context
    parley.handle_text("add milk", conversation="voice")
    assert [text for text, _ in parser.calls] == ["add milk", "add milk", "add milk"]


def test_an_open_clause_is_read_as_open_and_not_parsed(parley, parser):
    preview = parley.prepare("add milk and", conversation="voice")
    assert (preview.is_complete, preview.is_open) == (False, True)
    assert parley.read("add milk", conversation="voice").is_complete
    assert parser.calls == [("add milk", None)]  # read parses, prepare of an open clause not


def test_what_the_fast_path_cannot_parse_goes_to_the_model_ahead(tmp_path):
    from services.nlu.router import Router

    fast = ScriptedParser("fastpath")
    model = ScriptedParser("llm", {"jot down milk": ADD})
    config = config_module.load(None, general={"state_dir": str(tmp_path / "state")})
    router = Router(fast, model, confirm_below=0.5)
    with Parley.open(config, clock=FixedClock(NOW), parser=router) as parley:
        preview = parley.prepare("jot down milk", conversation="voice")
        assert (preview.is_complete, preview.is_open) == (False, False)
        outcome = parley.handle_text("jot down milk", conversation="voice")
    assert outcome.ok
    assert [text for text, _ in model.calls] == ["jot down milk"]  # once, ahead
    assert [text for text, _ in fast.calls] == ["jot down milk", "jot down milk"]


def test_a_follow_up_asks_the_last_question_again_of_another_list(tmp_path):
    """ "what's on the choir list?" ... "and the panto one?": the core keeps the one action a
    conversation ran last, and the real fast path reads the follow-up against it."""
    config = config_module.load(
        None,
        general={"state_dir": str(tmp_path / "state")},
        llm={"model": str(tmp_path / "no-such-model.gguf")},
    )
    with Parley.open(config, clock=FixedClock(NOW)) as parley:
        with parley.store.transaction() as tx:
            tx.insert("projects", {"name": "choir"})
            tx.insert("projects", {"name": "Christmas panto"})
        assert parley.handle_text("add buy the sheet music to the choir list").ok
        assert parley.handle_text("add paint the backdrop to the panto list").ok
        first = parley.handle_text("what's on the choir list?", conversation="hall")
        assert first.ok and "sheet music" in first.reply
        again = parley.handle_text("and the panto one?", conversation="hall")
        assert again.ok, again.reply
        assert again.intent == "query.tasks"
        assert "backdrop" in again.reply and "sheet music" not in again.reply
        # another conversation asked nothing before: no follow-up to read there
        other = parley.handle_text("and the panto one?", conversation="kitchen")
        assert other.intent != "query.tasks"
