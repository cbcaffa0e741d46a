"""How long the indicators' CSV takes to import and to export at the network's full size.

    .venv/bin/python bench/indicators_csv.py [--cities 500] [--years 6] [--database-url URL]

Builds a throwaway database (SQLite in a temporary folder unless --database-url names an
empty scratch one), loads the reference data, generates `--cities` member cities and a CSV
of every measurement point × breakdown for `--years` years (500 × 54 points × 6 years with
their breakdowns is ~300 000 values), then times `flask indicators-import`'s work (read,
check, save, publish, commit) and `flask indicators-export`'s (every published value,
streamed to a file), and a re-import of the same file (nothing changes). Prints the figures
for docs/benchmarks.md.

The generator is meant to be reused (page and API timings): `scratch_app`,
`generate_cities`, `value_rows` and `write_csv` are public."""
import argparse
import os
import random
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

FIRST_YEAR = 2019


def scratch_app(folder, database_url=None):
    """An app on a fresh database under `folder` (or `database_url`), migrated, with the
    reference data loaded. Use it inside `app.test_request_context()`."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    from portal.reference.commands import load_reference_data
    app = create_app({"TESTING": True, "SECRET_KEY": "bench-" + "x" * 32,
                      "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder}/bench.sqlite3",
                      "SEARCH_INDEX_DIR": f"{folder}/index", "DATA_DIR": os.path.join(ROOT, "data"),
                      "UPLOAD_DIR": f"{folder}/uploads"})
    with app.test_request_context():
        upgrade(directory=os.path.join(ROOT, "migrations"))
        load_reference_data(app.config["DATA_DIR"])
        db.session.commit()
    return app


def generate_cities(count, *, seed=1):
    """Add `count` member cities (slugs bench-city-0001…) across the Member States, with
    populations in every band; commits; returns their slugs."""
    import datetime as dt

    from sqlalchemy import insert, select

    from models.cities import City, MemberState
    from portal.extensions import db
    rng = random.Random(seed)
    states = db.session.scalars(select(MemberState.id)).all()
    rows = [{"slug": f"bench-city-{n:04d}", "name_en": f"Bench City {n}", "name_zh": f"基准城市{n}",
             "member_state_id": rng.choice(states), "population": int(10 ** rng.uniform(4.5, 7.3)),
             "member_since": dt.date(2015 + n % 8, 1, 1), "is_demo": True, "description_en": "",
             "description_zh": ""} for n in range(1, count + 1)]
    db.session.execute(insert(City), rows)
    db.session.commit()
    return [row["slug"] for row in rows]


def _plausible(unit_rule, rng):
    low = unit_rule.minimum or 0
    high = unit_rule.maximum if unit_rule.maximum is not None else 100_000
    high = min(high, low + 100) if unit_rule.maximum is None or high > 1000 else high
    return round(rng.uniform(low + (high - low) * 0.2, low + (high - low) * 0.8), 0 if unit_rule.whole else 1)


def value_rows(slugs, years, *, seed=1):
    """The CSV cells of every measurement point × breakdown of each city for `years` years
    from FIRST_YEAR: values inside each unit's bounds, changing a little from year to year."""
    from portal.monitoring import rules
    from portal.monitoring.csv_format import format_number
    from portal.monitoring.data_entry import points_by_key
    rng = random.Random(seed)
    points = sorted(points_by_key().values(), key=lambda point: point.key)
    for slug in slugs:
        base = {(point.key, breakdown): _plausible(rules.UNITS[point.unit], rng)
                for point in points for breakdown in rules.breakdowns_of(point)}
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            for point in points:
                unit = rules.UNITS[point.unit]
                for breakdown in rules.breakdowns_of(point):
                    value = base[(point.key, breakdown)] * (1 + (year - FIRST_YEAR) * 0.02)
                    if unit.maximum is not None:
                        value = min(value, unit.maximum)
                    value = float(round(value) if unit.whole else round(value, 1))
                    text = format_number(value) + (" USD" if unit.currency else "")
                    yield [slug, str(year), point.key, breakdown, text, point.source.value,
                           f"{slug} statistics office | Annual city statistics | {year} | https://stats.example.org/{slug}",
                           ""]


def write_csv(path, rows):
    """Write `rows` (lists of cells) in the indicators' CSV format; returns how many."""
    from portal.monitoring import csv_format
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row
    with open(path, "w", encoding="utf-8", newline="") as out:
        for chunk in csv_format.write(counted()):
            out.write(chunk)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=500)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--database-url", help="an empty scratch database (default: SQLite in /tmp)")
    args = parser.parse_args()
    from portal.extensions import db
    from portal.monitoring.csv_export import published_csv
    from portal.monitoring.csv_import import import_csv

    with tempfile.TemporaryDirectory() as tmp:
        app = scratch_app(tmp, args.database_url)
        with app.test_request_context():
            slugs = generate_cities(args.cities)
            path = os.path.join(tmp, "indicators.csv")
            rows = write_csv(path, value_rows(slugs, args.years))
            size = os.path.getsize(path)
            print(f"{rows} values, {size / 1048576:.1f} MB")
            with open(path, "rb") as handle:
                content = handle.read()
            started = time.perf_counter()
            outcome = import_csv(content, actor=None, confirmed=True, publish=True, by_command_line=True)
            db.session.commit()
            imported = time.perf_counter() - started
            print(f"import: {imported:.1f} s ({outcome.added} added)")
            db.session.remove()
            started = time.perf_counter()
            with open(os.path.join(tmp, "export.csv"), "w", encoding="utf-8", newline="") as out:
                for chunk in published_csv():
                    out.write(chunk)
            exported = time.perf_counter() - started
            print(f"export: {exported:.1f} s")
            db.session.remove()
            started = time.perf_counter()
            again = import_csv(content, actor=None, confirmed=True, publish=True, by_command_line=True)
            db.session.commit()
            print(f"re-import: {time.perf_counter() - started:.1f} s ({again.unchanged} unchanged)")


if __name__ == "__main__":
    main()
