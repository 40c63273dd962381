"""The fast path's grammar (services/nlu/grammar.py over domain.yaml).

Sentences sampled from the grammar with hassil parse to the action they were written for; a
closed slot takes only its list's values; a clause with words the grammar cannot account for
is not understood (None), so the router asks the LLM.
"""

from __future__ import annotations

import functools
import itertools
import math
import random
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hassil.expression import Alternative, ListReference, RuleReference, Sequence, TextChunk
from hassil.intents import TextSlotList
from hassil.parse_expression import parse_sentence
from hassil.sample import sample_expression
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.parser_eval import load_devset
from services.nlu import ParseContext, grammar
from services.nlu.commands import ACTIONS
from services.nlu.fastpath import FastPathParser
from services.nlu.fields import NEW_PROJECT, NEW_TASK
from services.nlu.regex_gate import may_match
from services.nlu.text import PERSON_IT, TASK_IT
from tests.nlu.fastpath_support import is_left_to_the_llm

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Jo", "Alex"),
    projects=("launch", "website"),
    tasks=("book the venue", "order the catering"),
)
# what an open slot is said as in the samples, and the value it must parse to
FILLS: dict[str, tuple[str, Any]] = {
    "duration": ("10 minutes", "10 minutes"),
    "label": ("pasta", "pasta"),
    "assignee": ("Sam", "Sam"),
    "for_person": ("Alex", "Alex"),
    "task": ("catering", "catering"),
    "known_task": ("catering", "catering"),
    "named_task": ("venue", "venue"),
    "unknown_task": ("sellotape", "sellotape"),
    "whole_task": ("order the catering", "order the catering"),
    "blocker": ("venue", "venue"),
    "first_task": ("venue", "venue"),
    "deed_done": ("booked the venue", "venue"),
    "own_deed_done": ("booked the venue", "venue"),
    "asked": ("bring the cake", "bring the cake"),
    "denied": ("the joiner didn't come", None),
    "titles": ("paint the fence and buy milk", ["paint the fence", "buy milk"]),
    "two_titles": ("paint the fence and buy milk", ["paint the fence", "buy milk"]),
    "verb_titles": ("paint the fence and buy milk", ["paint the fence", "buy milk"]),
    "three_titles": (
        "paint the fence, buy milk and fix the gate",
        ["paint the fence", "buy milk", "fix the gate"],
    ),
    "deeds": ("paint the fence and buy milk", ["paint the fence", "buy milk"]),
    "doings": ("the fence painting and the milk buying", ["paint the fence", "buy the milk"]),
    "state": ("done", None),  # said, but no parameter
    "made_state": ("painted", None),
    "doing": ("doing", None),
    "due": ("Friday", "Friday"),
    "title": ("paint the fence", "paint the fence"),
    "one_title": ("paint the fence", "paint the fence"),
    # a new task's title, said as a thing to do, of a person, in a note, after a bare "add"
    "todo": ("paint the fence", "paint the fence"),
    "fresh_todo": ("paint the fence", "paint the fence"),
    "verb_todo": ("paint the fence", "paint the fence"),
    "duty": ("paint the fence", "paint the fence"),
    "noted": ("paint the fence", "paint the fence"),
    "put_down": ("paint the fence", "paint the fence"),
    "plain": ("paint the fence", "paint the fence"),
    "known_person": ("Sam", "Sam"),
    "project": ("launch", "launch"),
    "known_project": ("launch", "launch"),
    "whole_project": ("launch", "launch"),
    "source": ("Jo", "Jo"),
    "recipient": ("Sam", "Sam"),
    "when": ("Friday", "Friday"),
    "clock": ("at six", "at six"),
    "hour": ("three", "at three"),
    "before": ("an hour", "an hour"),
    "text": ("the venue is booked", "the venue is booked"),
    "attendees": ("Sam and Jo", ["Sam", "Jo"]),
    "location": ("boardroom", "boardroom"),
    "owned_place": ("her office", "her office"),
    "name": ("garden party", "garden party"),
    # an aside's words: said, but no parameter
    "reason": ("it rained", None),
    "statement": ("ran out again", None),
    "news": ("the boiler broke down again", None),
    "needed": ("we need the ladder for it", None),
    "done_to_it": ("only did half of it", None),
    "subject": ("dog", None),
    "habit": ("getting out", None),
    "deed": ("rung", None),
    "away_time": ("January", None),
    "event": ("rehearsal", None),
    "topic": ("fete budget", "fete budget"),
    "kind_of_meeting": ("fete planning", "fete planning"),
    "other_day": ("Thursday", None),
    "note": ("the key is under the mat", "the key is under the mat"),
    "tags": ("home and admin", ["home", "admin"]),
}
SAMPLES_PER_TEMPLATE = 12
ENUMERATED = 3000  # sentences of a template hassil lists before a dozen are picked
# hassil lists every sentence of each part of a template in full before the first sentence
# (itertools.product): a new task's details have billions (its listing once grew to 22 GB), so
# a template with a part of more than LISTED sentences is sampled at random instead, SAMPLED
# draws from a fixed seed
LISTED = 10_000
SAMPLED = 300
SEED = 7


def _expansion_rules() -> dict[str, Any]:
    data = yaml.safe_load(grammar.DOMAIN.read_text())
    return {name: parse_sentence(text) for name, text in data["expansion_rules"].items()}


def _slot_lists() -> dict[str, TextSlotList]:
    lists = {name: TextSlotList.from_strings([said]) for name, (said, _v) in FILLS.items()}
    for name, values in grammar.load().lists.items():
        lists[name] = TextSlotList.from_tuples(values)
    return lists


def _samples(template: grammar.Template) -> list[str]:
    """A dozen sentences of one template, slots filled from FILLS; for a new task, not those
    that say one parameter twice (refused, tested below)."""
    if _listed(template.expression) <= LISTED:
        said = sample_expression(template.expression, _slot_lists(), _expansion_rules())
        every = list(itertools.islice(said, ENUMERATED))
    else:
        rng = random.Random(SEED)
        every = sorted({_realize(template.expression, rng) for _ in range(SAMPLED)})
    if template.intent == "task.create":
        every = [sentence for sentence in every if not _says_twice(template, sentence)]
    random.Random(SEED).shuffle(every)
    return every[:SAMPLES_PER_TEMPLATE]


def _listed(expression: Any) -> int:
    """The most sentences hassil lists in full for one part of ``expression``."""
    if isinstance(expression, RuleReference):
        return _listed(grammar.load().rules[expression.rule_name])
    if isinstance(expression, Alternative):
        return max((_listed(item) for item in expression.items), default=0)
    if not isinstance(expression, Sequence):
        return 0
    return max(max(_count(item), _listed(item)) for item in expression.items)


def _count(expression: Any) -> int:
    """How many sentences hassil says ``expression`` has (slots as FILLS, closed lists: each
    value)."""
    if isinstance(expression, ListReference):
        return len(grammar.load().lists.get(expression.list_name, ((),)))
    if isinstance(expression, RuleReference):
        return _count(grammar.load().rules[expression.rule_name])
    if isinstance(expression, Alternative):
        return sum(_count(item) for item in expression.items)
    if isinstance(expression, TextChunk):
        return 1
    return math.prod(_count(item) for item in expression.items)


def _realize(expression: Any, rng: random.Random) -> str:
    """One random sentence of ``expression``, slots said as FILLS (closed lists: any value)."""
    if isinstance(expression, TextChunk):
        return expression.text
    if isinstance(expression, ListReference):
        values = grammar.load().lists.get(expression.list_name)
        return rng.choice(values)[0] if values else FILLS[expression.list_name][0]
    if isinstance(expression, RuleReference):
        return _realize(grammar.load().rules[expression.rule_name], rng)
    if isinstance(expression, Alternative):
        return _realize(rng.choice(expression.items), rng)
    text = "".join(_realize(item, rng) for item in expression.items)
    return " ".join(text.split())


def _says_twice(template: grammar.Template, sentence: str) -> bool:
    """True when a sampled sentence says a value twice, or one parameter twice ("whenever you
    can" and "top priority": a new task's details)."""
    said = [[heard] for heard, _value in FILLS.values() if heard]
    closed = [[heard for heard, _v in values] for values in grammar.load().lists.values()]
    by_slot: dict[str, list[str]] = {}
    for found in _LIST_REFERENCE.finditer(_expanded(template.sentence)):
        values = grammar.load().lists.get(found["list"])
        heard = [h for h, _v in values] if values else [FILLS[found["list"]][0]]
        by_slot.setdefault(found["slot"] or found["list"], []).extend(heard)
    if "(it|there)" in template.sentence and re.search(r"\blaunch\b", sentence):
        return True  # "a to-do to it ..., to the launch": the list said as "it", then again
    for phrases in [*said, *closed, *by_slot.values()]:
        longest = sorted(set(phrases), key=len, reverse=True)
        pattern = r"\b(?:" + "|".join(re.escape(heard) for heard in longest) + r")\b"
        if len(re.findall(pattern, sentence, re.IGNORECASE)) > 1:
            return True
    return False


@functools.cache  # asked for every sampled sentence of a new task
def _expanded(sentence: str) -> str:
    """The sentence with its <rules> written out (to see which slots it has)."""
    rules = yaml.safe_load(grammar.DOMAIN.read_text())["expansion_rules"]
    for _depth in range(6):  # a new task's details: four rules deep
        for name, text in rules.items():
            sentence = sentence.replace(f"<{name}>", text)
    return sentence


_LIST_REFERENCE = re.compile(r"\{(?P<list>\w+)(?::(?P<slot>\w+))?\}")


def _meant(template: grammar.Template, sentence: str) -> dict[str, Any]:
    """The parameters a sampled sentence says: the fixed ones and the FILLS it contains."""
    params = dict(template.fixed)
    for found in _LIST_REFERENCE.finditer(_expanded(template.sentence)):
        slot = found["slot"] or found["list"]
        said, value = FILLS.get(found["list"], ("", None))
        if said and slot not in grammar.SAID_ONLY and said.lower() in sentence.lower():
            # an aside's words fill no parameter; the same words as a parameter of their own
            # ("{statement:notes}") are its value
            params[slot] = said if value is None and slot != found["list"] else value
        elif found["list"] in grammar.load().lists:
            value = _closed_value(found["list"], sentence)
            if value is not None:  # an optional slot may be left out
                params[slot] = value
    if template.intent == "task.create":
        params = grammar.said_for_whom(params)  # "for Alex": who does it, or whom it is for
    if template.intent == "reminder.create" and "task" in params and "text" not in params:
        task = params["task"]  # its deadline ("it", or a stand-in, say no name)
        params["text"] = "it" if task == TASK_IT or str(task).startswith("\x00") else task
    if "others" in params:  # "Sam and I need to catch up with Jo": all of them at the meeting
        others = params.pop("others")
        params["attendees"] = [*params.get("attendees", ()), *others]
        params["attendees"] = [
            p for i, p in enumerate(params["attendees"]) if p not in params["attendees"][:i]
        ]
    return params


def _closed_value(list_name: str, sentence: str) -> str | None:
    """The value of the longest of a closed list's phrases said in ``sentence`` (None: none)."""
    said = [
        (len(heard), value)
        for heard, value in grammar.load().lists[list_name]
        if re.search(rf"\b{re.escape(heard)}\b", sentence.lower())
    ]
    return max(said)[1] if said else None


@pytest.mark.parametrize(
    "template", grammar.load().templates, ids=lambda t: f"{t.family}:{t.sentence[:40]}"
)
def test_sampled_sentences_parse_to_the_intended_action(template: grammar.Template) -> None:
    sentences = _samples(template)
    assert sentences
    for sentence in sentences:
        got = grammar.match(sentence, CONTEXT)
        assert got is not None, sentence
        pieces = got[1]
        meant = _meant(template, sentence)
        if template.intent == "task.create":  # the items of a list: one new task each
            waits = meant.pop("waits", None)
            titles = meant.pop("titles", None) or [meant.pop("title")]
            made = [("task.create", {**meant, "title": title}) for title in titles]
            if waits:  # "... that waits for it": on the task before
                made.append(("task.add_dependency", {"task": TASK_IT, "blocker": waits}))
            assert [(p.type, p.params) for p in pieces] == made, sentence
            continue
        if template.intent == "task.assign" and "due" in meant:  # given, and its deadline set
            due = {"task": meant["task"], "due": meant.pop("due")}
            assert [(p.type, p.params) for p in pieces] == [
                ("task.assign", meant),
                ("task.set_due", due),
            ], sentence
            continue
        meant = grammar.titled_catch_up(meant, template.family)  # "podcast catch-up"
        titles = meant.pop("titles", []) if template.intent == "project.create" else []
        made = [("task.create", {"title": title, "project": NEW_PROJECT}) for title in titles]
        assert [(p.type, p.params) for p in pieces[1:]] == made, sentence  # what goes on it
        assert [p.type for p in pieces[:1]] == [template.intent], (sentence, pieces)
        assert pieces[0].params == meant, sentence


@pytest.mark.parametrize(
    ("text", "intent", "params"),
    [
        ("yes please", "confirm", {"answer": True}),
        ("no, leave it", "confirm", {"answer": False}),
        ("scratch that", "cancel", {}),
        ("undo the last change", "undo", {}),
        ("what day of the week is it", "query.date", {}),
        ("have you got the time on you", "query.time", {}),
        (
            "set a pasta timer for 12 minutes",
            "timer.start",
            {"duration": "12 minutes", "label": "pasta"},
        ),
        ("start a 5 minute egg timer", "timer.start", {"duration": "5 minute", "label": "egg"}),
        ("count down from ten minutes", "timer.start", {"duration": "ten minutes"}),
        ("I don't need the egg timer any more", "timer.cancel", {"label": "egg"}),
        ("how much longer till the eggs are ready", "timer.query", {"label": "eggs"}),
        ("sum up my workload", "report.summary", {"assignee": "me"}),
        ("is she up to her eyes at the moment", "report.summary", {"assignee": PERSON_IT}),
        ("what's on Jo's plate", "report.summary", {"assignee": "Jo"}),
        ("give me a quick summary of where things stand", "report.summary", {}),
        ("who's got the most on their plate", "report.summary", {}),
        ("cancel the venue task", "task.cancel", {"task": "venue"}),  # not "cancel that"
        ("how many tasks do I have", "query.count", {"assignee": "me"}),  # first person: mine
        ("how many things have I got left", "query.count", {"assignee": "me", "filter": "open"}),
        ("how many overdue jobs do I have", "query.count", {"assignee": "me", "filter": "overdue"}),
        ("how many tasks does Sam have", "query.count", {"assignee": "Sam"}),
        ("how many has she got now", "query.count", {"assignee": PERSON_IT}),
        ("how many are overdue", "query.count", {"filter": "overdue"}),
        ("how many jobs are there on the launch list", "query.count", {"project": "launch"}),
        ("what's due today", "query.tasks", {"filter": "today"}),
        ("what's overdue for Jo", "query.tasks", {"filter": "overdue", "assignee": "Jo"}),
        ("is anything overdue on the launch", "query.tasks",
         {"filter": "overdue", "project": "launch"}),
        ("what's left on the website project", "query.tasks", {"project": "website"}),
        ("what's still open on the website", "query.tasks",
         {"filter": "open", "project": "website"}),
        ("what is Alex doing this week", "query.tasks",
         {"assignee": "Alex", "filter": "this_week"}),
        ("what has Jo finished", "query.tasks", {"assignee": "Jo", "filter": "done"}),
        ("what have I actually finished", "query.tasks", {"assignee": "me", "filter": "done"}),
        ("what do I have tomorrow", "query.tasks", {"assignee": "me", "filter": "tomorrow"}),
        ("what is on my list for today", "query.tasks", {"assignee": "me", "filter": "today"}),
        ("what does Alex have to do this week", "query.tasks",
         {"assignee": "Alex", "filter": "this_week"}),
        ("what have we let slip", "query.tasks", {"filter": "overdue"}),
        ("show me all tasks", "query.tasks", {"filter": "all"}),
        ("tell Sam the meeting moved to 3", "message.send",
         {"to": "Sam", "text": "the meeting moved to 3"}),
        ("let Jo know that dinner is at 7", "message.send", {"to": "Jo", "text": "dinner is at 7"}),
        ("tell him I'll be late", "message.send", {"to": PERSON_IT, "text": "I'll be late"}),
        ("leave a note for Alex saying bring the bunting", "message.send",
         {"to": "Alex", "text": "bring the bunting"}),
        ("drop Jo a quick line: the van is booked", "message.send",
         {"to": "Jo", "text": "the van is booked"}),
        ("tell Sam to bring the guest list", "message.send",
         {"to": "Sam", "text": "bring the guest list"}),
        ("remind me to call Mum tomorrow at 5pm", "reminder.create",
         {"text": "call Mum", "when": "tomorrow at 5pm"}),
        ("remind me in 20 minutes to check the oven", "reminder.create",
         {"when": "in 20 minutes", "text": "check the oven"}),
        ("remind me to switch the heating on tomorrow", "reminder.create",
         {"text": "switch the heating on", "when": "tomorrow"}),
        ("remind Sam on Friday to send the invoice", "reminder.create",
         {"person": "Sam", "when": "Friday", "text": "send the invoice"}),
        ("give me a nudge at half five to put the oven on", "reminder.create",
         {"when": "at half five", "text": "put the oven on"}),
        ("remind me an hour before the venue task is due", "reminder.create",
         {"text": "venue", "before": "an hour", "task": "venue"}),
        ("remind me about it an hour before it's due", "reminder.create",
         {"text": "it", "task": TASK_IT, "before": "an hour"}),
    ],
)  # fmt: skip
def test_phrasings_the_rules_took_are_in_the_grammar(
    text: str, intent: str, params: dict[str, Any]
) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None
    assert [(p.type, p.params) for p in got[1]] == [(intent, params)]


@pytest.mark.parametrize(
    "text",
    [
        "set a timer for the meeting",  # a duration that does not resolve
        "set a timer for blue",
        "set a really very big pasta pot timer for 5 minutes",  # a label of more than 3 words
        "how much longer on the website",  # a project: about work, not a timer
        "how much longer on the venue",  # a word of a task
        "how much longer on Sam",  # a person
        "yes and also paint the shed",  # words the grammar cannot account for
        "what time is it in Tokyo",
        "undone",  # never half a word
        "is the printer overloaded",  # only a person is overloaded
        "how's Priya doing with her work",  # someone the store does not know: the LLM's
        "give me a summary for the whole street",
    ],
)
def test_what_the_grammar_cannot_account_for_is_none(text: str) -> None:
    assert grammar.match(text, CONTEXT) is None


@pytest.mark.parametrize(
    ("text", "intent", "params"),
    [
        ("mark the venue as done", "task.complete", {"task": "venue"}),
        ("I've just finished the catering", "task.complete", {"task": "catering"}),
        ("Sam has finished the catering", "task.complete", {"task": "catering"}),
        ("the venue is booked", "task.complete", {"task": "venue"}),  # its own verb, done
        ("it's finished already", "task.complete", {"task": TASK_IT}),
        ("tick it off", "task.complete", {"task": TASK_IT}),
        ("the catering isn't ordered yet", "task.reopen", {"task": "catering"}),
        ("mark the venue as not done", "task.reopen", {"task": "venue"}),
        ("put it back on the list", "task.reopen", {"task": TASK_IT}),
        ("I've made a start on the catering", "task.start", {"task": "catering"}),
        ("put the catering down as in progress", "task.start", {"task": "catering"}),
        ("forget about the catering", "task.cancel", {"task": "catering"}),
        ("mark the venue as cancelled", "task.cancel", {"task": "venue"}),
        ("we're not doing the venue after all", "task.cancel", {"task": "venue"}),
    ],
)
def test_status_changes_are_in_the_grammar(text: str, intent: str, params: dict[str, Any]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None
    assert [(p.type, p.params) for p in got[1]] == [(intent, params)]


def test_two_tasks_said_together_are_two_changes() -> None:
    got = grammar.match("tick off the catering and the venue", CONTEXT)
    assert got is not None
    assert [(p.type, p.params) for p in got[1]] == [
        ("task.complete", {"task": "catering"}),
        ("task.complete", {"task": "venue"}),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I plan to finish the report",  # an intention, not a change
        "I need to finish the report",
        "is the catering done",  # a question
        "what is done",
        "the venue is locked",  # a known task, but not its own verb done
        "the car's fixed",  # nothing the store knows
        "the heating is off",
        "Priya finished the catering",  # someone the store does not know
        "forget about it",  # "never mind", not a task
        "the flowers can't start until the catering is done",  # a clause, not a task's name
        "start a timer",
        "we're not doing anything tonight",
    ],
)
def test_what_is_not_a_status_change_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    status = ("task.complete", "task.start", "task.reopen", "task.cancel")
    assert got is None or got[1][0].type not in status, got


@pytest.mark.parametrize(
    ("text", "intent", "params"),
    [
        ("make the venue urgent", "task.set_priority", {"task": "venue", "priority": "urgent"}),
        ("set the priority of the catering to low", "task.set_priority",
         {"task": "catering", "priority": "low"}),
        ("bump it down to low priority", "task.set_priority", {"task": TASK_IT, "priority": "low"}),
        ("prioritise the venue", "task.set_priority", {"task": "venue", "priority": "high"}),
        ("the venue is pretty important", "task.set_priority",
         {"task": "venue", "priority": "high"}),
        ("the catering can wait", "task.set_priority", {"task": "catering", "priority": "low"}),
        ("no rush on those", "task.set_priority", {"task": TASK_IT, "priority": "low"}),
        ("the catering's a bit of an emergency now", "task.set_priority",
         {"task": "catering", "priority": "urgent"}),
        ("make booking the venue urgent", "task.set_priority",  # a known task's verb
         {"task": "venue", "priority": "urgent"}),
        ("give the venue to Sam", "task.assign", {"task": "venue", "assignee": "Sam"}),
        ("give her the catering", "task.assign", {"task": "catering", "assignee": PERSON_IT}),
        ("make it Jo's job", "task.assign", {"task": TASK_IT, "assignee": "Jo"}),
        ("Alex will take care of the venue", "task.assign", {"task": "venue", "assignee": "Alex"}),
        ("Jo's handling the catering now", "task.assign", {"task": "catering", "assignee": "Jo"}),
        ("take the catering off Jo and give it to Sam", "task.assign",
         {"task": "catering", "assignee": "Sam"}),
        ("assign the venue to Alec", "task.assign", {"task": "venue", "assignee": "Alec"}),
        ("rename the venue to hire the hall", "task.rename",
         {"task": "venue", "title": "hire the hall"}),
        ("change the name of the catering to lunch order", "task.rename",
         {"task": "catering", "title": "lunch order"}),
        ("call it fix the back gate", "task.rename",
         {"task": TASK_IT, "title": "fix the back gate"}),
        ("call the catering task lunch instead", "task.rename",
         {"task": "catering", "title": "lunch"}),
        ("rename it to go to the shops", "task.rename",
         {"task": TASK_IT, "title": "go to the shops"}),
        ("move the venue task to next Friday", "task.set_due",
         {"task": "venue", "due": "next Friday"}),
        ("push the deadline to Friday", "task.set_due", {"task": TASK_IT, "due": "Friday"}),
        ("push back the catering to Monday", "task.set_due", {"task": "catering", "due": "Monday"}),
        ("push the catering back to Monday", "task.set_due", {"task": "catering", "due": "Monday"}),
        ("it's due by Friday", "task.set_due", {"task": TASK_IT, "due": "Friday"}),
        ("the catering can slip to next week", "task.set_due",
         {"task": "catering", "due": "next week"}),
        ("the venue needs booking by Monday", "task.set_due", {"task": "venue", "due": "Monday"}),
        ("it has to be done by Tuesday", "task.set_due", {"task": TASK_IT, "due": "Tuesday"}),
        ("make those due Monday", "task.set_due", {"task": TASK_IT, "due": "Monday"}),
        ("change the venue to Friday", "task.set_due", {"task": "venue", "due": "Friday"}),
        ("remove eggs from the shopping list", "task.delete", {"task": "eggs"}),
        ("scrap the catering task entirely", "task.delete", {"task": "catering"}),
        ("delete all tasks", "task.delete_all", {}),
        ("clear the launch", "task.delete_all", {"project": "launch"}),
        ("wipe everything off the shopping list", "task.delete_all", {"project": "shopping"}),
        ("reassign all of Jo's tasks to Sam", "task.reassign_all",
         {"source": "Jo", "assignee": "Sam"}),
        ("move all his stuff to Alex", "task.reassign_all",
         {"source": PERSON_IT, "assignee": "Alex"}),
        ("Sam will take over from Jo", "task.reassign_all", {"assignee": "Sam", "source": "Jo"}),
    ],
)  # fmt: skip
def test_task_changes_are_in_the_grammar(text: str, intent: str, params: dict[str, Any]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None
    assert [(p.type, p.params) for p in got[1]] == [(intent, params)]


@pytest.mark.parametrize(
    "text",
    [
        "what is urgent",  # a question, never a priority change
        "is the venue urgent",
        "what's important today",
        "everything is urgent",
        "the weather is important",  # nothing the store knows
        "give the venue to Priya",  # someone the store does not know
        "Sam will take over from Jo",  # all of Jo's work, not a task called "from Jo"
        "give Jo's work to Sam",  # all of it, not a task called "Jo's work"
        "make it Monday",
        "give Sam a call",
        "Sam is on holiday",
    ],
)
def test_what_is_not_a_priority_or_an_assignment_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type not in ("task.set_priority", "task.assign"), got


def test_closed_lists_refuse_other_values() -> None:
    loaded = grammar.load()
    assert {out for _said, out in loaded.lists["priority"]} == {"urgent", "high", "medium", "low"}
    said = grammar._Said("very important", "very important", loaded)
    assert list(grammar._slot("priority", "priority", said, 0, None)) == []
    said = grammar._Said("urgent", "urgent", loaded)
    assert list(grammar._slot("priority", "priority", said, 0, None)) == [
        (6, (("priority", "priority", "urgent"),))
    ]


def test_a_slot_is_checked_only_where_the_rest_of_the_sentence_can_follow_it() -> None:
    loaded = grammar.load()
    words = parse_sentence("push {task} to {due}").expression
    assert isinstance(words, Sequence)
    items = words.items
    task = next(i for i, item in enumerate(items) if isinstance(item, ListReference))
    assert grammar._follow(items, task, None, loaded) == frozenset({"to"})
    last = len(items) - 1
    assert grammar._follow(items, last, None, loaded) is None  # whatever follows the sentence
    assert grammar._follow(items, last, grammar.END, loaded) == grammar.END
    optional = parse_sentence("push {task} [to {due}]").expression
    assert isinstance(optional, Sequence)
    # "to", or whatever follows the sentence
    assert grammar._follow(optional.items, task, None, loaded) is None
    assert grammar._follow(optional.items, task, grammar.END, loaded) == {"to", ""}
    text = "push the big venue to friday"
    said = grammar._Said(text, text, loaded, CONTEXT, "task.set_due")
    walked = [end for end, _slots in grammar._walk(words, said, 0, grammar.END)]
    assert len(text) in walked
    # "the", "the big" and "the big venue to friday" are never checked as a task: no "to"
    # follows them
    assert [value for name, _intent, value in said.checked if name == "task"] == ["the big venue"]


def test_a_person_slot_takes_only_known_people_me_and_him_or_her() -> None:
    check = grammar.CHECKS["assignee"]
    assert check("Sam", "report.summary", CONTEXT) == "Sam"
    assert check("sam's", "report.summary", CONTEXT) == "sam"
    assert check("my", "report.summary", CONTEXT) == "me"
    assert check("her", "report.summary", CONTEXT) == PERSON_IT
    assert check("Priya", "report.summary", CONTEXT) is None
    assert check("the printer", "report.summary", CONTEXT) is None


@pytest.mark.parametrize(
    "text",
    [
        "is the venue due Friday",  # a question, never a change
        "when is the venue due",
        "what's due Friday",
        "the rent is due Friday",  # nothing the store knows
        "the party is on Saturday",
        "it's Friday",  # a remark: only a task said by name takes a bare day
        "move the meeting to Friday",
        "move the venue to the launch list",  # not a time
        "the venue needs painting by Friday",  # not its own verb
        "rename the venue to Friday",  # a time, not a title
        "rename the venue to party hall and tell Jo",  # a second request in the title
        "rename the venue to call Priya",  # someone the store does not know
        "rename the venue to call alec",  # a known person's name misheard
        "call it a day",
        "call it done",
        "call the catering company",  # only "it" is renamed by "call"
        "call the venue about parking",
    ],
)
def test_what_is_not_a_rename_or_a_deadline_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type not in ("task.rename", "task.set_due"), got


def test_a_clause_naming_one_of_two_tasks_is_not_understood() -> None:
    context = ParseContext(
        now=CONTEXT.now, people=CONTEXT.people, tasks=("trip to Paris", "wash up")
    )
    assert grammar.match("rename the trip to Paris to Paris trip", context) is None
    assert grammar.match("move the wash up to Friday", context) is None


@pytest.mark.parametrize(
    "text",
    [
        "remove Sam from the launch project",  # a person, not a task
        "delete the shopping list",  # a list, not a task
        "delete everything for Sam",  # not a list
        "clear the table",  # not a list the store knows
        "clear my to-do list",
        "delete all the milk",
        "should I delete the venue",  # a question, never a change
        "did you delete the catering",
        "give everything to Alex",  # whose?
        "move all of Priya's tasks to Sam",  # someone the store does not know
        "is Sam taking over Jo's work",
    ],
)
def test_what_is_not_a_deletion_or_a_handover_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    changes = ("task.delete", "task.delete_all", "task.reassign_all")
    assert got is None or got[1][0].type not in changes, got


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("make testing block the launch", {"blocker": "testing", "task": "launch"}),
        ("make it block the catering task", {"blocker": TASK_IT, "task": "catering"}),
        (
            "the press release depends on the venue task",
            {"task": "press release", "blocker": "venue"},
        ),
        ("catering is blocked by the venue", {"task": "catering", "blocker": "venue"}),
        (
            "the flowers can't start until catering is done",
            {"task": "flowers", "blocker": "catering"},
        ),
        ("testing has to come before the launch", {"blocker": "testing", "task": "launch"}),
        ("have it wait until the venue's booked", {"task": TASK_IT, "blocker": "venue"}),
        ("the venue booking is blocking the catering", {"blocker": "venue", "task": "catering"}),
        (
            "we can't do the catering until the venue is booked",
            {"task": "catering", "blocker": "venue"},
        ),
        (
            "the catering can't go ahead until the venue's confirmed",
            {"task": "catering", "blocker": "venue"},
        ),
        ("the gate and the flowers have to wait for the venue", None),  # one action per task
    ],
)
def test_dependencies_are_in_the_grammar(text: str, params: dict[str, Any] | None) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None
    if params is None:
        assert [(p.type, p.params) for p in got[1]] == [
            ("task.add_dependency", {"task": "gate", "blocker": "venue"}),
            ("task.add_dependency", {"task": "flowers", "blocker": "venue"}),
        ]
    else:
        assert [(p.type, p.params) for p in got[1]] == [("task.add_dependency", params)]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "add subtasks to the launch: book venue, order food and send invites",
            {"task": "launch", "titles": ["book venue", "order food", "send invites"]},
        ),
        (
            "add a subtask to it: print the tickets",
            {"task": TASK_IT, "titles": ["print the tickets"]},
        ),
        (
            "add call the caterer as a subtask of the venue task",
            {"titles": ["call the caterer"], "task": "venue"},
        ),
        (
            "break it down into design the card, print the cards and post them",
            {"task": TASK_IT, "titles": ["design the card", "print the cards", "post them"]},
        ),
        (
            "split the catering into three bits: taste the menu, pay the deposit and order",
            {"task": "catering", "titles": ["taste the menu", "pay the deposit", "order"]},
        ),
    ],
)
def test_subtasks_are_in_the_grammar(text: str, params: dict[str, Any]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None
    assert [(p.type, p.params) for p in got[1]] == [("task.add_subtasks", params)]


@pytest.mark.parametrize(
    "text",
    [
        "does the venue depend on the caterer",  # a question, never a change
        "is the venue blocked",
        "is the venue blocked by the catering",
        "does the catering have to wait for the venue",
        "did the catering wait for the venue",
        "what is the venue waiting for",
        "should the catering wait for the venue",
        "the venue depends on the venue",  # a task never waits for itself
        "Sam can't start until Monday",  # a person and a time
        "the catering has to wait until Friday",  # a time, not a task
        "the catering is waiting for Sam",  # a person
        "Kofi can't start until the catering is done",  # a name the store has for no task
        "the catering can't happen until it's done",  # "it" is the catering itself
        "break the venue into smaller steps",  # the model has to think of them
        "split the venue into three parts",
        "does the venue have subtasks",
        "add subtasks to the venue",
    ],
)
def test_what_is_not_a_dependency_or_subtasks_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    changes = ("task.add_dependency", "task.add_subtasks")
    # "it" as the stand-in for a task made earlier in the same command: with none made, the
    # fast path leaves the sentence to the model (test_fastpath_round9)
    # (waits on the new task, or the one "that" names: with neither, the model's to read)
    waits_on_new = got is not None and any(
        value in (NEW_TASK, TASK_IT) for value in got[1][0].params.values()
    )
    assert got is None or got[1][0].type not in changes or waits_on_new, got
    if waits_on_new:
        assert is_left_to_the_llm(text, CONTEXT)


@pytest.mark.parametrize(
    "text",
    [
        "what's on the shopping list",  # a list the store does not have: misheard?
        "what is pria shah working on",  # someone it cannot name
        "what is Kofi working on",
        "what meetings do I have today",  # not tasks
        "how many kids does Sam have",
        "what's the weather tomorrow",
        "what does Paris look like",
    ],
)
def test_what_is_not_a_question_about_tasks_is_left_alone(text: str) -> None:
    assert grammar.match(text, CONTEXT) is None


@pytest.mark.parametrize(
    "text",
    [
        "what's urgent",
        "which tasks are urgent",
        "is the venue urgent",
        "is the venue blocked",
        "does the venue depend on the caterer",
        "does the catering have to wait for the venue",
        "is the catering done",
        "should I delete the venue",
        "has Sam finished the catering",
        "what is done",
    ],
)
def test_a_question_never_becomes_a_change(text: str) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    changes = [a.type for a in command.actions if not ACTIONS[a.type].is_query]
    assert not (command.is_complete and changes), command


def test_a_message_is_for_the_whole_name_said() -> None:
    context = ParseContext(now=CONTEXT.now, people=("Priya Shah", "Priya"))
    got = grammar.match("send a message to Priya Shah saying the slides are ready", context)
    assert got is not None
    assert got[1][0].params == {"to": "Priya Shah", "text": "the slides are ready"}


@pytest.mark.parametrize(
    "text",
    [
        "tell me a joke",  # the speaker is no one to message
        "tell Bob the venue is booked",  # someone the store does not know
        "tell Sam",  # nothing to say
        "tell Sam and Alex the launch is on Thursday",  # two people: not "and Alex ..."
        "tell Sam the venue is booked and set up a meeting",  # a second request
    ],
)
def test_what_is_not_a_message_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "message.send", got


@pytest.mark.parametrize(
    "text",
    [
        "remind me to call Mum",  # no time: the model or a question must find one
        "remind me what the date is today",  # a question
        "remind Bob to call Mum at 6",  # someone the store does not know
        "remind me to call Mum at 6 and add milk to the list",  # a second request
    ],
)
def test_what_is_not_a_reminder_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "reminder.create", got


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("schedule a meeting with Sam and Alex tomorrow at 3 for an hour",
         {"attendees": ["Sam", "Alex"], "when": "tomorrow at 3", "duration": "an hour"}),
        ("set up a budget meeting with Jo on Friday at 10",
         {"title": "budget", "attendees": ["Jo"], "when": "Friday at 10"}),
        ("book a meeting with Sam and me next Monday at 2pm about the website",
         {"attendees": ["Sam"], "when": "next Monday at 2pm", "title": "website"}),
        ("schedule a 30 minute call with Sam at 4",
         {"duration": "30 minute", "attendees": ["Sam"], "when": "at 4"}),
        ("arrange a meeting with Alex on the 3rd at 11 for half an hour in the boardroom",
         {"attendees": ["Alex"], "when": "the 3rd at 11", "duration": "half an hour",
          "location": "boardroom"}),
        ("schedule a twenty-minute chat with Jo tomorrow at two, in the meeting room",
         {"duration": "twenty-minute", "attendees": ["Jo"], "when": "tomorrow at two",
          "location": "meeting room"}),
        ("meet with Jo tomorrow at noon", {"attendees": ["Jo"], "when": "tomorrow at noon"}),
        ("get Sam and Alex together on Thursday at 2 to talk about the launch",
         {"attendees": ["Sam", "Alex"], "when": "Thursday at 2", "title": "launch"}),
        ("pencil in half an hour with Jo tomorrow at 11",
         {"duration": "half an hour", "attendees": ["Jo"], "when": "tomorrow at 11"}),
        ("book her in with me tomorrow at four",
         {"attendees": [PERSON_IT], "when": "tomorrow at four"}),
        ("book me in with Jo for an hour next Monday at 10",
         {"attendees": ["Jo"], "duration": "an hour", "when": "next Monday at 10"}),
        ("Alex, Jo and me need to meet on Monday at 3 about the budget",
         {"attendees": ["Alex", "Jo"], "when": "Monday at 3", "title": "budget"}),
        ("Sam and I need to catch up with Jo on Friday at 10",
         {"attendees": ["Sam", "Jo"], "when": "Friday at 10"}),
        ("we'll meet on Friday at 2 in the boardroom",
         {"when": "Friday at 2", "location": "boardroom"}),
    ],
)  # fmt: skip
def test_meetings_are_in_the_grammar(text: str, params: dict[str, Any]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None, text
    assert [(p.type, p.params) for p in got[1]] == [("meeting.schedule", params)]


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to see Sam on Friday",  # a plan, not a request for a meeting
        "I'm meeting Sam on Friday at 3",
        "we're meeting with Jo tomorrow at 3",
        "I had a meeting with Sam yesterday at 3",
        "we need to talk to the caterers tomorrow",  # "to the caterers" is whom, not a topic
        "we need to catch up on emails tomorrow",
        "do I have a meeting with Sam tomorrow",  # questions
        "is there a meeting with Sam tomorrow at 3",
        "when is the meeting with Jo",
        "have we got a call with Alex on Friday at 2",
        "schedule a meeting with Sam",  # when?
        "book half an hour with Jo",
        "set up a meeting with Bob tomorrow at 3",  # someone the store does not know
        "get everyone together on Friday at 2",
        "the caterers and I need to meet on Friday at 2",
        "squeeze the venue task in tomorrow",
        "Sam needs to meet the caterers on Friday",
        "schedule a budget meeting with Sam tomorrow at 3 about the launch",  # two topics
        "book a call with Jo on Friday at 10 about the budget in room 4",  # a place in the topic
        "book club's meeting at Jo's on Thursday at 7",  # a statement, no request
        "schedule a meeting with Sam tomorrow at 3 and add milk to the list",  # a second request
    ],
)
def test_what_is_not_a_meeting_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "meeting.schedule", got


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("create a project called kitchen renovation",
         [("project.create", {"name": "kitchen renovation"})]),
        ("make a new packing list", [("project.create", {"name": "packing"})]),
        ("start a new project called the wedding", [("project.create", {"name": "wedding"})]),
        ("make a list for the school run", [("project.create", {"name": "school run"})]),
        ("I want a separate project for the bathroom refit",
         [("project.create", {"name": "bathroom refit"})]),
        ("new list: groceries", [("project.create", {"name": "groceries"})]),
        ("start a camping list with the tent, a torch and matches on it",
         [("project.create", {"name": "camping"}),
          ("task.create", {"title": "tent", "project": NEW_PROJECT}),
          ("task.create", {"title": "torch", "project": NEW_PROJECT}),
          ("task.create", {"title": "matches", "project": NEW_PROJECT})]),
    ],
)  # fmt: skip
def test_new_projects_are_in_the_grammar(text: str, pieces: list[tuple[str, Any]]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None, text
    assert [(p.type, p.params) for p in got[1]] == pieces


@pytest.mark.parametrize(
    "text",
    [
        "is there a project called kitchen",  # questions
        "do I have a list for the garden party",
        "what's on the new project list",
        "start the launch project",  # a project the store has: work starts on it
        "make a list of what we need for the party",  # what it holds, not its name
        "create a project called it",
        "start a new project called Friday",  # a time, not a name
        "start a camping list with the tent due Friday",  # a detail the grammar has not read
        "I'm going to start a new project next week",  # a plan
        "create a project called wedding and add a task to book the venue",  # two requests
    ],
)
def test_what_is_not_a_new_project_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "project.create", got


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("the dog keeps getting out", None),
        ("because it rained", None),
        ("we don't need them any more", ["task.cancel", "task.delete", "task.delete_all"]),
        ("we're not doing banners after all", ["task.cancel", "task.delete", "task.delete_all"]),
        ("there's no hurry", ["task.set_priority", "task.set_due", "task.create"]),
        ("he's already rung them", ["task.complete", "timer.cancel"]),
        ("the caterer's pulled out",
         ["task.set_priority", "task.set_due", "task.cancel", "task.assign", "task.reopen"]),
    ],
)  # fmt: skip
def test_asides_are_in_the_grammar(text: str, after: list[str] | None) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None, text
    assert [(p.type, p.params) for p in got[1]] == [("aside", {"after": after} if after else {})]


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("mark the venue done, he's already rung them", ["task.complete"]),
        ("drop the catering, we've decided against it", ["task.cancel"]),
        # why it is dropped: someone else does it, or what it was for is going
        ("cancel the catering, the hotel does it for us now", ["task.cancel"]),
        ("delete the venue task, we're giving up the hall", ["task.delete"]),
        ("drop the catering, we've stopped hosting lunches", ["task.cancel"]),
        ("cancel the catering, it's on direct debit now", ["task.cancel"]),
        ("cancel the catering, Sam does it now", None),  # a person the store knows: given?
        ("mark the venue done, the hotel does it for us", None),  # not after a completion
        ("the dog keeps barking", None),  # a reason with nothing before it
        ("add a task to buy milk, he's already rung them", None),  # not after a completion
        ("mark the venue done, there's no rush", None),  # no rush on what is done?
        ("mark it done, because it rained and delete the venue", ["task.complete", "task.delete"]),
        ("is there no rush", None),  # questions
        ("do we need them any more", None),
    ],
)
def test_an_aside_adds_nothing_and_only_after_its_kind_of_change(
    text: str, actions: list[str] | None
) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    if actions is None:
        assert not command.is_complete, command
    else:
        assert command.is_complete, command
        assert [action.type for action in command.actions] == actions


@pytest.mark.parametrize(
    ("text", "params", "is_standalone"),
    [
        ("due Thursday", {"due": "Thursday"}, True),
        ("make it due tomorrow at 8", None, True),  # the grammar's deadline, for "it"
        ("by next Friday", {"due": "next Friday"}, True),
        ("Sunday at noon", {"due": "Sunday at noon"}, False),  # a time alone: no change by itself
        ("give it to Sam", None, True),  # the grammar's assignment: "it" is the task before
        ("assigned to Jo", {"assignee": "Jo"}, True),
        ("it's Jo's job", {"assignee": "Jo"}, True),
        ("with high priority", {"priority": "high"}, True),
        ("priority urgent", {"priority": "urgent"}, True),
        ("tagged home and admin", {"tags": ["home", "admin"]}, True),
        ("for the launch project", {"project": "launch"}, True),
    ],
)
def test_details_of_a_new_task_are_in_the_grammar(
    text: str, params: dict[str, Any] | None, is_standalone: bool
) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None, text
    if params is None:
        assert got[1][0].type != "modifier", got
        return
    assert [(p.type, p.params, p.is_standalone) for p in got[1]] == [
        ("modifier", params, is_standalone)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "give it to Bob",  # someone the store does not know
        "for Bob",
        "that's Kofi",
        "tagged tomorrow",  # a time, not a tag
        "what's due Friday",  # questions
        "is it due Friday",
        "for the",
        "due whenever",  # no time
    ],
)
def test_what_is_not_a_detail_of_a_new_task_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "modifier", got


def test_a_time_said_alone_changes_nothing_by_itself() -> None:
    command = FastPathParser().parse("Sunday at noon", CONTEXT)
    assert not command.is_complete, command
    command = FastPathParser().parse("add a task to order the cake, Sunday at noon", CONTEXT)
    assert [(a.type, a.params) for a in command.actions] == [
        ("task.create", {"title": "order the cake", "due": "Sunday at noon"})
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("add milk and eggs to the shopping list",
         [{"title": "milk", "project": "shopping"}, {"title": "eggs", "project": "shopping"}]),
        ("put coffee, sugar and oat milk on the launch list",
         [{"title": "coffee", "project": "launch"}, {"title": "sugar", "project": "launch"},
          {"title": "oat milk", "project": "launch"}]),
        ("add mow the lawn to launch", [{"title": "mow the lawn", "project": "launch"}]),
        ("chuck phone the council on my to-do list",
         [{"title": "phone the council", "assignee": "me"}]),
        ("add sort the recycling to my list", [{"title": "sort the recycling", "assignee": "me"}]),
        ("add pick up the dry cleaning to my to do list for tomorrow",
         [{"title": "pick up the dry cleaning", "due": "tomorrow", "assignee": "me"}]),
        ("add eggs to the shopping list for Sam",
         [{"title": "eggs", "project": "shopping", "assignee": "Sam"}]),
        # a bare "add" and the new task's details, in any order
        ("add milk due Friday to the shopping list",
         [{"title": "milk", "due": "Friday", "project": "shopping"}]),
        ("we're out of coffee, pop it on the shopping list",
         [{"title": "coffee", "project": "shopping"}]),
        ("we've run out of washing powder, can you add it to the launch",
         [{"title": "washing powder", "project": "launch"}]),
    ],
)  # fmt: skip
def test_new_tasks_on_a_list_are_in_the_grammar(text: str, pieces: list[dict[str, Any]]) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is not None, text
    assert [(p.type, p.params) for p in got[1]] == [("task.create", p) for p in pieces]


@pytest.mark.parametrize(
    "text",
    [
        "put it back on the list",  # a task there already
        "add them to the shopping list",
        "add milk to the garden",  # not a list the store knows, nor said as a list
        "is milk on the shopping list",  # questions
        "what's on the shopping list",
        "add milk to the shopping list and remind me to go",  # a second request
        "add eggs to the shopping list for Bob",  # someone the store does not know
        "we're out of coffee",  # nothing asked
        "we're out of coffee, pop it on the garden",  # not a list the store knows
    ],
)
def test_what_is_not_a_new_task_on_a_list_is_left_alone(text: str) -> None:
    got = grammar.match(text, CONTEXT)
    assert got is None or got[1][0].type != "task.create", got


def test_a_shape_has_few_runs_of_any_words() -> None:
    """A shape that fails backtracks through every split of the clause among its runs: a new
    task's title and three details as four runs took seconds to turn away 400 characters of
    "add add add ..."; slots said in a row are one run, and there are never more than
    MAX_SHAPE_RUNS of them."""
    for template in grammar.load().templates:
        runs = template.shape.pattern.count(".*?")
        assert runs <= grammar.MAX_SHAPE_RUNS, template.sentence
    add = next(t for t in grammar.load().templates if t.family == "add_plain")
    assert add.shape.pattern.count(".*") == 1  # the title and its details: one run
    assert add.shape.fullmatch("add call the bank, due friday for the launch project")
    assert grammar.match(("add " * 100)[:400], CONTEXT) is None


def test_checked_values_are_shared_by_the_clauses_of_an_utterance() -> None:
    """The fast path reads every run of an utterance's segments: a slot value checked for
    one is not checked again for the next, and reads the same."""
    checked: dict[tuple[str, str, str], Any] = {}
    said = "add a task to paint the fence for the launch project"
    first = grammar.match(said, CONTEXT, checked)
    assert ("title", "task.create", "paint the fence") in checked
    assert grammar.match(said, CONTEXT, checked) == first == grammar.match(said, CONTEXT)
    assert grammar.match("add a task to paint the fence", CONTEXT, checked) is not None


def test_a_template_is_tried_only_on_a_clause_with_a_word_of_each_part_said_in_words() -> None:
    add = next(t for t in grammar.load().templates if t.family == "add_task")
    assert frozenset(("task", "to", "todo", "item", "action", "job")) in add.keys
    assert (grammar.match("add a task to paint the fence", CONTEXT) or ("",))[0] == "add_task"
    assert (grammar.match("add paint the fence", CONTEXT) or ("",))[0] == "add_plain"


def _filtered(low: str) -> list[str]:
    """The templates a clause gets past the first, last and key words, template by template
    (grammar.match before the sieve)."""
    templates = grammar.load().templates
    first = grammar._WORD.match(low.lstrip())
    word = first.group() if first else ""
    last = grammar._LAST_WORD.search(low.rstrip())
    last_word = last.group() if last else None
    tokens = grammar._tokens(low)
    return [
        template.sentence
        for template in templates
        if (template.firsts is None or word in template.firsts)
        and (template.lasts is None or last_word in template.lasts)
        and not any(map(tokens.isdisjoint, template.keys))
    ]


def _sieved(low: str) -> list[str]:
    templates = grammar.load().templates
    first = grammar._WORD.match(low.lstrip())
    last = grammar._LAST_WORD.search(low.rstrip())
    found = grammar._sieve(grammar.load()).candidates(
        first.group() if first else "", last.group() if last else None, grammar._tokens(low)
    )
    return [template.sentence for number, template in enumerate(templates) if found >> number & 1]


def test_the_sieve_lets_through_the_templates_a_template_by_template_filter_does() -> None:
    """Every run of words of the dev set's utterances (each a clause the fast path may try)
    gets the same candidates, in the same order, from the sieve as from the plain filter."""
    path = Path(__file__).resolve().parents[1] / "data" / "devset_natural.jsonl"
    tried = 0
    for example in load_devset(path).examples[:150]:
        words = example.text.lower().split()
        for start, end in itertools.combinations(range(len(words) + 1), 2):
            low = " ".join(words[start:end])
            assert _sieved(low) == _filtered(low), low
            tried += 1
    for low in ("", " ", "...", "add", "'s", "is it done?", "what's on, the list!", "the gate's"):
        assert _sieved(low) == _filtered(low), low
    assert tried > 1000


# the words the sieve looks up (first, last and key words of the templates), and some others
_GRAMMAR_WORDS = sorted(
    {
        word
        for template in grammar.load().templates
        for words in (template.firsts or (), template.lasts or (), *template.keys)
        for word in words
    }
    | {"gate", "venue", "sam", "friday", "'s", "'re", "it's"}
)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_GRAMMAR_WORDS), max_size=12), st.sampled_from(("", ",", "?")))
def test_any_words_of_the_grammar_get_the_candidates_of_the_plain_filter(
    words: list[str], end: str
) -> None:
    low = " ".join(words) + end
    assert _sieved(low) == _filtered(low)


def _walked_wildcard(said: Any, pos: int, limits: tuple[int, int]) -> list[tuple[int, str]]:
    """Every run of whole words from ``pos``, character by character (grammar._wildcard before
    it read only the places a word may end)."""
    start = grammar._skip(said, pos)
    low, end, words, found = said.low, start, 0, []
    stop = min(len(low), start + limits[1])
    while end < stop and words < limits[0]:
        end += 1
        if end == len(low) or not low[end].isalnum():
            if low[end - 1] != " ":
                found.append((end, said.text[start:end]))
            if end < len(low) and low[end] == " " and low[end - 1] != " ":
                words += 1
    return found


@settings(max_examples=500)
@given(
    st.text("ab ,'.é1", max_size=40),
    st.integers(0, 40),
    st.tuples(st.integers(0, 6), st.integers(0, 30)),
)
def test_a_wildcard_yields_the_runs_a_walk_of_every_character_does(
    text: str, pos: int, limits: tuple[int, int]
) -> None:
    said = grammar._said(text, grammar.load())
    pos = min(pos, len(said.low))
    assert list(grammar._wildcard(said, pos, limits)) == _walked_wildcard(said, pos, limits)


def _shapes_said_first() -> list[grammar.Template]:
    return [template for template in grammar.load().templates if template.said_in is not None]


def test_the_shapes_that_open_with_any_words_are_gated() -> None:
    gated = _shapes_said_first()
    assert gated and all(template.shape.pattern.startswith(".*?") for template in gated)


@pytest.mark.parametrize(
    "template", _shapes_said_first(), ids=lambda template: template.sentence[:40]
)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_clause_a_shape_fits_holds_one_of_its_strings(
    template: grammar.Template, data: st.DataObject
) -> None:
    """``grammar.match`` tries a shape that opens with any words only on a clause holding one
    of the strings every match of it holds: never on one it fits."""
    text = data.draw(
        st.from_regex(template.shape, fullmatch=True, alphabet=st.characters(codec="ascii"))
    )
    assert may_match(template.said_in, text.lower()), (template.said_in, text)
