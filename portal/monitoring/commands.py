"""`flask indicators-import FILE.csv` (the secretariat's bulk load: it publishes what it
imports) and `flask indicators-export [FILE]` (everything published)."""
import sys

import click
from flask import current_app

from portal.domain_errors import InvalidFields, NeedsConfirmation
from portal.extensions import db
from portal.monitoring.csv_export import published_csv
from portal.monitoring.csv_import import import_csv


def register_commands(app):
    @app.cli.command("indicators-import")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--accept-warnings", is_flag=True,
                  help="Save values that look implausible (a large change, an outlier) all the same.")
    def indicators_import(path, accept_warnings):
        """Import (and publish) cities' values from a CSV file; all or nothing."""
        with open(path, "rb") as handle:
            content = handle.read()
        try:
            with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
                outcome = import_csv(content, actor=None, confirmed=accept_warnings, publish=True,
                                     by_command_line=True)
                db.session.commit()
        except InvalidFields as failure:
            db.session.rollback()
            _report(failure.problems)
            raise click.ClickException(f"{len(failure.problems)} problem(s) found; nothing was imported.") from None
        except NeedsConfirmation as warned:
            db.session.rollback()
            _report(warned.warnings)
            raise click.ClickException(
                f"{len(warned.warnings)} warning(s): check these values, then run again with "
                "--accept-warnings to import them; nothing was imported.") from None
        click.echo(f"{outcome.added} added, {outcome.changed} changed, {outcome.unchanged} unchanged.")

    @app.cli.command("indicators-export")
    @click.argument("path", required=False, type=click.Path(dir_okay=False, writable=True))
    def indicators_export(path):
        """Write every published value as CSV (to PATH, or standard output)."""
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            out = open(path, "w", encoding="utf-8", newline="") if path else sys.stdout
            try:
                for chunk in published_csv():
                    out.write(chunk)
            finally:
                if path:
                    out.close()


def _report(problems):
    for found in problems:
        click.echo(found.message, err=True)
