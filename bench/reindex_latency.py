"""Publish, unpublish and search latency on one host while a full `search-reindex` runs on it,
against the same host idle (issue 14: publish and unpublish p95 <= 100 ms, search p95 no worse
than 1.2 x idle).

Starts one host of the multi-host test's cluster (tests/multihost/cluster.py: gunicorn with
gunicorn.conf.py in production mode, `flask worker`, its own index folder, a private Redis) over
a fresh PostgreSQL database filled by the portal's own commands (`db upgrade`, `load-reference`,
`load-demo`) and a synthetic corpus (bench/generate_corpus.py, `practices-import`), so that a
rebuild takes long enough to measure during it. Then, idle and during `flask search-reindex`
(started as an operator would, in another process on the same host): the secretariat signed in
unpublishes and publishes practices in turn, and a reader searches, one request at a time,
straight to the host (not through nginx's cache). Prints p50/p95 of each and the ratio.

    TEST_DATABASE_URL=postgresql+psycopg://portal:portal@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/reindex_latency.py [--practices 10000] [--samples 80]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.multihost import traffic  # noqa: E402
from tests.multihost.cluster import FLASK, Cluster, Database, missing_servers  # noqa: E402
from tests.multihost.web import Browser  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://portal:portal@127.0.0.1:5432/postgres"
QUERIES = ("library", "learning+festival", "community", "digital+skills", "adult+literacy")   # URL-encoded


def timed(call, *args):
    started = time.perf_counter()
    result = call(*args)
    return (time.perf_counter() - started) * 1000, result


def summary(values):
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    at = lambda share: ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]  # noqa: E731
    return {"n": len(ordered), "p50": round(at(0.5), 1), "p95": round(at(0.95), 1), "max": round(ordered[-1], 1)}


def measure(editor, port, published, *, samples, until=None):
    """(publish/unpublish ms, search ms): one change and one search per round, `samples`
    rounds, or for as long as `until()` is true (at least a few rounds). `published`
    {slug: is it published} is kept up to date across calls."""
    changes, searches, bad = [], [], []
    reader = Browser(port, timeout=30)
    slugs = sorted(published)
    rounds = 0
    while (until() if until else rounds < samples) or rounds < 5:
        slug = slugs[measure.turn % len(slugs)]
        measure.turn += 1
        action = "unpublish" if published[slug] else "publish"
        ms, status = timed(editor.transition, slug, action)
        if status == 302:
            published[slug] = not published[slug]
        changes.append(ms)
        if status != 302:
            bad.append((action, status))
        query = QUERIES[rounds % len(QUERIES)]
        ms, answer = timed(reader.get, f"/api/v1/practices?q={query}")
        searches.append(ms)
        if answer.status != 200:
            bad.append(("search", answer.status))
        rounds += 1
        if until and rounds >= samples * 20:
            break
    return changes, searches, bad


measure.turn = 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=10000, help="synthetic practices besides the demo's")
    parser.add_argument("--samples", type=int, default=80, help="rounds measured idle")
    parser.add_argument("--pace", type=float, default=1.0, help="search-reindex --pace (its default: 1)")
    parser.add_argument("--nice", type=int, default=10, help="search-reindex --nice (its default: 10)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (logs)")
    args = parser.parse_args()
    os.environ.setdefault("TEST_DATABASE_URL", DEFAULT_SERVER)
    missing = missing_servers()
    if missing:
        sys.exit("needs " + ", ".join(missing))
    directory = tempfile.mkdtemp(prefix="reindex-bench-")
    database = Database.create(os.environ["TEST_DATABASE_URL"])
    cluster = Cluster(directory, database, hosts=1)
    try:
        print("loading the database…", flush=True)
        database.load(os.path.join(directory, "setup"))
        cluster.start_parts()
        host = cluster.hosts[0]
        corpus = os.path.join(directory, "corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate_corpus.py"), str(args.practices),
                        corpus], check=True, capture_output=True)
        imported = host.flask("practices-import", corpus, timeout=3600)
        if imported.returncode:
            raise RuntimeError(imported.stdout + imported.stderr)
        published = dict.fromkeys(traffic.import_pools(host, {"reindex": 12})["reindex"], True)
        print("starting the host…", flush=True)
        cluster.start_hosts()
        editor = traffic.Editor(host.port)
        measure(editor, host.port, published, samples=10)          # warm up
        idle_changes, idle_searches, idle_bad = measure(editor, host.port, published, samples=args.samples)
        print("reindexing while measuring…", flush=True)
        started = time.monotonic()
        command = ["search-reindex", "--nice", str(args.nice), "--pace", str(args.pace)]
        rebuild = subprocess.Popen(FLASK + command, cwd=ROOT, env=host.env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        busy_changes, busy_searches, busy_bad = measure(editor, host.port, published, samples=args.samples,
                                                        until=lambda: rebuild.poll() is None)
        rebuild_seconds = time.monotonic() - started
        if rebuild.wait(timeout=3600):
            raise RuntimeError("search-reindex failed: " + rebuild.stderr.read())
        cluster.wait_until_followed()
        check = host.flask("search-check")
        idle, busy = summary(idle_searches), summary(busy_searches)
        result = {
            "practices": args.practices, "reindex_nice": args.nice, "reindex_pace": args.pace,
            "rebuild_seconds": round(rebuild_seconds, 1),
            "publish_unpublish_ms": {"idle": summary(idle_changes), "during_reindex": summary(busy_changes)},
            "search_ms": {"idle": idle, "during_reindex": busy,
                          "p95_ratio": round(busy["p95"] / idle["p95"], 2)},
            "failed_requests": idle_bad + busy_bad,
            "search_check_after": "equal" if check.returncode == 0 else check.stdout[-500:],
            "worker_rss_mb": round(host.worker_rss_mb(), 1),
        }
        print(json.dumps(result, indent=2))
    finally:
        cluster.stop()
        database.drop()
        if args.keep:
            print("logs in", directory)
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
