"""Serving as in production: gunicorn with gunicorn.conf.py refuses to start without a secret
key of its own, and a few slow clients cannot stop it answering everyone else."""
import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT

GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serving_environment(database_url, tmp_path, port, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PORTAL_ENV", "SECRET_KEY", "FLASK_APP", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=database_url, SEARCH_INDEX_DIR=str(tmp_path / "index"),
               UPLOAD_DIR=str(tmp_path / "uploads"), MAILBOX_DIR=str(tmp_path / "mailbox"),
               PORTAL_BASE_URL=f"http://127.0.0.1:{port}", GUNICORN_BIND=f"127.0.0.1:{port}",
               # One worker counting rate limits in memory (production refuses memory:// otherwise).
               PORTAL_SINGLE_PROCESS="1", **extra)
    return env


def get(port, path="/about", timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture
def database_url(databases):
    url = databases.copy("loaded")
    yield url
    databases.drop(url)


@pytest.fixture
def gunicorn(database_url, tmp_path):
    port = free_port()
    env = serving_environment(database_url, tmp_path, port, SECRET_KEY=secrets.token_hex(32))
    process = subprocess.Popen([GUNICORN, "wsgi:app"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "wb"))
    deadline = time.monotonic() + 90
    while True:
        try:
            if get(port, timeout=2) == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:])
        time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_gunicorn_refuses_to_start_without_a_secret_key(database_url, tmp_path):
    port = free_port()
    result = subprocess.run([GUNICORN, "wsgi:app"], cwd=ROOT, capture_output=True, text=True,
                            env=serving_environment(database_url, tmp_path, port), timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


class SlowClient(threading.Thread):
    """Sends a request's headers one byte a second (the "slowloris" way)."""

    def __init__(self, port, seconds):
        super().__init__(daemon=True)
        self.socket = socket.create_connection(("127.0.0.1", port))
        self.seconds = seconds

    def run(self):
        self.socket.sendall(b"GET /about HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            for _ in range(self.seconds):
                self.socket.sendall(b"X")
                time.sleep(1)
        except OSError:
            pass
        finally:
            self.socket.close()


def test_slow_clients_do_not_block_the_site(gunicorn):
    slow = [SlowClient(gunicorn, seconds=20) for _ in range(6)]
    for client in slow:
        client.start()
    time.sleep(1.5)   # every slow client is connected and sending
    started = time.monotonic()
    for _ in range(4):
        assert get(gunicorn, timeout=8) == 200
    assert time.monotonic() - started < 8


NGINX = "/usr/sbin/nginx"


@pytest.fixture
def nginx(gunicorn, tmp_path):
    """docs/deploy/nginx.conf, as documented, in front of the gunicorn above."""
    if not os.path.exists(NGINX):
        if os.environ.get("REQUIRE_SERVERS") == "1":
            pytest.fail("nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    port = free_port()
    runtime = tmp_path / "nginx"
    runtime.mkdir()
    with open(os.path.join(ROOT, "docs", "deploy", "nginx.conf")) as template:
        config = (template.read().replace("@LISTEN@", f"127.0.0.1:{port}")
                  .replace("@UPSTREAM@", f"127.0.0.1:{gunicorn}")
                  .replace("@STATIC@", os.path.join(ROOT, "static")).replace("@RUNTIME@", str(runtime)))
    (runtime / "nginx.conf").write_text(config)
    subprocess.run([NGINX, "-t", "-c", str(runtime / "nginx.conf"), "-e", str(runtime / "error.log")],
                   check=True, capture_output=True)
    # Started as root (as in CI), nginx's workers would drop to `nobody`, who may not be able to
    # read a checkout in a private folder (mktemp -d): they stay the user who runs the tests.
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    process = subprocess.Popen([NGINX, "-c", str(runtime / "nginx.conf"), "-e", str(runtime / "error.log"),
                                "-g", directives], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            get(port, timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("nginx did not start")
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=10)


def test_behind_the_documented_proxy_many_slow_clients_do_not_block_the_site(nginx):
    slow = [SlowClient(nginx, seconds=20) for _ in range(40)]
    for client in slow:
        client.start()
    time.sleep(1.5)
    started = time.monotonic()
    for path in ("/about", "/static/css/portal.css", "/practices"):
        assert get(nginx, path, timeout=8) == 200
    assert time.monotonic() - started < 8


# The page cache of docs/deploy/nginx.conf (docs/deploy.md, "The page cache").

def fetch(port, path, headers=None, method="GET", body=None):
    """(status, headers, text) of one request to 127.0.0.1:`port`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cache_status(port, path, headers=None):
    status, response, text = fetch(port, path, headers)
    assert status == 200
    return response.getheader("X-Cache-Status"), text


def test_the_page_cache_serves_an_anonymous_page_again_without_the_portal(nginx):
    first, _ = cache_status(nginx, "/key-features")
    second, text = cache_status(nginx, "/key-features")
    assert first == "MISS" and second == "HIT"
    assert '<html lang="en" dir="ltr">' in text


def test_the_page_cache_keeps_each_language_apart(nginx):
    for _ in range(2):
        chinese, text = cache_status(nginx, "/commitments", {"Cookie": "lang=zh"})
        assert '<html lang="zh-Hans" dir="ltr">' in text
    assert chinese == "HIT"
    english, text = cache_status(nginx, "/commitments")
    assert '<html lang="en" dir="ltr">' in text and english == "MISS"
    by_browser, text = cache_status(nginx, "/commitments", {"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans" dir="ltr">' in text
    assert '<html lang="en" dir="ltr">' in cache_status(nginx, "/commitments")[1]


def sign_in(port, email):
    import re
    from urllib.parse import urlencode

    from portal.reference.demo_membership import DEMO_PASSWORD
    _, response, form = fetch(port, "/login")
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', form)
    body = urlencode({"csrf_token": token.group(1) or token.group(2), "email": email,
                      "password": DEMO_PASSWORD})
    status, response, _ = fetch(port, "/login", method="POST", body=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302, "signing in failed"
    return response.getheader("Set-Cookie").split(";")[0]


def test_a_signed_in_person_is_never_answered_from_the_cache_nor_stored_in_it(nginx):
    assert cache_status(nginx, "/")[0] == "MISS"
    assert cache_status(nginx, "/")[0] == "HIT"
    session = sign_in(nginx, "coordinator@demo.example.org")
    status, response, text = fetch(nginx, "/", {"Cookie": session})
    assert status == 200 and response.getheader("X-Cache-Status") == "BYPASS"
    assert "private" in response.getheader("Cache-Control") and "Sign out" in text
    for _ in range(3):
        assert "Sign out" not in cache_status(nginx, "/")[1]


def test_a_published_change_reaches_anonymous_readers_within_five_seconds(nginx, database_url):
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.begin() as connection:
        slug, name = connection.execute(text(
            "SELECT slug, name_en FROM cities WHERE member_since IS NOT NULL ORDER BY id")).first()
    page = f"/cities/{slug}"
    cache_status(nginx, page)
    status, page_text = cache_status(nginx, page)
    assert status == "HIT" and name in page_text
    with engine.begin() as connection:
        connection.execute(text("UPDATE cities SET name_en = :name WHERE slug = :slug"),
                           {"name": "Renamed Learning City", "slug": slug})
    engine.dispose()
    changed = time.monotonic()
    while "Renamed Learning City" not in cache_status(nginx, page)[1]:
        assert time.monotonic() - changed < 5, "the change was not visible within 5 seconds"
        time.sleep(0.2)
