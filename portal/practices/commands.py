"""`flask practices-import FILE.jsonl` and `flask practices-export [FILE]`."""
import sys

import click
from flask import current_app

from portal.extensions import db
from portal.practices.importing import ImportErrors, export_lines, import_practices
from portal.search import sync

# Above this many lines, rebuilding the index (two processes) beats updating it line by line.
REBUILD_ABOVE = 2000


def load_practices_file(path):
    """Import a JSON Lines file in one transaction, then bring the index up to date."""
    with open(path, encoding="utf-8") as handle:
        created, updated = import_practices(handle)
    db.session.commit()
    if created + updated > REBUILD_ABOVE:
        sync.rebuild(procs=2)
    else:
        sync.follow_all(timeout=60)
    return created, updated


def register_commands(app):
    @app.cli.command("practices-import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    def practices_import(path):
        """Import (and publish) practices from a JSON Lines file; idempotent by external_id."""
        try:
            with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
                created, updated = load_practices_file(path)
        except ImportErrors as failure:
            db.session.rollback()
            for number, reason in failure.errors:
                click.echo(f"line {number}: {reason}", err=True)
            raise click.ClickException(
                f"{len(failure.errors)} problem(s) found; nothing was imported.") from None
        click.echo(f"{created} created, {updated} updated.")

    @app.cli.command("practices-export")
    @click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
    def practices_export(path):
        """Write every published practice as JSON Lines (to PATH, or standard output)."""
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            out = open(path, "w", encoding="utf-8") if path else sys.stdout
            try:
                for line in export_lines():
                    out.write(line + "\n")
            finally:
                if path:
                    out.close()
