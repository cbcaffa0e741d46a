"""Every page type as the server sends it (tests/page_types.py, in English and Chinese): valid
HTML by the Nu HTML checker (vnu.jar, the W3C's validator), a meta description of its own in
the page's language, and sign-in fields that say what they hold.

The checker needs Java and vnu.jar (the npm package vnu-jar): `.ci/run` installs both; the
test looks for VNU_JAR, then the folder `.ci/run` installs into, and is skipped without them
unless REQUIRE_BROWSER=1 (as in CI)."""
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from tests.conftest import make_app, session_token
from tests.page_types import ACCOUNTS, prepare_site

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
# A description in these languages has letters of their script.
SCRIPTS = {"zh": r"[\u4e00-\u9fff]", "ar": r"[\u0600-\u06ff]", "ru": r"[\u0400-\u04ff]"}
VNU_CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "portal-ci", "vnu")
VNU_JAR = os.environ.get("VNU_JAR") or os.path.join(VNU_CACHE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


@pytest.fixture(scope="module")
def rendered(databases, tmp_path_factory):
    """{(page type, language): (status, html)} for every page type, CSRF protection on (as in
    production: it adds the hidden token fields)."""
    url = databases.copy("loaded")
    app = make_app(url, tmp_path_factory.mktemp("markup"), WTF_CSRF_ENABLED=True)
    page_types = prepare_site(app)
    client = app.test_client()
    pages = {}
    for page_type in page_types:
        with client.session_transaction() as session:
            session.clear()
            if page_type.account:
                session["_user_id"] = session_token(app, ACCOUNTS[page_type.account])
                session["_fresh"] = True
        for language in LANGUAGES:
            headers = {"Accept-Language": language}
            response = client.get(page_type.path, headers=headers)
            if page_type.post_to:  # sent empty, with the form's CSRF token
                tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', response.get_data(as_text=True)).group(0)
                token = re.search(r'value="([^"]+)"', tag).group(1)
                response = client.post(page_type.post_to, headers=headers, data={"csrf_token": token})
            pages[page_type, language] = response.status_code, response.get_data(as_text=True)
    yield pages
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


# Page types that are an answer refusing something; every other one is a 200 (a form sent
# with errors is a 400).
REFUSALS = {"cities bad filter": 400, "reset link invalid": 400, "sign-up link invalid": 400, "not found": 404}


def expected_status(page_type):
    return 400 if page_type.post_to else REFUSALS.get(page_type.name, 200)


def _checker():
    java = shutil.which("java")
    if java and os.path.exists(VNU_JAR):
        return [java, "-jar", VNU_JAR]
    message = f"the Nu HTML checker needs java and {VNU_JAR} (.ci/run installs them)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_the_nu_html_checker_finds_nothing_on_any_page_type(rendered, tmp_path):
    """No error and no warning (such as an article without a heading)."""
    checker = _checker()
    names = {}
    for n, ((page_type, language), (status, html)) in enumerate(rendered.items()):
        assert status == expected_status(page_type), (page_type.id, language, status)
        path = tmp_path / f"{n:03d}-{language}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = f"{page_type.id} {page_type.path} ({language})"
    run = subprocess.run([*checker, "--format", "json", "--stdout", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stdout)["messages"]
    found = sorted({f"{names.get(os.path.basename(m.get('url', '')), m.get('url'))}: {m['message']}"
                    for m in messages if m["type"] == "error" or m.get("subType") == "warning"})
    assert run.returncode in (0, 1) and messages is not None, run.stderr
    assert not found, "\n".join(found[:60])


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.description = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")


def _description(html):
    head = _Head()
    head.feed(html)
    return head.description


def test_every_page_type_has_a_description_of_its_own_in_its_language(rendered):
    site = {language: _description(rendered[next(p for p, lang in rendered if p.path == "/"), language][1])
            for language in LANGUAGES}
    problems = []
    for (page_type, language), (_, html) in rendered.items():
        description = _description(html)
        if not description:
            problems.append(f"{page_type.id} ({language}): no description")
        elif page_type.path != "/" and description == site[language]:
            problems.append(f"{page_type.id} ({language}): the site's description")
        elif language in SCRIPTS and not re.search(SCRIPTS[language], description):
            problems.append(f"{page_type.id} ({language}): not in its language: {description}")
    assert not problems, "\n".join(problems)


def test_a_practice_and_a_city_are_described_by_what_they_say_of_themselves(rendered):
    practice = next(html for (p, language), (_, html) in rendered.items()
                    if p.name == "case study" and language == "en")
    assert "Hume" in _description(practice)[:40]
    city = next(html for (p, language), (_, html) in rendered.items()
                if p.name == "member city" and language == "zh")
    assert "休姆" in _description(city)


@pytest.mark.parametrize("page, fields", [
    ("sign in", {"email": "email", "password": "current-password"}),
    ("sign up", {"email": "email"}),
    ("finish sign-up", {"name": "name", "password": "new-password", "confirm": "new-password"}),
    ("choose a new password", {"password": "new-password", "confirm": "new-password"}),
    ("change password", {"current": "current-password", "password": "new-password", "confirm": "new-password"}),
    ("forgot password", {"email": "email"}),
])
def test_sign_in_and_sign_up_fields_say_what_they_hold(rendered, page, fields):
    html = next(html for (p, language), (_, html) in rendered.items() if p.name == page and language == "en")
    for name, autocomplete in fields.items():
        tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{autocomplete}"' in tag, tag
