"""Idempotent writes: create a row that is missing, update one whose values changed."""
from sqlalchemy import select

from portal.extensions import db


class LoadReport:
    """Counts of created / updated / unchanged rows per table, for the command's output."""

    def __init__(self):
        self.counts = {}
        self.notes = []

    def add(self, table, outcome):
        self.counts.setdefault(table, {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0})
        self.counts[table][outcome] += 1

    def lines(self):
        for table, c in self.counts.items():
            yield (f"{table}: {c['created']} created, {c['updated']} updated, "
                   f"{c['unchanged']} unchanged" + (f", {c['deleted']} deleted" if c["deleted"] else ""))
        yield from self.notes


class Upserter:
    """Upserts rows of one model by a natural key, reading the existing rows once."""

    def __init__(self, model, key, report):
        self.model, self.key, self.report = model, key, report
        rows = db.session.scalars(select(model)).all()
        self.existing = {getattr(row, key): row for row in rows}
        self.seen = set()

    def put(self, key_value, **values):
        self.seen.add(key_value)
        row = self.existing.get(key_value)
        if row is None:
            row = self.model(**{self.key: key_value}, **values)
            db.session.add(row)
            self.existing[key_value] = row
            outcome = "created"
        else:
            changed = {name: value for name, value in values.items()
                       if getattr(row, name) != value}
            for name, value in changed.items():
                setattr(row, name, value)
            outcome = "updated" if changed else "unchanged"
        self.report.add(self.model.__tablename__, outcome)
        return row

    def unseen(self):
        """Rows in the database that the file no longer lists."""
        return [row for key, row in self.existing.items() if key not in self.seen]

    def note_unseen(self, label):
        for row in self.unseen():
            self.report.notes.append(
                f"{label} {getattr(row, self.key)!s} is no longer in the data file; kept.")
