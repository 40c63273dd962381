"""Generate the parser's training corpus from the domain grammar (services/nlu/domain.yaml).

    PYTHONPATH=. .venv/bin/python -m training.generate --count 30000 --seed 11 \
        --output training/data/corpus.jsonl

Every example is one utterance in a world of its own (people, lists and open tasks sampled
from training/vocab.py), the actions a person means by it, and the compact notation the model
is trained to write (services/nlu/notation.py)::

    {"id": "g000001", "family": "add_task+remind_me", "world": {...}, "text": "...",
     "actions": [...], "target": "task.create title=...\\nreminder.create ..."}

What it makes, all from one seed:
- clauses sampled from the grammar's sentences: alternatives, optional words, slots filled
  with names the world knows (first or full names, relations), new titles, dates and times
  said every way (each checked against the project's date resolver), durations;
- a new task's details said after it ("..., give it to Sam, due Friday, make it urgent"),
  in any order, folded into the one task.create, and requests about it ("and remind me
  Thursday at 9") that refer back to it (#0);
- one to four requests joined the ways people join them, with their own people and dates;
- "it", "that one", "him", "her" from an earlier turn (@); people the store does not know
  (?Name); fillers, politeness, self-corrections ("Thursday, no, Friday"), lower case and
  no punctuation as a recogniser writes;
- things Parley cannot do, and questions that must not become changes: "none".

Families named with --hold-out are left out of the training split and written to their own
file, so the evaluation can score phrasing the model has never seen a relative of.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    RuleReference,
    Sequence,
    TextChunk,
)
from hassil.parse_expression import parse_sentence

from services.config import Dates
from services.nlu.commands import ACTIONS
from services.nlu.fields import DONE_WORDS, verb_of_any
from services.nlu.grammar import (
    DOMAIN,
    SAID_ONLY,
    STAND_INS,
    given_and_due,
    read_domain,
    said_for_whom,
    titled_catch_up,
)
from services.nlu.notation import EXCLUDED, format_actions
from services.nlu.timeparse import ResolveError, resolve_duration, resolve_when
from training import vocab

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))
HELD_OUT_FAMILIES = ("need_to", "list_project", "summary_person")
# The families a new task can be made with (details and follow-on requests attach to them).
CREATE_FAMILIES = ("add_task", "add_to_list", "need_to", "create_for_person")
_PRONOUN_TASK = "(it|that|that one|this one|this)"
_PRONOUN_PERSON = ("him", "her", "them")
_PERSON_SLOTS = ("assignee", "person", "to", "source", "for_whom")
_DATES = Dates()


# --- the grammar --------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    intent: str
    family: str
    sentence: str
    slots: dict[str, str]
    expression: Expression
    pronoun: Expression | None  # the same sentence with the task said as "it"


@dataclass
class Grammar:
    templates: list[Template]
    rules: dict[str, Expression]
    lists: dict[str, list[tuple[str, str]]]  # in/out value lists (priority, filter)

    def families(self) -> set[str]:
        return {t.family for t in self.templates}


def load_grammar(path: Path = DOMAIN) -> Grammar:
    """Read the domain grammar and parse every sentence with hassil's parser."""
    domain = read_domain(path)
    templates = []
    for intent, body in domain.intents.items():
        if intent in EXCLUDED or intent not in ACTIONS:
            continue  # conversation control ("yes", "cancel") and asides: the fast path's alone
        for block in body["data"]:
            if set(map(str, (block.get("slots") or {}).values())) & set(STAND_INS):
                continue  # "put A and B in it": what an earlier clause made, the fast path's alone
            for sentence in block["sentences"]:
                pronoun = None
                if "<the_task>" in sentence or "<known_task>" in sentence:
                    said = sentence.replace("<the_task>", _PRONOUN_TASK)
                    pronoun = parse_sentence(said.replace("<known_task>", _PRONOUN_TASK))
                templates.append(
                    Template(
                        intent,
                        block["family"],
                        sentence,
                        dict(block.get("slots") or {}),
                        parse_sentence(sentence).expression,
                        pronoun.expression if pronoun else None,
                    )
                )
    return Grammar(templates, domain.rules, domain.lists)


def realize(expression: Expression, grammar: Grammar, rng: random.Random) -> list[str | tuple]:
    """Return one random path through an expression: text pieces and ("slot", name, list)
    marks."""
    out: list[str | tuple] = []
    if isinstance(expression, TextChunk):
        out.append(expression.text)
    elif isinstance(expression, ListReference):
        out.append(("slot", expression.slot_name, expression.list_name))
    elif isinstance(expression, RuleReference):
        out += realize(grammar.rules[expression.rule_name], grammar, rng)
    elif isinstance(expression, Alternative):
        out += realize(rng.choice(expression.items), grammar, rng)
    elif isinstance(expression, Sequence):
        for item in expression.items:
            out += realize(item, grammar, rng)
    else:  # pragma: no cover - hassil's other kinds are not used in domain.yaml
        raise TypeError(f"unsupported expression {type(expression).__name__}")
    return out


# --- worlds and slot values -------------------------------------------------------------


@dataclass
class World:
    people: list[str]
    projects: list[str]
    tasks: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"people": self.people, "projects": self.projects, "tasks": self.tasks}

    def known_people(self) -> list[str]:
        forms = list(self.people)
        forms += [p.split()[0] for p in self.people if " " in p and p not in vocab.RELATIONS]
        return forms


def sample_world(rng: random.Random) -> World:
    people: list[str] = []
    for _ in range(rng.randint(3, 7)):
        roll = rng.random()
        if roll < 0.2:
            name = rng.choice(vocab.RELATIONS)
        elif roll < 0.4:
            name = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.SURNAMES)}"
        else:
            name = rng.choice(vocab.FIRST_NAMES)
        if name.split()[0] not in {p.split()[0] for p in people}:
            people.append(name)
    projects = rng.sample(vocab.PROJECTS, rng.randint(2, 6))
    tasks = rng.sample(vocab.TITLES, rng.randint(4, 8))
    return World(people, projects, tasks)


def _date_phrases() -> list[str]:
    phrases = list(vocab.RELATIVE_DAYS)
    for day in vocab.DAYS:
        phrases += [form.format(day=day) for form in vocab.DAY_FORMS]
    for number, ordinal in vocab.ORDINALS.items():
        month = vocab.MONTHS[(number + 10) % 12]
        phrases += [f"the {ordinal} of {month}", f"{month} {ordinal}", f"on the {ordinal}"]
    for number, word in vocab.ORDINAL_WORDS.items():
        phrases.append(f"the {word} of {vocab.MONTHS[(number + 11) % 12]}")
    return phrases


def _checked(phrases: list[str], check: Any) -> list[str]:
    good = []
    for phrase in phrases:
        try:
            check(phrase)
        except (ResolveError, ValueError):
            continue
        good.append(phrase)
    return good


@dataclass
class Values:
    """The date, time and duration phrases the resolver understands, checked once."""

    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    durations: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)

    @classmethod
    def checked(cls) -> Values:
        def when(phrase: str) -> None:
            resolve_when(phrase, NOW, _DATES)

        days = _checked(_date_phrases(), when)
        times = _checked([f"at {t}" for t in vocab.TIMES], when)
        times += _checked(list(vocab.IN_TIMES), when)
        durations = _checked(list(vocab.DURATIONS), resolve_duration)
        before = _checked(list(vocab.BEFORE), resolve_duration)
        return cls(days, times, durations, before)

    def when(self, rng: random.Random, *, with_time: float = 0.4) -> str:
        roll = rng.random()
        if roll < 0.25:
            return rng.choice(self.times)
        phrase = rng.choice(self.days)
        if rng.random() < with_time and not phrase.startswith(("in ", "by ", "end")):
            at = rng.choice([t for t in self.times if t.startswith("at ")])
            candidate = f"{phrase} {at}"
            try:
                resolve_when(candidate, NOW, _DATES)
                return candidate
            except (ResolveError, ValueError):
                return phrase
        return phrase


def _join_names(names: list[str], rng: random.Random) -> str:
    if len(names) == 1:
        return names[0]
    joiner = rng.choice([" and ", " & ", " and "])
    return ", ".join(names[:-1]) + joiner + names[-1]


def _spoken_task(title: str, rng: random.Random) -> str:
    """How an existing task is referred to: whole, or by its last word or two."""
    words = title.split()
    roll = rng.random()
    if roll < 0.5 or len(words) < 3:
        return title
    if roll < 0.8:
        return words[-1]
    return " ".join(words[-2:]).removeprefix("the ").strip()


# --- clauses --------------------------------------------------------------------------------


@dataclass
class Clause:
    text: str
    actions: list[dict[str, Any]]
    family: str
    creates: str | None = None  # the title of the task this clause creates


class Generator:
    def __init__(self, grammar: Grammar, rng: random.Random, held_out: set[str]) -> None:
        self.grammar = grammar
        self.rng = rng
        self.values = Values.checked()
        self.by_family: dict[str, list[Template]] = {}
        for template in grammar.templates:
            self.by_family.setdefault(template.family, []).append(template)
        self.held_out = held_out

    def families(self, *, held_out: bool) -> list[str]:
        return [f for f in self.by_family if (f in self.held_out) == held_out]

    # slot values -----------------------------------------------------------------------
    def _person(self, world: World, slot: str, *, allow_me: bool) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        if allow_me and roll < 0.12:
            return "me", "me"
        if roll < 0.2:
            name = rng.choice(vocab.FIRST_NAMES)
            if name not in world.known_people():
                return name, "?" + name
        name = rng.choice(world.known_people())
        return name, name

    def _correct(self, first: str, second: str) -> str:
        return f"{first}{self.rng.choice(vocab.CORRECTIONS)}{second}"

    def fill(self, slot: str, world: World, intent: str) -> tuple[str, Any]:  # noqa: C901
        rng = self.rng
        if slot in _PERSON_SLOTS:
            said, value = self._person(world, slot, allow_me=slot == "assignee")
            if rng.random() < 0.04:
                other, value = self._person(world, slot, allow_me=False)
                said = self._correct(said, other)
            return said, value
        if slot == "someone":  # who did a task, or had it: said, but no parameter
            return self._person(world, slot, allow_me=False)
        if slot in ("state", "blocker_state", "waiting_state"):  # "until the venue's done": said
            state = rng.choice(sorted(DONE_WORDS))
            return state, state
        if slot == "doing":  # "the venue needs doing by Friday": said, but no parameter
            return "doing", "doing"
        if slot == "where":  # "remove the eggs from the shopping list": said, but no parameter
            name = rng.choice(world.projects)
            return name, name
        if slot in ("attendees", "others"):  # others: "Sam and I need to catch up with Jo"
            names = rng.sample(world.known_people(), min(len(world.people), rng.randint(1, 3)))
            return _join_names(names, rng), names
        if slot == "project":
            name = rng.choice(world.projects)
            return name, name
        if slot == "name":
            name = rng.choice([p for p in vocab.PROJECTS if p not in world.projects])
            return name, name
        if slot in ("task", "blocker", "which", "parent"):  # which: "is the venue overdue?"
            said = _spoken_task(rng.choice(world.tasks), rng)
            return said, said
        if slot == "title" and intent == "meeting.schedule":
            title = rng.choice(vocab.MEETING_TITLES)
            return title, title
        if slot == "title":
            title = rng.choice([t for t in vocab.TITLES if t not in world.tasks])
            return title, title
        if slot == "titles" and intent == "task.create":  # the items of a list: one or more
            titles = rng.sample(vocab.TITLES, rng.choices((1, 2, 3), weights=(5, 3, 2))[0])
            return _join_names(titles, rng), titles
        if slot == "titles":
            titles = rng.sample(vocab.TITLES, rng.randint(2, 4))
            return _join_names(titles, rng), titles
        if slot == "doings":  # "the tins greasing and the icing doing": "grease the tins", ...
            steps = rng.sample(_DOINGS, rng.randint(2, 3))
            return _join_names([said for said, _ in steps], rng), [title for _, title in steps]
        if slot == "text":
            pool = vocab.MESSAGES if intent == "message.send" else vocab.REMINDER_TEXTS
            text = rng.choice(pool + (vocab.TITLES if intent != "message.send" else ()))
            return text, text
        if slot in ("due", "when"):
            phrase = self.values.when(rng)
            if rng.random() < 0.05:
                other = self.values.when(rng)
                return self._correct(phrase, other), other
            return phrase, phrase
        if slot in ("duration",):
            phrase = rng.choice(self.values.durations)
            return phrase, phrase
        if slot == "before":
            phrase = rng.choice(self.values.before)
            return phrase, phrase
        if slot == "label":
            label = rng.choice(vocab.TIMER_LABELS)
            return label, label
        if slot == "tags":  # "tagged home and admin"
            tags = rng.sample(vocab.TAGS, rng.choice((1, 1, 2)))
            return _join_names(tags, rng), tags
        if slot == "location":
            place = rng.choice(vocab.LOCATIONS)
            return place, place
        if slot in self.grammar.lists:
            said, value = rng.choice(self.grammar.lists[slot])
            return said, value
        raise KeyError(f"no filler for slot {slot!r}")

    # one clause -----------------------------------------------------------------------
    def clause(self, family: str, world: World, *, pronoun: bool = False) -> Clause:
        rng = self.rng
        template = rng.choice(self.by_family[family])
        use_task_pronoun = pronoun and template.pronoun is not None
        expression = template.pronoun if use_task_pronoun else template.expression
        assert expression is not None
        pieces = realize(expression, self.grammar, rng)
        params: dict[str, Any] = {
            name: {"context": "task"} if name == "task" and value == "it" else value
            for name, value in template.slots.items()
        }  # a fixed task "it" is the task in context ("push the deadline to Friday")
        if use_task_pronoun:
            params["task"] = {"context": "task"}
        said_slots = [piece[1] for piece in pieces if not isinstance(piece, str)]
        if len(said_slots) != len(set(said_slots)):
            return self.clause(family, world, pronoun=pronoun)  # a detail said twice: no sentence
        person_pronoun = pronoun and not use_task_pronoun
        words: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                words.append(piece)
                continue
            slot = piece[1]
            if person_pronoun and slot in _PERSON_SLOTS and "'s" not in template.sentence:
                words.append(rng.choice(_PRONOUN_PERSON))
                params[slot] = {"context": "person"}
                person_pronoun = False
                continue
            # a closed list of its own ("{filter_before:filter}") is said from that list
            listed = piece[2] if piece[2] in self.grammar.lists or piece[2] == "doings" else slot
            said, value = self.fill(listed, world, template.intent)
            words.append(said)
            if slot not in SAID_ONLY:  # "the venue is {state}": said, but no parameter
                params[slot] = value
        if template.intent == "task.add_dependency" and params.get("task") == params.get("blocker"):
            return self.clause(family, world, pronoun=pronoun)  # a task never waits for itself
        if "others" in params:  # people said on both sides of a meeting are all at it
            others = params.pop("others")
            if set(others) & set(params.get("attendees", ())):
                return self.clause(family, world, pronoun=pronoun)  # nobody said twice
            params["attendees"] = [*params.get("attendees", ()), *others]
        return _clause(template.intent, params, _tidy("".join(words)), family)

    def create_details(self, clause: Clause, world: World) -> None:
        """Say a new task's details after it, in any order, into its task.create."""
        rng = self.rng
        params = clause.actions[0]["params"]
        wanted = [d for d in ("assignee", "due", "project", "priority") if d not in params]
        rng.shuffle(wanted)
        for detail in wanted[: rng.choice((0, 1, 1, 2, 2, 3))]:
            said, value = self.fill(detail if detail != "due" else "due", world, "task.create")
            if detail == "assignee":
                form = rng.choice(
                    [
                        ", assign it to {}",
                        ", give it to {}",
                        " for {}",
                        " and give it to {}",
                        ", {} is doing it",
                        ", it's for {}",
                        " and assign it to {}",
                    ]
                )
            elif detail == "due":
                form = rng.choice(
                    [
                        " due {}",
                        ", due {}",
                        " by {}",
                        ", deadline {}",
                        " and it's due {}",
                        ", it needs doing {}",
                        " for {}",
                    ]
                )
                if (
                    form == " for {}"
                    and not said[:1].isupper()
                    and not said.startswith(("tomorrow", "today", "next", "this"))
                ):
                    form = " due {}"
            elif detail == "project":
                form = rng.choice(
                    [
                        " for the {} project",
                        " on the {} list",
                        " in {}",
                        ", put it in {}",
                        " under {}",
                        " to the {} list",
                    ]
                )
            else:
                form = rng.choice([", make it {}", ", mark it {}", ", it's {}", ", {}"])
            if "?" in str(value) and detail == "assignee" and form == " for {}":
                form = ", give it to {}"
            clause.text += form.format(said)
            params[detail] = value

    def follow_on(self, index: int, title: str, world: World) -> tuple[str, dict[str, Any]]:
        """A separate request about the task just created (refers back with #index)."""
        rng = self.rng
        kind = rng.choice(("remind", "remind", "subtasks", "blocks", "waits"))
        ref = {"result_of": index}
        if kind == "remind":
            when = self.values.when(rng)
            text = rng.choice(
                [
                    f"remind me {when}",
                    f"remind me about it {when}",
                    f"set a reminder for {when}",
                    f"ping me {when}",
                    f"remind me to do it {when}",
                ]
            )
            return text, {
                "type": "reminder.create",
                "params": {"text": title, "when": when, "task": ref},
            }
        if kind == "subtasks":
            said, titles = self.fill("titles", world, "task.add_subtasks")
            text = rng.choice(
                [
                    f"add subtasks {said}",
                    f"break it into {said}",
                    f"with steps {said}",
                    f"add sub-tasks to it: {said}",
                ]
            )
            return text, {"type": "task.add_subtasks", "params": {"task": ref, "titles": titles}}
        other = _spoken_task(rng.choice(world.tasks), rng)
        if kind == "blocks":
            text = rng.choice(
                [
                    f"make it block the {other} task",
                    f"it blocks {other}",
                    f"the {other} task has to wait for it",
                ]
            )
            return text, {"type": "task.add_dependency", "params": {"task": other, "blocker": ref}}
        text = rng.choice(
            [
                f"it depends on the {other} task",
                f"it's blocked by {other}",
                f"make it wait for {other}",
            ]
        )
        return text, {"type": "task.add_dependency", "params": {"task": ref, "blocker": other}}

    # one utterance --------------------------------------------------------------------
    def utterance(self, world: World, *, held_out: bool = False) -> dict[str, Any]:
        rng = self.rng
        families = self.families(held_out=held_out)
        if not held_out and rng.random() < 0.06:
            return self._nothing(world)
        count = rng.choices((1, 2, 3, 4), weights=(45, 33, 15, 7))[0]
        texts: list[str] = []
        actions: list[dict[str, Any]] = []
        used: list[str] = []
        for position in range(count):
            family = rng.choice(families if position == 0 else self.families(held_out=False))
            if family in ("undo", "time", "date") and count > 1:
                family = "add_task"
            pronoun = position == 0 and rng.random() < 0.2
            clause = self.clause(family, world, pronoun=pronoun)
            if clause.creates:
                self.create_details(clause, world)
            base = len(actions)
            actions += [_after(action, base) for action in clause.actions]
            text = clause.text
            if clause.creates and rng.random() < 0.3:
                follow, action = self.follow_on(base, clause.creates, world)
                text += rng.choice(vocab.JOINERS) + follow
                action["depends_on"] = [base]
                actions.append(action)
            texts.append(text)
            used.append(family)
        joined = texts[0]
        for text in texts[1:]:
            joined += rng.choice(vocab.JOINERS) + text
        for action in actions:
            action.setdefault("depends_on", [])
        return self._finish(joined, actions, "+".join(used), world)

    def _nothing(self, world: World) -> dict[str, Any]:
        rng = self.rng
        task = _spoken_task(rng.choice(world.tasks), rng)
        person = rng.choice(world.known_people())
        questions = [
            f"is the {task} task done",
            f"who's doing {task}",
            f"when is {task} due",
            f"is {task} urgent",
            f"does {person} like the {task} idea",
            f"I already did {task} last year",
            f"{person} is on holiday next week",
        ]
        text = rng.choice(list(vocab.UNSUPPORTED) + questions)
        return self._finish(text, [], "nothing", world)

    def _finish(
        self, text: str, actions: list[dict[str, Any]], family: str, world: World
    ) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.25:
            text = f"{rng.choice(vocab.OPENERS)} {text}"
        if rng.random() < 0.12:
            text = f"{text} {rng.choice(vocab.CLOSERS)}"
        text = _style(_tidy(text), rng)
        return {
            "family": family,
            "world": world.to_dict(),
            "text": text,
            "actions": actions,
            "target": format_actions(actions),
        }


def _clause(intent: str, params: dict[str, Any], text: str, family: str) -> Clause:
    """The actions one sentence of the grammar says, as the fast path reads it."""
    params = titled_catch_up(params, family)
    if intent == "task.create":
        params = said_for_whom(params)  # "add ring the plumber for Dev": who does it
    if intent == "reminder.create" and "text" not in params:
        # before a deadline: the text is the task's name (tests/data/README.md)
        task = params.get("task")
        params = {"text": task if isinstance(task, str) else "it", **params}
    if intent == "task.create" and "titles" in params:
        titles = params.pop("titles")  # the items of a list: one new task each
        if len(titles) > 1:
            made = [{"type": "task.create", "params": {**params, "title": t}} for t in titles]
            return Clause(text, made, family)
        params["title"] = titles[0]
    if intent == "task.assign" and "due" in params:  # given and due: two actions (grammar.py)
        given, due = given_and_due(params)
        actions = [{"type": intent, "params": given}, {"type": "task.set_due", "params": due}]
        return Clause(text, actions, family)
    action = {"type": intent, "params": params}
    if intent == "project.create" and "titles" in params:
        # a new list and what goes on it: the project, then a new task on it for each
        titles = params.pop("titles")
        on_it = {"project": {"result_of": 0}}
        made = [{"type": "task.create", "params": {"title": t, **on_it}} for t in titles]
        return Clause(text, [action, *[{**m, "depends_on": [0]} for m in made]], family)
    creates = params.get("title") if intent == "task.create" else None
    return Clause(text, [action], family, creates)


def _after(action: dict[str, Any], base: int) -> dict[str, Any]:
    """A clause's action as the ``base``-th of the utterance's: its references to the clause's
    own earlier actions ({"result_of": i}) moved on by ``base``."""
    if not base or "depends_on" not in action:
        return action
    params = {
        key: {"result_of": value["result_of"] + base}
        if isinstance(value, dict) and "result_of" in value
        else value
        for key, value in action["params"].items()
    }
    depends = [index + base for index in action["depends_on"]]
    return {**action, "params": params, "depends_on": depends}


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\bthe the\b", "the", text)
    text = re.sub(r"s's\b", "s'", text)
    text = re.sub(r"\s+([,.:?])", r"\1", text)
    text = re.sub(r"\s+'(s|re|ve|ll|d)\b", r"'\1", text)  # "there 's" from "there ('s|is)"
    return re.sub(r"([,.])\1+", r"\1", text)


def _style(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:  # as a recogniser writes it: lower case, no punctuation
        return re.sub(r"[,.:?!]", "", text).lower()
    if roll < 0.8:
        text = text[0].upper() + text[1:]
        return text if text.endswith(("?", ".")) else text + rng.choice((".", "", "?"))
    return text


def generate(count: int, seed: int, *, held_out: bool = False) -> list[dict[str, Any]]:
    """Return ``count`` examples; the same seed gives the same corpus."""
    rng = random.Random(seed)
    generator = Generator(load_grammar(), rng, set(HELD_OUT_FAMILIES))
    examples = []
    prefix = "h" if held_out else "g"
    for n in range(count):
        world = sample_world(rng)
        example = generator.utterance(world, held_out=held_out)
        examples.append({"id": f"{prefix}{n:06d}", **example})
    return examples


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--count", type=int, default=30000)
    options.add_argument("--seed", type=int, default=11)
    options.add_argument("--output", type=Path, required=True)
    options.add_argument(
        "--held-out-families",
        action="store_true",
        help=f"write only the families held back from training: {', '.join(HELD_OUT_FAMILIES)}",
    )
    args = options.parse_args(argv)
    examples = generate(args.count, args.seed, held_out=args.held_out_families)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w") as out:
        for example in examples:
            out.write(json.dumps(example, ensure_ascii=False) + "\n")
    sizes = Counter(len(e["actions"]) for e in examples)
    print(
        f"{len(examples)} examples -> {args.output}; "
        f"actions per example {dict(sorted(sizes.items()))}",
        file=sys.stderr,
    )
    return 0


def _thing_doing(title: str) -> str | None:
    """ "grease the tins" said the British way, "the tins greasing" (``grammar._doings`` reads
    it back); None for a title that does not come back the same (a particle, an odd verb)."""
    verb, _, thing = title.partition(" ")
    words = thing.split()
    if not words or not re.fullmatch(r"[a-z]+", verb) or {words[0], words[-1]} & _PARTICLES:
        return None
    if verb.endswith("e") and not verb.endswith("ee"):
        gerund = verb[:-1] + "ing"
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb):
        gerund = verb + verb[-1] + "ing"
    else:
        gerund = verb + "ing"
    return f"{thing} {gerund}" if verb_of_any(gerund) == verb else None


_PARTICLES = frozenset(("off", "up", "out", "down", "in", "back", "away", "over", "round", "on"))
_DOINGS = [(said, title) for title in vocab.TITLES if (said := _thing_doing(title)) is not None]


if __name__ == "__main__":
    sys.exit(main())
