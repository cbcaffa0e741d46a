"""What the worker does, and how often. Each task is a function called in an application
context that returns how much work it did (a number); a task that did some is called again
at once, so a backlog is worked off without waiting for the next turn."""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Task:
    name: str
    every: float                  # seconds between two runs when there is nothing to do
    run: Callable[[], int]


def _follow_search_log():
    from portal.search import sync
    return sync.follow_or_rebuild()


def _deliver_mail():
    from portal import mail
    return mail.deliver_pending()


def _run_scheduled_jobs():
    from portal.worker import schedule
    return schedule.run_due_jobs()


TASKS = (
    Task("search index", 0.1, _follow_search_log),
    Task("mail", 2.0, _deliver_mail),
    Task("scheduled jobs", 30.0, _run_scheduled_jobs),   # digests, reminders, purges (schedule.py)
)
