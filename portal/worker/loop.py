"""Running the worker's tasks (tasks.py) until told to stop. A task that fails is logged and
tried again at its next turn; it never stops the others."""
import logging
import threading
import time

from portal.extensions import db
from portal.worker.tasks import TASKS

log = logging.getLogger(__name__)
TICK = 0.05   # how long the loop sleeps when no task is due


class Worker:
    def __init__(self, app, tasks=TASKS):
        self.app, self.tasks = app, tasks
        self.stopping = threading.Event()
        self._due = {task.name: 0.0 for task in tasks}

    def run_once(self):
        """Run every task that is due; returns the work done."""
        done = 0
        for task in self.tasks:
            if time.monotonic() < self._due[task.name]:
                continue
            did = self._run(task)
            done += did
            self._due[task.name] = time.monotonic() + (0 if did else task.every)
        return done

    def _run(self, task):
        with self.app.app_context():
            try:
                return task.run() or 0
            except Exception:
                log.exception("worker task %r failed; it will be tried again", task.name)
                db.session.rollback()
                return 0
            finally:
                db.session.remove()

    def run(self):
        while not self.stopping.is_set():
            if not self.run_once():
                self.stopping.wait(TICK)

    def stop(self):
        self.stopping.set()

    def in_thread(self):
        """Start the loop in a daemon thread (the development server and the browser tests
        run the worker beside them); returns the thread."""
        thread = threading.Thread(target=self.run, name="portal-worker", daemon=True)
        thread.start()
        return thread
