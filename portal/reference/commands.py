"""CLI commands: `flask load-reference` and `flask load-demo`."""
import click
from flask import current_app

from portal.extensions import db
from portal.mail import deliver_pending
from portal.reference import demo, demo_membership, framework, geography
from portal.reference.files import DataFileError, Reader
from portal.reference.upsert import LoadReport


def load_reference_data(data_dir):
    """Load commitments, the Key Features tree and the Member States; flush, not commit."""
    report = LoadReport()
    commitments_file = Reader(data_dir, framework.COMMITMENTS_FILE)
    framework.load_declaration(commitments_file, report)
    commitments = framework.load_commitments(commitments_file, report)
    db.session.flush()
    framework.load_key_features(Reader(data_dir, framework.KEY_FEATURES_FILE), report, commitments)
    geography.load_member_states(Reader(data_dir, geography.MEMBER_STATES_FILE), report)
    db.session.flush()
    return report


def load_demo_data(data_dir):
    """Demo cities, accounts and applications; flush, not commit."""
    # Links in the mail that the demo workflow sends need a base URL outside a request.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return _load_demo_data(data_dir)


def _load_demo_data(data_dir):
    report = LoadReport()
    demo.load_demo_cities(Reader(data_dir, demo.DEMO_CITIES_FILE), report)
    db.session.flush()
    demo_membership.load_demo_accounts(report)
    db.session.flush()
    demo_membership.load_demo_membership(report)
    db.session.flush()
    return report


def _run(loader):
    """Run a loader in one transaction: all of it is saved, or none of it."""
    try:
        report = loader(current_app.config["DATA_DIR"])
        db.session.commit()
        deliver_pending()
    except DataFileError as exc:
        db.session.rollback()
        raise click.ClickException(f"Nothing was loaded. {exc}") from None
    for line in report.lines():
        click.echo(line)


def register_commands(app):
    @app.cli.command("load-reference")
    def load_reference():
        """Load the commitments, Key Features and Member States from data/ (idempotent)."""
        _run(load_reference_data)

    @app.cli.command("load-demo")
    def load_demo():
        """Load demo cities from data/demo/ (idempotent; for development and demos)."""
        _run(load_demo_data)
