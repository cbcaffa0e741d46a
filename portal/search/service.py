"""The process's searcher (one per worker, refreshed as the index changes).

gunicorn's workers are threaded (gunicorn.conf.py) and the searcher's caches are not made for
several threads at once, so its calls are taken one at a time in a process (searching is
CPU-bound: threads would not run it faster anyway)."""
import threading

from flask import current_app

from search_index import engine_internals
from search_index.searcher import Searcher


def init_app(app):
    """At start-up: stop with a clear error if the installed Whoosh-Reloaded or jieba is not
    the version the search adapter was written for (search_index/engine_internals.py)."""
    engine_internals.check_engine()


class _OneAtATime:
    """Wraps an object so that its methods are called under one lock."""

    def __init__(self, inner):
        self._inner = inner
        self._lock = threading.RLock()

    def __getattr__(self, name):
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            with self._lock:
                return attribute(*args, **kwargs)
        return call


_opening = threading.Lock()


def searcher():
    holder = current_app.extensions.setdefault("portal_search", {})
    root = current_app.config["SEARCH_INDEX_DIR"]
    with _opening:
        if holder.get("root") != root:
            holder["root"], holder["searcher"] = root, _OneAtATime(Searcher(
                root, cache_bytes=current_app.config["SEARCH_CACHE_MB"] * 1024 * 1024))
        return holder["searcher"]
