"""Rendered HTML of the heavy, shared part of a page, kept in each process: the most recently
used few, each for at most `max_age` seconds, and only while `fingerprint()` (a cheap reading
of what the HTML is made of) gives what it gave when the HTML was made. `key` must name
everything else the HTML depends on (the page, its choices, the reader's language); a part that
depends on who reads it never goes in here. Each application (one per process in production,
many in the tests) keeps its own."""
import threading
import time
import uuid
from collections import OrderedDict

from flask import current_app


class Fragments:
    def __init__(self, *, fingerprint=lambda: None, max_age=60.0, entries=64):
        self.fingerprint, self.max_age, self.entries = fingerprint, max_age, entries
        self._kept = OrderedDict()   # key -> (fingerprint, made at, html)
        self._lock = threading.Lock()

    def rendered(self, key, render):
        """`render()` (HTML), or what it gave for `key` if still good."""
        key = (current_app.extensions.setdefault("fragments_scope", uuid.uuid4().hex), key)
        now, moment = self.fingerprint(), time.monotonic()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == now and moment - found[1] < self.max_age:
                self._kept.move_to_end(key)
                return found[2]
        html = render()
        with self._lock:
            self._kept[key] = (now, moment, html)
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return html

    def clear(self):
        with self._lock:
            self._kept.clear()
