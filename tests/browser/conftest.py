"""Browser fixtures: the portal served on a free local port, and Debian's Chromium driven
by Playwright. Without Chromium the browser tests are skipped, unless REQUIRE_BROWSER=1
(as in CI), where a missing browser is an error."""
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

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


@pytest.fixture
def live_server(databases, tmp_path):
    """The portal on 127.0.0.1 with reference and demo data; yields its base URL."""
    url = databases.copy("loaded")
    app = make_app(url, tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # links in mail
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        from portal.extensions import db
        db.engine.dispose()
    databases.drop(url)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-GB", base_url=live_server)
    # Nothing may be fetched from another host.
    foreign = []
    context.on("request", lambda request: foreign.append(request.url)
               if not request.url.startswith(live_server) else None)
    page = context.new_page()
    yield page
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"
