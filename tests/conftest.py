"""Shared fixtures: an app on a temporary database (empty or with reference and demo data),
a client, a CLI runner, a query counter and factories."""
import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import event

from portal import create_app
from portal.extensions import db
from portal.reference.commands import load_demo_data, load_reference_data
from tests.databases import PostgreSQLDatabases, SQLiteDatabases, is_postgresql
from tests.redis_server import redis_url  # noqa: F401  (a fixture: a real Redis for this test)
from tests.search_log import FollowingClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(ROOT, "data")


def make_app(database_url, tmp_path, **overrides):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-only-secret-key-that-is-long-enough",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "DATA_DIR": DATA_DIR,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAILBOX_DIR": str(tmp_path / "mailbox"),
        "OPEN_DATA_DIR": str(tmp_path / "open-data"),
        # Forms are tested without CSRF tokens; tests/test_auth.py checks CSRF on its own.
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        **overrides,
    })
    app.test_client_class = FollowingClient   # plays this host's worker for the search index
    return app


def compile_translations():
    """Compile any catalogue whose .mo is missing or older than its .po (`make` does the
    same; this keeps a bare `pytest` run honest)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    for language in os.listdir(os.path.join(ROOT, "translations")):
        po = os.path.join(ROOT, "translations", language, "LC_MESSAGES", "messages.po")
        mo = po[:-2] + "mo"
        if os.path.exists(po) and (not os.path.exists(mo)
                                   or os.path.getmtime(mo) < os.path.getmtime(po)):
            with open(po, "rb") as source, open(mo, "wb") as target:
                write_mo(target, read_po(source, locale=language))


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Template databases, built once: 'empty' (migrated) and 'loaded' (+ reference, demo)."""
    compile_translations()
    directory = tmp_path_factory.mktemp("databases")
    manager = PostgreSQLDatabases() if is_postgresql() else SQLiteDatabases(str(directory))
    for name, loaders in (("empty", ()), ("loaded", (load_reference_data, load_demo_data))):
        app = make_app(manager.template_url(name), directory)
        with app.app_context():
            upgrade()
            for loader in loaders:
                loader(DATA_DIR)
            db.session.commit()
            db.engine.dispose()
    yield manager
    manager.drop_templates()


def _app_from(databases, template, tmp_path):
    url = databases.copy(template)
    app = make_app(url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture
def app(databases, tmp_path):
    """An app whose database holds the reference data and the demo cities."""
    yield from _app_from(databases, "loaded", tmp_path)


@pytest.fixture
def empty_app(databases, tmp_path):
    """An app whose database is migrated but empty."""
    yield from _app_from(databases, "empty", tmp_path)


@pytest.fixture
def app_with(databases, tmp_path):
    """`app_with(PORTAL_ENV="production", ...)`: an app with these settings on its own copy
    of the loaded database (reference and demo data)."""
    made = []

    def factory(**overrides):
        url = databases.copy("loaded")
        app = make_app(url, tmp_path, **overrides)
        made.append((app, url))
        return app
    yield factory
    for app, url in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_context(app):
    """Inside a request context, as operations are (they build links for notifications)."""
    with app.test_request_context():
        yield


@pytest.fixture
def deliver_mail(app):
    """`deliver_mail()`: run the worker's mail step (no request delivers mail); returns how
    many mails it handled. `tests.account_helpers.delivered` runs it before reading mail."""
    from tests.account_helpers import deliver_mail as deliver
    return lambda: deliver(app)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as queries:` … `len(queries)` is the number of SQL statements
    (the page's own: not those of the test client catching the search index up, which the
    worker does in production)."""
    from contextlib import contextmanager

    from tests.search_log import now_following

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            if not now_following():
                statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return counting


@pytest.fixture
def make_city(app):
    """Create and commit a city; returns its slug."""
    from models.cities import City, MemberState
    counter = iter(range(1, 10_000))

    def factory(*, country="FR", name=None, member_since=None, population=None, **extra):
        n = next(counter)
        with app.app_context():
            state = db.session.scalar(db.select(MemberState).filter_by(iso=country))
            city = City(slug=extra.pop("slug", f"test-city-{n}"), name_en=name or f"Test City {n}",
                        name_zh=extra.pop("name_zh", f"测试城市{n}"), member_state=state,
                        member_since=member_since, population=population, **extra)
            db.session.add(city)
            db.session.commit()
            return city.slug
    return factory


# What the factory adds so that a practice is complete enough to publish (schema.py asks
# for a summary of at least 20 words and for the need, what was done and the results).
FILLER_EN = "It is told here at the length a reader needs, in plain words, with enough detail."
FILLER_ZH = "这里用平实的话把它讲清楚，篇幅足够读者了解来龙去脉和具体做法。"


def complete_practice_line(line):
    """`line` (an import line) with the sections a published practice needs, where missing,
    and the summary lengthened when it is short, so that it imports."""
    from portal.practices.schema import FIELDS
    from portal.text import count_words
    filler = FILLER_ZH if line.get("language") == "zh" else FILLER_EN
    summary = line.get("summary") or ""
    while count_words(summary) < FIELDS["summary"].min_words:
        summary = f"{summary} {filler}".strip()
    sections = {"need": f"The need that {line['title']} answers. {filler}",
                "activities": f"What was done. {filler} {filler}",
                "results": f"What changed. {filler}"}
    return {**sections, **line, "summary": summary}


@pytest.fixture
def make_practice(app):
    """Create a practice through the import (published, indexed) or, with published=False,
    as a draft (submitted for publication, with submitted=True); returns its slug. Sections a
    published practice needs are filled in, and a short summary is lengthened
    (complete_practice_line), unless given."""
    import io
    import json

    from models.cities import City
    from portal.practices import importing
    from portal.search import sync
    counter = iter(range(1, 10_000))

    def factory(*, city="hume", title=None, commitments=(1,), language="en", published=True,
                submitted=False, summary=None, body="", **extra):
        n = next(counter)
        with app.test_request_context():
            found = db.session.scalar(db.select(City).filter_by(slug=city))
            line = complete_practice_line({
                "external_id": f"test-{n}", "title": title or f"Practice {n}",
                "summary": summary or f"What practice {n} does.", "body": body or f"Body {n}.",
                "language": language, "country": found.member_state.iso, "city": found.name_en,
                "commitments": list(commitments), **extra})
            importing.import_practices(io.StringIO(json.dumps(line, ensure_ascii=False)))
            practice = db.session.scalar(db.select(importing.Practice).filter_by(external_id=f"test-{n}"))
            if not published:
                practice.status = importing.PracticeStatus.submitted if submitted else importing.PracticeStatus.draft
                practice.published_at = practice.last_published_at = None
            db.session.commit()
            sync.follow_all()
            return practice.slug
    return factory


ROLE_EMAILS = {
    "city_coordinator": "coordinator@demo.example.org",    # coordinates Columbus (USA)
    "natcom_officer": "natcom@demo.example.org",           # National Commission of the USA
    "practitioner": "librarian@demo.example.org",          # Columbus Metropolitan Library
    "data_officer": "data@demo.example.org",               # enters Columbus's data
    "secretariat": "secretariat@demo.example.org",
    "administrator": "admin@demo.example.org",
}


def user_id(app, email):
    from models.auth import User
    with app.app_context():
        return db.session.scalar(db.select(User.id).filter_by(email=email))


def session_token(app, email):
    """A real signed-in session for this account (what the session cookie holds)."""
    from portal.auth.operations import find_user_by_email
    from portal.auth.sessions import open_session
    with app.app_context():
        raw = open_session(find_user_by_email(email))
        db.session.commit()
        return raw


@pytest.fixture
def login_as(app, client):
    """`login_as("natcom_officer")` signs the client in as the demo user of that role
    (or as any user, by email); `login_as(None)` signs out."""
    def sign_in(role_or_email):
        with client.session_transaction() as session:
            session.clear()
            if role_or_email is not None:
                email = ROLE_EMAILS.get(role_or_email, role_or_email)
                session["_user_id"] = session_token(app, email)
                session["_fresh"] = True
        return client
    return sign_in


@pytest.fixture
def actors(app_context):
    """The demo users by role, as model objects (inside an app context)."""
    from portal.auth.operations import find_user_by_email
    return {role: find_user_by_email(email) for role, email in ROLE_EMAILS.items()}
