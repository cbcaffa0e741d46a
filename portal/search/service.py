"""The process's searcher (one per worker, refreshed as the index changes)."""
from flask import current_app

from search_index.searcher import Searcher


def searcher():
    holder = current_app.extensions.setdefault("portal_search", {})
    root = current_app.config["SEARCH_INDEX_DIR"]
    if holder.get("root") != root:
        holder["root"], holder["searcher"] = root, Searcher(
            root, cache_bytes=current_app.config["SEARCH_CACHE_MB"] * 1024 * 1024)
    return holder["searcher"]
