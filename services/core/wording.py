"""Words for replies: times, dates, durations and lists said the way a person says them."""

from __future__ import annotations

from datetime import datetime, timedelta


def ordinal(day: int) -> str:
    """Return 1st, 2nd, 3rd, 11th, 21st."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def clock_time(moment: datetime) -> str:
    """Return "9 AM", "5:30 PM", "noon", "midnight"."""
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour} {half}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {half}"


def day(moment: datetime, now: datetime) -> str:
    """Return "today", "tomorrow", "Friday", or "December 3rd" relative to ``now``."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if 1 < days < 7:
        return moment.strftime("%A")
    text = f"{moment.strftime('%B')} {ordinal(moment.day)}"
    return text if moment.year == now.year else f"{text} {moment.year}"


def when(moment: datetime, now: datetime) -> str:
    """Return "tomorrow at 9 AM"."""
    return f"{day(moment, now)} at {clock_time(moment)}"


def duration(span: timedelta) -> str:
    """Return "20 minutes", "1 hour and 30 minutes", "45 seconds"."""
    total = max(round(span.total_seconds()), 0)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if seconds and not hours:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return join(parts) if parts else "no time"


def join(items: list[str], limit: int = 5) -> str:
    """Return "a, b and c"; past ``limit`` items, "a, b, c and 4 more"."""
    if len(items) > limit:
        shown = items[:limit]
        return ", ".join(shown) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def count(number: int, noun: str) -> str:
    """Return "1 task", "3 tasks", "no tasks"."""
    if number == 0:
        return f"no {noun}s"
    return f"{number} {noun}{'' if number == 1 else 's'}"


def capitalise(sentence: str) -> str:
    """Upper-case the first letter only (titles keep their case)."""
    return sentence[:1].upper() + sentence[1:]
