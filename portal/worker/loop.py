"""Running the worker's tasks (tasks.py) until told to stop. A task that fails is logged and
tried again at its next turn; it never stops the others. Each task runs in a thread of its own
(with its own application context and database session), so that a slow turn of one (a batch
of mail to an SMTP server, a digest) never holds back another (the search index follows the
change log within a fraction of a second whatever the mail is doing)."""
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

    def _run_task_until_stopped(self, task):
        while not self.stopping.is_set():
            wait = self._due[task.name] - time.monotonic()
            if wait > 0:
                self.stopping.wait(min(wait, TICK * 20))
                continue
            did = self._run(task)
            self._due[task.name] = time.monotonic() + (0 if did else task.every)

    def run(self):
        """Run every task, each in its own thread, until `stop()`; returns when all have stopped."""
        threads = [threading.Thread(target=self._run_task_until_stopped, args=(task,),
                                    name=f"portal-worker {task.name}", daemon=True) for task in self.tasks]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(TICK)

    def stop(self):
        self.stopping.set()

    def in_thread(self):
        """Start the loop in a daemon thread (the development server and the browser tests
        run the worker beside them); returns the thread."""
        thread = threading.Thread(target=self.run, name="portal-worker", daemon=True)
        thread.start()
        return thread
