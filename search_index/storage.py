"""Where the index lives. SEARCH_INDEX_DIR holds generations (`gen-<stamp>/`) and a file
`CURRENT` naming the live one, so a rebuild is written aside and swapped in at once; every
process notices the swap on its next search (reading CURRENT costs microseconds)."""
import fcntl
import os
import shutil
import time
from contextlib import contextmanager

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

from search_index import engine_internals
from search_index.schema import build_schema

CURRENT = "CURRENT"
REBUILD_LOCK = "REBUILD.lock"


class RebuildRunning(Exception):
    """Another rebuild of this index folder is running."""


def generation_path(root, generation):
    return os.path.join(root, generation)


def current_generation(root):
    try:
        with open(os.path.join(root, CURRENT), encoding="ascii") as handle:
            return handle.read().strip() or None
    except FileNotFoundError:
        return None


def _storage(path):
    # Without mmap a worker keeps ~30 MB instead of copying the index into memory, and a
    # searcher opens in milliseconds (see ../shared/notes/whoosh-performance.md).
    return FileStorage(path, supports_mmap=False)


def open_index(root):
    """(generation, index) of the live index, creating an empty one the first time. Stops
    with EngineVersionError on a Whoosh or jieba the adapter was not written for (checked once
    per process), so no process writes or searches with an engine it does not know."""
    engine_internals.ensure_engine()
    generation = current_generation(root)
    if generation is None:
        generation = new_generation(root)
        swap_in(root, generation)
    try:
        return generation, _storage(os.path.join(root, generation)).open_index()
    except EmptyIndexError:
        return generation, _storage(os.path.join(root, generation)).create_index(build_schema())


def new_generation(root):
    """Create an empty index in a fresh directory; returns its name."""
    os.makedirs(root, exist_ok=True)
    generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = os.path.join(root, generation)
    os.makedirs(path)
    _storage(path).create_index(build_schema())
    return generation


def index_at(root, generation):
    return _storage(os.path.join(root, generation)).open_index()


def swap_in(root, generation):
    """Make `generation` the live index (atomically). The generation it replaces stays one
    round, for searches already running on it; older ones are removed."""
    previous = current_generation(root)
    temporary = os.path.join(root, CURRENT + ".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(generation)
    os.replace(temporary, os.path.join(root, CURRENT))
    for name in os.listdir(root):
        if name.startswith("gen-") and name not in (generation, previous):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)


@contextmanager
def rebuilding(root):
    """Held while a rebuild runs, so that two rebuilds of one folder never overlap (incremental
    writers do not wait for it: they go on writing to the live generation)."""
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, REBUILD_LOCK), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RebuildRunning(f"a rebuild of {root} is already running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def discard(root, generation):
    """Remove a generation that was never swapped in (a failed rebuild)."""
    if generation != current_generation(root):
        shutil.rmtree(os.path.join(root, generation), ignore_errors=True)
