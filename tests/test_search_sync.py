"""The index never drifts from the database: incremental equals rebuilt, busy locks and
crashed writers lose nothing, several writers at once lose nothing. (The change log itself,
several hosts and the worker: test_search_log.py.)"""
import multiprocessing
import os
import signal

from sqlalchemy import func, select

from models.practices import Practice
from portal.extensions import db
from portal.search import sync
from search_index import storage
from tests.search_log import follow


def postings(app):
    """Every (field, term, document id) the live index holds: its whole content."""
    _, ix = storage.open_index(app.config["SEARCH_INDEX_DIR"])
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: reader.stored_fields(docnum)["id"] for docnum in reader.all_doc_ids()}
        content = set()
        for fieldname, text in reader.all_terms():
            if fieldname == "id" or fieldname.startswith("spell_"):
                continue  # the spelling word lists are not per-document content
            for docnum in reader.postings(fieldname, text).all_ids():
                if not reader.is_deleted(docnum):  # replaced versions linger until a merge
                    content.add((fieldname, text, ids[docnum]))
        return content


def test_an_index_built_incrementally_equals_one_rebuilt(app, client, login_as, make_practice):
    slugs = [make_practice(title=f"Incremental practice {n}", summary="Built step by step.",
                           commitments=(n % 12 + 1,)) for n in range(4)]
    login_as("secretariat")
    client.post(f"/practices/{slugs[0]}/unpublish", data={})
    client.post(f"/practices/{slugs[1]}/delete", data={"confirmed": "yes"})
    with app.test_request_context():
        incremental = postings(app)
        assert sync.drift() == ([], [])
        sync.rebuild()
        assert postings(app) == incremental


def test_a_parallel_rebuild_reads_the_database_in_its_workers(app, make_practice, monkeypatch):
    for n in range(6):
        make_practice(title=f"Parallel practice {n}", summary="Indexed by a worker process.")
    with app.test_request_context():
        incremental = postings(app)
        monkeypatch.setattr("search_index.building.SEGMENT_SIZE", 4)   # several slices
        sync.rebuild(procs=2)
        assert postings(app) == incremental
        assert sync.drift() == ([], [])
        assert db.session.scalar(select(func.count()).select_from(Practice)) >= 6  # still usable


def test_a_paced_rebuild_builds_the_same_index(app, make_practice, monkeypatch):
    for n in range(5):
        make_practice(title=f"Paced practice {n}")
    monkeypatch.setattr(sync, "PACE_EVERY", 2)
    with app.test_request_context():
        incremental = postings(app)
        paused = []
        monkeypatch.setattr(sync.time, "sleep", paused.append)
        sync.rebuild(pace=0.5)
        monkeypatch.undo()
        assert postings(app) == incremental
        assert len(paused) >= 2 and all(seconds > 0 for seconds in paused)   # it paused as it went


def test_search_check_and_reindex_commands(app, runner, make_practice):
    make_practice(title="Checked practice")
    assert runner.invoke(args=["search-check"]).exit_code == 0
    root = app.config["SEARCH_INDEX_DIR"]
    with app.test_request_context():  # lose the index behind the database's back
        with sync.indexer.writing(root) as writer:
            writer.delete("city:1")
    result = runner.invoke(args=["search-check"])
    assert result.exit_code == 1 and "missing from the index: city:1" in result.output
    result = runner.invoke(args=["search-reindex", "--nice", "0"])   # (--nice would stay on the test process)
    assert result.exit_code == 0 and "documents indexed" in result.output
    assert runner.invoke(args=["search-check"]).exit_code == 0


def test_a_busy_index_lock_delays_but_loses_nothing(app, client, login_as, make_practice, caplog):
    slug = make_practice(title="Held back practice", published=False, submitted=True)
    root = app.config["SEARCH_INDEX_DIR"]
    _, ix = storage.open_index(root)
    held = ix.writer()  # another process writing for a long time
    try:
        login_as("secretariat")
        response = client.post(f"/practices/{slug}/publish", data={})
        assert response.status_code == 302  # the request never touches the index
        with app.test_request_context(), caplog.at_level("WARNING", logger="portal.search.sync"):
            assert sync.follow(timeout=0.2) == 0
            assert sync.status()["behind"] == 1   # the practice's entry waits in the log
        assert "Search index busy; the change log is applied at the next turn" in caplog.messages
    finally:
        held.cancel()
    follow(app)
    assert "Held back practice" in client.get("/search?q=held").get_data(as_text=True)
    with app.test_request_context():
        assert sync.status()["behind"] == 0


def _crash_while_writing(database_url, index_dir, upload_dir, slug):
    """Child process: publish, commit, start writing the index, and die before committing it."""
    from tests.conftest import make_app
    app = make_app(database_url, _Path(upload_dir), SEARCH_INDEX_DIR=index_dir)
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        from portal.practices import operations
        from portal.search import documents
        from search_index import indexer
        practice = db.session.scalar(select(Practice).filter_by(slug=slug))
        operations.publish_practice(practice, actor=find_user_by_email("secretariat@demo.example.org"))
        db.session.commit()
        with indexer.writing(index_dir) as writer:
            for document in documents.documents_for([documents.practice_id(practice)])[0]:
                writer.put(document)
            os.kill(os.getpid(), signal.SIGKILL)


class _Path(str):
    def __truediv__(self, other):
        return os.path.join(self, other)


def test_a_writer_killed_mid_write_loses_nothing(app, client, make_practice):
    slug = make_practice(title="Crash survivor practice", published=False, submitted=True)
    with app.app_context():
        db.engine.dispose()
    child = multiprocessing.get_context("fork").Process(
        target=_crash_while_writing,
        args=(app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"],
              app.config["UPLOAD_DIR"], slug))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    with app.test_request_context():
        missing, _ = sync.drift()
        assert any(m.startswith("practice:") for m in missing)  # the index never got it
    # The index's position was not moved past the entry: the worker's next turn applies it.
    assert follow(app) >= 1
    assert "Crash survivor practice" in client.get("/search?q=survivor").get_data(as_text=True)
    with app.test_request_context():
        assert sync.drift() == ([], [])


def _publish_many(database_url, index_dir, upload_dir, slugs):
    from tests.conftest import make_app
    app = make_app(database_url, _Path(upload_dir), SEARCH_INDEX_DIR=index_dir, SEARCH_WRITE_TIMEOUT=0.5)
    client = app.test_client()
    with client.session_transaction() as session:
        from tests.conftest import session_token
        session["_user_id"] = session_token(app, "secretariat@demo.example.org")
    for slug in slugs:
        assert client.post(f"/practices/{slug}/publish", data={}).status_code == 302


def test_several_writers_at_once_lose_nothing(app, client, make_practice):
    slugs = [make_practice(title=f"Concurrent practice {n}", summary="Published in parallel.",
                           published=False, submitted=True) for n in range(16)]
    with app.app_context():
        db.engine.dispose()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_publish_many, args=(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SEARCH_INDEX_DIR"],
        app.config["UPLOAD_DIR"], slugs[i::4])) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    follow(app)
    assert "16 practices" in client.get("/search?q=concurrent").get_data(as_text=True)
    with app.test_request_context():
        assert sync.drift() == ([], [])
