"""`flask uploads-to-database`: move the files that earlier versions kept under UPLOAD_DIR into
the database, so that every host serves them. Safe to run again (a key already stored is left
as it is) and on every host that kept uploads; the files on disk are left in place."""
import os

import click
from flask import current_app
from sqlalchemy import select, union

from models.files import StoredFile
from models.membership import Application
from models.practices import Practice
from portal.extensions import db
from portal.uploads.store import content_type_of, find, stored_file

# The columns that name a stored file.
REFERENCES = (Application.letter_path, Practice.cover_image_path)


def move_to_database(directory):
    """Store every file under `directory` whose key is not stored yet, one commit each.
    Returns (moved, already stored, [(key, why it was not moved)])."""
    moved, already, left = 0, 0, []
    for folder, _subfolders, names in sorted(os.walk(directory)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            key = os.path.relpath(path, directory).replace(os.sep, "/")
            if find(key) is not None:
                already += 1
            elif content_type_of(key) is None:
                left.append((key, "not a kind of file the portal stores"))
            else:
                try:
                    with open(path, "rb") as handle:
                        content = handle.read()
                except OSError as error:
                    left.append((key, error.strerror or str(error)))
                    continue
                db.session.add(stored_file(key, content))
                db.session.commit()
                moved += 1
    return moved, already, left


def missing_files():
    """Keys that a record names but the store does not hold (on no host's disk, or not moved)."""
    named = union(*(select(column.label("key")).where(column.is_not(None)) for column in REFERENCES)).subquery()
    return list(db.session.scalars(
        select(named.c.key).where(named.c.key.not_in(select(StoredFile.key))).order_by(named.c.key)))


def register_commands(app):
    @app.cli.command("uploads-to-database")
    @click.option("--directory", default=None, help="The folder of the uploads (default: UPLOAD_DIR).")
    def uploads_to_database(directory):
        """Move uploaded letters and covers from UPLOAD_DIR into the database."""
        directory = directory or current_app.config["UPLOAD_DIR"]
        moved, already, left = move_to_database(directory) if os.path.isdir(directory) else (0, 0, [])
        click.echo(f"{moved} moved, {already} already in the database, {len(left)} not moved "
                   f"(from {directory}).")
        for key, reason in left:
            click.echo(f"not moved: {key}: {reason}")
        missing = missing_files()
        for key in missing:
            click.echo(f"named by a record but in no store yet: {key}")
        if left:
            raise SystemExit(1)
