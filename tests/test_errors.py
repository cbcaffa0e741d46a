"""Errors are pages in the reader's language; nothing leaks a traceback."""
import pytest

from portal import create_app


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


def test_wrong_method_is_a_405_page_that_says_what_is_allowed(client):
    response = client.post("/commitments")
    assert response.status_code == 405
    assert "<html" in response.get_data(as_text=True)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    api = client.delete("/api/v1/practices")
    assert api.status_code == 405 and set(api.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert api.json["error"] == {"status": 405, "reason": "This page does not accept that kind of request."}


def test_api_paths_get_json_errors(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"] == {
        "status": 404, "reason": "We could not find that page. It may have moved, or the address may be mistyped."}


def test_production_refuses_to_start_without_a_secret_key_of_its_own(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="at least 32"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PORTAL_SINGLE_PROCESS", "1")   # rate limits in memory (tests/test_shared_limits.py)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_development_uses_a_random_key_of_its_own_instance(monkeypatch, tmp_path):
    """No key written in the source signs sessions: each checkout makes its own."""
    from portal import config
    monkeypatch.delenv("SECRET_KEY", raising=False)
    keys = []
    for instance in ("one", "two", "one"):
        (tmp_path / instance).mkdir(exist_ok=True)
        keys.append(config.from_environment(str(tmp_path / instance))["SECRET_KEY"])
    assert keys[0] == keys[2] != keys[1] and len(keys[0]) >= 32
    assert oct((tmp_path / "one" / "secret-key").stat().st_mode)[-3:] == "600"


def test_pages_tell_the_browser_to_load_nothing_from_other_hosts(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
