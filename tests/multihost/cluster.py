"""Starting and stopping the parts of a multi-host deployment on loopback: one PostgreSQL
database (on a running server), one Redis, N portal hosts (gunicorn with gunicorn.conf.py, and
`flask worker`, each host with its own index, uploads and mailbox folders) and nginx in front,
configured from docs/deploy/nginx.conf with one `server` line per host.

Every process gets its own process group, so a host (gunicorn's master and workers) or only its
worker can be killed with SIGKILL as a crash would, and started again."""
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
GUNICORN = os.path.join(BIN, "gunicorn")
FLASK = [os.path.join(BIN, "flask"), "--app", "wsgi"]
NGINX = "/usr/sbin/nginx"
REDIS = "/usr/bin/redis-server"
# Settings of the test's own environment that must not reach the hosts.
NOT_INHERITED = ("PORTAL_ENV", "SECRET_KEY", "FLASK_APP", "TEST_DATABASE_URL", "DATABASE_URL",
                 "SEARCH_INDEX_DIR", "UPLOAD_DIR", "MAILBOX_DIR", "RATELIMIT_STORAGE_URI",
                 "PORTAL_BASE_URL", "PORTAL_PROXY_HOPS", "GUNICORN_BIND", "MAIL_SERVER")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing_servers():
    """What this machine lacks to run the cluster (empty when all is there)."""
    missing = []
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        missing.append("a PostgreSQL server (TEST_DATABASE_URL=postgresql+psycopg://…)")
    if not os.path.exists(NGINX):
        missing.append("nginx (apt-get install nginx-light)")
    if not os.path.exists(REDIS):
        missing.append("Redis (apt-get install redis-server)")
    return missing


def _wait(check, what, timeout, process=None, log=None):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    tail = ""
    if log and os.path.exists(log):
        with open(log, errors="replace") as handle:
            tail = handle.read()[-3000:]
    raise RuntimeError(f"{what} did not start\n{tail}")


def _http_status(port, path, timeout=3):
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def _signal(process, sig):
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)


def _reap(process, timeout):
    """Wait for a process told to stop; SIGKILL its group past `timeout`."""
    if process is None:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _stop(process, timeout=20):
    """SIGTERM the process's group, then SIGKILL what is left."""
    _signal(process, signal.SIGTERM)
    _reap(process, timeout)


def _kill(process):
    """kill -9, as a crash or a pulled plug: the whole process group, no clean-up."""
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class Database:
    """A database the cluster runs on: `Database.create(server_url)` makes a fresh one on a
    running PostgreSQL server (fill it with `load`); `drop()` removes it."""

    def __init__(self, url, drop):
        self.url, self._drop = url, drop

    @classmethod
    def create(cls, server_url):
        server = make_url(server_url)
        name = f"portal_multihost_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))

        def drop():
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            engine.dispose()
        return cls(server.set(database=name).render_as_string(hide_password=False), drop)

    def load(self, directory):
        """Migrate it and load the reference and demo data with the portal's own commands (as
        an operator would, outside production: load-demo refuses production)."""
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env.update(DATABASE_URL=self.url, SECRET_KEY=secrets.token_hex(32),
                   SEARCH_INDEX_DIR=os.path.join(directory, "index"),
                   MAILBOX_DIR=os.path.join(directory, "mailbox"))
        for command in (["db", "upgrade"], ["load-reference"], ["load-demo"]):
            done = subprocess.run(FLASK + command, cwd=ROOT, env=env, capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")

    def scalar(self, sql, **params):
        engine = create_engine(make_url(self.url))
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).scalar()
        finally:
            engine.dispose()

    def rows(self, sql, **params):
        engine = create_engine(make_url(self.url))
        try:
            with engine.connect() as conn:
                return conn.execute(text(sql), params).all()
        finally:
            engine.dispose()

    def drop(self):
        self._drop()


class Redis:
    """A private redis-server on a free loopback port, keeping nothing on disk."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        os.makedirs(directory, exist_ok=True)
        self.process = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", directory, "--logfile", os.path.join(directory, "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        _wait(lambda: self.command("PING") == "PONG", "redis-server", 20, self.process,
              os.path.join(directory, "redis.log"))

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self, *words):
        """One command in Redis's protocol; returns the reply (simple, integer or bulk)."""
        request = f"*{len(words)}\r\n" + "".join(f"${len(str(w).encode())}\r\n{w}\r\n" for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
            conn.sendall(request.encode())
            reply = conn.makefile("rb").readline().decode().rstrip("\r\n")
        kind, rest = reply[:1], reply[1:]
        if kind == ":":
            return int(rest)
        if kind == "-":
            raise RuntimeError(rest)
        return rest

    def stop(self):
        _stop(self.process)


class Host:
    """One portal host: gunicorn and `flask worker`, with folders of its own."""

    def __init__(self, name, directory, env):
        self.name, self.directory = name, directory
        self.port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
        self.env = env
        self.web = self.worker = None
        for sub in ("index", "uploads", "mailbox", "open-data"):
            os.makedirs(os.path.join(directory, sub), exist_ok=True)

    @property
    def index_dir(self):
        return self.env["SEARCH_INDEX_DIR"]

    @property
    def mailbox(self):
        return self.env["MAILBOX_DIR"]

    def _log(self, name):
        return open(os.path.join(self.directory, name), "ab")

    def start_web(self):
        self.web = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT,
                                    env=self.env, stdout=subprocess.DEVNULL, stderr=self._log("gunicorn.log"),
                                    start_new_session=True)

    def wait_web(self):
        _wait(lambda: _http_status(self.port, "/about") == 200, f"{self.name}'s gunicorn", 120, self.web,
              os.path.join(self.directory, "gunicorn.log"))

    def start_worker(self):
        self.worker = subprocess.Popen(FLASK + ["worker"], cwd=ROOT, env=self.env,
                                       stdout=self._log("worker.log"), stderr=subprocess.STDOUT,
                                       start_new_session=True)

    def start(self):
        self.start_web()
        self.start_worker()
        self.wait_web()

    def kill_worker(self):
        _kill(self.worker)

    def kill(self):
        """The whole host at once: gunicorn's master and workers, and the worker."""
        _kill(self.web)
        _kill(self.worker)

    def stop(self):
        self.tell_to_stop()
        self.reap()

    def tell_to_stop(self):
        """SIGTERM to the worker and to gunicorn's master (which stops its workers)."""
        _signal(self.worker, signal.SIGTERM)
        _signal(self.web, signal.SIGTERM)

    def reap(self, timeout=15):
        _reap(self.worker, timeout)
        _reap(self.web, timeout)

    def flask(self, *command, timeout=300):
        """A portal command run on this host (its index, its mailbox); returns the finished process."""
        return subprocess.run(FLASK + list(command), cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def worker_busy(self):
        """CPU seconds the worker has used so far (to catch it in the middle of its work)."""
        with open(f"/proc/{self.worker.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self):
        with open(f"/proc/{self.worker.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return None

    def health(self):
        """/healthz as JSON ({"database": …, "behind": …}), or None where the portal has none."""
        import http.client
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            answer = connection.getresponse()
            body = answer.read()
        except OSError:
            return None
        finally:
            connection.close()
        try:
            return json.loads(body)
        except ValueError:
            return None


class Nginx:
    """docs/deploy/nginx.conf as documented, its one upstream server line made one per host."""

    def __init__(self, directory, port, upstream_ports):
        self.port, self.directory = port, directory
        os.makedirs(directory, exist_ok=True)
        self.config = os.path.join(directory, "nginx.conf")
        with open(os.path.join(ROOT, "docs", "deploy", "nginx.conf")) as template:
            source = template.read()
        servers = re.compile(r"^(\s*)server @UPSTREAM@([^;]*);$", re.M)
        if not servers.search(source) or "proxy_next_upstream" not in source:
            raise RuntimeError("docs/deploy/nginx.conf lost its `server @UPSTREAM@ …;` line or "
                               "its proxy_next_upstream: the multi-host test renders it")
        source = servers.sub(lambda m: "\n".join(f"{m.group(1)}server 127.0.0.1:{p}{m.group(2)};"
                                                 for p in upstream_ports), source)
        source = (source.replace("@LISTEN@", f"127.0.0.1:{port}").replace("@STATIC@", os.path.join(ROOT, "static"))
                  .replace("@RUNTIME@", directory))
        with open(self.config, "w") as handle:
            handle.write(source)
        error_log = os.path.join(directory, "error.log")
        subprocess.run([NGINX, "-t", "-c", self.config, "-e", error_log], check=True, capture_output=True)
        # Started as root (as in CI), nginx's workers would drop to `nobody`, who may not read
        # a checkout in a private folder: they stay the user who runs the tests.
        directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        self.process = subprocess.Popen([NGINX, "-c", self.config, "-e", error_log, "-g", directives],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        _wait(lambda: _http_status(port, "/static/css/portal.css") == 200, "nginx", 20, self.process, error_log)

    def stop(self):
        _stop(self.process, timeout=10)


class Cluster:
    """`with Cluster(directory, database) as cluster:` N hosts behind nginx, over `database`
    (a Database whose data is loaded) and a private Redis. `hosts[i].port` reaches one host
    directly; `port` reaches nginx."""

    def __init__(self, directory, database, *, hosts=3, gunicorn_workers=1, threads=4, extra_env=None):
        self.directory, self.database = directory, database
        self.size, self.gunicorn_workers, self.threads = hosts, gunicorn_workers, threads
        self.extra_env = extra_env or {}
        self.secret_key = secrets.token_hex(32)
        self.port = free_port()
        self.redis = self.nginx = None
        self.hosts = []

    def host_environment(self, number, port):
        folder = os.path.join(self.directory, f"host{number}")
        env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
        env.update(
            PORTAL_ENV="production", SECRET_KEY=self.secret_key, DATABASE_URL=self.database.url,
            SEARCH_INDEX_DIR=os.path.join(folder, "index"), UPLOAD_DIR=os.path.join(folder, "uploads"),
            MAILBOX_DIR=os.path.join(folder, "mailbox"), OPEN_DATA_DIR=os.path.join(folder, "open-data"),
            RATELIMIT_STORAGE_URI=self.redis.url, PORTAL_PROXY_HOPS="1",
            PORTAL_BASE_URL=f"http://127.0.0.1:{self.port}", GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(self.gunicorn_workers), GUNICORN_THREADS=str(self.threads),
            PYTHONUNBUFFERED="1", **self.extra_env)
        return folder, env

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.start_parts()
        self.start_hosts()

    def start_parts(self):
        """Redis, and each host's folders and settings (nothing served yet: data may be
        imported with `hosts[0].flask(...)` before the indexes are built)."""
        self.redis = Redis(os.path.join(self.directory, "redis"))
        for number in range(self.size):
            folder, env = self.host_environment(number, free_port())
            self.hosts.append(Host(f"host{number}", folder, env))

    def start_hosts(self):
        """Build every host's index, start every host, then nginx in front."""
        self.build_indexes()
        for host in self.hosts:   # all start together; each waits for its own
            host.start_web()
            host.start_worker()
        for host in self.hosts:
            host.wait_web()
        self.nginx = Nginx(os.path.join(self.directory, "nginx"), self.port, [h.port for h in self.hosts])

    def build_indexes(self):
        """Each host starts with an index of the database as it is: built once with
        `flask search-reindex`, the same folder copied to the others (a rebuilt index carries
        how far it has followed the database)."""
        first = self.hosts[0]
        built = first.flask("search-reindex")
        if built.returncode:
            raise RuntimeError("search-reindex failed:\n" + built.stdout + built.stderr)
        for host in self.hosts[1:]:
            shutil.rmtree(host.index_dir)
            shutil.copytree(first.index_dir, host.index_dir, symlinks=True)

    def stop(self):
        if self.nginx:
            self.nginx.stop()
        for host in self.hosts:   # all at once: each takes a few seconds to stop
            host.tell_to_stop()
        for host in self.hosts:
            host.reap()
        if self.redis:
            self.redis.stop()

    def mail_files(self):
        """{mail id: [hosts whose mailbox folder holds its .eml]}; Message-IDs seen more than once."""
        by_id, message_ids = {}, {}
        for host in self.hosts:
            for name in os.listdir(host.mailbox):
                if not name.endswith(".eml"):
                    continue
                by_id.setdefault(name[:-4], []).append(host.name)
                with open(os.path.join(host.mailbox, name), errors="replace") as handle:
                    for line in handle:
                        if line.lower().startswith("message-id:"):
                            message_ids.setdefault(line.split(":", 1)[1].strip(), []).append(host.name)
                            break
        return by_id, {k: v for k, v in message_ids.items() if len(v) > 1}

    def wait_until_followed(self, hosts=None, timeout=30, grace=3.0):
        """Wait until every host's /healthz says its index is not behind the log. Where the
        portal has no such /healthz, wait `grace` seconds and return False."""
        hosts = hosts or self.hosts
        deadline = time.monotonic() + timeout
        while True:
            health = [host.health() for host in hosts]
            if any(h is None or "behind" not in h for h in health):
                time.sleep(grace)
                return False
            if all(not h["behind"] for h in health):
                return True
            if time.monotonic() > deadline:
                raise AssertionError(f"indexes still behind after {timeout} s: {health}")
            time.sleep(0.1)
