"""The search change log every host follows (portal/search/sync.py, change_log.py): requests
never write the index; each host applies every entry, in order, whoever made the change; an
entry that commits late is not skipped; a rebuilt index carries its position; housekeeping
removes only what every host has applied, and a host left behind rebuilds."""
import datetime as dt
import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from models.base import utcnow
from models.search import SearchChange, SearchHost
from portal.extensions import db
from portal.search import change_log, documents, sync
from portal.worker.loop import Worker
from portal.worker.tasks import TASKS
from search_index import indexer, position, storage
from tests.conftest import make_app
from tests.search_log import follow

SEARCH_TASK = tuple(task for task in TASKS if task.name == "search index")


@pytest.fixture
def second_host(app, tmp_path):
    """Another portal over the same database, with its own index folder (another host)."""
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "second",
                     SEARCH_INDEX_DIR=str(tmp_path / "second-index"))
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def found(app, words):
    """Slugs of the practices a search on `app`'s own index finds (as it is: this client
    does not play the worker)."""
    page = FlaskClient(app).get(f"/api/v1/practices?q={words}")
    return {hit["slug"] for hit in page.get_json()["results"]}


def test_a_request_never_writes_the_index(app, client, login_as, make_practice):
    app.config["TEST_FOLLOW_SEARCH_LOG"] = False   # no one plays the worker
    slug = make_practice(title="Lantern practice", published=False, submitted=True)
    before = storage.current_generation(app.config["SEARCH_INDEX_DIR"])
    with app.test_request_context():
        entries = change_log.last_entry()
    login_as("secretariat")
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 302
    assert client.get("/search?q=lantern").status_code == 200
    with app.test_request_context():
        assert change_log.last_entry() == entries + 1      # the publication is in the log
        assert sync.status()["behind"] == 1                # and not in the index
    assert found(app, "lantern") == set()
    assert storage.current_generation(app.config["SEARCH_INDEX_DIR"]) == before
    assert follow(app) == 1                                # the worker's turn
    assert found(app, "lantern") == {slug}


def test_every_host_applies_every_change_whichever_host_made_it(app, second_host, client, login_as,
                                                                 make_practice):
    slug = make_practice(title="Harbour practice", published=False, submitted=True)
    follow(second_host)
    login_as("secretariat")
    client.post(f"/practices/{slug}/publish", data={})     # through the first host
    follow(app), follow(second_host)
    assert found(app, "harbour") == found(second_host, "harbour") == {slug}
    other = second_host.test_client()
    with other.session_transaction() as session:
        from tests.conftest import session_token
        session["_user_id"] = session_token(second_host, "secretariat@demo.example.org")
    other.post(f"/practices/{slug}/unpublish", data={})    # through the second
    follow(second_host), follow(app)
    assert found(app, "harbour") == found(second_host, "harbour") == set()
    with app.test_request_context():
        assert sync.drift() == ([], [])
        assert db.session.scalar(select(func.count()).select_from(SearchChange)) > 0   # nothing deleted
    with second_host.test_request_context():
        assert sync.drift() == ([], [])


def test_an_entry_that_commits_late_is_applied_not_skipped(app, make_practice):
    """Entry numbers are handed out before commit: a later number may be visible first."""
    early = make_practice(title="Early bird practice")
    late = make_practice(title="Late owl practice")
    with app.test_request_context():
        high = change_log.last_entry()
        for slug in (early, late):   # both taken out of the index behind the log's back
            with indexer.writing(app.config["SEARCH_INDEX_DIR"]) as writer:
                writer.delete(documents.practice_id(_practice_id(slug)))
        # Number high+2 commits first; high+1 is still "open".
        db.session.add(SearchChange(id=high + 2, document=documents.practice_id(_practice_id(early))))
        db.session.commit()
        assert sync.follow() == 1
        directory = storage.generation_path(app.config["SEARCH_INDEX_DIR"],
                                            storage.current_generation(app.config["SEARCH_INDEX_DIR"]))
        assert position.read(directory).holes.keys() == {high + 1}
        assert sync.status()["index_position"] == high        # not past the hole
        db.session.add(SearchChange(id=high + 1, document=documents.practice_id(_practice_id(late))))
        db.session.commit()
        assert sync.follow() == 1
        assert position.read(directory).holes == {}
        assert sync.drift() == ([], [])


def _publish_and_log(slug):
    """Publish a draft and append its log entry, committed (no request, no worker)."""
    from models.practices import Practice, PracticeStatus
    practice = db.session.scalar(select(Practice).filter_by(slug=slug))
    practice.status, practice.published_at = PracticeStatus.published, utcnow()
    practice.last_published_at = practice.published_at
    change_log.queue(documents.practice_id(practice))
    db.session.commit()


def _practice_id(slug):
    from models.practices import Practice
    return db.session.scalar(select(Practice.id).filter_by(slug=slug))


def test_a_hole_that_never_fills_is_given_up_after_the_grace_period():
    start = position.Position(high=10)
    seen = start.after([12, 13], now=1000.0, grace=300)
    assert (seen.high, seen.holes, seen.done_through) == (13, {11: 1000.0}, 10)
    assert seen.after([], now=1200.0, grace=300).holes == {11: 1000.0}   # still waited for
    given_up = seen.after([], now=1301.0, grace=300)
    assert (given_up.holes, given_up.done_through) == ({}, 13)
    assert seen.after([11], now=1100.0, grace=300).done_through == 13
    assert position.Position(high=2).after([9], now=0.0, grace=300, floor=7).holes == {8: 0.0}


def test_a_rebuilt_index_carries_its_position_and_goes_on_from_it(app, make_practice):
    make_practice(title="Before the rebuild practice")
    with app.test_request_context():
        sync.rebuild()
        status = sync.status()
        assert status["index_position"] == status["log_position"] and status["behind"] == 0
    after = make_practice(title="After the rebuild practice")   # applied from the log
    assert after in found(app, "after rebuild")
    with app.test_request_context():
        assert sync.drift() == ([], [])


def test_a_rebuild_does_not_stop_the_worker_following_the_log(app, make_practice):
    slug = make_practice(title="Meanwhile practice", published=False)
    root = app.config["SEARCH_INDEX_DIR"]
    with storage.rebuilding(root):   # a rebuild is running on this host
        with pytest.raises(storage.RebuildRunning):
            with storage.rebuilding(root):
                pass
        with app.test_request_context():
            _publish_and_log(slug)
            started = time.monotonic()
            assert sync.follow(timeout=1) == 1
            assert time.monotonic() - started < 1
    assert found(app, "meanwhile") == {slug}


def test_housekeeping_removes_only_what_every_host_has_applied(app, second_host, make_practice):
    follow(second_host)
    make_practice(title="Only the first host has this practice")
    with app.test_request_context():
        first_at = sync.status()["index_position"]
        assert first_at == change_log.last_entry()
    with second_host.test_request_context():
        second_at = sync.status()["index_position"]
        assert second_at < first_at
        removed = change_log.housekeeping()
        assert removed > 0 and change_log.removed_through() == second_at
        assert db.session.scalar(select(func.min(SearchChange.id))) == second_at + 1
        assert sync.follow_all() == first_at - second_at      # nothing it needed was removed
        assert sync.drift() == ([], [])


def test_a_host_away_longer_than_the_retention_rebuilds(app, second_host, make_practice, caplog):
    follow(second_host)
    with second_host.test_request_context():   # the second host goes away for a long time
        away_host = sync.host_id()
        db.session.get(SearchHost, away_host).seen_at = utcnow() - dt.timedelta(days=30)
        db.session.commit()
    make_practice(title="Published while it was away practice")
    with app.test_request_context():
        for entry in db.session.scalars(select(SearchChange)):
            entry.created_at -= dt.timedelta(days=8)
        db.session.commit()
        assert change_log.housekeeping() > 0
        assert db.session.get(SearchHost, away_host) is None       # forgotten after the retention
    with second_host.test_request_context():
        assert sync.status()["rebuild_needed"]
        with pytest.raises(sync.RebuildNeeded):
            sync.follow()
        with caplog.at_level("ERROR", logger="portal.search.sync"):
            Worker(second_host, SEARCH_TASK).run_once()
        assert any("search-reindex" in message for message in caplog.messages)
    second_host.config["SEARCH_AUTO_REBUILD"] = True
    Worker(second_host, SEARCH_TASK).run_once()
    assert found(second_host, "away") != set()
    with second_host.test_request_context():
        assert not sync.status()["rebuild_needed"] and sync.drift() == ([], [])


def test_the_worker_follows_the_log_within_a_second(app, make_practice):
    app.config["TEST_FOLLOW_SEARCH_LOG"] = False
    worker = Worker(app, SEARCH_TASK)
    thread = worker.in_thread()
    try:
        slug = make_practice(title="Quickly found practice", published=False, submitted=True)
        with app.test_request_context():
            _publish_and_log(slug)
        committed = time.monotonic()
        while slug not in found(app, "quickly") and time.monotonic() - committed < 5:
            time.sleep(0.02)
        assert time.monotonic() - committed < 1.0
    finally:
        worker.stop()
        thread.join(5)


def test_healthz_says_how_far_behind_this_host_is(app, client, make_practice):
    app.config["TEST_FOLLOW_SEARCH_LOG"] = False
    follow(app)
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "private, no-store"
    health = answer.get_json()
    assert health["database"] == "ok" and health["behind"] == 0 and not health["rebuild_needed"]
    assert health["index_position"] == health["log_position"]
    make_practice(title="Waiting practice", published=False)
    with app.test_request_context():
        change_log.queue("practice:999999")
        db.session.commit()
    health = client.get("/healthz").get_json()
    assert health["behind"] == 1 and health["log_position"] == health["index_position"] + 1


def test_housekeeping_command_lists_and_forgets_hosts(app, runner):
    follow(app)
    with app.test_request_context():
        host = sync.host_id()
    listed = runner.invoke(args=["search-housekeeping", "--list"])
    assert host in listed.output
    done = runner.invoke(args=["search-housekeeping", "--forget", host])
    assert done.exit_code == 0 and "forgotten" in done.output
    assert host not in runner.invoke(args=["search-housekeeping", "--list"]).output
    assert runner.invoke(args=["search-housekeeping", "--forget", "nobody"]).exit_code != 0
