"""Tasks said by name or as statements, and the stand-ins the assembler resolves.

"the gate's fixed", "the venue booking", "the hose needs replacing": which known task is
meant, and what a noted fact says to do. A new task's title and details are the grammar's
(``domain.yaml``, ``titles.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.nlu import ParseContext
from services.nlu.memo import by_identity
from services.nlu.text import (
    strip_articles,
    task_ref,
)

# --- tasks said as statements: "the gate's fixed", "the venue booking" ----------------------

_WORD = re.compile(r"[\w'-]+")


def _words(text: str) -> list[str]:
    return [word.lower().removesuffix("s") for word in _WORD.findall(text)]


# "finish the catering and the testing": two tasks, the second said with its article
SECOND_TASK = re.compile(r"^(?P<first>.+?),? and (?P<second>(?:the|my|that) .+)$", re.I)


def task_parts(words: str) -> list[str]:
    """Split "the catering and the testing" into the words of each task (one or two)."""
    both = SECOND_TASK.match(words)
    return [both["first"], both["second"]] if both else [words]


@dataclass(frozen=True)
class _Titles:
    """The words of each task title, and which titles hold each word."""

    words: tuple[list[str], ...]
    holding: dict[str, tuple[int, ...]]  # word -> indexes of the titles holding it, in order
    # each title's words joined, a space either side: a run of words is then a substring
    # (no word holds a space), found in C rather than by comparing slices of the list
    spaced: tuple[str, ...]


@by_identity(maxsize=4)  # the task lists in use now (each entry holds one)
def _titles(tasks: tuple[str, ...]) -> _Titles:
    """Split the titles once per task list, not once per check.

    A context listing 10,000 tasks would otherwise have every title split again for each
    reference the clauses try. The titles themselves are the key: a changed list is a new
    entry, never a stale one.
    """
    words = tuple(_words(title) for title in tasks)
    holding: dict[str, list[int]] = {}
    for index, said in enumerate(words):
        for word in dict.fromkeys(said):
            holding.setdefault(word, []).append(index)
    spaced = tuple(_as_run(said) for said in words)
    return _Titles(words, {word: tuple(found) for word, found in holding.items()}, spaced)


def _as_run(words: list[str]) -> str:
    """``words`` as ``_Titles.spaced`` holds a title's: a title says them one after another
    exactly when this is a substring of its entry there (no word holds a space)."""
    return f" {' '.join(words)} "


def _titles_naming(words: list[str], tasks: tuple[str, ...]) -> list[str]:
    """Return the titles holding ``words`` in a row, in the order of ``tasks``."""
    if not words:
        return list(tasks)
    titles = _titles(tuple(tasks))
    # a title holding the run holds each of its words: only the fewest candidates are read
    fewest = min((titles.holding.get(word, ()) for word in words), key=len)
    if len(words) == 1:  # every title holding the word holds the run of one
        found = [tasks[index] for index in fewest]
    else:
        run = _as_run(words)
        found = [tasks[index] for index in fewest if run in titles.spaced[index]]
    if found or len(words) != 2:
        return found
    # "the skylight quotes" for "get quotes for the skylight": the thing, then what it is for;
    # "the gala fees" for "pay the gala entry fees": a word of the title left out between
    thing, kind = words
    both = set(titles.holding.get(thing, ())).intersection(titles.holding.get(kind, ()))
    return [
        tasks[index]
        for index in sorted(both)
        if any(
            _as_run([kind, link, *article, thing]) in titles.spaced[index]
            for link in _OF_LINKS
            for article in ((), ("the",), ("a",))
        )
        or _one_left_out(titles.words[index], thing, kind)
    ]


def _one_left_out(title: list[str], first: str, second: str) -> bool:
    """Whether ``title`` says ``first``, one word of its own, then ``second`` ("gala entry
    fees" for "gala fees"); short words ("the", "of") are never the pair said."""
    if min(len(first), len(second)) < 3:
        return False
    return any(title[at] == first and title[at + 2] == second for at in range(len(title) - 2))


# the words that tie a thing to what it is for in a title ("quotes for the skylight")
_OF_LINKS = ("for", "of", "on", "from")


def is_known_task(ref: str, context: ParseContext) -> bool:
    """True when ``ref`` names (part of) an open task in the context: "gate" in "fix the gate"."""
    words = _words(ref)
    return bool(words) and bool(_titles_naming(words, context.tasks))


def title_named(ref: str, context: ParseContext) -> str | None:
    """The one open task's title ``ref`` names ("boat hull": "sand the boat hull"), or None."""
    titles = _titles_naming(_words(ref), context.tasks)
    return titles[0] if len(titles) == 1 else None


def same_known_task(first: str, second: str, context: ParseContext) -> bool:
    """True when two references name one and the same open task ("the loaves", "the harvest
    loaves"), each naming no other."""
    if first == second:
        return True
    named = [_titles_naming(_words(ref), context.tasks) for ref in (first, second)]
    return all(len(titles) == 1 for titles in named) and named[0] == named[1]


def known_task(words: str, context: ParseContext) -> str | None:
    """Return a task reference only if it names a task the store knows, or is "it".

    Statements ("the gate's fixed", "the flowers can wait") are only changes to a task when
    the subject is one; "the car is fixed" about something else is not understood.
    A noun made of the task's verb is read as the task: "the venue booking" -> "venue".
    """
    ref = task_ref(words)
    if ref is not None and _NO_TASK_WORDS.issuperset(ref.lower().split()):
        return None  # "and the steps are ...": "the" is no task
    if ref is None or ref.startswith("\x00") or is_known_task(ref, context):
        return ref
    parts = ref.split()
    if (
        len(parts) > 1
        and parts[-1].lower().endswith("ing")
        and parts[-2].lower() not in _LEADING_WORDS
        and _is_a_titles_verb(parts[-1].lower(), context)
    ):
        shorter = " ".join(parts[:-1])  # "venue booking" (not "lay the" of "lay the decking")
    elif (
        len(parts) > 1
        and parts[0].lower().endswith("ing")
        # ("the digging over": a particle alone after the doing is no task)
        and not _NO_TASK_WORDS.issuperset(word.lower() for word in parts[1:])
    ):
        shorter = task_ref(" ".join(parts[1:])) or ""  # "booking the venue"
    else:
        return _deed_said_as_a_noun(parts, context)
    if shorter and is_known_task(shorter, context):
        if title_named(shorter, context) is None:
            # "the boat booking" beside "book the rowing boat" and "renew the boat licence":
            # the deed tells which
            return _deed_said_as_a_noun(parts, context) or shorter
        return shorter
    return _deed_said_as_a_noun(parts, context)


def _is_a_titles_verb(doing: str, context: ParseContext) -> bool:
    """True when the verb of ``doing`` ("booking", "tiling", "cutting") is a word of an open
    task's title ("book the venue"): "the venue booking" names that task; "dig the vegetable
    patch weeding" holds no verb of one, and is no task with a word after it."""
    stem = doing.removesuffix("ing")
    verbs = {stem, f"{stem}e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        verbs.add(stem[:-1])  # "cutting": "cut"
    holding = _titles(tuple(context.tasks)).holding
    return any(verb in holding for verb in verbs)


def _deed_said_as_a_noun(parts: list[str], context: ParseContext) -> str | None:
    """The one open task whose title holds the verb of a noun said ("registration") and every
    other word said ("the vet registration": "register the puppy with the vet"), or None."""
    if len(parts) == 1 and parts[0].lower().endswith(("ing", "al", "ment", "ion", "ery")):
        # "the sanding", "the renewal", "the payment": the one task begun by its verb
        return _deed_said_alone(parts[0].lower(), context)
    if len(parts) < 2:
        return None
    said = [word.lower() for word in parts]
    # as ``_titles`` holds words ("the balloons order": "balloon"; "his" stays a leading word)
    bare = [word if word in _LEADING_WORDS else word.removesuffix("s") for word in said]
    titles = _titles(tuple(context.tasks))  # indexed once per task list: 10,000 titles
    for at, word in enumerate(said):
        rest = set(bare[:at] + bare[at + 1 :]) - _LEADING_WORDS
        for verb in verbs_of_deed(word):
            found = [
                index for index in titles.holding.get(verb, ()) if rest <= set(titles.words[index])
            ]
            if len(found) == 1:
                return context.tasks[found[0]]
    # "the motorbike tax": the thing, then the verb it is done with said as a noun, of the one
    # title that begins with that verb ("tax the motorbike")
    for verb, rest in ((said[-1], set(bare[:-1])), (said[0], set(bare[1:]))):
        # ("tile the splashback" of "tile the kitchen splashback": the title's own verb first,
        # with a word of it left out)
        rest -= _LEADING_WORDS
        found = _begun_by(titles, verb, rest) if rest else []
        if len(found) == 1:
            return context.tasks[found[0]]
    return None


def _begun_by(titles: _Titles, verb: str, rest: set[str]) -> list[int]:
    """The titles that begin with ``verb`` and hold every word of ``rest``: looked for among
    those holding the rarest of the words ("book" begins a thousand titles of 10,000; "hall"
    is in a few)."""
    rarest = min((verb, *rest), key=lambda word: len(titles.holding.get(word, ())))
    return [
        index
        for index in titles.holding.get(rarest, ())
        if titles.words[index][0] == verb and rest <= set(titles.words[index])
    ]


def _deed_said_alone(gerund: str, context: ParseContext) -> str | None:
    """ "the sanding" of the one open task whose title begins with its verb ("sand the porch
    floor"), or None ("the shopping" of two tasks that begin "shop": which is the model's)."""
    titles = _titles(tuple(context.tasks))
    found = {index for verb in verbs_of_deed(gerund) for index in _begun_by(titles, verb, set())}
    # (the title: "make the defrosting wait for it" and "the defrost one" are one task said
    # twice; "editing" beside "add edit episode four" may mean that new task: noted, not read)
    return context.tasks[found.pop()] if len(found) == 1 else None


_LEADING_WORDS = frozenset(("the", "a", "an", "my", "our", "his", "her", "their"))
_NO_TASK_WORDS = _LEADING_WORDS | {"and", "or", "to", "of", "for", "on", "in", "at", "with", "so"}
# ("Bex is down": a word of "take down the Christmas tree" said alone is no task)
_NO_TASK_WORDS |= {"down", "up", "off", "out", "back", "over", "away", "here", "there", "now"}


# "the garden hose needs replacing" -> "replace the garden hose"
_NEEDS_DOING = re.compile(
    r"^(?P<thing>.+?) (?:needs|need|wants) (?P<gerund>[a-z]+ing)$",
    re.IGNORECASE,
)
_KEEP_PLAIN = frozenset(
    (
        "fix", "clean", "paint", "mend", "repair", "wash", "empty", "tidy", "sort", "check",
        "sweep", "mow", "water", "feed", "cut", "trim", "weed", "dust", "fill", "hoover",
        "polish", "oil", "renew", "sign", "post", "pay", "print", "test", "book", "order",
        "read", "send", "answer", "visit", "walk", "open", "unblock", "reset", "plant",
    )
)  # fmt: skip
_E_VERBS = frozenset(
    (
        "replace", "service", "change", "charge", "update", "prune", "remove", "move", "wipe",
        "shave", "tune", "rake", "bake", "iron", "recycle", "organise", "organize", "renovate",
        "decorate", "declutter", "sanitise", "sanitize", "rewire", "file", "rescue", "source",
        "price", "measure", "store", "restore", "scrape", "sharpen", "issue", "re-tile", "tile",
    )
)  # fmt: skip


def is_known_verb(word: str) -> bool:
    """Whether ``word`` is one of the doing words ``verb_of`` knows ("hoover", "tile")."""
    return word.lower() in _KEEP_PLAIN or word.lower() in _E_VERBS


def verb_of(gerund: str) -> str | None:
    """Return the verb of a known "-ing" word ("replacing" -> "replace"), None if unsure."""
    stem = gerund.lower().removesuffix("ing")
    if stem in _KEEP_PLAIN:
        return stem
    if stem + "e" in _E_VERBS:
        return stem + "e"
    if stem in _E_VERBS:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in _KEEP_PLAIN:
        return stem[:-1]  # "cutting" -> "cut"
    return None


# a verb of two or more syllables ending in "-el" or "-ol" doubles its l before "-ing" ("level",
# "levelling"; "control", "controlling"); a verb ending in "tell", "sell", "spell", "roll" ...
# keeps both
_DOUBLED_L = re.compile(
    r"[aeiouy][^aeiouy]+[eo]ll$(?<!tell)(?<!sell)(?<!spell)(?<!dwell)(?<!swell)(?<!smell)"
    r"(?<!yell)(?<!shell)(?<!unroll)(?<!knell)"
)


def verb_of_any(gerund: str) -> str | None:
    """Return the verb of any "-ing" word: ``verb_of`` for the ones it knows, else by how
    English spells them ("fitting" -> "fit", "taking" -> "take", "greasing" -> "grease",
    "soaking" -> "soak", "buying" -> "buy"); None for a word too short to be one."""
    known = verb_of(gerund)
    if known is not None:
        return known
    stem = gerund.lower().removesuffix("ing")
    if len(stem) < 2 or stem == gerund.lower():
        return None
    if re.search(r"[bcdfgkpt]r$", stem):
        return None  # "restring", "offspring": no verb ends so, the "ring" is the word's own
    if stem[-1] in "aeiouwxy":
        return stem  # "doing", "mowing", "fixing", "buying"
    if stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]  # "fitting", "shopping"
    if _DOUBLED_L.search(stem):
        return stem[:-1]  # "levelling", "cancelling", "patrolling" (not "selling", "unrolling")
    if re.search(r"[aeiou]{2}s$", stem):
        return stem + "e"  # "greasing", "choosing", "degreasing", "releasing"
    if len(re.findall(r"[aeiou]+", stem)) == 1 and re.search(
        r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$", stem
    ):
        return stem + "e"  # "taking", "wiping", "using"
    if re.search(r"[^aeiou][iy][sz]$", stem):
        return stem + "e"  # "finalising", "organizing", "analysing", "practising"
    return stem


def statement_title(text: str) -> str:
    """Turn a noted fact into a title when it says what to do: "the hose needs replacing"."""
    match = _NEEDS_DOING.match(text.strip())
    if match is None:
        return text
    verb = verb_of(match.group("gerund"))
    if verb is None:
        return text
    thing = match.group("thing")
    if re.match(r"(?:the|a|an|my|our|your|his|her|their)\b", thing, re.IGNORECASE) is None:
        thing = f"the {thing}"
    return f"{verb} {thing}"


# --- stand-ins the fast path's assembler resolves once it knows the actions before -----------

# the project made earlier in this command ("start a packing list ... put X in it")
NEW_PROJECT = "\x00new-project"
# the project of the task made just before ("..., then another to plant the bulbs")
SAME_PROJECT = "\x00same-project"
# the task touched before the latest one ("another to plant the bulbs that waits for it")
PREVIOUS_TASK = "\x00previous-task"
# "tick both off": the two tasks the command just changed (only ever a restatement of them)
BOTH_TASKS = "\x00both-tasks"
# the task made earlier in this command, and only that ("add X, and Y can't happen till
# that's done": a "that" with no new task before it is for the model)
NEW_TASK = "\x00new-task"
# the task made or changed earlier in this command, by name ("give the MOT a due date of the
# 14th and remind me two days before": the MOT); with none, the model's
TASK_SAID = "\x00task-said"
# "add A, add B, and make the second one depend on the first": the first or the second of
# exactly two new tasks the command made (with any other count, the model's)
FIRST_OF_TWO = "\x00first-of-two"
SECOND_OF_TWO = "\x00second-of-two"
# "add paint the shed and sand the shed, sanding comes first": of exactly two new tasks, the
# one the other slot does not name
OTHER_OF_TWO = "\x00other-of-two"
# "add buy paint and paint the gate, and the gate can't be painted till the paint's bought":
# a mark on a dependency that holds only between tasks the command made (a slot of its own,
# dropped once checked)
AMONG_NEW = "\x00among-new"
# "it can't happen till the chain's fixed, so make it wait on that one": the dependency just
# said, asked for again (only ever a restatement of it)
SAID_AGAIN = "\x00said-again"
# "tell Stan the bonfire's at seven, tell Bex as well": what the message just said says
SAME_TEXT = "\x00same-text"
# a piece that says why, not what ("the dog keeps getting out"): no action of its own
ASIDE = "aside"


def same_title(ref: str, title: str) -> str | None:
    """Say how ``ref`` names a new task's ``title``: "exact", "object" ("the demo" for
    "record the demo": what the title acts on, or its last words, "the present" for "wrap
    Aunt Beryl's present"; "the grouting" for "grout the splashback": the doing of it), or
    None."""
    said = _words(strip_articles(ref))
    if not said or not isinstance(title, str):
        return None
    if said == _words(strip_articles(title)):
        return "exact"
    verb, _, thing = title.strip().partition(" ")
    if thing and _words(strip_articles(thing)) == said:
        return "object"
    if thing and len(said) <= 2 and _words(thing)[-len(said) :] == said:
        return "object"  # "the present" for "wrap Aunt Beryl's present": its last words
    before, _, last = thing.rpartition(" ")
    ends_on_a_doing = is_participle(last) or last.lower() in PARTICLES
    if before and len(said) <= 2 and ends_on_a_doing and _words(before)[-len(said) :] == said:
        return "object"  # "the skip" for "get the skip delivered", "the bins" for "put ... out"
    things = _words(strip_articles(thing))
    after = things[len(said)] if len(things) > len(said) else ""
    if len(said) <= 2 and things[: len(said)] == said and after in _THING_ENDS:
        return "object"  # "the quotes" for "get quotes for a skip": its thing, before what for
    return "object" if len(said) == 1 and thing and said[0] in gerunds(verb) else None


# the words that close what a title acts on ("get quotes for a skip")
_THING_ENDS = frozenset(("for", "from", "to", "of", "on", "in", "at", "with"))


# --- "the press release is written": the past participle of the task's own verb -------------

_IRREGULAR = {
    "write": "written", "send": "sent", "buy": "bought", "pay": "paid", "build": "built",
    "make": "made", "do": "done", "get": "got", "take": "taken", "give": "given",
    "find": "found", "sell": "sold", "tell": "told", "put": "put", "cut": "cut", "read": "read",
    "ring": "rung", "hang": "hung", "sweep": "swept", "feed": "fed", "meet": "met",
    "choose": "chosen", "draw": "drawn", "mow": "mown", "sew": "sewn", "bring": "brought",
    "hide": "hidden", "set": "set", "lay": "laid", "win": "won", "shut": "shut", "sort": "sorted",
    "dig": "dug", "teach": "taught", "catch": "caught",
    "hold": "held", "lend": "lent", "spend": "spent", "split": "split", "spread": "spread",
    "stick": "stuck", "throw": "thrown", "wear": "worn", "tear": "torn", "grow": "grown",
    "sing": "sung", "learn": "learnt", "burn": "burnt", "light": "lit", "leave": "left",
    "lose": "lost", "drive": "driven", "ride": "ridden", "eat": "eaten", "drink": "drunk",
    "freeze": "frozen", "forget": "forgotten", "wake": "woken", "speak": "spoken",
    "bleed": "bled", "sow": "sown", "deal": "dealt", "keep": "kept", "shoot": "shot",
    "string": "strung", "fly": "flown", "blow": "blown", "lead": "led",
}  # fmt: skip
# said of any task: "the catering is sorted", "the testing's done"
DONE_WORDS = frozenset(
    ("done", "finished", "complete", "completed", "sorted", "sorted out", "dealt with",
     "seen to", "taken care of", "handled", "ready", "over", "all set", "wrapped up")
)  # fmt: skip


_PARTICIPLE = re.compile(r"[a-z]{2,}ed")
_VERB_OF_IRREGULAR = {said: verb for verb, said in _IRREGULAR.items() if said != verb}


def verb_of_participle(word: str) -> str | None:
    """ "got" -> "get", "bought" -> "buy": the verb of an irregular past participle (a regular
    one, "baked" or "booked", does not say whether its verb ends in "e"); None otherwise."""
    return _VERB_OF_IRREGULAR.get(word.lower())


# a verb's particles: what may end a title after its thing ("bring the bins in"), what a verb
# takes before what it acts on ("take down the tree"; ``order``), what a verb runs together with
# into a word of its own ("blackout"; ``llm_vet``)
PARTICLES = frozenset(("in", "out", "up", "down", "off", "back", "over", "away", "round"))


def is_participle(word: str) -> bool:
    """True for a past participle: "booked", "confirmed", "written"."""
    word = word.lower().strip()
    return _PARTICIPLE.fullmatch(word) is not None or word in _IRREGULAR.values()


def participles(verb: str) -> set[str]:
    """Return the ways "<task> is ___" says ``verb`` was done ("book" -> "booked")."""
    verb = verb.lower()
    forms = {verb + "d" if verb.endswith("e") else verb + "ed"}
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        forms.add(verb[:-1] + "ied")  # "tidy" -> "tidied"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", verb):
        forms.add(verb + verb[-1] + "ed")  # "plan" -> "planned"
    if verb in _IRREGULAR:
        forms.add(_IRREGULAR[verb])
    return forms


def gerunds(verb: str) -> set[str]:
    """Return the ways "<task> needs ___" says ``verb`` ("book" -> "booking")."""
    verb = verb.lower()
    forms = {verb + "ing"}
    if verb.endswith("e") and not verb.endswith("ee"):
        forms.add(verb[:-1] + "ing")  # "write" -> "writing"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", verb):
        forms.add(verb + verb[-1] + "ing")  # "plan" -> "planning"
    return forms


# said of any task: "the catering needs doing by Friday"
DOING_WORDS = frozenset(("doing", "finishing", "completing", "sorting", "sorting out"))


def says_doing(said: str, ref: str, context: ParseContext) -> bool:
    """True when "<ref> needs <said>" asks for a known task to be done: a word for doing it,
    or the "-ing" of the task's own verb ("the venue needs booking" for "book the venue")."""
    said = " ".join(said.lower().split())
    if said in DOING_WORDS:
        return True
    return any(
        said in gerunds(title.split()[0])
        for title in _titles_naming(_words(ref), context.tasks)
        if title.split()
    )


_ARTICLES = frozenset(("the", "a", "an", "my", "our"))


def says_done(state: str, ref: str, context: ParseContext) -> bool:
    """True when "<ref> is <state>" means a known task is done: a word for done, or the past
    participle of the task's own verb ("the venue is booked" for "book the venue")."""
    state = " ".join(state.lower().split())
    words = _words(ref)
    if state == "over":  # what is over is a thing said whole: not "the season's over" for
        return any(  # "renew the season ticket"
            set(_words(" ".join(title.split()[1:]))) - _ARTICLES <= set(words)
            for title in _titles_naming(words, context.tasks)
        )
    if state in DONE_WORDS:
        return True
    return any(
        state in participles(title.split()[0])
        or state in _DONE_AS_WHERE.get(title.split()[0].lower(), ())
        for title in _titles_naming(words, context.tasks)
        if title.split()
    )


# where a thing ends up when the task's verb is done: "the lanterns are up" (hang the
# lanterns), "the runner beans are in" (plant them), "the quotes are in" (get the quotes)
_DONE_AS_WHERE = {
    "hang": ("up",), "put": ("up", "in"), "plant": ("in",), "sow": ("in",), "get": ("in",),
    "send": ("off", "out"), "post": ("off", "out"), "hand": ("in",), "fit": ("in",),
    "install": ("in",), "lay": ("down",), "take": ("down",),
}  # fmt: skip


# The endings that make a noun of a verb, and the verb's own ending each one takes the place
# of: "registration" (register), "renewal" (renew), "payment" (pay), "decoration" (decorate),
# "preparation" (prepare), "delivery" (deliver), "booking" (book), "servicing" (service).
_NOUN_ENDINGS = (
    ("ration", "er"),
    ("ation", "ate"),
    ("ation", "e"),
    ("ation", ""),
    ("ion", "e"),
    ("ion", ""),
    ("ment", ""),
    ("al", "e"),
    ("al", ""),
    ("ery", "er"),
    ("y", ""),
    ("ing", ""),
    ("ing", "e"),
)


def verbs_of_deed(noun: str) -> list[str]:
    """The verbs ``noun`` may be the deed of ("registration": register, registrate, ...)."""
    if len(noun) < 6:
        return []
    verbs = []
    for ending, verb_ending in _NOUN_ENDINGS:
        stem = noun[: -len(ending)]
        if noun.endswith(ending) and len(stem) >= 3:
            verbs.append(stem + verb_ending)
            if not verb_ending and len(stem) > 3 and stem[-1] == stem[-2]:  # "shopping"
                verbs.append(stem[:-1])
    return verbs
