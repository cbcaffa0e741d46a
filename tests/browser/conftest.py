"""Browser fixtures: the portal served on a free local port, and Debian's Chromium driven
by Playwright. Without Chromium the browser tests are skipped, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is an error."""
import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from portal.worker.loop import Worker
from tests.browser.languages import locale
from tests.conftest import make_app
from tests.page_types import ACCOUNTS, DEMO_PASSWORD, prepare_site

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def _serving(databases, directory, prepare=None, **config):
    """The portal on a free port of 127.0.0.1, on a copy of the loaded database (reference
    and demo data); `prepare(app)` may add content first. Yields (base URL, what prepare gave)."""
    url = databases.copy("loaded")
    app = make_app(url, directory, **config)
    prepared = prepare(app) if prepare else None
    with app.app_context():   # the host's index caught up before it serves, as after a deploy
        from portal.search import sync
        sync.follow_all(timeout=30)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url  # links in mail
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    worker = Worker(app)   # as on a host: the worker beside the server
    worker_thread = worker.in_thread()
    try:
        yield base_url, prepared
    finally:
        server.shutdown()
        thread.join()
        worker.stop()
        worker_thread.join()
        with app.app_context():
            from portal.extensions import db
            db.engine.dispose()
        databases.drop(url)


@pytest.fixture
def live_server(databases, tmp_path):
    """The portal on 127.0.0.1 with reference and demo data; yields its base URL."""
    with _serving(databases, tmp_path) as (base_url, _):
        yield base_url


class Site:
    """One portal shared by the page-type checks: every page type (tests/page_types.py), and a
    browser page per (account, language, screen) that signs in once and is reused."""

    def __init__(self, browser, base_url, page_types):
        self.browser, self.base_url, self.page_types = browser, base_url, page_types
        self._states, self._pages = {}, {}

    def page(self, account, language, *, width=1280, height=800, javascript=True, script=None):
        """A page of its own for this account, language and screen; `script` (a file) is run
        in every document before the page's own (through the browser's debugger, so the
        page's CSP, which allows no inline script, does not stop it)."""
        key = (account, language, width, height, javascript, script)
        if key not in self._pages:
            context = self.browser.new_context(
                base_url=self.base_url, locale=locale(language),
                viewport={"width": width, "height": height}, java_script_enabled=javascript,
                storage_state=self._signed_in(account))
            if script:
                context.add_init_script(path=script)
            self._pages[key] = context.new_page()
        return self._pages[key]

    def _signed_in(self, account):
        if account is None:
            return None
        if account not in self._states:
            context = self.browser.new_context(base_url=self.base_url, locale=locale("en"))
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Email address").fill(ACCOUNTS[account])
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            assert "/login" not in page.url, f"{account} could not sign in"
            self._states[account] = context.storage_state()
            context.close()
        return self._states[account]

    def close(self):
        for page in self._pages.values():
            page.context.close()
        self._pages.clear()


@pytest.fixture(scope="session")
def site(browser, databases, tmp_path_factory):
    """The portal with every page type's content, shared by the checks that walk them all
    (they only read, or submit forms that fail and so change nothing)."""
    with _serving(databases, tmp_path_factory.mktemp("site"), prepare_site,
                  WTF_CSRF_ENABLED=True) as (base_url, page_types):
        shared = Site(browser, base_url, page_types)
        yield shared
        shared.close()


@pytest.fixture(scope="session")
def findings(site):
    """Every page type visited once per language, on a desktop screen, then on a small phone
    (the same page resized): what tests/browser/page_checks.py measures, as
    {language: [(page type, {check: result})]}."""
    from tests.browser import page_checks
    return {language: [(page_type, page_checks.measure(site, page_type, language))
                       for page_type in site.page_types] for language in page_checks.LANGUAGES}


@pytest.fixture
def language():
    """The language of a test's browser: English, unless the test is parametrized over
    languages (tests/browser/languages.py), which overrides this fixture."""
    return "en"


@pytest.fixture
def page(browser, live_server, language):
    """A page in a browser whose locale asks for `language`."""
    context = browser.new_context(locale=locale(language), base_url=live_server)
    # Nothing may be fetched from another host.
    foreign = []
    context.on("request", lambda request: foreign.append(request.url)
               if not request.url.startswith(live_server) else None)
    page = context.new_page()
    yield page
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
