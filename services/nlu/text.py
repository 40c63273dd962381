"""Word-level helpers of the fast path: cleaning, references, names, lists, priorities.

References follow services.nlu.commands: a task, person or project as spoken (trimmed of articles
and kind words), or a marker for "it"/"him" that the fast path turns into ``{"result_of": i}``
or ``{"context": ...}`` once it knows which actions came before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from services.nlu.regex_gate import any_of_needed, may_match
from services.nlu.timeparse import CLOCK_HOURS, NUMBER, WEEKDAY_SAID, WHEN_PATTERN, find_when

# Stand-ins for "it" and "him"/"her" until the command is assembled.
TASK_IT = "\x00task"
PERSON_IT = "\x00person"
PROJECT_IT = "\x00project"

_LEADING_FILLER = re.compile(
    # "oh never mind, they're boiled already, cancel the eggs timer": before what follows
    # ("never mind" alone may answer a question: "never mind, start the testing")
    r"^(?:oh,? never ?mind(?=,\s*\w)|(?:hey|ok|okay|hi)\s+parley|parley|please|"
    r"(?:can|could|would|will) you(?: please)?"
    r"|i (?:want|need|would like|'d like) you to|um+|uh+|erm|so|actually|oh|sorry|wait|also|and|"
    r"plus|(?:is there )?any chance you (?:could|can)|do you think you could|i wonder if you could|"
    r"now|then|right,? so|honestly|i reckon|let's say|to be honest|(?:it )?turns out(?: that)?|"
    r"ok(?:ay)?(?=,? [\w']+ \w)|right|alright|all right|well|yeah|just|(?:oops|whoops)[.!]?"
    # "Blimey. Shift all of them over to Noor then.", "Ooh, add a task, ..."
    r"|(?:blimey|crikey|gosh|golly|ooh+|oh dear|oh my)[.!]?"
    # "you know what, clear ...", "oops, that's wrong, undo"
    r"|you know what|that's wrong|that's not right|(?:right )?quick one"
    # "hmm, on second thoughts, mark that one cancelled"
    r"|on second thoughts?|(?:hmm+|hm)[.,]?"
    # "oops, wrong one, reopen that and tick off the freezer instead": why, said first
    r"|wrong one|(?:that was|that's) the wrong one"
    # "right, quick update: Niamh's finished the flowers, ..."
    r"|(?:a )?(?:quick )?(?:update|status update|progress report)(?::|(?=,))"
    # "three things: a ten minute timer for the eggs, ...": how many requests follow
    r"|(?:two|three|four|five|a few|a couple of|couple of) (?:quick )?things"
    r"(?: for you)?(?::|\.|(?=,))"
    # "Not much. Give her the car tax as well then.": an answer to "anything else?", then more
    r"|not much(?: else)?[.!]"
    # "while I think of it, the car tax one's done": said before the request, not beside it
    r"|while I (?:think of it|remember)|before I forget)[\s,]+",
    re.IGNORECASE,
)
# a question tag or a shrug after the request: "..., add that would you", "..., y'know", "move
# it to Friday then"
_TRAILING_FILLER = re.compile(
    r"[\s,]+(?:please|thanks|thank you|for me|parley|(?:would|could|will|can|won't) you"
    r"|y'know|you know|you see|finally|at last|as well|cheers|ta|actually|anyway|obviously|though"
    r"|by the way|btw|for now|for the time being"
    r"|while you're at it|whilst you're at it|while you're there|whilst you're there"
    r"|if you (?:can|could|don't mind)"
    r"|when you (?:get|have) a (?:chance|minute|sec)"
    # "..., and medium priority I suppose": the speaker's shrug, at the very end
    r"|I suppose|I guess|I reckon|I think|I'd say)$"
    r"|[\s.!?,;:]+$"
    # "move it to Friday then" (not "it'll be done by then")
    r"|(?<!\bby)(?<!\buntil)(?<!\btill)[\s,]+then$",
    re.IGNORECASE,
)
# a word of endearment after a comma: "..., would you, love?" (said to a message's reader, it
# is the message's: "send Rhys a message saying get well soon, mate")
_ENDEARMENT = re.compile(r",\s*(?:love|mate|pet|dear|darling|duck|hun|hon|sweetheart)$", re.I)
# "move the gutters to Thursday, no, Friday, sorry": an apology at the very end, after what was
# put right ("move the cake to Friday, sorry" alone takes it back: kept)
_CLOSING_SORRY = re.compile(r",\s*sorry[.!]*$", re.IGNORECASE)
_PUT_RIGHT = re.compile(r"\b(?:no|sorry|I mean|I meant|or rather)\b\W", re.IGNORECASE)
# "I should add a task to return the chairs": the request for a new task, said where its title
# would be (``titles`` refuses such a title, ``slots`` doubts a model's title holding it)
ADD_REQUEST = (
    r"(?:add|make|create|put in|set up|stick in) (?:a |an |another )?(?:new )?"
    r"(?:task|to-?do|to do|job|reminder)\b"
)
# a message's words said after "saying", ending on "for me": the sender's words, not politeness
# ("..., saying ring me when you get a sec": the reader's chance, said to them, no comma)
_QUOTED_FOR_ME = re.compile(
    r"\bsaying\b.*(?:\bfor me|[^\W\d]\s+when you (?:get|have) a (?:chance|minute|sec))\W*$",
    re.IGNORECASE,
)
_MESSAGE_SAID = re.compile(r"\b(?:message|text|tell|saying|say|send)\b", re.IGNORECASE)
# thanks for the last answer before the next request: "cheers. how many are left?"; a greeting
_LEADING_THANKS = re.compile(
    r"^(?:cheers|thanks|thank you|ta|lovely|great|perfect|brilliant|got it)(?:[.!,]+\s*|\s+)"
    r"(?=\w)"
    # a greeting first: "Morning. So what's on today?" (only with a stop: "morning" is a time)
    r"|^(?:(?:good )?(?:morning|afternoon|evening)|hi|hello|hiya|hey(?: there)?)(?: parley)?"
    r"[.!,]+\s*(?=\w)",
    re.IGNORECASE,
)
# "Hang on, undo that", "Thursday, no, hang on, Wednesday": a pause, said between words
_HANG_ON = re.compile(
    r"(?:^|(?<=[,.;!?] ))(?:oh,? )?(?:hang|hold) on(?: a (?:sec|second|minute|mo|moment))?"
    r"(?:\.\.\.|[,.;!])+\s*(?=\w)",
    re.IGNORECASE,
)
# "add... what was it... return the library books": the speaker looking for the words, a pause
_SEARCHING = re.compile(
    r"\s*(?:\.{2,}|\u2026|,)\s*(?:(?:now |um,? |er,? )?(?:what was it|what's it called|what was "
    r"the word|what do you call it|let me think|let me see)(?:[?!,]|\.{2,}|\u2026)*\s*)+"
    r"(?:(?:oh,? ?)?(?:yeah|yes|right|that's it|got it|I know)(?:[,!.]|\u2026)*\s*)?(?=\w)",
    re.IGNORECASE,
)
# "I need a task for... replace the fan", "add... return the books": a pause before what the
# task is (a colon: the title follows), or before what is added
_TASK_PAUSE = re.compile(
    r"\b(task|to-?do|job)(?:\s+(?:for|to|about))?\s*(?:\.{2,}|\u2026)\s*(?=\w)", re.IGNORECASE
)
_ADD_PAUSE = re.compile(r"\b(add|put down|put in|jot down)\s*(?:\.{2,}|\u2026)\s*(?=\w)", re.I)
# "scrap that, undo": the undo says what is scrapped; "undo that, it's not finished": why the
# tick is taken back (read alone, each is a change of its own: a cancel, a reopen)
_UNDO_SAID_TWICE = re.compile(
    r"^(?:scrap|scratch|cancel|forget|bin) that[,.]?\s+(?=undo\b)"
    r"|(?<=\bundo)((?: that| it)?)[,.]?\s+(?:it's|it is|that's|it isn't|it wasn't) (?:not )?"
    r"(?:finished|done|complete)(?: yet| after all)?(?=[.!?]*$)",
    re.IGNORECASE,
)
# "can you break the licence job down? find the number, and pay online": the steps said after
# the request to break it down, as one sentence
_BROKEN_DOWN_THEN = re.compile(
    r"\b((?:break|split)\s[^.?!]{1,60}?\s(?:down|up)(?: a bit| a little(?: bit)?)?(?: for me)?)"
    r"[?.!]\s+(?=\w)",
    re.IGNORECASE,
)
_HESITATION = re.compile(
    r"(?<!\w)(?:um+|uh+|erm|er|uhm|hmm+|mm+|ah+m*|ugh+)(?!\w)(?!')[,.]?\s*", re.IGNORECASE
)
# what a hesitation left behind: "move the quiz sheets to, er, Thursday" -> "... to Thursday"
_STRANDED_COMMA = re.compile(
    r"\b(to|for|on|at|by|until|till|with|about|into|onto|add|due),\s+"
    # "add a task, um, to take the recycling out": the task, then what it is
    r"|\b(task|to-do|todo|job|reminder),\s+(?=to\s)",
    re.I,
)
# a hesitation inside a list: "a latch and, um, a coat of paint" (not "and, oh, remind me")
_LIST_HESITATION = re.compile(r"\b(and|or),\s+(?:um+|uh+|erm|er|uhm)[,.]?\s+", re.I)


# ("B&Q", "M&S": a name, written so, kept as it is)
_AMPERSAND = re.compile(r"\s+&\s*|&\s+|(?<![^\W_])&|&(?![^\W_])")
# "Thursday, nine-ish", "at sixish": an hour said roughly is that hour, said alone a clock time
_HOUR = rf"(?:{'|'.join(CLOCK_HOURS)}|\d{{1,2}})"
_ROUGH_HOUR = re.compile(
    rf"\b(at |about |around |by )?({_HOUR}(?:[:.]\d\d)?)[- ]?ish\b", re.IGNORECASE
)
# "tonight at about seven", "by around ten": an hour said roughly after "at" or "by" is that hour
_AT_ABOUT = re.compile(
    rf"\b(at|by) (?:about|around|roughly|approximately|maybe) (?=(?:{_HOUR})(?:[:.]\d\d)?\b)",
    re.IGNORECASE,
)
# "a timer, twenty, no, fifteen minutes": a number taken back before its unit is said
_NUMBER_TAKEN_BACK = re.compile(
    rf"\b{NUMBER},? (?:no|sorry|no wait|wait|I mean|actually|no sorry),? (?={NUMBER} "
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b)",
    re.IGNORECASE,
)
# "start one for eight minutes called eggs, actually make it nine": the number put right,
# said alone at the end, of the one length said
_COUNT_PUT_RIGHT = re.compile(
    rf"\b{NUMBER} (?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
    r"(?P<mid>[^,.;?\d]{0,40}),? (?:(?:actually|no|sorry|oh|wait),? )*make (?:it|that) "
    rf"(?P<count>{NUMBER})[.!]?$",
    re.IGNORECASE,
)
# a question tag between two requests: "bump the gate up to high, will you, and it's due ..."
_TAG_BETWEEN = re.compile(
    r",\s*(?:will|would|could|can|won't) you(?: please)?"
    # "put it down as mine, would you? Dev's got enough on": a question tag before a sentence
    r"(?:,(?=\s+(?:and|then|also|plus|oh)\b)|\?(?=\s+[A-Z]))"
    # "push the boiler back to Tuesday, would you, the engineer's cancelled": before a reason
    r"|,\s*(?:will|would|could|won't) you(?: please)?,(?=\s+(?:the|it|it's|they|they're|we|we're|"
    r"I|I'm|I've|he|he's|she|she's|that|that's|there's|my|our)\b)",
    re.IGNORECASE,
)

# a pause the recogniser wrote as dots between words ("give it to Mags... no, hang on, to
# Dev"): a comma, as any other pause (dots at the end mean the speaker stopped: _OPEN_END)
_PAUSE_DOTS = re.compile(r"\s*(?:\.{2,}|\u2026)\s*(?=\w)")
# a small word said twice as the speaker finds the next ("find a, um, a first aider", "check
# the... the tyre pressures", "about, about the van"): said once
_REPEATED = re.compile(
    r"\b(a|an|the|to|for|about|on|at|in|with|my|our|his|her|their)(?:\s*(?:,|\.\.\.|\u2026)\s*|\s+)"
    r"\1\b",
    re.IGNORECASE,
)
# ... except "in in" after a verb's object and before a length: "bring the washing in in twenty
# minutes" is the verb's "in", then the time's (not so after "remind me", "a timer": a stutter)
_IN_THEN_LENGTH = re.compile(rf"\s+(?:an?|half|{NUMBER})\b", re.IGNORECASE)
_NOT_A_VERBS_IN = re.compile(
    r"(?:^|\b(?:me|us|remind|reminder|timer|alarm|and|then|or|just|back|,))\s*$", re.IGNORECASE
)


def _said_once(match: re.Match[str]) -> str:
    word = match.group(1)
    if (
        word.lower() == "in"
        and _IN_THEN_LENGTH.match(match.string, match.end())
        and not _NOT_A_VERBS_IN.search(match.string, 0, match.start())
    ):
        return match.group(0)
    return word


# "add tasks to buy compost and to buy seed trays": two tasks, said as "a task ... and one ..."
_TASKS_TO = re.compile(
    r"\b(add|create|make|put|stick|pop|set up)\s+(?:two\s+|some\s+)?tasks\s+to\s+([^,]+?),?\s+"
    r"and\s+to\s+",
    re.IGNORECASE,
)
# "add tasks for Wren to mow the lawn and for Stan to fix the gate": one task for each
_TASKS_FOR = re.compile(
    r"\b(add|create|make|put|stick|pop|set up)\s+(?:two\s+|some\s+)?tasks\s+for\s+([^,]+?),?\s+"
    r"and\s+(?=for\s+)",
    re.IGNORECASE,
)
# "tomorrow afternoon, say three": the hour that day
_SAY_HOUR = re.compile(
    rf"\b(morning|afternoon|evening|tonight|today|tomorrow|first thing|{WEEKDAY_SAID}),?\s+say,?\s+"
    r"(?:at\s+)?"
    rf"(?=(?:{_HOUR}|half|quarter)\b)"
    # "remind me a week on Tuesday to renew the membership, say eight": the hour said last
    r"|(?<!\bat)(?<!\bfor)(?<!\baround)(?<!\babout)(?<!\bby)(?<!\bfrom),\s+say,?\s+(?:at\s+)?"
    rf"(?=(?:{_HOUR}|half|quarter)\b(?![\s\w'-]*\b(?:hours?|minutes?|mins?)\b)"
    r"[\s\w'-]{0,16}[.?!]?$)",
    re.IGNORECASE,
)
# "until the hedgehog house itself is built": the thing, said with weight
_ITSELF = re.compile(r"\b(the (?:[\w'-]+ ){0,3}?[\w'-]+)\s+(?:itself|themselves)\b", re.IGNORECASE)
# "what's the, um, what's the date today": the opening words said again after a pause
_SAID_TWICE = re.compile(
    r"\b(?P<words>(?:what's|what is|how many|how long|when's|who's|can you|could you)"
    r"(?: the| a| my)?),\s+(?P=words)\b",
    re.IGNORECASE,
)
# "give Dr Sandhu, no, what am I saying, give Ife the plumber": a request started again with
# the same verb after "no" replaces what was begun; one said again of "it" ("give Jem the
# patch, no, hang on, give it to Chidi") keeps the thing begun, to be put right (fastpath)
_STARTED_AGAIN = re.compile(
    r"(?:^|(?<=\band ))(?P<verb>[a-z]+)\b[^,.;?]{0,40},\s+no(?: no)*[,.]?\s+"
    r"(?:(?:wait|sorry|hang on|what am I saying|I mean|I meant)[,.]?\s+)*"
    r"(?=(?P=verb)\b(?!\s+(?:it|that|them|that one)\b))",
    re.IGNORECASE,
)
# "Orla, no, sorry, Sunita should do the venue booking": a name opening the turn, taken back
# for the one said next
_NAME_TAKEN_BACK = re.compile(
    r"^(?!(?:No|Yes|Yeah|Okay|OK|Right|Actually|Sorry|Oh|Um|Hmm|Well|So|And|Wait|Hang|By|Due|"
    r"On|At|For|In|Make|Put|Give|Today|Tomorrow|Tonight|Next|This|Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|High|Low|Medium|Urgent)\b)"
    r"[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,2},\s+no(?:,?\s+(?:sorry|wait|hang on|I mean))?,\s+"
    r"(?=[A-Z][a-z])"
)
# "..., and add a note to use the white gloss in the shed": what to do, as the note (not "a
# note to the fence task")
_NOTE_TO = re.compile(
    r"\b((?:add|put|write|pop|stick|leave)\s+a\s+note(?:\s+on\s+it)?)\s+to\s+"
    r"(?!(?:the|it|that|this|my|our|his|her|them|a|an|its|me|him|us)\b)",
    re.IGNORECASE,
)
# "High priority, that one.": the priority said first, then which ("that": the task talked of)
_PRIORITY_THAT = re.compile(
    r"^((?:high|low|medium|urgent|top)(?: priority)?),?\s+(?:that|that one|this one)\s*[.!]?$",
    re.IGNORECASE,
)
# "..., and it's fairly pressing so high priority": how much it matters, then the priority;
# read as the priority, then why (an aside after a new task given one: fastpath._aside)
_PRESSING_SO = re.compile(
    r"\b(?:and )?((?:it's|it is|that's|that is) (?:fairly|quite|pretty|a bit|rather|kind of|"
    r"sort of|getting) (?:pressing|time-sensitive)),?\s+so\s+((?:high|top|urgent|medium|low)"
    r"(?: priority)?)(?=[,.!?]|$)",
    re.IGNORECASE,
)
# "..., an hour should do it, ...": the length
_SHOULD_DO = re.compile(
    r"(?<=, )((?:an?|one|two|three|half an?|\d+|[a-z]+-?[a-z]*)\s+(?:hours?|minutes?|mins?))"
    r"\s+(?:should|will|ought to|would) do(?: it)?(?=[,.!?]|$)",
    re.IGNORECASE,
)
# "reopen fix the gutter cos it's leaking again": a reason said after the request, its own
# clause
_REASON_AFTER = re.compile(
    r"(?<=\w) (cos|'cause|because) (?=(?:it|it's|they|they're|we|we're|I|I've|I'm|he|he's|she|"
    r"she's|there|there's|that's)\b)",
    re.IGNORECASE,
)
# "a task for Mr Adebayo, please: check the fire extinguishers": the politeness in the middle
_PLEASE_BEFORE = re.compile(
    # "..., please, ...", "start on the newsletter now please, plus ...": please between requests
    r",\s*please\s*(?=[:,])|(?:\s+now)?\s+please(?=,\s*(?:plus|and|then|also)\b)"
    # "could you reopen the roses please, turns out ...": before why
    r"|\s+please(?=,\s*(?:(?:it )?turns out|because|cos|'cause|since|as)\b)",
    re.IGNORECASE,
)
# "the shop sign's done, finally. Oh, and ...": relief, no request
_FINALLY = re.compile(
    r",\s*(?:finally|at last|at long last|every last one|every single one)(?=[.,!?;]|$)"
    # "I've done the chest freezer at last, tick that off": said after the task, before a pause
    r"|\s+(?:at last|at long last)(?=\s*[,;])"
    # "put a task on for me to fix the gate while I'm there, Sunday": when, not what
    r"|,?\s+while (?:I'm|I am|we're|we are) (?:there|at it|over there|round there)(?=\s*[,.;!?]|$)",
    re.IGNORECASE,
)
# "... for tomorrow morning? Say nine-ish.": the hour, said as a sentence of its own
# "tomorrow at, say, half twelve": a guess said between the word and its time
_AT_SAY = re.compile(
    rf"\b(at|for|around|about|by|from)\s*,\s*say\s*,?\s+(?=(?:{_HOUR}|half|quarter|noon|midday)\b)",
    re.IGNORECASE,
)
# "in the church hall, say forty-five minutes": a guess at a length, said after a comma
_SAY_LENGTH = re.compile(
    r"[,.?!]\s+say\s+(?=(?:about\s+|around\s+)?(?:an?|[\w-]+(?: and a half)?)\s+"
    r"(?:minutes?|mins?|hours?)\b)",
    re.IGNORECASE,
)
_SAY_SENTENCE = re.compile(r"[.?!]\s+say\s+(?=at\s)", re.IGNORECASE)
# "move it to the end of the month, sorry, the fifteenth": "sorry" between two values takes
# back the first, as "no" does
_SORRY_BETWEEN = re.compile(r"(?<=\w),\s+(?:sorry|no,? actually),\s+(?=\w)", re.IGNORECASE)
# "waiting on the coach, no sorry, on the invoices": a value taken back and said again after
# the same word
_SAID_AGAIN_AFTER = re.compile(
    r"\b(on|to|for|by|with|at|in|from|under|about|until|till)\s+[^,.;?]{1,40},\s+"
    # ("no, sorry, to Ffion": "sorry" read as "no" by then, _SORRY_BETWEEN)
    r"no(?:,? wait|,? sorry|,? hang on|,? no)*,?\s+"
    r"(?:sorry,?\s+|I mean,?\s+)?\1\s+(?=\w)",
    re.IGNORECASE,
)
# "..., on Monday at half ten, and remind me at nine that morning to ...": the day said before
_THAT_DAY = re.compile(r"\bthat (day|morning|afternoon|evening|night)\b", re.IGNORECASE)
_A_DAY = re.compile(
    rf"\b(?:today|tomorrow|(?:(?:next|this) )?{WEEKDAY_SAID})\b",
    re.IGNORECASE,
)


def _that_day(text: str) -> str:
    """ "at nine that morning" after a day said earlier in the sentence: "at nine Monday
    morning" (one day said before it; with none, or two, it stays as said)."""
    found = _THAT_DAY.search(text)
    if found is None:
        return text
    said = [day.group(0) for day in _A_DAY.finditer(text, 0, found.start())]
    if len({day.lower() for day in said}) != 1:
        return text
    day, part = said[-1], found.group(1).lower()
    return text[: found.start()] + (day if part == "day" else f"{day} {part}") + text[found.end() :]


# "..., tell Jonah as well": the message said before it, to someone else too (the "as well"
# the trailing fillers would take is said as "too", which they keep)
_MESSAGE_TOO = re.compile(
    r"\b((?:tell|message|text)\s+[\w'-]+(?:\s+[\w'-]+)?)\s+as well[\s.!?]*$", re.IGNORECASE
)
# "tell her the hall's booked for the twelfth too": she is told as well as others, the "too"
# is no word of the message (as the dev sets' writers write it 3 times of 4); one message, no
# second clause after it ("tell Tunde ..., and give him the cupboards too")
_TOLD_TOO = re.compile(
    r"^((?:oh,?\s+)?(?:and\s+)?(?:tell|message|text)\s+(?:him|her|them|[A-Z][\w'-]+)"
    r"(?:\s+(?!(?:too|as)\b)(?:(?!,|\band\b)[\w'-])+){2,})\s+(?:too|as well)[.!?]*$",
    re.IGNORECASE,
)
# "..., and while you're at it what's overdue?": said before a request, asking nothing; said
# at the end of one ("make it urgent while you're at it, Bea keeps asking"), its comma stays
_AT_IT_BEFORE = re.compile(
    r"(?<=\w)\s+whil(?:e|st) (?:you're|you are) at it(?=,)"
    r"|\bwhil(?:e|st) (?:you're|you are) at it,?\s+(?=\w)",
    re.IGNORECASE,
)
# "add clean the oven, add sort the recycling, both for me": whose both are (the "for me"
# the trailing fillers would take)
_BOTH_FOR_ME = re.compile(
    r"\b(both|both of them|all three|all of them|the lot)\s+for me(?=[\s.!?]*$)", re.IGNORECASE
)
# "add a task to plan the party with steps: book the venue, ...": the steps said after the task
_WITH_STEPS = re.compile(
    r"(?<=\w) (with (?:the )?(?:steps|subtasks|sub-tasks|sub-steps|substeps)\b)", re.IGNORECASE
)
# "can you break the gutters down into steps for me? Borrow the ladder, ...": the steps asked
# for, then said, as "into steps: ..."
_STEPS_ASKED = re.compile(
    r"\b(into|in) (steps|subtasks|sub-tasks|stages|bits|parts)"
    r"(?: for me| for us| please)?\s*[?.]\s+"
    # "break the tv licence into subtasks find the letter and pay online": no pause heard
    r"|\b(into) (steps|subtasks|sub-tasks)\s+(?!(?:for|and|please|then|first|as|like|of)\b)(?=\w)"
    # "can you give the climbing wall a couple of subtasks? Ring the centre and ..."
    r"|\b(a couple of|a few|some|two|three|four) (steps|subtasks|sub-tasks)\s*[?.]\s+",
    re.IGNORECASE,
)
# "can you add a few steps to the shower head? Buy descaler, ...": the task, then its steps
_STEPS_TO_ASKED = re.compile(
    r"\b(add|put) (?:a couple of|a few|some|two|three|four) (?:more )?(steps|subtasks|sub-tasks) "
    r"(to|under|onto) ([^?.,]{1,60}?)\s*[?.]\s+(?=\w)",
    re.IGNORECASE,
)
# "push it to a week on Saturday then, it's going to rain": "then" said before a comma
_THEN_BEFORE_COMMA = re.compile(
    r"(?<!\band)(?<!\bby)(?<!\buntil)(?<!\btill)(?<!\bjust)(?<!\bsince)\s+then(?=,\s)", re.I
)
# "tick that off will you, and ...": a question tag inside the sentence
_TAG_INSIDE = re.compile(r"\s+(?:will|would|could|can) you(?=,|\s+and\b)", re.IGNORECASE)
# "make it due tomorrow morning, like, before ten", "steps for the renewal, right, find ...": a
# filler between commas
_LIKE = re.compile(r",\s+(?:like|right),\s+", re.IGNORECASE)
# "..., and... what's left": a pause after "and" opens the next request
_TRAILING_AND = re.compile(r"\band(?:\.\.\.|\u2026)\s*", re.IGNORECASE)


# a title typed or heard in quotes ("add 'borrow Rashid's saw' to ..."): the quotes open after
# a space or the start and close before a space, a mark or the end (so "Rashid's" stays)
_QUOTED = re.compile(
    r"(?:(?<=^)|(?<=[\s,:;(]))['\"\u2018\u201c](?=\w)(.+?)(?<=[\w.!?])['\"\u2019\u201d]"
    r"(?=[\s,.;:!?)]|$)"
)


def clean(text: str) -> str:
    """Trim fillers ("hey parley", "please", "um") and end punctuation from an utterance."""
    # "&" is how a recogniser or a keyboard writes "and": the grammar's lists join on "and"
    result = " ".join(_AMPERSAND.sub(" and ", text.replace("\u2019", "'")).split())
    # "put 'order bunting' on the fete list": the words, without the quotes
    result = _QUOTED.sub(r"\1", result).strip("\"' ")
    result = _sub(_HANG_ON, "", result)
    result = _sub(_SEARCHING, "... ", result)
    result = _sub(_TASK_PAUSE, r"\1: ", _sub(_ADD_PAUSE, r"\1 ", result))
    result = _sub(_BROKEN_DOWN_THEN, r"\1: ", result)
    result = _sub(_UNDO_SAID_TWICE, lambda m: m.group(1) or "", result)
    result = _sub(_LIST_HESITATION, r"\1 ", result)
    result = _sub(_TAG_BETWEEN, ",", result)
    result = _sub(_ROUGH_HOUR, lambda m: (m.group(1) or "at ") + m.group(2), result)
    result = _sub(_AT_ABOUT, r"\1 ", result)
    result = _sub(_NUMBER_TAKEN_BACK, "", result)
    result = _sub(_COUNT_PUT_RIGHT, lambda m: f"{m['count']} {m['unit']}{m['mid']}", result)
    hesitant = _HESITATION.sub("", result)
    if hesitant != result:
        result = _sub(_STRANDED_COMMA, lambda m: f"{m.group(1) or m.group(2)} ", hesitant)
    result = _sub(_TRAILING_AND, "and ", _REPEATED.sub(_said_once, result))
    result = _PAUSE_DOTS.sub(", ", result)
    result = _sub(_SAY_HOUR, r"\1 at ", result)
    result = _sub(_ITSELF, r"\1", result)
    result = _sub(_SAY_LENGTH, ", ", _sub(_AT_SAY, r"\1 ", result))
    result = _sub(_SAID_TWICE, r"\g<words>", _sub(_STARTED_AGAIN, "", result))
    result = _sub(_NAME_TAKEN_BACK, "", result)
    result = _sub(_SAY_SENTENCE, ", ", _sub(_FINALLY, "", result))
    result = _sub(_PLEASE_BEFORE, "", _sub(_SORRY_BETWEEN, ", no, ", result))
    result = _that_day(_sub(_SAID_AGAIN_AFTER, r"\1 ", result))
    result = _sub(_REASON_AFTER, r", \1 ", _sub(_SHOULD_DO, r"\1", result))
    result = _sub(_PRESSING_SO, r"\2, \1", result)
    result = _sub(_PRIORITY_THAT, r"make that \1", result)
    result = _sub(_NOTE_TO, r"\1 saying ", result)
    result = _sub(_MESSAGE_TOO, r"\1 too", _sub(_AT_IT_BEFORE, "", result))
    result = _sub(_TOLD_TOO, r"\1", result)
    result = _sub(_TASKS_TO, r"\1 a task to \2 and one to ", result)
    result = _sub(_TASKS_FOR, r"\1 a task for \2, and one ", result)
    result = _sub(_BOTH_FOR_ME, r"\1 assigned to me", result)
    result = _sub(_LIKE, ", ", _sub(_THEN_BEFORE_COMMA, "", result))
    result = _sub(_TAG_INSIDE, "", result)
    result = _sub(
        _STEPS_ASKED,
        lambda m: f"{m[1] or m[3] or m[5]} {m[2] or m[4] or m[6]}: ",
        _sub(_WITH_STEPS, r", \1", result),
    )
    result = _sub(_STEPS_TO_ASKED, r"\1 \2 \3 \4: ", result)
    previous = None
    while previous != result:
        previous = result
        result = _LEADING_FILLER.sub("", result).strip()
        result = _LEADING_THANKS.sub("", result).strip()
        result = _without_trailing_filler(result).strip()
    return result


# what a trailing filler's words may be said between and after (each of its choices opens
# with a run of these, then at most ``_FILLER_CHARS`` characters to the end)
_FILLER_MARKS = frozenset(",.!?;:")
_FILLER_CHARS = 40  # longer than its longest words ("when you have a minute": 22)


def _without_trailing_filler(text: str) -> str:
    """``_TRAILING_FILLER.sub("", text)``, looked for only from where a match may start: a
    match is a run of spaces and marks, then at most ``_FILLER_CHARS`` characters to the end,
    so none starts before the run of spaces and marks that holds the place that far from the
    end (a search from the start of the text tries every character of it: 30 us a long
    sentence)."""
    if "\n" in text:  # ("$" matches before a last line break too)
        return _TRAILING_FILLER.sub("", text)
    start = max(0, len(text) - _FILLER_CHARS)
    while start > 0 and (text[start - 1].isspace() or text[start - 1] in _FILLER_MARKS):
        start -= 1
    found = _TRAILING_FILLER.search(text, start)  # (looks behind ``start`` as ``sub`` would)
    if found is not None and _QUOTED_FOR_ME.search(text):
        # "send him a message saying four o'clock works for me": its own words
        return text.rstrip(" \t" + "".join(_FILLER_MARKS))
    if found is None and not _MESSAGE_SAID.search(text):
        found = _ENDEARMENT.search(text, start)
        sorry = _CLOSING_SORRY.search(text, start) if found is None else None
        if sorry is not None and _PUT_RIGHT.search(text, 0, sorry.start()):
            found = sorry
    return text if found is None else text[: found.start()] + text[found.end() :]


Replacement = str | Callable[[re.Match[str]], str]


def _sub(pattern: re.Pattern[str], replacement: Replacement, text: str) -> str:
    """``pattern.sub(replacement, text)``, not run on a text that holds none of the strings
    one of which its every match holds (most of ``clean``'s expressions match in few
    sentences, and each costs 2-20 microseconds a long sentence even to find nothing)."""
    if not may_match(_SAID_IN[pattern], text):
        return text
    return pattern.sub(replacement, text)


# what ``clean``'s gated expressions' matches hold (``regex_gate.any_of_needed``)
_SAID_IN = {
    pattern: any_of_needed(pattern)
    for pattern in (
        _STEPS_TO_ASKED,
        _HANG_ON, _SEARCHING, _TASK_PAUSE, _ADD_PAUSE, _BROKEN_DOWN_THEN, _UNDO_SAID_TWICE,
        _LIST_HESITATION, _TAG_BETWEEN, _ROUGH_HOUR, _AT_ABOUT, _NUMBER_TAKEN_BACK,
        _COUNT_PUT_RIGHT, _NAME_TAKEN_BACK, _PRESSING_SO, _PRIORITY_THAT, _NOTE_TO,
        _STRANDED_COMMA, _TRAILING_AND, _SAY_HOUR, _AT_SAY, _SAY_LENGTH, _STARTED_AGAIN,
        _SAID_TWICE, _FINALLY, _SAY_SENTENCE, _SORRY_BETWEEN, _PLEASE_BEFORE, _SAID_AGAIN_AFTER,
        _SHOULD_DO, _REASON_AFTER, _AT_IT_BEFORE, _MESSAGE_TOO, _TOLD_TOO, _TASKS_TO, _TASKS_FOR,
        _BOTH_FOR_ME, _ITSELF,
        _THEN_BEFORE_COMMA,
        _LIKE, _TAG_INSIDE, _WITH_STEPS, _STEPS_ASKED,
    )
}  # fmt: skip


# A command that stops on one of these is not finished: the speaker paused mid-clause ("add a
# task to call the plumber due ...", "remind me at ..."). Whisper marks a pause it heard
# mid-sentence with a trailing comma or dots.
_OPEN_END = re.compile(
    r"\b(?:and|or|but|due|at|to|by|for|with|from|until|till|of|about|the|a|an|my|our|their|"
    r"his|called|named|titled|which|because|every|um+|uh+|er|erm|hmm+)\W*$",
    re.IGNORECASE,
)


def ends_open(text: str) -> bool:
    """True when ``text`` stops on an open clause ("... and", "... due", "... at", a comma)."""
    stripped = text.strip()
    if stripped.endswith(("...", "\u2026", ",")):
        return True
    return bool(_OPEN_END.search(stripped.rstrip(".!?")))


def folded(text: str) -> str:
    """``text`` lower-cased without accents: "café" and "cafe" as a recogniser may write it."""
    if text.isascii():  # nearly every word said: nothing to take off
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_ARTICLES = re.compile(r"^(?:the|a|an|my|our|this|that|your)\s+", re.IGNORECASE)
_TASK_KIND = re.compile(
    r"\s+(?:task|tasks|item|to-?do|job|one|thing|bit|step)$"  # ("the deliver bit": a step)
    r"|^(?:task|item|to-?do)\s+(?:called|named|to)?\s*",
    re.IGNORECASE,
)
_TASK_CALLED = re.compile(
    r"^(?:the |a )?(?:task|item|to-?do|one)\s+(?:called|named|titled|to|about|for)\s+",
    re.IGNORECASE,
)
# "the whole thing": the task just talked of, all of it
WHOLE_THING = r"(?:the )?whole (?:thing|lot|task|job)"
_TASK_PRONOUN = re.compile(
    r"^(?:it|that|this|that one|this one|the (?:last|same) (?:one|task)|(?:the|this|that) "
    rf"(?:task|item|to-?do|one)|the last thing|{WHOLE_THING})$",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(
    r"^(?:what|which|who|whom|whose|how|when|where|why)(?:'s|'re)?\b", re.IGNORECASE
)
_NOT_A_TASK = re.compile(
    r"^(?:meeting|call|timer|reminder|alarm|message)s?(?: (?:with|for|to|about) .+)?$",
    re.IGNORECASE,
)
MAX_REFERENCE_WORDS = 6  # longer is a phrase, not a name (the fast path and the LLM vetting)
_NOT_ONE_TASK = re.compile(
    r"[,;]|\band\b|\bor\b|\b(?:task|item)\b(?=.*\w)|^(?:to|a|an|another|new|some|all|every)\b"
    r"|^one for\b"  # "start one for the bread": a new timer, or a new anything, not a task
    r"|\b(?:his|her|their|its|it|them|everything|anything|something|stuff|both)\b"
    r"|\bof (?:those|these)\b"
    # "I've done my back in": hurt, not a task finished
    r"|^(?:my|your|our) \w+ in$"
    # "make it medium rather than high": what it is not, never a task
    r"|^(?:rather than|instead of)\b"
    # "cancel the bunting but not the bibs": one task, and one it is not
    r"|\b(?:not|except|apart from|other than)\b",
    re.IGNORECASE,
)
_PERSON_PRONOUN = re.compile(r"^(?:him|her|them|he|she|they|that person)$", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"\b(?:and|to|the|at|on|in|for|with|it|where|what|how|things|everyone|everybody|someone|"
    r"somebody|anyone|all|everything|stuff)\b",
    re.IGNORECASE,
)
_ME = re.compile(r"^(?:me|myself|i)$", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"\s+(?:project|list|board)$", re.IGNORECASE)


def strip_articles(text: str) -> str:
    """Drop leading articles ("the", "my") from a phrase (and the marks around it: "that
    one?" of "can you reopen that one?")."""
    result = text.strip(" ,.:;?!\"'")
    previous = None
    while previous != result:
        previous = result
        result = _ARTICLES.sub("", result)
    return result


# said after a task's name, not part of it: "start the intro edit now", "the vet call as well"
_TASK_TRAILER = re.compile(
    r"\s+(?:right now|now|straight away|at once|as well|too|instead|really|though|anyway|"
    r"obviously|I think|I reckon|I guess)$",
    re.IGNORECASE,
)


def task_ref(words: str) -> str | None:
    """Return a task reference: a title as spoken, TASK_IT for "it"/"that one", None if empty.

    None also for words that do not look like one existing task, so the clause goes to the
    LLM instead of naming a task "catering and the testing" or "a packing list with ...".
    """
    text = words.strip(" ,.:;?!\"'")
    if _TASK_PRONOUN.match(text) or _TASK_PRONOUN.match(_TASK_TRAILER.sub("", text)):
        return TASK_IT  # "that one really": "that one"
    text = _TASK_CALLED.sub("", text)
    if _NOT_ONE_TASK.search(text):
        return None
    text = strip_articles(_TASK_TRAILER.sub("", text))
    if len(text.split()) > MAX_REFERENCE_WORDS:
        return None  # (counted without "the ... task": "the felt the shed roof task")
    text = _TASK_KIND.sub("", text).strip()
    text = strip_articles(text)
    if not text or _TASK_PRONOUN.match(text):
        return TASK_IT if text else None
    if _QUESTION_WORD.match(text) or _NOT_A_TASK.match(text):
        # "what's due next week" is a question; "the meeting with Sam" is not a task
        return None
    return text


def person_ref(words: str, people: tuple[str, ...] = ()) -> str | None:
    """Return a person reference: a name as spoken, "me", PERSON_IT, or None if not a name."""
    text = re.sub(r"(?<=\w)'s?$", "", strip_articles(words))  # "Alex's tasks" -> Alex
    if _PERSON_PRONOUN.match(text):
        return PERSON_IT
    if _ME.match(text):
        return "me"
    known = known_prefix(text, people)
    if known and len(known) == len(text):
        return text
    if not text or len(text.split()) > 3 or not re.fullmatch(r"[\w'. -]+", text):
        return None
    if _NOT_A_NAME.search(text) or not text[0].isupper():
        return None  # a name nobody knows yet must at least be said as a name ("Sam")
    return text


def clean_name(words: str) -> str:
    """Return a name as stored: no articles, no trailing kind ("the shopping list" -> "shopping").

    The one place names are cleaned for keeping; ``services.core.resolve.normalise`` is the one
    place they are folded for matching.
    """
    return _KIND_SUFFIX.sub("", strip_articles(words)).strip()


def project_ref(words: str) -> str | None:
    """Return a project or list name as spoken ("the shopping list" -> "shopping")."""
    text = clean_name(words)
    if re.fullmatch(r"(?:it|that|this)", text, re.IGNORECASE):
        return PROJECT_IT
    return text or None


def known_prefix(text: str, names: tuple[str, ...]) -> str | None:
    """Return the longest known name that ``text`` starts with (whole words), as said."""
    lowered = text.lower()
    best = None
    for key in _names_by_opening(names).get(_opening(lowered), ()):
        is_whole = len(lowered) == len(key) or not lowered[len(key) : len(key) + 1].isalnum()
        if lowered.startswith(key) and is_whole and (best is None or len(key) > len(best)):
            best = text[: len(key)]
    return best


def _opening(lowered: str) -> str:
    """The run of letters and digits a text opens with ("sam" of "sam's", "" of "'tis")."""
    end = 0
    while end < len(lowered) and lowered[end].isalnum():
        end += 1
    return lowered[:end]


@lru_cache(maxsize=8)  # the lists of names in use (people, projects): each a key
def _names_by_opening(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The known names (lower case) by the run they open with: a text that starts with a whole
    name opens with that name's run, so only those names are tried (10,000 parse-time looks
    a second cost more than the rest of a check)."""
    found: dict[str, list[str]] = {}
    for name in names:
        key = name.lower()
        if key:
            found.setdefault(_opening(key), []).append(key)
    return {opening: tuple(keys) for opening, keys in found.items()}


def split_name(text: str, people: tuple[str, ...]) -> tuple[str, str]:
    """Split "Sam the meeting moved" into ("Sam", "the meeting moved"), known names first."""
    known = known_prefix(text, people)
    if known:
        return known, text[len(known) :].strip(" ,:")
    head, _, rest = text.partition(" ")
    return head.strip(" ,:"), rest.strip(" ,:")


_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+then\s+", re.IGNORECASE)


def split_items(text: str) -> list[str]:
    """Split "book venue, order food and send invites" into its items."""
    return [item.strip() for item in _LIST_SPLIT.split(text) if item.strip(" ,.")]


PRIORITY_WORDS = {
    "low": "low",
    "lowest": "low",
    "medium": "medium",
    "normal": "medium",
    "moderate": "medium",
    "high": "high",
    "important": "high",
    "urgent": "urgent",
    "top": "urgent",
    "highest": "urgent",
    "critical": "urgent",
}
PRIORITY = r"(?:low|lowest|medium|normal|moderate|high|important|urgent|top|highest|critical)"


def priority_of(word: str) -> str:
    """Map a spoken priority word to the catalogue's priority."""
    return PRIORITY_WORDS[word.lower()]


def is_when(words: str) -> bool:
    """True when the whole of ``words`` is one date/time phrase."""
    match = WHEN_PATTERN.fullmatch(words.strip(" ,"))
    return match is not None


_SENTENCE_END = re.compile(r"(?<![ap]\.m)[.!?]+$", re.IGNORECASE)  # (not "a.m.")


def when_phrase(words: str) -> str | None:
    """Return the time phrase if ``words`` is wholly one, else None (the full stop or
    question mark that ends a sentence aside: "..., that's mine, by Sunday.")."""
    text = _SENTENCE_END.sub("", words.strip(" ,"))
    if not is_when(text):
        return None
    found = find_when(text)
    return found[0] if found else None


def day_phrase_after_to(words: str) -> str | None:
    """A day of the month said alone ("the seventh", "the twenty first") where only a time can
    follow ("move it to ..."): read as after "on". Alone, "the first" may start a title ("do the
    first draft"), so ``is_when`` reads such a day only after a lead word."""
    text = words.strip(" ,")
    if WHEN_PATTERN.fullmatch(f"on {text}", 3) is None:
        return None
    found = find_when(f"on {text}")
    return found[0] if found else None


def holds_unread_when(text: str) -> bool:
    """True when ``text`` holds a time the finder would not cut ("order 6 tomorrow")."""
    # (the search first: most texts hold no time, and the finder would search them again)
    return WHEN_PATTERN.search(text) is not None and find_when(text) is None


def cut_when(text: str) -> tuple[str, str | None]:
    """Cut the first time phrase out of ``text``; return (the rest, the phrase or None)."""
    found = find_when(text)
    if found is None:
        return text, None
    phrase, start, end = found
    if PARTICLE_ON.match(text, start):
        start += 3  # "put the oven on at six": "on" belongs to the verb, not to the time
    rest = f"{text[:start].rstrip(' ,')} {text[end:].lstrip(' ,')}".strip()
    return rest, phrase


# "on" before a time that takes no "on" ("at six", "tomorrow") is the verb's: "turn it on"
PARTICLE_ON = re.compile(
    r"on (?=(?:at|tomorrow|today|tonight|this|next|in|by|before|after|around|about|later|"
    r"now|soon)\b)",
    re.IGNORECASE,
)


def drop_empty(params: dict[str, Any]) -> dict[str, Any]:
    """Drop parameters that are None or empty."""
    return {key: value for key, value in params.items() if value not in (None, "", [], ())}


# what is said before a name, not the name ("Auntie Pam" is Pam to most, "Dr Okafor" Okafor)
HONORIFICS = frozenset((
    "auntie", "aunty", "aunt", "uncle", "grandma", "grandpa", "granny", "grandad", "granddad",
    "nana", "nan", "gran", "sister", "brother", "father", "mother", "dr", "doctor", "coach",
    "mr", "mrs", "ms", "miss", "professor", "prof", "reverend", "rev", "cousin", "pastor",
    "captain", "sergeant", "nurse",
    # ("Farouk's away" for Imam Farouk)
    "imam", "rabbi", "canon", "bishop", "nanna",
))  # fmt: skip
