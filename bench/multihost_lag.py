"""How long from a change's commit to the change being searchable on every host, and how much
memory each host's worker holds.

Starts the multi-host test's cluster (tests/multihost/cluster.py): a fresh PostgreSQL database
filled with the portal's own commands (`flask db upgrade`, `load-reference`, `load-demo`), a
private Redis, N hosts (gunicorn with gunicorn.conf.py in production mode, `flask worker`, an
index folder each) and nginx in front. Then makes CHANGES changes, each through the next host
directly: unpublish, publish again, edit a title, share a new practice (write, submit, publish),
in turn; after each answer it searches every host (the JSON API, which reads that host's own
index) every 20 ms until the change shows there. Prints p50/p95/max over the changes of the
slowest host, how many were never seen within --timeout, and each worker's resident memory
(sampled during the run and at the end). Target (issue 14): p95 <= 1 s.

    TEST_DATABASE_URL=postgresql+psycopg://portal:portal@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/multihost_lag.py [--changes 120] [--hosts 3] [--timeout 5]
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.multihost import traffic  # noqa: E402
from tests.multihost.cluster import Cluster, Database, missing_servers  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://portal:portal@127.0.0.1:5432/postgres"


class MemorySampler(threading.Thread):
    def __init__(self, hosts, every=0.5):
        super().__init__(daemon=True)
        self.hosts, self.every = hosts, every
        self.peak = {host.name: 0.0 for host in hosts}
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.wait(self.every):
            for host in self.hosts:
                try:
                    self.peak[host.name] = max(self.peak[host.name], host.worker_rss_mb() or 0)
                except OSError:   # the worker is restarting
                    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=120)
    parser.add_argument("--hosts", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each change")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs)")
    args = parser.parse_args()
    os.environ.setdefault("TEST_DATABASE_URL", DEFAULT_SERVER)
    missing = missing_servers()
    if missing:
        sys.exit("needs " + ", ".join(missing))
    directory = tempfile.mkdtemp(prefix="multihost-bench-")
    database = Database.create(os.environ["TEST_DATABASE_URL"])
    cluster = Cluster(directory, database, hosts=args.hosts)
    try:
        print("loading the database (flask db upgrade, load-reference, load-demo)…", flush=True)
        database.load(os.path.join(directory, "setup"))
        cluster.start_parts()
        pool = traffic.import_pools(cluster.hosts[0], {"lag": max(4, args.changes // 8)})["lag"]
        print("starting the hosts…", flush=True)
        cluster.start_hosts()
        idle = {host.name: round(host.worker_rss_mb(), 1) for host in cluster.hosts}
        sampler = MemorySampler(cluster.hosts)
        sampler.start()
        started = time.monotonic()
        visibility, _ = traffic.measure_visibility(cluster, pool, args.changes, timeout=args.timeout)
        elapsed = time.monotonic() - started
        sampler.stopping.set()
        summary = visibility.summary()
        result = {
            "hosts": args.hosts, "changes": summary["changes"], "never_seen_within_s": args.timeout,
            "never_seen": summary["never_seen"],
            **{k: round(summary[k] * 1000) if summary[k] is not None else None
               for k in ("p50", "p95", "max")},
            "unit": "ms from the change's answer to searchable on every host",
            "worker_rss_mb": {"idle": idle, "peak": {k: round(v, 1) for k, v in sampler.peak.items()},
                              "end": {h.name: round(h.worker_rss_mb(), 1) for h in cluster.hosts}},
            "seconds": round(elapsed, 1),
        }
        print(json.dumps(result, indent=2))
        print("slowest changes (seconds per host):")
        for what, per_host in visibility.slowest():
            print(f"  {what}: " + ", ".join(f"{h} {t:.2f}" if t is not None else f"{h} never"
                                             for h, t in per_host.items()))
        if visibility.late:
            print("never seen on every host:", *visibility.late[:10], sep="\n  ")
    finally:
        cluster.stop()
        database.drop()
        if args.keep:
            print("logs in", directory)
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
