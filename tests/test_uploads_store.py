"""Uploads every host can serve: a letter sent through one host is served by another (each
host with its own UPLOAD_DIR, one database), with its type, an ETag and private caching; a
failed write leaves no file behind; `flask uploads-to-database` moves what earlier versions
kept on disk."""
import os

from sqlalchemy import func, select

from models.files import StoredFile
from models.membership import Application
from portal.extensions import db
from portal.reference.demo_membership import minimal_pdf
from portal.uploads import save_upload
from portal.uploads.commands import missing_files
from portal.uploads.store import find
from tests.conftest import ROLE_EMAILS, make_app, session_token
from tests.test_membership_pages import columbus_application, form_data, save


def files_under(folder):
    return [name for _root, _dirs, names in os.walk(folder) for name in names]


def signed_in(app, role):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_token(app, ROLE_EMAILS[role])
        session["_fresh"] = True
    return client


def test_a_letter_sent_through_one_host_is_served_by_another(app, client, login_as, tmp_path):
    application_id = columbus_application(app, client, login_as)
    assert save(client, application_id, form_data(app)).status_code == 302
    host_b = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "host-b")
    assert host_b.config["UPLOAD_DIR"] != app.config["UPLOAD_DIR"]
    url = f"/membership/applications/{application_id}/letter"
    response = signed_in(host_b, "city_coordinator").get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=letter.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cache = response.cache_control
    assert cache.private and cache.no_cache and not cache.public
    again = signed_in(host_b, "city_coordinator").get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    # Still checked on every request, from any host.
    assert signed_in(host_b, "practitioner").get(url).status_code == 403
    assert files_under(app.config["UPLOAD_DIR"]) == []
    with host_b.app_context():
        db.engine.dispose()


def test_a_write_that_fails_leaves_no_file_behind(app, app_context):
    before = db.session.scalar(select(func.count(StoredFile.id)))
    key = save_upload("letters", "pdf", minimal_pdf("A letter that is never kept"))
    db.session.flush()
    db.session.rollback()   # what the request does when anything after the upload fails
    assert db.session.scalar(select(func.count(StoredFile.id))) == before
    assert find(key) is None and files_under(app.config["UPLOAD_DIR"]) == []


def test_the_demo_letters_are_in_the_store(app_context):
    assert db.session.scalar(select(func.count(Application.letter_path))) > 0
    assert missing_files() == []


def test_files_kept_on_disk_are_moved_into_the_database_once(app, runner, login_as):
    folder = app.config["UPLOAD_DIR"]
    os.makedirs(os.path.join(folder, "letters"))
    letter = minimal_pdf("An older letter")
    with open(os.path.join(folder, "letters", "0ld.pdf"), "wb") as handle:
        handle.write(letter)
    with open(os.path.join(folder, "letters", "notes.txt"), "w") as handle:
        handle.write("not an upload")
    with app.app_context():
        found = db.session.scalar(select(Application).where(Application.letter_path.is_not(None)).limit(1))
        found.letter_path, application_id = "letters/0ld.pdf", found.id
        db.session.commit()
        assert missing_files() == ["letters/0ld.pdf"]

    first = runner.invoke(args=["uploads-to-database"])
    assert "1 moved, 0 already in the database, 1 not moved" in first.output
    assert "not moved: letters/notes.txt" in first.output and first.exit_code == 1
    second = runner.invoke(args=["uploads-to-database"])
    assert "0 moved, 1 already in the database, 1 not moved" in second.output
    with app.app_context():
        assert missing_files() == []
        stored = db.session.scalar(select(StoredFile).filter_by(key="letters/0ld.pdf"))
        assert (stored.content, stored.content_type, stored.size) == (letter, "application/pdf", len(letter))
    response = login_as("secretariat").get(f"/membership/applications/{application_id}/letter")
    assert response.status_code == 200 and response.data == letter
