"""How long one anonymous view of a practice page with a long Markdown body takes.

    .venv/bin/python bench/practice_page_render.py --body-kb 300 --table
    .venv/bin/python bench/practice_page_render.py --body-kb 19 --table

Builds a throwaway SQLite database (migrations, reference data), imports one practice whose
body is `--body-kb` kB of Markdown paragraphs (or of a table, with --table), then times
`--views` GETs of its page with the test client. An import the portal refuses (too long) is
reported as such."""
import argparse
import io
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def body(kb, table):
    if table:
        rows = "| a cell | another cell | a third one |\n"
        return "| a | b | c |\n|---|---|---|\n" + rows * (kb * 1024 // len(rows))
    paragraph = "Some *text* with [a link](https://example.org) and **bold** words in it.\n\n"
    return paragraph * (kb * 1024 // len(paragraph))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--body-kb", type=int, default=300)
    parser.add_argument("--table", action="store_true")
    parser.add_argument("--views", type=int, default=5)
    args = parser.parse_args()
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.practices import importing
    from portal.reference.commands import load_reference_data
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                          "SEARCH_INDEX_DIR": f"{tmp}/index", "DATA_DIR": os.path.join(root, "data"),
                          "UPLOAD_DIR": f"{tmp}/uploads"})
        filler = "It is told here at the length a reader needs, in plain words, with enough detail. " * 2
        line = {"external_id": "bench-long", "title": "A long practice", "language": "en",
                "summary": filler, "need": filler, "activities": filler, "results": filler,
                "body": body(args.body_kb, args.table), "country": "AU", "city": "Hume", "commitments": [1]}
        with app.test_request_context():
            upgrade(directory=os.path.join(root, "migrations"))
            load_reference_data(app.config["DATA_DIR"])
            started = time.perf_counter()
            try:
                importing.import_practices(io.StringIO(json.dumps(line)))
            except importing.ImportErrors as error:
                print(f"body of {len(line['body']):,} characters: refused by the import: {error.errors[0][1]}")
                return
            saved = time.perf_counter() - started
            db.session.commit()
        client = app.test_client()
        times = []
        for _ in range(args.views):
            started = time.perf_counter()
            response = client.get("/practices/a-long-practice")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        print(f"body of {len(line['body']):,} characters{' (a table)' if args.table else ''}: "
              f"import {saved * 1000:.0f} ms; one view: median {sorted(times)[len(times) // 2] * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms over {args.views} views")


if __name__ == "__main__":
    main()
