"""Writing, reviewing and publishing practices, as their authors and publishers do it."""
import io
import re

import pytest
from sqlalchemy import func, select

from models.audit import AuditEntry
from models.notifications import Notification
from models.practices import Practice, PracticeVersion
from models.practices import PracticeStatus as S
from portal.domain_errors import Invalid
from portal.extensions import db
from portal.practices import operations
from portal.reference.demo_membership import minimal_pdf
from tests.conftest import user_id
from tests.images import picture, png_claiming


def columbus_id(app):
    from models.cities import City
    with app.app_context():
        return str(db.session.scalar(select(City.id).filter_by(slug="columbus")))


def form(app, editing=False, translation="zh", **changes):
    """What a person sends with the practice form. `translation_<field>` (below or in `changes`)
    is a field of the translation into `translation`: of a new one when writing a practice
    (`new_translation_<field>`), of the one it has when `editing` it (`translations_zh_<field>`)."""
    data = {"kind": "practice", "language": "en", "title": "Maker space for teen coders",
            "summary": "Teenagers learn to code and to make things in the library after school, "
                       "with mentors from the university, and show what they built to their families.",
            "need": "Few teens had access to computers at home, and the after-school offer was sport only.",
            "activities": "Weekly **maker** sessions in the main library, with mentors, laptops, a 3D "
                          "printer and a small budget for materials.\n\n<script>alert('x')</script>",
            "partners": "Local university", "results": "120 teens a year; most come back for a second term.",
            "lessons": "Start small.", "body": "", "city": columbus_id(app),
            "organisation": "Main Library", "organisation_type": "public_library",
            "target_groups": ["young_people"], "start_year": "2021", "ongoing": "y",
            "url": "", "licence": "CC-BY-4.0", "commitments": ["7", "4"], "key_features": ["2.4.2"],
            "translation_title": "青少年编程创客空间",
            "translation_summary": "青少年放学后在图书馆学习编程和动手制作。",
            "translation_body": ""}
    data.update(changes)
    prefix = f"translations_{translation}_" if editing else "new_translation_"
    sent = {(prefix + key.removeprefix("translation_") if key.startswith("translation_") else key): value
            for key, value in data.items()}
    if not editing:
        sent.setdefault("new_translation_language", translation)
    return sent


def practice(app, slug):
    with app.app_context():
        found = db.session.scalar(select(Practice).filter_by(slug=slug))
        db.session.expunge(found)
        return found


def write_draft(app, client, login_as, **changes):
    login_as("practitioner")
    response = client.post("/practices/new", data=form(app, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return response.headers["Location"].rsplit("/", 1)[1]


def test_a_librarian_writes_submits_and_the_coordinator_publishes(app, client, login_as):
    slug = write_draft(app, client, login_as)
    assert practice(app, slug).status is S.draft
    login_as(None)
    assert client.get(f"/practices/{slug}").status_code == 302  # drafts are not public
    assert "Maker space" not in client.get("/search?q=maker").get_data(as_text=True)

    login_as("practitioner")
    assert client.post(f"/practices/{slug}/submit", data={}).status_code == 302
    with app.app_context():
        coordinator = user_id(app, "coordinator@demo.example.org")
        assert db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == coordinator, Notification.kind == "practice.submitted")) == 1

    login_as("city_coordinator")
    assert "Maker space" in client.get("/practices/review").get_data(as_text=True)
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 302
    published = practice(app, slug)
    assert published.status is S.published and published.published_at is not None

    login_as(None)
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "Maker space for teen coders" in page and "<strong>maker</strong>" in page
    assert "<script>alert" not in page and "Last changed" in page
    assert "Maker space" in client.get("/search?q=maker").get_data(as_text=True)
    assert "Maker space" in client.get("/commitments/7").get_data(as_text=True)
    assert "Maker space" in client.get("/cities/columbus").get_data(as_text=True)
    assert "Maker space" in client.get("/practices/feed.atom").get_data(as_text=True)
    assert "青少年编程创客空间" in client.get(f"/practices/{slug}?lang=zh").get_data(as_text=True)


def test_the_summary_is_limited_to_80_words_and_nothing_is_saved(app, client, login_as):
    login_as("practitioner")
    response = client.post("/practices/new", data=form(app, summary="word " * 81))
    assert response.status_code == 400
    assert "81 words: the limit is 80." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id))
                                 .where(Practice.title == "Maker space for teen coders")) == 0


def test_a_practice_needs_a_commitment_before_it_is_submitted(app, client, login_as):
    slug = write_draft(app, client, login_as, commitments=[])
    response = client.post(f"/practices/{slug}/submit", data={})
    assert response.status_code == 400
    assert "at least one of the 12 commitments" in response.get_data(as_text=True)
    assert practice(app, slug).status is S.draft


def test_only_the_secretariat_or_the_citys_coordinator_publishes(app, client, login_as):
    slug = write_draft(app, client, login_as)
    client.post(f"/practices/{slug}/submit", data={})
    login_as("natcom_officer")
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 403
    login_as("coordinator-lyon@demo.example.org")  # a coordinator of another city
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 403
    assert practice(app, slug).status is S.submitted
    login_as("secretariat")
    assert client.post(f"/practices/{slug}/publish", data={}).status_code == 302


def test_returning_needs_a_comment_and_tells_the_author(app, client, login_as):
    slug = write_draft(app, client, login_as)
    client.post(f"/practices/{slug}/submit", data={})
    login_as("secretariat")
    assert client.post(f"/practices/{slug}/return", data={"comment": ""}).status_code == 400
    client.post(f"/practices/{slug}/return", data={"comment": "Please add figures."})
    assert practice(app, slug).status is S.returned
    login_as("practitioner")
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "Please add figures." in page
    assert "was returned with comments" in client.get("/account/notifications").get_data(as_text=True)


def test_every_published_version_is_kept(app, client, login_as):
    slug = write_draft(app, client, login_as)
    client.post(f"/practices/{slug}/submit", data={})
    login_as("secretariat")
    client.post(f"/practices/{slug}/publish", data={})
    client.post(f"/practices/{slug}/edit",
                data=form(app, editing=True, results="150 teens a year; most come back for a second term."))
    with app.app_context():
        versions = db.session.scalars(select(PracticeVersion).join(Practice).where(Practice.slug == slug)
                                      .order_by(PracticeVersion.number)).all()
        assert [v.number for v in versions] == [1, 2]
        assert versions[0].snapshot["results"].startswith("120 teens a year")
        assert versions[1].snapshot["results"].startswith("150 teens a year")
    assert "2 published versions" in client.get(f"/practices/{slug}").get_data(as_text=True)


def test_unpublish_and_delete_leave_audit_entries_and_leave_search(app, client, login_as):
    slug = write_draft(app, client, login_as)
    client.post(f"/practices/{slug}/submit", data={})
    login_as("secretariat")
    client.post(f"/practices/{slug}/publish", data={})
    assert client.get(f"/api/v1/practices/{slug}").status_code == 200
    client.post(f"/practices/{slug}/unpublish", data={"comment": "Outdated."})
    assert client.get(f"/api/v1/practices/{slug}").status_code == 404
    results = client.get("/search?q=maker").get_data(as_text=True).split('class="results"')[1]
    assert "Maker space" not in results
    client.post(f"/practices/{slug}/delete", data={"confirmed": "yes"})
    assert client.get(f"/practices/{slug}").status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "practices").order_by(AuditEntry.id)).all()
        assert actions[-2:] == ["practice.unpublish", "practice.delete"]


def test_cover_images_must_be_pictures_and_are_described(app, client, login_as):
    login_as("practitioner")
    not_image = dict(form(app), cover=(io.BytesIO(minimal_pdf()), "cover.png"), cover_alt="A picture")
    response = client.post("/practices/new", data=not_image, content_type="multipart/form-data")
    assert response.status_code == 400 and "PNG, JPEG or WebP" in response.get_data(as_text=True)
    no_alt = dict(form(app), cover=(io.BytesIO(picture()), "cover.png"), cover_alt="")
    assert client.post("/practices/new", data=no_alt, content_type="multipart/form-data").status_code == 400
    good = dict(form(app), cover=(io.BytesIO(picture()), "cover.png"), cover_alt="Teens at a 3D printer")
    response = client.post("/practices/new", data=good, content_type="multipart/form-data")
    slug = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert 'alt="Teens at a 3D printer"' in page
    assert client.get(f"/practices/{slug}/cover").data.startswith(b"\x89PNG")


@pytest.mark.parametrize("content", [
    png_claiming(20_000, 20_000),          # the 400-megapixel picture a tester sent
    png_claiming(9_000, 100),               # a side too long
    png_claiming(7_000, 6_000),             # 42 megapixels
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # the right first bytes, and nothing of a picture
])
def test_a_cover_is_checked_for_what_it_really_is(app_context, actors, content):
    from portal.cities.queries import city_by_slug
    with pytest.raises(Invalid):
        operations.create_practice({"title": "Big picture", "language": "en", "summary": "",
                                    "city": city_by_slug("columbus")},
                                   actor=actors["practitioner"], cover=("c.png", content, "A picture"))


def test_a_drafts_cover_is_never_kept_by_shared_caches(app, client, login_as):
    login_as("practitioner")
    draft = dict(form(app), cover=(io.BytesIO(picture(kind="JPEG")), "cover.jpg"), cover_alt="Teens")
    slug = client.post("/practices/new", data=draft,
                       content_type="multipart/form-data").headers["Location"].rsplit("/", 1)[1]
    response = client.get(f"/practices/{slug}/cover")
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "public" not in cache and "private" in cache and "no-store" in cache
    client.post(f"/practices/{slug}/submit", data={})
    login_as("city_coordinator")
    client.post(f"/practices/{slug}/publish", data={})
    login_as(None)
    assert "public" in client.get(f"/practices/{slug}/cover").headers["Cache-Control"]


def test_a_practitioner_writes_only_for_their_own_city(app, client, login_as):
    from models.cities import City
    with app.app_context():
        lyon = str(db.session.scalar(select(City.id).filter_by(slug="lyon")))
    login_as("practitioner")
    response = client.post("/practices/new", data=form(app, city=lyon))
    assert response.status_code == 400  # Lyon is not among the choices


def test_the_case_studies_read_in_both_languages(client):
    page = client.get("/search?q=Hume").get_data(as_text=True)
    slug = re.search(r'href="/practices/(hume[^"]*)"', page).group(1)
    english = client.get(f"/practices/{slug}?lang=en").get_data(as_text=True)
    chinese = client.get(f"/practices/{slug}?lang=zh").get_data(as_text=True)
    assert "Hume Global Learning Village" in english
    assert "休姆全球学习村" in chinese
    assert chinese.count("<h2>") >= 4  # the Chinese narrative, with its sections
