"""`flask report-reminders`: run daily from cron; reminds the coordinators of due cities
before a cycle's deadline, once per threshold (reports.send_reminders)."""
import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.monitoring import reports


@click.command("report-reminders")
@with_appcontext
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to act as today (YYYY-MM-DD); default: today.")
def report_reminders(on):
    """Remind the coordinators of cities whose progress report is due soon."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):  # links in notifications
        count = reports.send_reminders(today=on.date() if on else dt.date.today())
        db.session.commit()
    click.echo(f"{count} cities reminded.")


def register_commands(app):
    app.cli.add_command(report_reminders)
