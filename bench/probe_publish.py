#!/usr/bin/env python3
"""Publish one new practice through the portal's own operations, the way a publisher's
request does, and print timestamps (JSON lines on standard output):

    .venv/bin/python bench/probe_publish.py EMAIL UNIQUEWORD

1. create_practice (as EMAIL, who holds the practitioner and secretariat roles) and
   publish_practice, which append the search update to the change log, in one transaction;
2. commit -> {"event": "committed", "t": <unix time>};
3. portal.search.sync.follow_all(), what the worker's next turn does (portal/worker/)
   -> {"event": "applied", "t": ..., "applied": <entries>}.
run_search_bench.py polls /api/v1/practices?q=UNIQUEWORD over HTTP meanwhile.
"""
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def emit(event, **data):
    print(json.dumps({"event": event, "t": time.time(), **data}), flush=True)


def main():
    email, word = sys.argv[1], sys.argv[2]
    from sqlalchemy import select

    from models.cities import City
    from portal.auth.operations import find_user_by_email
    from portal.extensions import db
    from portal.practices import operations
    from portal.search import sync
    from wsgi import app

    with app.test_request_context(base_url=app.config["BASE_URL"]):
        # Be a warm worker: jieba's dictionary loaded and the index opened once, as in a
        # gunicorn worker that has served searches (else ~1 s of loading counts as freshness).
        import jieba
        jieba.initialize()
        from portal.search import service
        service.searcher().search("library", with_facets=False)
        user = find_user_by_email(email)
        city = db.session.scalar(select(City).order_by(City.id).limit(1))
        emit("ready")
        practice = operations.create_practice({
            "title": f"Freshness probe {word}",
            "summary": f"A practice published by the benchmark to time how soon {word} is searchable, "
                       "from the moment its publication is committed to the first search that finds it.",
            "body": f"The word {word} occurs only in this practice.",
            # The sections a published practice needs (portal/practices/schema.py).
            "need": "The benchmark needs a new practice to measure how fresh the search index stays.",
            "activities": "The benchmark created this practice through the portal's own operations and "
                          "published it, as a publisher's request does, then searched for its word.",
            "results": "The benchmark recorded when the practice was first found by a search over HTTP.",
            "language": "en", "city": city, "commitments": [1], "start_year": 2024,
        }, actor=user)
        operations.publish_practice(practice, actor=user)
        db.session.commit()
        emit("committed", practice_id=practice.id)
        applied = sync.follow_all()
        emit("applied", applied=applied)


if __name__ == "__main__":
    main()
