"""CLI commands: `flask load-reference` and `flask load-demo`."""
import os

import click
from flask import current_app

from portal.extensions import db
from portal.framework.fragments import reference as reference_fragments
from portal.mail import deliver_pending
from portal.practices.importing import ImportErrors, import_practices
from portal.reference import (
    clusters,
    demo,
    demo_exchange,
    demo_membership,
    demo_monitoring,
    framework,
    geography,
)
from portal.reference.files import DataFileError, Reader
from portal.reference.upsert import LoadReport
from portal.search import documents, sync

CASE_STUDIES_FILE = os.path.join("practices", "case_studies.jsonl")
DEMO_PRACTICES_FILE = os.path.join("demo", "practices.jsonl")


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
    clusters.load_clusters(Reader(data_dir, clusters.CLUSTERS_FILE), report)
    db.session.flush()
    reference_fragments.clear()   # this process shows the new texts at once
    # The two case studies of the seed are reference content, not demo content.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        _import_practices(os.path.join(data_dir, CASE_STUDIES_FILE), report)
    return report


def _import_practices(path, report):
    try:
        with open(path, encoding="utf-8") as handle:
            created, updated = import_practices(handle)
    except ImportErrors as failure:
        number, reason = failure.errors[0]
        raise DataFileError(f"{os.path.basename(path)}: line {number}: {reason}") from None
    for _ in range(created):
        report.add("practices", "created")
    for _ in range(updated):
        report.add("practices", "updated")


def load_demo_data(data_dir):
    """Demo cities, accounts, applications, practices and exchange; flush, not commit."""
    # Links in the mail that the demo workflow sends need a base URL outside a request.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return _load_demo_data(data_dir)


def _load_demo_data(data_dir):
    report = LoadReport()
    cities = demo.load_demo_cities(Reader(data_dir, demo.DEMO_CITIES_FILE), report)
    db.session.flush()
    sync.queue(*(documents.city_id(city) for city in cities))
    demo_membership.load_demo_accounts(report)
    db.session.flush()
    demo_membership.load_demo_membership(report)
    db.session.flush()
    _import_practices(os.path.join(data_dir, DEMO_PRACTICES_FILE), report)
    db.session.flush()
    demo_exchange.load_demo_exchange(report)
    return report


def load_demo_site(data_dir):
    """`flask load-demo`: the demo data, then the demo cities' monitoring data (two years of
    values, self-assessments, a cycle and an accepted report). The tests' loaded database
    has the demo data without the monitoring data, so that monitoring tests start from none
    (tests/test_demo_monitoring.py loads it where it needs it)."""
    report = load_demo_data(data_dir)
    db.session.flush()
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):  # links in notifications
        demo_monitoring.load_demo_monitoring(report)
    return report


def _run(loader):
    """Run a loader in one transaction: all of it is saved, or none of it."""
    try:
        report = loader(current_app.config["DATA_DIR"])
        db.session.commit()
        deliver_pending()
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            sync.follow_all(timeout=60)
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
        """Load demo cities, accounts, applications, practices, exchanges and city data (idempotent; for demos)."""
        if app.config["PORTAL_ENV"] == "production":
            raise click.ClickException(
                "load-demo refuses to run with PORTAL_ENV=production: the demo accounts share a "
                "public password.")
        _run(load_demo_site)
