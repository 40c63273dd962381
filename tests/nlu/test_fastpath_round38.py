"""Fast-path readings of the session of 2026-11-30 05:06: why a task is dropped ("we're not
playing this week after all", "it's sorted itself out"); "finally got it finished"; "un-tick";
"make X responsible for"; "put it down as low priority"; "to be honest" beside a request;
"it's waiting on the fence being done"; a deadline put right ("sorry, Thursday, not Friday");
"how many things have I got on my plate this week", "what's on the X list for tomorrow", "any
overdue ones on the X list"; the speaker searching for the words ("add... what was it...");
"add one for X to ..."; a change said once for a list of tasks ("tick off A, B and C"); a task
broken down, then its steps said as a sentence of their own; "X is really three bits, ...";
"X has to wait for that", "we can't X until he has"; "put down X as a task"; and misheard
"ex tension", "member ship", "do date", "feb you airy"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.fields import known_task
from services.nlu.hearing import rehear
from services.nlu.text import clean
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2045, 3, 9, 15, 20, tzinfo=LONDON),  # a Thursday afternoon
    people=("Auntie Rose", "Segun", "Maeve Doyle", "Pawel", "Indira"),
    projects=("attic conversion", "cricket club", "herb garden"),
    tasks=(
        "insulate the attic",
        "book the cricket nets",
        "renew the car insurance",
        "weed the herb garden",
        "clean the oven",
        "paint the back gate",
    ),
    last={"task": "clean the oven"},
)


def test_why_a_task_is_dropped_is_said_beside_it() -> None:
    assert read_after(
        "scrap the cricket nets, we're not training this month after all", CONTEXT
    ) == [("task.cancel", {"task": "cricket nets"})]
    assert read_after("delete the oven task, it's fixed itself", CONTEXT) == [
        ("task.delete", {"task": "oven"})
    ]


def test_finally_got_it_finished_and_un_tick() -> None:
    assert read_after("tick off the back gate, finally got it finished", CONTEXT) == [
        ("task.complete", {"task": "back gate"})
    ]
    assert read_after("un-tick the oven one", CONTEXT) == [("task.reopen", {"task": "oven"})]


def test_make_someone_responsible_for_a_task() -> None:
    assert read_after("make Pawel responsible for the car insurance", CONTEXT) == [
        ("task.assign", {"assignee": "Pawel", "task": "car insurance"})
    ]


def test_put_it_down_as_a_priority_and_to_be_honest() -> None:
    assert read_after("put it down as medium priority", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "medium"})
    ]
    assert read_after("it's quite urgent, to be fair", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})
    ]


def test_waiting_on_a_task_being_done() -> None:
    assert read_after("it's waiting on the attic being insulated", CONTEXT) == [
        ("task.add_dependency", {"task": {"context": "task"}, "blocker": "attic"})
    ]
    # "they're waiting on": "they" is no task's name
    assert is_left_to_the_llm("they're waiting on the car insurance", CONTEXT)


def test_a_deadline_put_right_after_a_new_task() -> None:
    made = Action("task.create", {"title": "mend the shed roof", "due": "Saturday"})
    assert read_after("sorry, Sunday, not Saturday", CONTEXT, made) == [
        ("task.set_due", {"task": {"context": "task"}, "due": "Sunday"})
    ]
    moved = Action("task.set_due", {"task": "car insurance", "due": "Monday"})
    assert read_after("no, Tuesday, not Monday", CONTEXT, moved) == [
        ("task.set_due", {"task": "car insurance", "due": "Tuesday"})
    ]
    # the day taken back is not the one the last request set: what is meant is unclear
    assert is_left_to_the_llm("sorry, Sunday, not Friday", replace(CONTEXT, previous=made))


def test_questions_about_a_week_a_list_and_a_day() -> None:
    assert read_after("how many jobs have I got on my plate today?", CONTEXT) == [
        ("query.count", {"assignee": "me", "filter": "today"})
    ]
    assert read_after("what's on the herb garden list for this week?", CONTEXT) == [
        ("query.tasks", {"project": "herb garden", "filter": "this_week"})
    ]
    assert read_after("any late ones on the cricket club?", CONTEXT) == [
        ("query.tasks", {"filter": "overdue", "project": "cricket club"})
    ]


def test_the_speaker_searching_for_the_words() -> None:
    assert clean("um, add... what's it called... oh yes, fix the gutter") == "add fix the gutter"
    assert read_after("I need a job for... let me think... sort the recycling", CONTEXT) == [
        ("task.create", {"title": "sort the recycling"})
    ]


def test_add_one_for_someone() -> None:
    assert read_after("start the back gate, and add one for Segun to buy primer", CONTEXT) == [
        ("task.start", {"task": "back gate"}),
        ("task.create", {"assignee": "Segun", "title": "buy primer"}),
    ]
    # "add one to <a list>": which list, not a thing to do
    assert is_left_to_the_llm("add one to the herb garden", CONTEXT)


def test_one_change_said_for_a_list_of_tasks() -> None:
    assert read_after("cancel the cricket nets, the oven and the back gate", CONTEXT) == [
        ("task.cancel", {"task": "cricket nets"}),
        ("task.cancel", {"task": "oven"}),
        ("task.cancel", {"task": "back gate"}),
    ]
    # one task after the comma is said before its own change
    assert read_after("the oven's done, and the back gate, push that to Monday", CONTEXT) == [
        ("task.complete", {"task": "oven"}),
        ("task.set_due", {"task": "back gate", "due": "Monday"}),
    ]
    # a word no task has: the model's
    assert is_left_to_the_llm("tick off the cricket nets, the oven and the dog", CONTEXT)


def test_a_task_broken_down_then_its_steps() -> None:
    assert read_after(
        "could you break the car insurance down? get quotes, and ring Segun", CONTEXT
    ) == [("task.add_subtasks", {"task": "car insurance", "titles": ["get quotes", "ring Segun"]})]
    assert read_after("the attic job is really two bits, lagging and boarding", CONTEXT) == [
        ("task.add_subtasks", {"task": "attic", "titles": ["lagging", "boarding"]})
    ]


def test_a_new_task_waited_on() -> None:
    said = "put down buy gate hinges as a task, and the gate painting has to wait for that"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy gate hinges"}),
        ("task.add_dependency", {"blocker": {"result_of": 0}, "task": "gate"}),
    ]
    said = (
        "add a task for Indira to find the policy number; "
        "we can't renew the car insurance until she has"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Indira", "title": "find the policy number"}),
        ("task.add_dependency", {"blocker": {"result_of": 0}, "task": "renew the car insurance"}),
    ]


def test_a_doing_word_after_a_title_is_no_task() -> None:
    assert known_task("the nets booking", CONTEXT) == "nets"
    assert known_task("weed the herb garden digging", CONTEXT) is None


def test_words_heard_in_pieces() -> None:
    assert rehear("add a project called loft ex tension") == "add a project called loft extension"
    said = rehear("set the gym member ship do date to the fifth of feb you airy")
    assert said == "set the gym membership due date to the fifth of February"


def test_a_gift_said_with_whose_it_is_then_who_sees_to_it() -> None:
    said = "put down wrap Auntie Rose's birthday present for Segun, due Saturday"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "wrap Auntie Rose's birthday present",
                "assignee": "Segun",
                "due": "Saturday",
            },
        )
    ]
    # a gift with nobody's name in it: "for" says who gets it
    assert read_after("add buy a birthday card for Segun", CONTEXT) == [
        ("task.create", {"title": "buy a birthday card for Segun"})
    ]


def test_someone_offered_and_someone_better_at_it() -> None:
    assert read_after("Pawel's offered to do the oven, put him down for it", CONTEXT) == [
        ("task.assign", {"assignee": "Pawel", "task": "oven"})
    ]
    said = "actually Indira's better at that kind of thing, give it to her instead"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Indira"})
    ]


def test_a_reminder_with_no_words_of_its_own_is_of_the_new_task() -> None:
    said = (
        "add a task to book the hall, give it to Segun, due Friday, and remind me Thursday at 9am"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "book the hall", "assignee": "Segun", "due": "Friday"}),
        (
            "reminder.create",
            {"task": {"result_of": 0}, "text": "book the hall", "when": "Thursday at 9am"},
        ),
    ]
    # with no new task, what to be reminded of is unsaid
    assert is_left_to_the_llm("remind me Thursday at 9am", CONTEXT)


def test_what_someone_needs_to_do() -> None:
    assert read_after("what do I need to do tomorrow", CONTEXT) == [
        ("query.tasks", {"assignee": "me", "filter": "tomorrow"})
    ]
    assert read_after("what does Pawel need to do", CONTEXT) == [
        ("query.tasks", {"assignee": "Pawel"})
    ]
    assert read_after("what's next on my list?", CONTEXT) == [("query.tasks", {"assignee": "me"})]
    assert read_after("has anything gone overdue?", CONTEXT) == [
        ("query.tasks", {"filter": "overdue"})
    ]
    assert read_after("what's Indira already finished?", CONTEXT) == [
        ("query.tasks", {"filter": "done", "assignee": "Indira"})
    ]
    # a question about a list's urgency is a question, never a change
    assert read_after("is the herb garden stuff urgent?", CONTEXT) == [
        ("query.tasks", {"project": "herb garden"})
    ]


def test_a_day_would_be_better_and_sometime_before() -> None:
    made = Action("task.create", {"title": "mend the shed roof", "due": "Saturday"})
    assert read_after("actually, Monday would be better", CONTEXT, made) == [
        ("task.set_due", {"task": {"context": "task"}, "due": "Monday"})
    ]
    # with no deadline just set, a time said alone is the model's
    assert is_left_to_the_llm("actually, Monday would be better", CONTEXT)
    said = (
        "stick a task on for Segun, sweep the yard, low priority, "
        "sometime before the end of the month"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "assignee": "Segun",
                "title": "sweep the yard",
                "priority": "low",
                "due": "the end of the month",
            },
        )
    ]


def test_steps_said_with_the_list_and_in_a_count() -> None:
    assert read_after("the car insurance needs the forms and the photos sorting", CONTEXT) == [
        ("task.add_subtasks", {"task": "car insurance", "titles": ["the forms", "the photos"]})
    ]
    said = "split weed the herb garden into two: pull the nettles, and rake the beds"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "weed the herb garden", "titles": ["pull the nettles", "rake the beds"]},
        )
    ]
    assert read_after("do the back gate before the attic", CONTEXT) == [
        ("task.add_dependency", {"blocker": "back gate", "task": "attic"})
    ]


def test_someone_else_and_a_new_timer() -> None:
    given = Action("task.assign", {"task": "oven", "assignee": "Pawel"})
    assert read_after("actually, make that Indira, Pawel's away", CONTEXT, given) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Indira"})
    ]
    assert read_after("could Maeve Doyle take over the back gate instead of me?", CONTEXT) == [
        ("task.assign", {"assignee": "Maeve Doyle", "task": "back gate"})
    ]
    assert read_after(
        "cancel the rice timer, then start a new rice timer for ten minutes", CONTEXT
    ) == [
        ("timer.cancel", {"label": "rice"}),
        ("timer.start", {"label": "rice", "duration": "ten minutes"}),
    ]
    assert read_after("give me a three and a half minute timer for the tea", CONTEXT) == [
        ("timer.start", {"duration": "three and a half minute", "label": "tea"})
    ]


def test_an_undo_said_with_its_reason_and_a_wrong_one() -> None:
    assert read_after("scrap that, undo", CONTEXT) == [("undo", {})]
    assert read_after("no, undo that, it's not finished", CONTEXT) == [("undo", {})]
    assert read_after("oops, wrong one, reopen that and tick off the oven instead", CONTEXT) == [
        ("task.reopen", {"task": {"context": "task"}}),
        ("task.complete", {"task": "oven"}),
    ]


def test_at_last_and_while_im_there_are_no_part_of_a_name() -> None:
    assert read_after("I've done the back gate at last, you can tick that off", CONTEXT) == [
        ("task.complete", {"task": "back gate"})
    ]
    said = "put a task on for me to fix Auntie Rose's fence while I'm there, Sunday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "fix Auntie Rose's fence", "due": "Sunday"})
    ]


def test_in_days_time() -> None:
    assert read_after("in three days' time, remind me to ring the garage", CONTEXT) == [
        ("reminder.create", {"when": "in three days' time", "text": "ring the garage"})
    ]


def test_lengths_said_with_time_after_and_a_half_before_the_unit() -> None:
    from datetime import timedelta

    from services.config import Dates
    from services.nlu.timeparse import resolve_duration, resolve_when

    now = CONTEXT.now
    assert resolve_when("in three days' time", now, Dates()) == now + timedelta(days=3)
    assert resolve_when("in a week's time", now, Dates()) == now + timedelta(days=7)
    assert resolve_duration("two and a half minute") == timedelta(minutes=2, seconds=30)
    assert resolve_duration("half a minute") == timedelta(seconds=30)


def test_a_tasks_priority_said_after_it_and_heard_as_sat_and_two() -> None:
    assert read_after("set the oven priority to high", CONTEXT) == [
        ("task.set_priority", {"task": "oven", "priority": "high"})
    ]
    assert read_after("sat the car insurance priority two urgent", CONTEXT) == [
        ("task.set_priority", {"task": "car insurance", "priority": "urgent"})
    ]


def test_put_a_title_on_for_someone_and_a_step_under_it() -> None:
    said = (
        "can you put 'order the nets' on for Maeve Doyle, due Friday, "
        "and also how many tasks has Segun got?"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "order the nets", "assignee": "Maeve Doyle", "due": "Friday"}),
        ("query.count", {"assignee": "Segun"}),
    ]
    said = "make the car insurance high, and I need a subtask under it: find the old policy"
    assert read_after(said, CONTEXT) == [
        ("task.set_priority", {"task": "car insurance", "priority": "high"}),
        ("task.add_subtasks", {"task": {"result_of": 0}, "titles": ["find the old policy"]}),
    ]


def test_why_said_after_a_list_cleared_or_a_task_reopened() -> None:
    assert read_after(
        "clear out the whole herb garden list, we've paved the herb garden over", CONTEXT
    ) == [("task.delete_all", {"project": "herb garden"})]
    assert read_after(
        "reopen the back gate please, turns out the latch is still broken", CONTEXT
    ) == [("task.reopen", {"task": "back gate"})]
    assert read_after("make it low, it can wait till the spring", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "low"})
    ]


def test_a_shopping_list_and_the_same_wait_said_twice() -> None:
    shopping = replace(CONTEXT, projects=(*CONTEXT.projects, "shopping"))
    assert read_after("we need more bin bags, stick them on the shopping", shopping) == [
        ("task.create", {"title": "bin bags", "project": "shopping"})
    ]
    assert read_after("is there anything on the shopping list?", shopping) == [
        ("query.tasks", {"project": "shopping"})
    ]
    # "the big one" says which oat milk: no second thing to buy
    assert is_left_to_the_llm("add oat milk, the big one, to shopping", shopping)
    said = (
        "we can't weed the herb garden until the new gloves are here, so add order the new "
        "gloves for Pawel and hold the herb garden up on that"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "order the new gloves", "assignee": "Pawel"}),
        ("task.add_dependency", {"blocker": {"result_of": 0}, "task": "herb garden"}),
    ]
    said = "do the oven first, then the back gate, I only want the ladder out once"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"blocker": "oven", "task": "back gate"})
    ]


def test_a_name_said_whole_is_not_heard_again_inside_itself() -> None:
    from services.nlu.sounds import heard_names

    party = replace(CONTEXT, tasks=("send the ruby anniversary invites", *CONTEXT.tasks))
    said = "I've sent the ruby anniversary invites, tick that off"
    assert heard_names(said, party) == said
    assert read_after(said + ".", party) == [
        ("task.complete", {"task": "ruby anniversary invites"})
    ]


def test_why_said_after_changes_of_this_round() -> None:
    cases = [
        ("I've finished the back gate, it all went off this morning", "task.complete"),
        ("reopen the back gate, a couple of them have started rattling", "task.reopen"),
        ("bump the oven up to high, we've got people coming next weekend", "task.set_priority"),
        ("make the oven urgent, Segun's coming Thursday to help", "task.set_priority"),
        ("knock the oven down to low, Auntie Rose has postponed the party", "task.set_priority"),
        ("the attic's waiting on the oven, don't ask, just make it wait", "task.add_dependency"),
        ("the attic's due on the fifteenth now, not whenever it was before", "task.set_due"),
    ]
    for said, kind in cases:
        assert [action for action, _ in read_after(said, CONTEXT)] == [kind], said
    said = "Pawel's done his back in, hand all his jobs to Indira for now"
    assert read_after(said, CONTEXT) == [
        ("task.reassign_all", {"source": "Pawel", "assignee": "Indira"})
    ]
    said = "reopen the oven one, the booking fell through, and put it back on Segun"
    assert [action for action, _ in read_after(said, CONTEXT)] == ["task.reopen", "task.assign"]


def test_questions_and_words_heard_this_round() -> None:
    assert read_after("how many of the herb garden ones are done?", CONTEXT) == [
        ("query.count", {"project": "herb garden", "filter": "done"})
    ]
    assert read_after("how many tasks does maeve doyle half", CONTEXT) == [
        ("query.count", {"assignee": "Maeve Doyle"})
    ]
    assert read_after("ok I'm cracking on with the oven now", CONTEXT) == [
        ("task.start", {"task": "oven"})
    ]
    assert read_after("remind me in twenty minutes too take the bread out", CONTEXT) == [
        ("reminder.create", {"when": "in twenty minutes", "text": "take the bread out"})
    ]
    assert rehear("clean the bar be cue and buy char coal") == "clean the barbecue and buy charcoal"
    assert rehear("new project called wild life pond") == "new project called wildlife pond"


def test_a_second_new_task_after_the_details_of_the_first() -> None:
    said = (
        "add buy bunting to the herb garden list for Segun, due end of the month, "
        "and order the cake for Auntie Rose by the twentieth"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "buy bunting",
                "project": "herb garden",
                "assignee": "Segun",
                "due": "end of the month",
            },
        ),
        (
            "task.create",
            {"title": "order the cake", "due": "the twentieth", "assignee": "Auntie Rose"},
        ),
    ]
    # "and do it by Saturday" is no second task
    assert is_left_to_the_llm(
        "add buy sandpaper to the herb garden list and do it by saturday", CONTEXT
    )
    assert read_after("tic off the oven", CONTEXT) == [("task.complete", {"task": "oven"})]


def test_new_tasks_said_the_ways_of_the_last_round() -> None:
    said = "add tasks for Segun to mow the lawn on Sunday and for Pawel to fix the gate by Friday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Segun", "title": "mow the lawn", "due": "Sunday"}),
        ("task.create", {"assignee": "Pawel", "title": "fix the gate", "due": "Friday"}),
    ]
    said = (
        "book a call with Pawel on Thursday at ten, "
        "and put a task on my list to draw up the plans by Wednesday"
    )
    assert read_after(said, CONTEXT)[1] == (
        "task.create",
        {"assignee": "me", "title": "draw up the plans", "due": "Wednesday"},
    )
    assert read_after(
        "put one more on the cricket club list: sort out the teas, for Indira", CONTEXT
    ) == [
        (
            "task.create",
            {"project": "cricket club", "title": "sort out the teas", "assignee": "Indira"},
        )
    ]
    said = (
        "put cleaning the nets on the cricket club list for Segun by the twelfth, "
        "and another one on the same list for me, order new stumps"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "clean the nets",
                "project": "cricket club",
                "assignee": "Segun",
                "due": "the twelfth",
            },
        ),
        ("task.create", {"project": "cricket club", "assignee": "me", "title": "order new stumps"}),
    ]


def test_a_priority_put_right_and_a_drop_said_without_down() -> None:
    given = Action("task.set_priority", {"task": "oven", "priority": "high"})
    assert read_after("hmm, actually, urgent", CONTEXT, given) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})
    ]
    assert read_after("the cricket nets can drop to low priority", CONTEXT) == [
        ("task.set_priority", {"task": "cricket nets", "priority": "low"})
    ]


def test_a_name_heard_in_pieces_with_a_doing_in_it() -> None:
    rowing = replace(CONTEXT, tasks=("fix the rowing boat", *CONTEXT.tasks))
    assert read_after("make the row in boat one urgent", rowing) == [
        ("task.set_priority", {"task": "rowing boat", "priority": "urgent"})
    ]


def test_the_same_reminder_for_someone_else_and_the_ones_of_a_list() -> None:
    reminded = Action("reminder.create", {"text": "put the bins out", "when": "today at 8pm"})
    assert read_after("and remind Segun as well, same time", CONTEXT, reminded) == [
        ("reminder.create", {"text": "put the bins out", "when": "today at 8pm", "person": "Segun"})
    ]
    asked = Action("query.tasks", {"filter": "this_week", "project": "herb garden"})
    assert read_after("and the cricket club ones?", CONTEXT, asked) == [
        ("query.tasks", {"filter": "this_week", "project": "cricket club"})
    ]


def test_steps_said_as_things_i_have_got_to_do() -> None:
    said = "for the car insurance I've got two things to do: find the policy, and ring the broker"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "car insurance", "titles": ["find the policy", "ring the broker"]},
        )
    ]
