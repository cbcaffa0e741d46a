"""Requests per second of anonymous public pages behind the documented nginx (page cache on),
alternating with a hello-world Flask app under the same gunicorn and nginx settings.

    .venv/bin/python bench/serving_many.py                # wrk, 10 s per figure
    .venv/bin/python bench/serving_many.py --seconds 5 --connections 32

Builds a demo database (migrations, reference and demo data, search index) under
/tmp/bench/serving/, starts gunicorn with gunicorn.conf.py (2 gthread workers, as `make serve`)
for the portal and with the same settings for bench/hello_app.py, each behind its own nginx
running docs/deploy/nginx.conf, then runs wrk (Debian's `wrk`) against each page in turn:
hello-world, the page through the cache, the page with a session cookie (the cache bypassed:
what the portal itself serves). Prints a Markdown table; traffic goes only to 127.0.0.1."""
import argparse
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from tests.test_serving import NGINX, free_port, get  # noqa: E402

WORK = "/tmp/bench/serving"
BIN = os.path.join(ROOT, ".venv", "bin")
PAGES = ["/", "/cities", "/key-features", "/practices", "/search?q=library", "{practice}"]


def environment(port):
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_APP", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=f"sqlite:///{WORK}/portal.sqlite3", SEARCH_INDEX_DIR=f"{WORK}/index",
               UPLOAD_DIR=f"{WORK}/uploads", MAILBOX_DIR=f"{WORK}/mailbox",
               PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
               PORTAL_PROXY_HOPS="1", SECRET_KEY=secrets.token_hex(32),
               # Sign-in limits do not matter here: counted per process, with `make serve`'s two workers.
               PORTAL_SINGLE_PROCESS="1")
    return env


def prepare():
    if os.path.exists(f"{WORK}/portal.sqlite3"):
        return
    os.makedirs(WORK, exist_ok=True)
    env = dict(environment(5000), PORTAL_ENV="development")
    for command in (["db", "upgrade"], ["load-reference"], ["load-demo"], ["search-reindex"]):
        subprocess.run([f"{BIN}/flask", "--app", "wsgi", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def wait_for(port, path="/"):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if get(port, path, timeout=2) == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"nothing answered on port {port}")


def start_gunicorn(app, config):
    port = free_port()
    env = environment(port)
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    command = [f"{BIN}/gunicorn", "-c", config, "-w", "2", "-b", f"127.0.0.1:{port}", app]
    process = subprocess.Popen(command, cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=open(f"{WORK}/{app[:5]}.log", "wb"))
    return process, port


def start_nginx(upstream, name):
    port, runtime = free_port(), f"{WORK}/nginx-{name}"
    shutil.rmtree(runtime, ignore_errors=True)
    os.makedirs(runtime)
    with open(os.path.join(ROOT, "docs", "deploy", "nginx.conf")) as template:
        config = (template.read().replace("@LISTEN@", f"127.0.0.1:{port}")
                  .replace("@UPSTREAM@", f"127.0.0.1:{upstream}")
                  .replace("@STATIC@", os.path.join(ROOT, "static")).replace("@RUNTIME@", runtime))
    config = config.replace("access_log " + runtime + "/access.log;", "access_log off;")
    with open(f"{runtime}/nginx.conf", "w") as handle:
        handle.write(config)
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    process = subprocess.Popen([NGINX, "-c", f"{runtime}/nginx.conf", "-e", f"{runtime}/error.log",
                                "-g", directives], stderr=subprocess.DEVNULL)
    return process, port


def wrk(port, path, seconds, connections, cookie=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "Accept-Language: en"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True,
                            text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, int(errors.group(1)) if errors else 0


def a_practice():
    import sqlite3
    with sqlite3.connect(f"{WORK}/portal.sqlite3") as connection:
        slug, = connection.execute(
            "SELECT slug FROM practices WHERE status = 'published' ORDER BY id").fetchone()
    return f"/practices/{slug}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    prepare()
    hello_config = f"{WORK}/hello.conf.py"
    with open(hello_config, "w") as handle:   # gunicorn.conf.py's worker settings, nothing else
        handle.write('workers = 2\nworker_class = "gthread"\nthreads = 8\npreload_app = True\n')
    started = []
    try:
        portal, portal_port = start_gunicorn("wsgi:app", os.path.join(ROOT, "gunicorn.conf.py"))
        hello, hello_port = start_gunicorn("bench.hello_app:app", hello_config)
        started += [portal, hello]
        wait_for(portal_port, "/about")
        wait_for(hello_port)
        portal_nginx, portal_front = start_nginx(portal_port, "portal")
        hello_nginx, hello_front = start_nginx(hello_port, "hello")
        started += [portal_nginx, hello_nginx]
        wait_for(portal_front, "/about")
        wait_for(hello_front)
        practice = a_practice()
        load = os.getloadavg()
        print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs "
              f"({platform.processor() or platform.machine()}), load average {load[0]:.2f} "
              f"{load[1]:.2f} {load[2]:.2f}; wrk -t2 -c{args.connections} -d{args.seconds}s\n")
        print("| page | hello-world req/s | through the cache req/s | % of hello | cache bypassed "
              "(session cookie) req/s | % of hello | non-2xx |")
        print("|---|---|---|---|---|---|---|")
        for page in PAGES:
            path = page.format(practice=practice)
            get(portal_front, path)   # warm
            hello_rate, _ = wrk(hello_front, "/", args.seconds, args.connections)
            cached, errors = wrk(portal_front, path, args.seconds, args.connections)
            bypassed, more = wrk(portal_front, path, args.seconds, args.connections,
                                 cookie="session=bench")
            shown = path if len(path) < 40 else path[:37] + "…"
            print(f"| `{shown}` | {hello_rate:.0f} | {cached:.0f} | {100 * cached / hello_rate:.0f} % "
                  f"| {bypassed:.0f} | {100 * bypassed / hello_rate:.1f} % | {errors + more} |",
                  flush=True)
        load = os.getloadavg()
        print(f"\nLoad average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
