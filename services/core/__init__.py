"""The core: a Command in, changes to the store and a reply out.

- assistant.py  ``Parley``: text in, Outcome out (parser, executor, conversation, log)
- executor.py   runs a Command atomically: dependency order, confirmation, undo journal
- actions.py    the action registry and the context handlers run in
- handlers/     one module per family of actions (tasks, schedule, queries)
- resolve.py    fuzzy resolution of spoken references to people, projects and tasks
- index.py      the open-task index the resolver searches
- jobs.py       the job queue: several commands in flight, priorities, cancel
- scheduler.py  fires reminders, timers and meeting alerts
- wording.py    times, dates and lists said the way a person says them, for replies
"""
