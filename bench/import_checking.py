"""How long the import takes to check a file of practices, and to write it.

    .venv/bin/python bench/generate_corpus.py 3000 /tmp/bench/corpus-3000.jsonl
    .venv/bin/python bench/import_checking.py /tmp/bench/corpus-3000.jsonl [--runs 3]

Builds a throwaway SQLite database (migrations, reference data), then times, `--runs` times,
the check of every line (`importing.read_lines` and `check_line`: the JSON, the keys and the
practice's schema, as `flask practices-import` does before it writes anything), and once the
whole import (check, write, audit, versions; search updates queued, not applied). Prints
the median check time per file and per line, and the import's time. Works on any commit
whose import has `check_line(item, countries, key_features)` (`_check_line` before issue 12:
rename it in a copy of this script to compare two versions)."""
import argparse
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a JSON Lines file in the import format")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from flask_migrate import upgrade
    from sqlalchemy import select

    from models.cities import MemberState
    from models.framework import KeyFeature
    from portal import create_app
    from portal.extensions import db
    from portal.practices import importing
    from portal.reference.commands import load_reference_data

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench-" + "x" * 32,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                          "SEARCH_INDEX_DIR": f"{tmp}/index", "DATA_DIR": os.path.join(ROOT, "data"),
                          "UPLOAD_DIR": f"{tmp}/uploads"})
        with app.test_request_context():
            upgrade(directory=os.path.join(ROOT, "migrations"))
            load_reference_data(app.config["DATA_DIR"])
            db.session.commit()
            countries = {s.iso: s for s in db.session.scalars(select(MemberState))}
            key_features = {kf.code: kf for kf in db.session.scalars(select(KeyFeature))}
            checks = []
            for _ in range(args.runs):
                started = time.perf_counter()
                with open(args.corpus, encoding="utf-8") as handle:
                    items, errors = importing.read_lines(handle)
                for _number, item in items:
                    errors += importing.check_line(item, countries, key_features)
                checks.append(time.perf_counter() - started)
            assert not errors, errors[:3]
            started = time.perf_counter()
            with open(args.corpus, encoding="utf-8") as handle:
                created, _updated = importing.import_practices(handle)
            db.session.commit()
            whole = time.perf_counter() - started
    check = statistics.median(checks)
    print(f"{len(items)} lines: check {check:.2f} s (median of {args.runs}; "
          f"{check / len(items) * 1e6:.0f} µs a line); whole import {whole:.1f} s ({created} created)")


if __name__ == "__main__":
    main()
