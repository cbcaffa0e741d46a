"""Rate limits counted in a store every host shares (Redis), production refusing per-process
counts when it is not one process, and a store that is down costing no request a 500.

Each "host" is a process of its own (one app object per process, as under gunicorn): the
portal's Limiter is one object per process, so two app objects in one test process would share
its storage whatever the configuration says."""
import subprocess
import sys

import pytest

from portal import config
from portal.extensions import limiter
from tests.conftest import ROOT, make_app
from tests.redis_server import _free_port

HOST = """
import pathlib, sys
from tests.conftest import make_app
url, storage, folder, email, attempts = sys.argv[1:]
app = make_app(url, pathlib.Path(folder), RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage)
client = app.test_client()
print(" ".join(str(client.post("/login", data={"email": email, "password": "wrong password"}).status_code)
               for _ in range(int(attempts))))
"""


def sign_in_attempts(database_url, storage, folder, email, attempts):
    """The statuses of failed sign-ins made through a host of its own (a new process)."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-c", HOST, database_url, storage, str(folder), email,
                           str(attempts)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return [int(status) for status in done.stdout.split()]


def test_failed_sign_ins_through_two_hosts_count_together(app_with, redis_url, tmp_path):
    database_url = app_with().config["SQLALCHEMY_DATABASE_URI"]
    # 5 failed attempts a minute per account, whichever host they go through.
    assert sign_in_attempts(database_url, redis_url, tmp_path / "a", "ada@example.org", 3) == [401] * 3
    assert sign_in_attempts(database_url, redis_url, tmp_path / "b", "ada@example.org", 3) == [401, 401, 429]


@pytest.fixture
def forget_dead_store():
    yield
    limiter._storage_dead = False   # the next test's app starts on its own store


def test_a_store_that_does_not_answer_keeps_limits_per_process_and_fails_no_request(
        app_with, forget_dead_store):
    nobody = f"redis://127.0.0.1:{_free_port()}/0"
    client = app_with(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=nobody,
                      PROPAGATE_EXCEPTIONS=False).test_client()
    statuses = [client.post("/login", data={"email": "cy@example.org", "password": "wrong password"}).status_code
                for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert client.get("/about").status_code == 200


PRODUCTION = {"PORTAL_ENV": "production", "SECRET_KEY": "k" * 40}


@pytest.mark.parametrize("storage", ["memory://", "", None])
def test_production_refuses_limits_counted_per_process(storage):
    with pytest.raises(RuntimeError, match="PORTAL_SINGLE_PROCESS=1"):
        config.check_production_settings({**PRODUCTION, "RATELIMIT_STORAGE_URI": storage})


def test_production_counts_in_memory_only_when_it_says_it_is_one_process(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config.check_production_settings({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://",
                                      "SINGLE_PROCESS": True})
    config.check_production_settings({**PRODUCTION, "RATELIMIT_STORAGE_URI": "redis://cache:6379/0"})
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    with pytest.raises(RuntimeError, match="WEB_CONCURRENCY=4"):
        config.check_production_settings({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://",
                                          "SINGLE_PROCESS": True})


def test_the_refusal_stops_the_app_before_it_serves(app_with, tmp_path):
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        make_app("sqlite://", tmp_path, PORTAL_ENV="production")
    assert app_with(PORTAL_ENV="production", SINGLE_PROCESS=True).test_client().get(
        "/about", headers={"Host": "127.0.0.1"}).status_code == 200
