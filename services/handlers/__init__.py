"""Action handlers by domain; importing this package registers them in services.actions.HANDLERS."""

from services.handlers import queries, schedule, tasks

__all__ = ["queries", "schedule", "tasks"]
