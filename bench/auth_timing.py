"""Does the time of a sign-in or sign-up answer tell whether an address has an account?

Serves the portal with gunicorn (gunicorn.conf.py, production mode) on 127.0.0.1 over a fresh
SQLite database with the demo accounts, then times, over HTTP and interleaved:
  - sign-in with a wrong password for an existing account,
  - sign-in with an unknown address,
  - sign-in with the right password (for scale),
  - sign-up for an existing address and for a new one,
  - a password reset asked for an existing address and for an unknown one.
Prints median and 95th percentile per case (milliseconds). Each request comes "from" another
address (X-Forwarded-For, PORTAL_PROXY_HOPS=1) so the per-address limit does not interfere, and
existing accounts take turns so the per-account limit does not either.

    .venv/bin/python bench/auth_timing.py [--samples 40]
"""
import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import time
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".venv", "bin")
WORK = "/tmp/bench/auth"
DEMO_PASSWORD = "learning-cities-demo"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One visitor: keeps the session cookie, reads the CSRF token of each form."""

    def __init__(self, port, address):
        self.port, self.address, self.cookie = port, address, ""

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-For": self.address, "Cookie": self.cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        elapsed = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        connection.close()
        return response.status, text, elapsed

    def post_form(self, path, fields):
        _, page, _ = self.request("GET", path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        return self.request("POST", path, urlencode({"csrf_token": token, **fields}))


def prepare(port):
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{WORK}/portal.sqlite3",
               SEARCH_INDEX_DIR=f"{WORK}/index", UPLOAD_DIR=f"{WORK}/uploads",
               MAILBOX_DIR=f"{WORK}/mailbox", PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
               GUNICORN_BIND=f"127.0.0.1:{port}", SECRET_KEY=secrets.token_hex(32),
               PORTAL_PROXY_HOPS="1",
               # One worker counting rate limits in memory (production refuses memory:// otherwise).
               PORTAL_SINGLE_PROCESS="1", WEB_CONCURRENCY="1")
    env.pop("PORTAL_ENV", None)
    flask = [os.path.join(BIN, "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["load-reference"], ["load-demo"]):
        subprocess.run(flask + command, cwd=ROOT, env={**env, "PORTAL_ENV": "development"},
                       check=True, capture_output=True)
    return env


def demo_accounts():
    with sqlite3.connect(f"{WORK}/portal.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT email FROM users WHERE is_demo")]


def summary(values):
    values = sorted(v * 1000 for v in values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"median {statistics.median(values):6.1f} ms, p95 {p95:6.1f} ms (n={len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    port = free_port()
    env = prepare(port)
    accounts = demo_accounts()
    server = subprocess.Popen([os.path.join(BIN, "gunicorn"), "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=open(f"{WORK}/gunicorn.log", "wb"))
    try:
        for _ in range(300):
            try:
                Browser(port, "198.51.100.1").request("GET", "/about")
                break
            except OSError:
                time.sleep(0.2)
        cases = {name: [] for name in ("wrong password, existing account", "unknown address",
                                       "right password", "sign-up, existing address",
                                       "sign-up, new address", "reset, existing address",
                                       "reset, unknown address")}
        for n in range(args.samples):
            account = accounts[n % len(accounts)]
            runs = [
                ("wrong password, existing account", "/login", {"email": account, "password": "not the password"}, 401),
                ("unknown address", "/login", {"email": f"nobody{n}@example.org", "password": "not the password"}, 401),
                ("right password", "/login", {"email": account, "password": DEMO_PASSWORD}, 302),
                ("sign-up, existing address", "/signup", {"email": account, "language": "en"}, 302),
                ("sign-up, new address", "/signup", {"email": f"new{n}@example.org", "language": "en"}, 302),
                ("reset, existing address", "/password/forgot", {"email": account}, 302),
                ("reset, unknown address", "/password/forgot", {"email": f"gone{n}@example.org"}, 302),
            ]
            for offset, (name, path, fields, expected) in enumerate(runs):
                status, _, elapsed = Browser(port, f"10.{offset}.{n // 250}.{n % 250}").post_form(path, fields)
                if status != expected:
                    raise SystemExit(f"{name}: answered {status}, expected {expected}")
                cases[name].append(elapsed)
        print(f"auth timing over HTTP, gunicorn.conf.py on 127.0.0.1, {args.samples} samples each:")
        for name, values in cases.items():
            print(f"  {name:34s} {summary(values)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
