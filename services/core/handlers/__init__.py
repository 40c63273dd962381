"""Action handlers by domain; importing this package registers them in actions.HANDLERS."""

from services.core.handlers import queries, schedule, tasks

__all__ = ["queries", "schedule", "tasks"]
