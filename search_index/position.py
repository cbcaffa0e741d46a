"""How far an index has followed the database's change log, kept with the index: each
generation (storage.py) has its own POSITION file, so a rebuilt generation carries the moment
it was read at, and a copied index folder carries how far it got.

A position is the highest entry seen (`high`) and the entries below it that were not there
yet when it was seen (`holes`, each with the time it was first missed): on PostgreSQL a
transaction takes its entry's number when it writes and may commit after a later number has
committed, so a gap may still fill in. A gap that stays empty past a grace period was a
rolled-back transaction and is forgotten."""
import json
import os
from dataclasses import dataclass, field

FILE = "POSITION.json"


@dataclass
class Position:
    high: int = 0
    holes: dict = field(default_factory=dict)    # entry id -> time first missed (epoch seconds)

    @property
    def done_through(self):
        """Every entry up to this one is applied."""
        return min(self.holes) - 1 if self.holes else self.high

    def after(self, found_ids, *, now, grace, floor=0):
        """The position once the entries `found_ids` (those above `high` or in the holes) are
        applied. Gaps below the highest of them become holes; holes older than `grace`, and
        any at or below `floor` (entries the housekeeping removed), are dropped."""
        found = set(found_ids)
        high = max([self.high, *found])
        holes = {entry: seen for entry, seen in self.holes.items()
                 if entry not in found and now - seen <= grace and entry > floor}
        for entry in range(max(self.high, floor) + 1, high):
            if entry not in found:
                holes[entry] = now
        return Position(high=high, holes=holes)


def read(directory):
    """The position stored in a generation's folder; a folder without one (an index from
    before the change log, or a new empty one) is at the log's beginning."""
    try:
        with open(os.path.join(directory, FILE), encoding="ascii") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return Position()
    return Position(high=int(data["high"]), holes={int(k): float(v) for k, v in data["holes"].items()})


def write(directory, position):
    """Replace the stored position at once (a crash leaves the old one or the new one)."""
    temporary = os.path.join(directory, FILE + ".tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        json.dump({"high": position.high, "holes": {str(k): v for k, v in sorted(position.holes.items())}},
                  handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, os.path.join(directory, FILE))
