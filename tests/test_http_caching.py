"""What caches are told: anonymous public pages may be shared for a few seconds and answer a
matching ETag with 304; a signed-in person's page, a form or a cookie is never shared; a
page in one language is never given for another."""
import pytest

from portal.http_caching import never_shared

PUBLIC_PAGES = ["/", "/cities", "/key-features", "/practices", "/search?q=library", "/commitments"]


def shared(response):
    cache = response.headers.get("Cache-Control", "")
    return "public" in cache and "s-maxage=" in cache and "private" not in cache


def never_kept(response):
    cache = response.headers.get("Cache-Control", "")
    return "private" in cache and "no-store" in cache and "public" not in cache


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_anonymous_public_page_may_be_shared_briefly_and_says_what_it_varies_on(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert shared(response)
    assert "s-maxage=4" in response.headers["Cache-Control"]   # a change is seen within 5 s
    assert response.headers.get("ETag")
    assert "Set-Cookie" not in response.headers
    assert {"cookie", "accept-language"} <= {v.strip().lower() for v in response.headers["Vary"].split(",")}


def test_with_form_tokens_on_anonymous_public_pages_are_shared(app_with):
    """No public page builds a form (and so a token in a new session) for anonymous readers."""
    app = app_with(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from sqlalchemy import select

        from models.practices import Practice, PracticeStatus
        from portal.extensions import db
        slug = db.session.scalars(select(Practice.slug).where(Practice.status == PracticeStatus.published)).first()
    client = app.test_client()
    for path in PUBLIC_PAGES + [f"/practices/{slug}", "/about", "/member-states", "/clusters"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers and shared(response), path


def test_a_matching_etag_gets_304_without_the_page(client):
    first = client.get("/key-features")
    again = client.get("/key-features", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    stale = client.get("/key-features", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_the_chinese_page_has_its_own_etag_and_is_never_the_answer_to_an_english_etag(client):
    english = client.get("/commitments", headers={"Accept-Language": "en"})
    chinese = client.get("/commitments", headers={"Accept-Language": "zh",
                                                  "If-None-Match": english.headers["ETag"]})
    assert chinese.status_code == 200
    assert chinese.headers["ETag"] != english.headers["ETag"]
    assert 'lang="zh-Hans"' in chinese.get_data(as_text=True)
    client.set_cookie("lang", "zh")
    by_cookie = client.get("/commitments", headers={"If-None-Match": english.headers["ETag"]})
    assert by_cookie.status_code == 200 and by_cookie.headers["ETag"] == chinese.headers["ETag"]


@pytest.mark.parametrize("path", ["/", "/practices", "/key-features", "/cities"])
def test_a_signed_in_persons_page_is_never_kept_by_any_cache(client, login_as, path):
    login_as("practitioner")
    response = client.get(path)
    assert response.status_code == 200
    assert never_kept(response)
    assert "ETag" not in response.headers
    assert client.get(path, headers={"If-None-Match": '"*"'}).status_code == 200


def test_a_signed_in_persons_practice_page_is_never_kept(client, login_as, make_practice):
    slug = make_practice(title="A practice read while signed in")
    assert shared(client.get(f"/practices/{slug}"))
    login_as("city_coordinator")
    response = client.get(f"/practices/{slug}")
    assert response.status_code == 200 and never_kept(response)


def test_a_page_with_a_form_token_is_never_shared(app_with):
    client = app_with(WTF_CSRF_ENABLED=True).test_client()
    response = client.get("/login")   # the form's token goes in the session cookie
    assert response.status_code == 200
    assert "Set-Cookie" in response.headers
    assert never_kept(response)


def test_an_anonymous_reader_with_a_session_cookie_is_not_given_a_shared_page(app_with):
    client = app_with(WTF_CSRF_ENABLED=True).test_client()
    client.get("/login")               # now carries a session cookie with a form token
    response = client.get("/")
    assert never_kept(response)


def test_the_answer_that_sets_the_language_cookie_is_never_shared(client):
    response = client.get("/commitments?lang=zh")
    assert "lang=zh" in response.headers["Set-Cookie"]
    assert never_kept(response)
    # Once the cookie is set, the same address is a shared page again (keyed by its URL).
    assert shared(client.get("/commitments?lang=zh"))


def test_errors_and_redirects_are_not_shared(client):
    assert never_kept(client.get("/practices/no-such-practice"))
    assert never_kept(client.get("/account"))   # a redirect to sign in


def test_a_view_marked_never_shared_is_private_even_for_anonymous_readers(app_with, monkeypatch):
    from portal import permissions
    monkeypatch.setitem(permissions.ENDPOINT_PERMISSIONS, "who_is_asking",
                        permissions.ENDPOINT_PERMISSIONS["home.about"])
    app = app_with()
    app.add_url_rule("/who-is-asking", "who_is_asking",
                     never_shared(lambda: "it depends on who asks"))
    response = app.test_client().get("/who-is-asking")
    assert response.status_code == 200 and never_kept(response)
