"""Handlers for tasks and projects."""

from __future__ import annotations

from typing import Any

from services.core import wording as speech
from services.core.actions import OPEN, Result, Step, handles, parse_priority
from services.errors import ExecutionError
from services.nlu.text import clean_name


def _describe(step: Step, task: dict[str, Any]) -> list[str]:
    parts = []
    if task.get("assignee"):
        parts.append(f"for {task['assignee']}")
    if task.get("due"):
        from datetime import datetime

        parts.append(f"due {step.said(datetime.fromisoformat(task['due']))}")
    if task.get("priority") not in (None, "medium"):
        parts.append(f"{task['priority']} priority")
    return parts


@handles("task.create")
def create(step: Step, params: dict[str, Any]) -> Result:
    title = str(params["title"]).strip()
    if not title:
        raise ExecutionError("The task needs a title.")
    doc: dict[str, Any] = {
        "title": title,
        "notes": params.get("notes") or "",
        "project": None,
        "assignee": None,
        "priority": parse_priority(params["priority"]) if params.get("priority") else "medium",
        "status": "todo",
        "due": None,
        "completed_at": None,
        "parent_id": None,
        "depends_on": [],
        "tags": [str(tag).strip().lower() for tag in params.get("tags") or []],
        **step.wording(),
    }
    new_project = False
    people = []
    if params.get("project"):
        project, new_project = step.project(params["project"], create=True)
        doc["project"] = project["name"]
    if params.get("assignee"):
        person = step.person(params["assignee"])
        doc["assignee"] = person["name"]
        people.append(person["id"])
    if params.get("due"):
        doc["due"] = step.when(params["due"]).isoformat()
    if params.get("parent"):
        doc["parent_id"] = step.task(params["parent"])["id"]
    task = step.tx.insert("tasks", step.stamp(doc))
    where = ""
    if task["project"]:
        where = f" to the {'new ' if new_project else ''}{task['project']} list"
    extra = _describe(step, task)
    sentence = f"Added {title}{where}" + (", " + ", ".join(extra) if extra else "") + "."
    return Result(sentence, "task", task["id"], {"task": task}, people)


def _set_status(step: Step, params: dict[str, Any], status: str, verb: str) -> Result:
    states = {"done": OPEN, "in_progress": ("todo",), "todo": ("done", "cancelled")}.get(
        status, OPEN
    )
    task = step.task(params["task"], states=states)
    if task["status"] == status:
        return Result(f"{task['title']} is already {verb}.", "task", task["id"], {"task": task})
    completed = step.now.isoformat() if status == "done" else None
    task = step.update_task(task, status=status, completed_at=completed)
    return Result(
        f"{speech.capitalise(task['title'])} is {verb}.", "task", task["id"], {"task": task}
    )


@handles("task.complete")
def complete(step: Step, params: dict[str, Any]) -> Result:
    return _set_status(step, params, "done", "done")


@handles("task.start")
def start(step: Step, params: dict[str, Any]) -> Result:
    return _set_status(step, params, "in_progress", "in progress")


@handles("task.reopen")
def reopen(step: Step, params: dict[str, Any]) -> Result:
    return _set_status(step, params, "todo", "open again")


@handles("task.cancel")
def cancel(step: Step, params: dict[str, Any]) -> Result:
    return _set_status(step, params, "cancelled", "cancelled")


@handles("task.delete")
def delete(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"], states=(*OPEN, "done", "cancelled"))
    for other in step.tx.search("tasks", lambda t: task["id"] in t.get("depends_on", ())):
        remaining = [tid for tid in other["depends_on"] if tid != task["id"]]
        step.update_task(other, depends_on=remaining)
    step.tx.delete("tasks", task["id"])
    return Result(f"Deleted {task['title']}.", None, None, {"task": task})


@handles("task.rename")
def rename(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"])
    title = str(params["title"]).strip()
    if not title:
        raise ExecutionError("The new name is empty.")
    old = task["title"]
    heard = {"heard": step.source == "voice"} if task.get("heard") else step.wording()
    task = step.update_task(task, title=title, **heard)
    return Result(f"Renamed {old} to {title}.", "task", task["id"], {"task": task})


@handles("task.set_due")
def set_due(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"])
    due = step.when(params["due"])
    task = step.update_task(task, due=due.isoformat())
    sentence = f"{speech.capitalise(task['title'])} is now due {step.said(due)}."
    return Result(sentence, "task", task["id"], {"task": task})


@handles("task.set_priority")
def set_priority(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"])
    task = step.update_task(task, priority=parse_priority(params["priority"]))
    sentence = f"{speech.capitalise(task['title'])} is now {task['priority']} priority."
    return Result(sentence, "task", task["id"], {"task": task})


@handles("task.assign")
def assign(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"])
    person = step.person(params["assignee"])
    task = step.update_task(task, assignee=person["name"])
    sentence = f"{speech.capitalise(task['title'])} is assigned to {person['name']}."
    return Result(sentence, "task", task["id"], {"task": task}, [person["id"]])


def _blocks(step: Step, start_id: str, target_id: str) -> bool:
    """Return whether ``start_id`` already (transitively) waits for ``target_id``."""
    seen, todo = set(), [start_id]
    while todo:
        current = step.tx.get("tasks", todo.pop())
        if current is None or current["id"] in seen:
            continue
        seen.add(current["id"])
        if target_id in current.get("depends_on", []):
            return True
        todo.extend(current.get("depends_on", []))
    return False


@handles("task.add_dependency")
def add_dependency(step: Step, params: dict[str, Any]) -> Result:
    task = step.task(params["task"])
    blocker = step.task(params["blocker"])
    if task["id"] == blocker["id"]:
        raise ExecutionError("A task cannot block itself.")
    if _blocks(step, blocker["id"], task["id"]):
        raise ExecutionError(
            f"{blocker['title']} already waits for {task['title']}, so that would be a loop."
        )
    depends = list(dict.fromkeys([*task.get("depends_on", []), blocker["id"]]))
    task = step.update_task(task, depends_on=depends)
    sentence = f"{speech.capitalise(blocker['title'])} now blocks {task['title']}."
    # "it" stays on the subject: the side said as "it" or "that" when only one is ("it can't
    # happen until the scaffolders are booked" ... "give it to Kenji": the task), else the
    # blocker ("make testing block the launch": it = testing; "add X and make it block Y")
    said_again = is_reference(params["task"]) and not is_reference(params["blocker"])
    subject = task if said_again else blocker
    return Result(sentence, "task", subject["id"], {"task": task, "blocker": blocker["id"]})


def is_reference(ref: Any) -> bool:
    """Whether a task is referred to ("it", "that", a task made earlier in the command), not
    named."""
    return isinstance(ref, dict) and ("context" in ref or "result_of" in ref)


@handles("task.add_subtasks")
def add_subtasks(step: Step, params: dict[str, Any]) -> Result:
    parent = step.task(params["task"])
    titles = [str(t).strip() for t in params.get("titles") or [] if str(t).strip()]
    if not titles:
        raise ExecutionError("I didn't catch the subtasks.")
    created = []
    for title in titles:
        doc = {
            "title": title,
            "notes": "",
            "project": parent.get("project"),
            "assignee": parent.get("assignee"),
            "priority": parent.get("priority", "medium"),
            "status": "todo",
            "due": None,
            "completed_at": None,
            "parent_id": parent["id"],
            "depends_on": [],
            "tags": [],
            **step.wording(),
        }
        created.append(step.tx.insert("tasks", step.stamp(doc)))
    sentence = f"Added {speech.count(len(created), 'subtask')} to {parent['title']}: "
    sentence += speech.join(titles) + "."
    return Result(sentence, "task", parent["id"], {"subtasks": [t["id"] for t in created]})


def _tasks_in(step: Step, project: Any) -> tuple[list[dict[str, Any]], str]:
    tasks = step.tx.search("tasks", lambda t: t["status"] in OPEN)
    if not project:
        return tasks, "all open tasks"
    found, _ = step.project(project)
    return [t for t in tasks if t.get("project") == found["name"]], f"the {found['name']} list"


@handles("task.delete_all")
def delete_all(step: Step, params: dict[str, Any]) -> Result:
    tasks, where = _tasks_in(step, params.get("project"))
    for task in tasks:
        step.tx.delete("tasks", task["id"])
    gone = {task["id"] for task in tasks}
    waiting = step.tx.search("tasks", lambda t: bool(gone.intersection(t["depends_on"])))
    for other in waiting:
        step.update_task(other, depends_on=[d for d in other["depends_on"] if d not in gone])
    return Result(
        f"Deleted {speech.count(len(tasks), 'task')} from {where}.",
        data={"deleted": sorted(gone)},
    )


@handles("task.reassign_all")
def reassign_all(step: Step, params: dict[str, Any]) -> Result:
    source = step.person(params["source"])
    target = step.person(params["assignee"])
    theirs = step.tx.search(
        "tasks", lambda t: t["status"] in OPEN and t.get("assignee") == source["name"]
    )
    moved = [step.update_task(task, assignee=target["name"]) for task in theirs]
    sentence = (
        f"Moved {speech.count(len(moved), 'open task')} from {source['name']} to {target['name']}."
    )
    return Result(sentence, "person", target["id"], {"moved": [t["id"] for t in moved]})


@handles("project.create")
def create_project(step: Step, params: dict[str, Any]) -> Result:
    name = clean_name(str(params["name"]))
    if not name:
        raise ExecutionError("The project needs a name.")
    for project in step.tx.all("projects"):
        if project["name"].lower() == name.lower():
            raise ExecutionError(f"There is already a project called {project['name']}.")
    project = step.tx.insert("projects", step.stamp({"name": name}))
    return Result(f"Created the {name} project.", "project", project["id"], {"project": project})
