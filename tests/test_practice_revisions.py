"""Who publishes what, and how an author corrects a published practice: a new version
goes through submit and publish while the published one stays online; every published
version can be read."""
import pytest
from sqlalchemy import func, select

from models.practices import Practice
from models.practices import PracticeStatus as S
from portal.domain_errors import Conflict
from portal.extensions import db
from portal.practices import operations, revisions
from tests.test_practices import form, practice, write_draft


def published_by_librarian(app, client, login_as):
    slug = write_draft(app, client, login_as)
    client.post(f"/practices/{slug}/submit", data={})
    login_as("city_coordinator")
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 302
    login_as("practitioner")
    return slug


def test_a_coordinator_cannot_publish_a_draft_nobody_submitted(app, client, login_as):
    slug = write_draft(app, client, login_as)
    for publisher in ("city_coordinator", "secretariat"):
        login_as(publisher)
        page = client.get(f"/practices/{slug}").get_data(as_text=True)
        assert f'action="/practices/{slug}/publish"' not in page
        assert client.post(f"/practices/{slug}/publish", data={}).status_code == 409
    assert practice(app, slug).status is S.draft


def test_the_operation_refuses_it_too_but_lets_authors_publish_their_own_draft(app_context, actors):
    from portal.cities.queries import city_by_slug
    from tests.test_practice_schema import data
    draft = operations.create_practice(data(), actor=actors["practitioner"])
    with pytest.raises(Conflict):
        operations.publish_practice(draft, actor=actors["city_coordinator"])
    own = operations.create_practice(data(title="The coordinator's own"), actor=actors["city_coordinator"])
    operations.publish_practice(own, actor=actors["city_coordinator"])
    assert own.status is S.published and city_by_slug("columbus").id == own.city_id


def test_an_author_corrects_a_published_practice_through_a_new_version(app, client, login_as):
    slug = published_by_librarian(app, client, login_as)
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "Write a new version" in page
    assert f'href="/practices/{slug}/edit"' not in page    # no direct edit of what is published

    response = client.post(f"/practices/{slug}/revise", data={})
    assert response.status_code == 302
    revision_slug = response.headers["Location"].split("/")[-2]
    client.post(f"/practices/{revision_slug}/edit",
                data=form(app, editing=True, results="150 teens a year now, and a waiting list for the spring term."))
    client.post(f"/practices/{revision_slug}/submit", data={})

    login_as(None)   # readers still see the published version, unchanged
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "120 teens a year" in page and "150 teens" not in page
    assert client.get(f"/practices/{revision_slug}").status_code == 302   # not public
    assert "150 teens" not in client.get("/search?q=waiting+list").get_data(as_text=True)

    login_as("city_coordinator")
    assert "new version of a published practice" in client.get("/practices/review").get_data(as_text=True)
    response = client.post(f"/practices/{revision_slug}/publish", data={})
    assert response.headers["Location"].endswith(f"/practices/{slug}")

    login_as(None)
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "150 teens a year now" in page and "2 published versions" in page
    assert client.get(f"/practices/{revision_slug}").status_code == 404   # merged, gone
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id)).where(Practice.revision_of_id.is_not(None))) == 0


def test_one_new_version_at_a_time(app, client, login_as):
    from portal.auth.operations import find_user_by_email
    slug = published_by_librarian(app, client, login_as)
    client.post(f"/practices/{slug}/revise", data={})
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "Continue the new version" in page and "Write a new version" not in page
    with app.test_request_context():
        found = db.session.scalar(select(Practice).filter_by(slug=slug))
        author = find_user_by_email("librarian@demo.example.org")
        assert revisions.open_revision(found, actor=author) is found.revision
        with pytest.raises(Conflict):
            revisions.open_revision(found, actor=find_user_by_email("coordinator@demo.example.org"))


def test_earlier_versions_can_be_read(app, client, login_as):
    slug = published_by_librarian(app, client, login_as)
    login_as("secretariat")
    client.post(f"/practices/{slug}/edit",
                data=form(app, editing=True, results="150 teens a year; most come back for a second term."))
    login_as(None)
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert f'href="/practices/{slug}/versions"' in page
    listing = client.get(f"/practices/{slug}/versions").get_data(as_text=True)
    assert f"/practices/{slug}/versions/1" in listing and f"/practices/{slug}/versions/2" in listing
    first = client.get(f"/practices/{slug}/versions/1").get_data(as_text=True)
    assert "120 teens a year" in first and "150 teens" not in first
    assert "<strong>maker</strong>" in first and "<script>" not in first
    assert "earlier version" in first
    assert "150 teens" in client.get(f"/practices/{slug}/versions/2").get_data(as_text=True)
    assert client.get(f"/practices/{slug}/versions/3").status_code == 404
    chinese = client.get(f"/practices/{slug}/versions/1?lang=zh").get_data(as_text=True)
    assert "青少年编程创客空间" in chinese


def test_questions_on_an_unpublished_practice_are_no_longer_public(app, client, login_as, make_practice):
    from portal.exchange import discussions
    from portal.practices import queries
    slug = make_practice(title="Bus library")
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        asker = find_user_by_email("natcom@demo.example.org")
        thread = discussions.ask_question(queries.practice_by_slug(slug), "How often?", "Tell us.", actor=asker)
        db.session.commit()
        thread_id = thread.id
    assert client.get(f"/threads/{thread_id}").status_code == 200
    assert client.get(f"/api/v1/threads/{thread_id}").status_code == 200
    login_as("secretariat")
    client.post(f"/practices/{slug}/unpublish", data={"comment": "Outdated."})
    login_as(None)
    signed_out = client.get(f"/threads/{thread_id}")
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert client.get(f"/api/v1/threads/{thread_id}").status_code == 404
    login_as("natcom_officer")   # the asker may not see the practice any more either
    assert client.get(f"/threads/{thread_id}").status_code == 403
    login_as("secretariat")      # those who may see the practice still read its questions
    assert client.get(f"/threads/{thread_id}").status_code == 200
