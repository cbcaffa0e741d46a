"""Errors are pages in the reader's language; nothing leaks a traceback."""
import pytest

from portal import create_app
from portal.config import DEV_SECRET_KEY


@pytest.fixture
def failing_app(app):
    def explode():
        raise RuntimeError("database on fire")
    app.add_url_rule("/explode", "explode", explode)
    from portal.permissions import ENDPOINT_PERMISSIONS
    ENDPOINT_PERMISSIONS["explode"] = "public.view"
    yield app
    del ENDPOINT_PERMISSIONS["explode"]


@pytest.mark.parametrize("language,text", [("en", "Something went wrong"), ("zh", "出错")])
def test_unexpected_error_gives_a_500_page(failing_app, language, text):
    response = failing_app.test_client().get(f"/explode?lang={language}")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert text in page
    assert "database on fire" not in page and "Traceback" not in page


def test_wrong_method_is_a_405_page(client):
    response = client.post("/commitments")
    assert response.status_code in (400, 405)  # CSRF may refuse first; never a 500
    assert "<html" in response.get_data(as_text=True)


def test_api_paths_get_json_errors(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404
    assert response.json["error"]["reason"]


def test_production_refuses_the_development_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True
    assert DEV_SECRET_KEY != "a-real-secret"


def test_pages_tell_the_browser_to_load_nothing_from_other_hosts(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
