#!/usr/bin/env python3
"""Search benchmark: the portal under gunicorn (2 sync workers, 127.0.0.1) against the
targets of the search issue, with SQLite FTS5 on the same corpus as the yardstick.

    .venv/bin/python bench/run_search_bench.py --size 10000
    .venv/bin/python bench/run_search_bench.py --size 100000 --requests 200

Everything it creates lives under --workdir (default /tmp/bench/<size>/); the only file it
writes in the repository is docs/benchmarks.md (its section for this size; --no-docs to
skip). See bench/README.md for what is measured and how.
"""
import argparse
import datetime as dt
import fcntl
import http.client
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, ".venv", "bin")
PYTHON = os.path.join(BIN, "python")
DOCS = os.path.join(ROOT, "docs", "benchmarks.md")
HOST = "127.0.0.1"          # the only address this script talks to
BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "bench-password-not-secret-1"

sys.path.insert(0, HERE)
import generate_corpus  # noqa: E402


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(samples):
    return {"n": len(samples), "p50": percentile(samples, 50), "p95": percentile(samples, 95),
            "mean": statistics.fmean(samples) if samples else None,
            "max": max(samples) if samples else None}


# --- the queries ------------------------------------------------------------------------------

def make_queries(rare_word, country):
    """The fixed list. `cls` names the target class the query belongs to."""
    return [
        {"key": "common", "label": "common word", "q": "library", "cls": "word"},
        {"key": "rare", "label": "rare word", "q": rare_word, "cls": "word"},
        {"key": "two", "label": "two words", "q": "literacy migrants", "cls": "two"},
        {"key": "two_topic", "label": "two words (a topic)", "q": "digital skills", "cls": "two"},
        {"key": "phrase", "label": "phrase in quotes", "q": '"learning festival"', "cls": "phrase"},
        {"key": "four", "label": "four words", "q": "community library older volunteers", "cls": "multi"},
        {"key": "zh", "label": "Chinese word", "q": "终身学习", "cls": "zh"},
        {"key": "zh2", "label": "Chinese two words", "q": "社区 老年人", "cls": "zh"},
        # The languages of issue 15 (translations: ~5% of the practices each): a plural that
        # finds the singular, and an Arabic word found behind its prefixes (ال، و، ب، ل).
        {"key": "fr", "label": "French word (plural)", "q": "bibliothèques", "cls": "word"},
        {"key": "ru", "label": "Russian word (plural)", "q": "библиотеки", "cls": "word"},
        {"key": "ar", "label": "Arabic word", "q": "مكتبة", "cls": "word"},
        {"key": "filtered", "label": f"word + country={country} + commitment=5", "q": "library",
         "filters": {"country": country, "commitment": "5"}, "cls": "filtered"},
        {"key": "typo", "label": "misspelt word (no hit: spelling suggestion)", "q": "libary", "cls": "word"},
        {"key": "browse", "label": "no query (all practices, newest first)", "q": "", "cls": "browse"},
    ]


def query_string(query, page="api"):
    params = {"q": query["q"]} if query["q"] else {}
    params.update(query.get("filters") or {})
    path = "/api/v1/practices" if page == "api" else "/search"
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


# Targets (p95, ms) from the issue, per size and class. For the API and the page, which always
# compute facet counts, the facet target applies; the no-facet targets are checked against the
# API (a stricter test, since it does more) and against the engine without facets.
TARGETS = {
    10000: {"no_facets": {"word": 50, "two": 50, "phrase": 50, "filtered": 50, "zh": 50},
            "facets": {c: 80 for c in ("word", "two", "phrase", "filtered", "zh", "multi", "browse")},
            "html": {c: 120 for c in ("word", "two", "phrase", "filtered", "zh", "multi", "browse")}},
    100000: {"no_facets": {"word": 250, "filtered": 250, "phrase": 250, "two": 500, "multi": 500},
             "facets": {c: 500 for c in ("word", "two", "phrase", "filtered", "zh", "multi", "browse")},
             "html": {}},
}
MEMORY_TARGET_MB = 200
FRESHNESS_TARGET_S = 1.0
REBUILD_TARGET_S = 7 * 60


# --- machine ----------------------------------------------------------------------------------

def machine_info():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
    from importlib import metadata
    versions = {}
    for name in ("Whoosh-Reloaded", "jieba", "gunicorn", "Flask", "SQLAlchemy"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "kernel": platform.release(), "packages": versions, "git": code_version(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "loadavg_at_start": open("/proc/loadavg").read().split()[:3]}


def code_version():
    """The portal's code as it is now: HEAD, and the uncommitted changes outside bench/ and
    docs/benchmarks.md (other developers edit the repository while benchmarks run)."""
    import hashlib
    git = {}
    try:
        def run(*a):
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=20).stdout
        git["head"] = run("rev-parse", "--short", "HEAD").strip()
        git["head_subject"] = run("log", "-1", "--format=%s").strip()
        paths = ["--", ".", ":(exclude)bench", ":(exclude)docs/benchmarks.md"]
        changed = [line for line in run("status", "--porcelain", *paths).splitlines() if line.strip()]
        git["uncommitted_files"] = [line[3:] for line in changed]
        git["diff_sha1"] = hashlib.sha1((run("diff", "HEAD", *paths) + "\n".join(changed)).encode()).hexdigest()[:12]
    except (OSError, subprocess.SubprocessError):
        pass
    return git


def index_size_mb(root):
    """Size of the live generation of a portal index (SEARCH_INDEX_DIR/CURRENT)."""
    try:
        with open(os.path.join(root, "CURRENT"), encoding="ascii") as handle:
            return du_mb(os.path.join(root, handle.read().strip()))
    except OSError:
        return None


class CpuMeter:
    """How much CPU other processes used during a measurement (the machine is shared):
    busy time from /proc/stat minus the CPU time of our own processes."""

    def __init__(self, pids):
        self.pids = list(pids)

    @staticmethod
    def _busy():
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields[:8]) - idle

    def _ours(self):
        total = 0
        for pid in self.pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                    parts = handle.read().rsplit(")", 1)[1].split()
                total += int(parts[11]) + int(parts[12]) + int(parts[13]) + int(parts[14])
            except (OSError, IndexError, ValueError):
                pass
        return total

    def __enter__(self):
        self.t0, self.busy0, self.ours0 = time.monotonic(), self._busy(), self._ours()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.t0
        ticks = os.sysconf("SC_CLK_TCK")
        busy = (self._busy() - self.busy0) / ticks
        ours = (self._ours() - self.ours0) / ticks
        cpus = os.cpu_count() or 1
        self.foreign_share = max(0.0, busy - ours) / (self.seconds * cpus) if self.seconds else 0.0
        self.ours_share = ours / (self.seconds * cpus) if self.seconds else 0.0
        return False


def wait_for_quiet(pids, max_wait, threshold=0.15):
    """Wait (at most `max_wait` s) until other processes use less than `threshold` of the
    machine over one second; returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < max_wait:
        with CpuMeter(pids) as meter:
            time.sleep(1.0)
        if meter.foreign_share < threshold:
            break
    return time.monotonic() - started


def memory_of(pid):
    """{rss_mb, hwm_mb, pss_mb} of a process."""
    info = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    info[line.split(":")[0]] = int(line.split()[1]) / 1024
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    info["Pss"] = int(line.split()[1]) / 1024
    except OSError:
        return None
    return {"rss_mb": info.get("VmRSS"), "hwm_mb": info.get("VmHWM"), "pss_mb": info.get("Pss")}


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def du_mb(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(folder, name))
            except OSError:
                pass
    return total / 1024 / 1024


# --- running the portal's commands -----------------------------------------------------------------

class Instance:
    def __init__(self, workdir, size):
        self.dir = workdir
        self.size = size
        self.corpus = os.path.join(workdir, "corpus.jsonl")
        self.database = os.path.join(workdir, "portal.sqlite3")
        self.index = os.path.join(workdir, "index")
        self.fts = os.path.join(workdir, "fts5.sqlite3")
        self.state_path = os.path.join(workdir, "state.json")
        self.env = {k: v for k, v in os.environ.items() if k not in ("PORTAL_ENV", "FLASK_APP")}
        self.env.update({
            "DATABASE_URL": f"sqlite:///{self.database}",
            "SEARCH_INDEX_DIR": self.index,
            "UPLOAD_DIR": os.path.join(workdir, "uploads"),
            "SECRET_KEY": "bench-only-secret-key-of-at-least-32-characters",   # production needs 32+
            # Rate limits counted per worker in memory: production asks for this to be said.
            "PORTAL_SINGLE_PROCESS": "1",
            "PORTAL_NEW_USER_PASSWORD": BENCH_PASSWORD,
            "PYTHONUNBUFFERED": "1",
        })

    def load_state(self):
        try:
            with open(self.state_path, encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return {}

    def save_state(self, state):
        with open(self.state_path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=1, ensure_ascii=False)
        os.replace(self.state_path + ".tmp", self.state_path)

    def flask(self, *args, timeout=3600):
        """Run `flask --app wsgi ARGS`; (seconds, output). Raises on failure."""
        command = [os.path.join(BIN, "flask"), "--app", "wsgi", *args]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        output = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed ({done.returncode}):\n{output[-3000:]}")
        return seconds, output

    def flask_in_pty(self, *args, timeout=3600):
        """Run a flask command on a pseudo-terminal, as a person would, so that click draws
        its progress bar; (seconds, raw output, returncode)."""
        command = [os.path.join(BIN, "flask"), "--app", "wsgi", *args]
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=dict(self.env, TERM="xterm"),
                                   stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                                   start_new_session=True)
        os.close(slave)
        chunks, deadline = [], time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 1.0)
                if not ready:
                    if process.poll() is not None:
                        break
                    continue
                try:
                    data = os.read(master, 65536)
                except OSError:      # EIO: the command closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            else:
                process.kill()
                raise RuntimeError(f"flask {' '.join(args)} exceeded {timeout} s")
            returncode = process.wait(timeout=60)
        finally:
            os.close(master)
            if process.poll() is None:
                process.kill()
                process.wait()
        seconds = time.perf_counter() - started
        return seconds, b"".join(chunks).decode("utf-8", "replace"), returncode


def setup_portal(inst, state, args):
    """Migrate, load reference data, create the bench user, import the corpus, rebuild."""
    if state.get("portal_ready"):
        log("portal instance: reusing the existing database and index")
        return
    for path in (inst.database, inst.index):
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    log("flask db upgrade")
    state["db_upgrade_s"], _ = inst.flask("db", "upgrade")
    log("flask load-reference")
    state["load_reference_s"], _ = inst.flask("load-reference")
    log(f"flask practices-import ({inst.size} practices) ...")
    with CpuMeter([]) as meter:   # no pids of ours: everything not idle counts as busy
        seconds, output = inst.flask("practices-import", inst.corpus, timeout=args.command_timeout)
    state["import"] = {"seconds": seconds, "output": output[-500:], "machine_busy_share": meter.foreign_share,
                       "index_size_mb": index_size_mb(inst.index)}
    log(f"  import: {seconds:.1f} s: {output[-200:]}")
    inst.save_state(state)
    # The publisher of the freshness test: a practitioner (may write) of the first city (the
    # probe's city), who is also secretariat (may publish). Cities exist once imported.
    with sqlite3.connect(inst.database) as db:
        first_city = db.execute("SELECT slug FROM cities ORDER BY id LIMIT 1").fetchone()[0]
    inst.flask("create-user", "--email", BENCH_EMAIL, "--role", "practitioner", "--city", first_city)
    inst.flask("create-user", "--email", BENCH_EMAIL, "--role", "secretariat")
    log("flask search-reindex --procs 2 (on a pseudo-terminal, timed) ...")
    with CpuMeter([]) as meter:
        seconds, output, code = inst.flask_in_pty("search-reindex", "--procs", "2", timeout=args.command_timeout)
    frames = [f for f in re.split(r"[\r\n]+", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)) if f.strip()]
    bars = [f for f in frames if "Indexing" in f]
    state["rebuild"] = {"seconds": seconds, "returncode": code, "progress_frames": len(bars),
                        "first_frame": bars[0].strip() if bars else None,
                        "last_frame": bars[-1].strip() if bars else None,
                        "last_line": frames[-1].strip() if frames else "",
                        "index_size_mb": index_size_mb(inst.index), "machine_busy_share": meter.foreign_share}
    with open(os.path.join(inst.dir, "reindex-output.txt"), "w", encoding="utf-8") as handle:
        handle.write(output)
    log(f"  rebuild: {seconds:.1f} s, rc {code}, {len(bars)} progress-bar frames; {state['rebuild']['last_line']}")
    if code != 0:
        raise RuntimeError(f"search-reindex failed:\n{output[-3000:]}")
    state["portal_ready"] = True
    state["built"] = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                      "code": code_version()}
    inst.save_state(state)


# --- SQLite FTS5 -----------------------------------------------------------------------------------

FTS_PRAGMAS = ("PRAGMA cache_size=-262144", "PRAGMA mmap_size=1073741824", "PRAGMA temp_store=MEMORY")
_SEGMENTER = None


def _place_names(data_dir):
    import yaml
    from babel import Locale
    with open(os.path.join(data_dir, "member_states.yaml"), encoding="utf-8") as handle:
        states = yaml.safe_load(handle)["member_states"]
    en, zh = Locale("en").territories, Locale("zh").territories
    names = {}
    for state in states:
        given = state.get("name") or {}
        names[state["iso"]] = (state["region"], given.get("en") or en.get(state["iso"], state["iso"]),
                               given.get("zh") or zh.get(state["iso"], state["iso"]))
    return names


def _segment(text):
    """Chinese text as space-separated jieba words (search mode, as the portal's analyzer)."""
    import jieba
    return " ".join(w for w in jieba.cut_for_search(text) if w.strip())


OTHER_LANGUAGES = ("fr", "es", "ru", "ar")


def _fts_rows(job):
    """Worker: (rowid, title_en, text_en, title_zh, text_zh, title_other, text_other) for a batch
    of JSON lines (the other four languages share two columns: FTS5 has one tokenizer per table,
    unicode61 without their stemmers)."""
    names, batch = job
    rows = []
    for rowid, line in batch:
        item = json.loads(line)
        region, country_en, country_zh = names[item["country"]]
        texts = {}
        sections = [item["summary"],
                    *(item.get(k) or "" for k in ("need", "activities", "partners", "results", "lessons")),
                    item["body"], item.get("organisation") or ""]
        texts[item["language"]] = (item["title"], "\n".join(s for s in sections if s))
        if item.get("translation"):
            t = item["translation"]
            texts.setdefault(t["language"], (t["title"], "\n".join((t["summary"], t.get("body") or ""))))
        place = {"en": f"{item['city']} {country_en}", "zh": f"{item['city']} {country_zh}"}
        out = {}
        for language in ("en", "zh"):
            title, text = texts.get(language, ("", ""))
            text = f"{text}\n{place[language]}"
            if language == "zh":
                title, text = _segment(title), _segment(text)
            out[language] = (title, text)
        other = [texts[language] for language in OTHER_LANGUAGES if language in texts]
        rows.append((rowid, out["en"][0], out["en"][1], out["zh"][0], out["zh"][1],
                     "\n".join(title for title, _ in other), "\n".join(text for _, text in other), item, region))
    return rows


def build_fts5(inst, procs=2):
    """The corpus into a contentless FTS5 table (porter + unicode61; Chinese pre-segmented with
    jieba in search mode, like the portal's analyzer) plus a facet table. Returns timings."""
    import logging

    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()            # load the dictionary once, before forking the segmenters
    names = _place_names(os.path.join(ROOT, "data"))
    if os.path.exists(inst.fts):
        os.remove(inst.fts)
    started = time.perf_counter()
    db = sqlite3.connect(inst.fts)
    db.executescript("""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE docs (id INTEGER PRIMARY KEY, language TEXT, country TEXT, region TEXT,
                           organisation_type TEXT, year TEXT, commitments INTEGER);
        CREATE TABLE doc_facet (doc_id INTEGER, facet TEXT, value TEXT,
                                PRIMARY KEY (doc_id, facet, value)) WITHOUT ROWID;
        CREATE VIRTUAL TABLE fts USING fts5(title_en, text_en, title_zh, text_zh, title_other, text_other, content='',
                                            tokenize='porter unicode61 remove_diacritics 2');
    """)

    def batches(size=200):
        batch = []
        with open(inst.corpus, encoding="utf-8") as handle:
            for rowid, line in enumerate(handle, start=1):
                batch.append((rowid, line))
                if len(batch) == size:
                    yield names, batch
                    batch = []
        if batch:
            yield names, batch

    import multiprocessing
    countries = Counter()
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        db.execute("BEGIN")
        for rows in pool.imap(_fts_rows, batches(), chunksize=1):
            db.executemany("INSERT INTO fts(rowid, title_en, text_en, title_zh, text_zh, title_other, text_other) "
                           "VALUES (?,?,?,?,?,?,?)", [r[:7] for r in rows])
            docs, facets = [], []
            for rowid, *_, item, region in rows:
                mask = sum(1 << (n - 1) for n in item["commitments"])
                year = str(item["year"]) if item.get("year") is not None else None
                docs.append((rowid, item["language"], item["country"], region, item.get("organisation_type"),
                             year, mask))
                values = [("language", item["language"]), ("country", item["country"]), ("region", region),
                          ("organisation_type", item.get("organisation_type")), ("year", year)]
                values += [("commitment", str(n)) for n in set(item["commitments"])]
                values += [("area", a) for a in {kf.split(".")[0] for kf in item.get("key_features", [])}]
                values += [("target_group", g) for g in set(item.get("target_groups", []))]
                facets += [(rowid, f, v) for f, v in values if v]
                countries[item["country"]] += 1
            db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)", docs)
            db.executemany("INSERT INTO doc_facet VALUES (?,?,?)", facets)
        db.execute("COMMIT")
    loaded = time.perf_counter() - started
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.commit()
    total = time.perf_counter() - started
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row')")
    db.close()
    return {"seconds": total, "load_seconds": loaded, "optimize_seconds": total - loaded,
            "procs": procs, "size_mb": os.path.getsize(inst.fts) / 1024 / 1024,
            "top_country": countries.most_common(1)[0][0]}


def choose_rare_word(inst):
    """A word of the generator's rare tail that occurs in a handful of practices (as indexed,
    i.e. a word porter stemming leaves unchanged)."""
    vocab = generate_corpus.Vocabulary()
    tail = set(vocab.rare_tail)
    target = max(3, inst.size // 2000)
    db = sqlite3.connect(inst.fts)
    best = None
    for term, docs in db.execute("SELECT term, doc FROM vocab WHERE doc BETWEEN 1 AND ?", (target * 4,)):
        if term in tail:
            key = (abs(docs - target), term)
            if best is None or key < best[0]:
                best = (key, term, docs)
    db.close()
    return (best[1], best[2]) if best else (vocab.rare_tail[0], 0)


class Fts5:
    def __init__(self, path):
        import logging

        import jieba
        jieba.setLogLevel(logging.WARNING)
        self.db = sqlite3.connect(path)
        for pragma in FTS_PRAGMAS:
            self.db.execute(pragma)

    @staticmethod
    def match(q):
        """The portal's query syntax (words ANDed, "quoted phrases") as an FTS5 expression;
        Chinese runs are segmented with jieba (accurate mode) into quoted words."""
        import jieba
        parts = []
        for phrase, word in re.findall(r'"([^"]*)"|(\S+)', q):
            if phrase:
                parts.append('"' + phrase.replace('"', "") + '"')
            elif re.search(r"[\u3400-\u9fff]", word):
                parts += ['"' + w + '"' for w in jieba.lcut(word) if w.strip()]
            else:
                parts.append('"' + word.replace('"', "") + '"')
        return " AND ".join(parts)

    def search(self, query, facets):
        """Top 20 ids by bm25 (titles weighted 3, as the portal's schema does), the exact total
        and, with `facets`, every facet's counts (one GROUP BY over the matches)."""
        filters = query.get("filters") or {}
        where, params = [], []
        if "country" in filters:
            where.append("d.country = ?")
            params.append(filters["country"])
        if "commitment" in filters:
            where.append("(d.commitments >> ?) & 1")
            params.append(int(filters["commitment"]) - 1)
        extra = (" AND " + " AND ".join(where)) if where else ""
        db = self.db
        if query["q"]:
            expr = self.match(query["q"])
            join = " JOIN docs d ON d.id = fts.rowid" if where else ""
            ids = [r[0] for r in db.execute(
                f"SELECT fts.rowid FROM fts{join} WHERE fts MATCH ?{extra} "
                "ORDER BY bm25(fts, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0) LIMIT 20", (expr, *params))]
            total = db.execute(f"SELECT count(*) FROM fts{join} WHERE fts MATCH ?{extra}",
                               (expr, *params)).fetchone()[0]
            counts = None
            if facets:
                counts = db.execute(
                    f"SELECT f.facet, f.value, count(*) FROM fts JOIN docs d ON d.id = fts.rowid "
                    f"JOIN doc_facet f ON f.doc_id = fts.rowid WHERE fts MATCH ?{extra} "
                    "GROUP BY f.facet, f.value", (expr, *params)).fetchall()
        else:
            cond = (" WHERE " + " AND ".join(where)) if where else ""
            ids = [r[0] for r in db.execute(f"SELECT id FROM docs d{cond} ORDER BY id DESC LIMIT 20", params)]
            total = db.execute(f"SELECT count(*) FROM docs d{cond}", params).fetchone()[0]
            counts = db.execute(f"SELECT f.facet, f.value, count(*) FROM docs d JOIN doc_facet f ON f.doc_id = d.id"
                                f"{cond} GROUP BY f.facet, f.value", params).fetchall() if facets else None
        return ids, total, counts


def time_fts5(inst, queries, runs, seconds):
    engine = Fts5(inst.fts)
    out = {}
    for query in queries:
        row = {"match": Fts5.match(query["q"]) if query["q"] else None}
        for label, facets in (("no_facets", False), ("facets", True)):
            for _ in range(3):
                engine.search(query, facets)
            samples, deadline = [], time.monotonic() + seconds
            for _ in range(runs):
                started = time.perf_counter()
                _, total, _ = engine.search(query, facets)
                samples.append((time.perf_counter() - started) * 1000)
                if time.monotonic() > deadline:
                    break
            row[label] = stats(samples)
            row["hits"] = total
        out[query["key"]] = row
        log(f"FTS5 {query['key']}: {row['no_facets']['p50']:.2f} / {row['facets']['p50']:.2f} ms, hits {row['hits']}")
    return out


# --- HTTP -----------------------------------------------------------------------------------------

class Client:
    """One HTTP/1.1 connection to 127.0.0.1, sequential requests. gunicorn's sync workers
    answer `Connection: close`; http.client then reconnects on the next request (counted)."""

    def __init__(self, port, timeout=120):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        self.reconnects = 0

    def get(self, path):
        started = time.perf_counter()
        self.conn.request("GET", path, headers={"Accept-Language": "en", "Connection": "keep-alive"})
        response = self.conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.will_close:
            self.reconnects += 1
        return response.status, body, elapsed

    def close(self):
        self.conn.close()


class Gunicorn:
    def __init__(self, inst, port, workers=2):
        self.inst, self.port, self.workers = inst, port, workers
        self.process = None
        self.log_path = os.path.join(inst.dir, "gunicorn.log")

    def start(self, timeout=180):
        command = [os.path.join(BIN, "gunicorn"), "--workers", str(self.workers), "--preload",
                   "--bind", f"{HOST}:{self.port}", "wsgi:app"]
        self.log_handle = open(self.log_path, "ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.inst.env, stdin=subprocess.DEVNULL,
                                        stdout=self.log_handle, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                client = Client(self.port, timeout=60)
                status, _, _ = client.get("/api/v1/practices?q=library")
                client.close()
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within the time limit")

    def worker_pids(self):
        return children_of(self.process.pid) if self.process else []

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)   # the group this script created
            self.process.wait(timeout=30)
        self.log_handle.close()


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def measure_http(port, path, runs, seconds, cpu_pids):
    client = Client(port)
    samples, statuses, deadline = [], Counter(), time.monotonic() + seconds
    total = None
    body_size = 0
    with CpuMeter(cpu_pids) as meter:
        for _ in range(runs):
            status, body, elapsed = client.get(path)
            statuses[status] += 1
            samples.append(elapsed)
            body_size = len(body)
            if path.startswith("/api/") and status == 200 and total is None:
                total = json.loads(body)["total"]
            if time.monotonic() > deadline:
                break
    client.close()
    result = stats(samples)
    result.update({"statuses": dict(statuses), "hits": total, "bytes": body_size,
                   "samples_ms": [round(x, 2) for x in samples],
                   "reconnects": client.reconnects, "other_cpu_share": meter.foreign_share})
    return result


def measure_throughput(port, path, clients, seconds, max_requests):
    """`clients` threads, each with its own connection, for `seconds`."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    samples, errors, count = [], Counter(), [0]

    def worker():
        client = Client(port)
        local = []
        while time.monotonic() < deadline:
            with lock:
                if count[0] >= max_requests:
                    break
                count[0] += 1
            status, _, elapsed = client.get(path)
            if status != 200:
                errors[status] += 1
            local.append(elapsed)
        client.close()
        with lock:
            samples.extend(local)

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(worker) for _ in range(clients)]:
            future.result()
    elapsed = time.monotonic() - started
    result = stats(samples)
    result.update({"clients": clients, "seconds": elapsed, "requests_per_s": len(samples) / elapsed,
                   "errors": dict(errors)})
    return result


def measure_freshness(inst, port, trials, limit_s=30.0):
    """Publish a practice with a unique word (bench/probe_publish.py) and poll the API over
    HTTP until the word finds it; time from the commit to the first HTTP hit."""
    import random
    import string
    results = []
    for trial in range(trials):
        word = "fresh" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
        path = "/api/v1/practices?" + urllib.parse.urlencode({"q": word})
        events = {}
        probe = subprocess.Popen([PYTHON, os.path.join(HERE, "probe_publish.py"), BENCH_EMAIL, word],
                                 cwd=ROOT, env=inst.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, stdin=subprocess.DEVNULL)

        def read_events(probe=probe, events=events):
            for line in probe.stdout:
                try:
                    event = json.loads(line)
                    events[event["event"]] = event
                except ValueError:
                    pass
        reader = threading.Thread(target=read_events, daemon=True)
        reader.start()
        client = Client(port, timeout=30)
        first_hit, polls, poll_ms, deadline = None, 0, [], time.monotonic() + 180
        while "ready" not in events and probe.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)        # the probe is importing the app
        # Poll from just before the commit until the word is found.
        while "ready" in events and time.monotonic() < deadline and polls < 20000:
            if "committed" in events and time.time() - events["committed"]["t"] > limit_s:
                break
            if probe.poll() is not None and "committed" not in events:
                break
            status, body, elapsed = client.get(path)
            polls += 1
            poll_ms.append(elapsed)
            if status == 200 and json.loads(body)["total"] >= 1:
                first_hit = time.time()
                break
            time.sleep(0.005)
        client.close()
        try:
            probe.wait(timeout=60)
        except subprocess.TimeoutExpired:
            probe.kill()
            probe.wait()
        reader.join(timeout=5)
        stderr = probe.stderr.read()[-1500:] if probe.stderr else ""
        committed = events.get("committed", {}).get("t")
        applied = events.get("applied", {}).get("t")
        result = {"word": word, "polls": polls, "poll_ms_p50": percentile(poll_ms, 50),
                  "commit_to_http_s": (first_hit - committed) if first_hit and committed else None,
                  "commit_to_applied_s": (applied - committed) if applied and committed else None,
                  "probe_returncode": probe.returncode}
        if result["commit_to_http_s"] is None:
            result["error"] = stderr or "no hit within the time limit"
        results.append(result)
        log(f"freshness trial {trial + 1}: {result}")
    return results


# --- the report ------------------------------------------------------------------------------------

def fmt(value, digits=None):
    if value is None:
        return "–"
    if digits is None:
        digits = 0 if value >= 100 else 1 if value >= 10 else 2 if value >= 1 else 3
    return f"{value:.{digits}f}"


def verdict(value, target):
    if target is None or value is None:
        return "no target"
    return f"≤ {target}: **{'pass' if value <= target else 'FAIL'}**"


def ratio(a, b):
    return f"{a / b:.1f}×" if a is not None and b else "–"


def _busy(step):
    share = step.get("machine_busy_share")
    return f"; CPUs busy {100 * share:.0f} % meanwhile, this command included" if share is not None else ""


def _code_line(git):
    files = git.get("uncommitted_files") or []
    return (f"commit `{git.get('head', '?')}` ({git.get('head_subject', '')})"
            + (f" plus uncommitted changes to {', '.join('`' + f + '`' for f in files[:8])}"
               f"{' …' if len(files) > 8 else ''} (diff {git.get('diff_sha1')})"
               if files else ", no uncommitted changes"))


def render(results):
    size = results["size"]
    targets = TARGETS.get(size, {"no_facets": {}, "facets": {}, "html": {}})
    m = results["machine"]
    lines = [f"## {size:,} practices".replace(",", " "), ""]
    lines += [f"Measured {m['date']} on {m['nproc']} × {m['cpu']}, {m['memory_gb']} GB RAM, Linux {m['kernel']}; "
              f"Python {m['python']}, SQLite {m['sqlite']}, "
              + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
              + f". Portal code served: {_code_line(results.get('code_at_gunicorn_start') or m['git'])}. "
              f"Load average at start: {' '.join(m['loadavg_at_start'])} "
              "(the machine is shared with other developers' test runs; the *other CPU* column says how much of "
              "the machine other processes used during each measurement).", ""]
    lines += ["Rerun:", "", "```sh", results["command"], "```", ""]
    if results.get("reused"):
        built = results.get("setup", {}).get("built")
        lines += ["This run reused (`--reuse`) the corpus, database, index and FTS5 file of an earlier run, "
                  "so the building figures are that run's"
                  + (f" ({built['date']}, code {_code_line(built['code'])})." if built else ".")
                  + " The latency, memory and freshness figures are this run's.", ""]
    if results.get("errors"):
        lines += ["**Errors during the run:**", ""] + [f"- {e}" for e in results["errors"]] + [""]

    # Build.
    setup = results.get("setup", {})
    rebuild = setup.get("rebuild") or {}
    imp = setup.get("import") or {}
    fts = results.get("fts5_build") or {}
    lines += ["### Building", "", "| step | figure | target | FTS5 |", "|---|---|---|---|"]
    if setup.get("corpus_s") is not None:
        lines.append(f"| generate the corpus (`bench/generate_corpus.py`, {results['corpus_mb']:.0f} MB JSONL) "
                     f"| {fmt(setup['corpus_s'])} s | – | – |")
    if imp:
        lines.append(f"| `practices-import` of the corpus (database rows, then — above 2 000 lines — a full "
                     f"index rebuild with 2 processes inside the same command, **without** a progress bar){_busy(imp)} "
                     f"| {fmt(imp['seconds'])} s | – | – |")
    if rebuild:
        target = REBUILD_TARGET_S if size >= 100000 else None
        bar = (f"progress bar drawn {rebuild['progress_frames']} times on a terminal; "
               f"last frame `{rebuild['last_frame']}`"
               if rebuild.get("progress_frames") else "**no progress bar seen**")
        rebuild_verdict = (('≤ 420 s: **' + ('pass' if rebuild['seconds'] <= 420 else 'FAIL') + '**') if target
                           else 'no target at this size')
        lines.append(f"| `search-reindex --procs 2` (full rebuild; {bar}){_busy(rebuild)} "
                     f"| {fmt(rebuild['seconds'])} s | {rebuild_verdict} "
                     f"| {fmt(fts.get('seconds'))} s ({ratio(rebuild['seconds'], fts.get('seconds'))}) |")
        lines.append(f"| index size on disk | {fmt(rebuild.get('index_size_mb'))} MB, "
                     f"{results.get('engine', {}).get('segments', '?')} segment(s), "
                     f"{results.get('engine', {}).get('doc_count', '?')} documents (practices + cities) "
                     f"| – | {fmt(fts.get('size_mb'))} MB |")
    if fts:
        lines.append(f"| FTS5 build: {fmt(fts['load_seconds'])} s loading (JSON, jieba segmentation in {fts['procs']} "
                     f"processes, inserts) + {fmt(fts['optimize_seconds'])} s `optimize` "
                     f"| – | – | {fmt(fts['seconds'])} s |")
    lines.append("")

    # Latency.
    http_rows = results.get("http", {})
    engine = results.get("engine", {}).get("queries", {})
    fts_q = results.get("fts5_queries", {})
    lines += ["### Latency over HTTP", "",
              "p50 / p95 in milliseconds, sequential requests from one client. *API* = `GET /api/v1/practices?q=…` "
              "(JSON; the API always computes every facet count, and on page 1 it also searches cities); "
              "*page* = `GET /search?q=…` (the whole HTML page: the same, plus highlighted snippets and facet labels). "
              "There is no HTTP request without facet counts, so the no-facet targets are checked against the API "
              "(which does more) and, in the next table, against the engine alone. *FTS5* = SQLite FTS5 on the same "
              "corpus, **in-process** (top 20 by bm25 + exact count + one GROUP BY over the matches for all the "
              "facet counts): the ratios compare a whole HTTP request with FTS5's query work only. "
              "*hits*: the total the API returned / the practices that really match in the Whoosh index "
              "(counted with `docs_for_query`) / FTS5's count. *other CPU*: share of the machine other processes "
              "used meanwhile.", "",
              "| query | hits: API / Whoosh exact / FTS5 | API p50 / p95 | API target (p95) | page p50 / p95 | "
              "page target (p95) | FTS5 + facets p50 / p95 | API / FTS5 | page / FTS5 | other CPU |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for query in results["queries"]:
        key, cls = query["key"], query["cls"]
        api, page = http_rows.get(key, {}).get("api", {}), http_rows.get(key, {}).get("page", {})
        eng, f5 = engine.get(key, {}), fts_q.get(key, {})
        nf_target, f_target = targets["no_facets"].get(cls), targets["facets"].get(cls)
        api_p95, page_p95 = api.get("p95"), page.get("p95")
        f_f = f5.get("facets", {})
        api_verdict = verdict(api_p95, f_target) + (" (facet class)" if f_target else "")
        if nf_target is not None and api_p95 is not None:
            api_verdict += f"; ≤ {nf_target} (no-facet class): **{'pass' if api_p95 <= nf_target else 'FAIL'}**"
        exact = eng.get("exact_hits")
        hits_cell = f"{api.get('hits', '–')} / {exact if exact is not None else '–'} / {f5.get('hits', '–')}"
        if exact is not None and api.get("hits") is not None and exact != api["hits"]:
            hits_cell += " ⚠"
        lines.append(
            f"| {query['label']} `{query['q'] or '∅'}` | {hits_cell} "
            f"| {fmt(api.get('p50'))} / {fmt(api_p95)} | {api_verdict} "
            f"| {fmt(page.get('p50'))} / {fmt(page_p95)} | {verdict(page_p95, targets['html'].get(cls))} "
            f"| {fmt(f_f.get('p50'))} / {fmt(f_f.get('p95'))} "
            f"| {ratio(api_p95, f_f.get('p95'))} | {ratio(page_p95, f_f.get('p95'))} "
            f"| {fmt(100 * api.get('other_cpu_share', 0), 0)} % / {fmt(100 * page.get('other_cpu_share', 0), 0)} % |")
    n_api = {r.get(p, {}).get('n') for r in http_rows.values() for p in ("api", "page")}
    lines += ["", f"Requests per HTTP figure: {', '.join(str(n) for n in sorted(x for x in n_api if x))}. "
              "HTTP statuses were all 200 unless listed here: "
              + (", ".join(f"{k}: {v}" for k, v in results.get("non_200", {}).items()) or "none") + ". "
              "⚠ marks a total that differs from the number of matching practices.", ""]
    lines += ["### The search engine alone, in-process, against FTS5", "",
              "The portal's own `search_index.searcher.Searcher.search` (one ranked page of 20 + the exact total; "
              "then the same with every facet count, as the API and the page compute them), called in one process "
              f"without HTTP, Flask or SQL ({results.get('engine_runs')} calls per figure), and FTS5 doing the same "
              f"work ({results.get('fts5_runs')} calls per figure). p50 / p95 ms; ratio = Whoosh p95 / FTS5 p95.", "",
              "| query | engine, no facets | target (no facets) | FTS5, no facets | ratio | engine + facets | "
              "target (facets) | FTS5 + facets | ratio |",
              "|---|---|---|---|---|---|---|---|---|"]
    for query in results["queries"]:
        key, cls = query["key"], query["cls"]
        eng, f5 = engine.get(key, {}), fts_q.get(key, {})
        e_nf, e_f = eng.get("no_facets", {}), eng.get("facets", {})
        f_nf, f_f = f5.get("no_facets", {}), f5.get("facets", {})
        lines.append(
            f"| {query['label']} | {fmt(e_nf.get('p50'))} / {fmt(e_nf.get('p95'))} "
            f"| {verdict(e_nf.get('p95'), targets['no_facets'].get(cls))} "
            f"| {fmt(f_nf.get('p50'))} / {fmt(f_nf.get('p95'))} | {ratio(e_nf.get('p95'), f_nf.get('p95'))} "
            f"| {fmt(e_f.get('p50'))} / {fmt(e_f.get('p95'))} | {verdict(e_f.get('p95'), targets['facets'].get(cls))} "
            f"| {fmt(f_f.get('p50'))} / {fmt(f_f.get('p95'))} | {ratio(e_f.get('p95'), f_f.get('p95'))} |")
    lines.append("")

    # Throughput.
    if results.get("throughput"):
        lines += ["### Throughput (4 concurrent clients)", "",
                  "| request | req/s | p50 / p95 ms | errors |", "|---|---|---|---|"]
        for label, t in results["throughput"].items():
            lines.append(f"| {label} | {fmt(t['requests_per_s'])} | {fmt(t['p50'])} / {fmt(t['p95'])} "
                         f"| {t['errors'] or 'none'} |")
        lines.append("")

    # Memory, freshness.
    lines += ["### Memory and freshness", "", "| figure | value | target |", "|---|---|---|"]
    for moment, snapshot in results.get("memory", {}).items():
        for pid, mem in snapshot.get("workers", {}).items():
            if mem:
                target = (f"≤ {MEMORY_TARGET_MB} MB: **{'pass' if mem['rss_mb'] <= MEMORY_TARGET_MB else 'FAIL'}**"
                          if size >= 100000 else "(target at 100 000)")
                lines.append(f"| worker {pid} {moment}: VmRSS (peak VmHWM; PSS) | {fmt(mem['rss_mb'])} MB "
                             f"({fmt(mem['hwm_mb'])}; {fmt(mem['pss_mb'])}) | {target} |")
        if snapshot.get("master"):
            lines.append(f"| gunicorn master {moment}: VmRSS | {fmt(snapshot['master']['rss_mb'])} MB | – |")
    fresh = results.get("freshness") or []
    for i, trial in enumerate(fresh, start=1):
        value = trial.get("commit_to_http_s")
        target = (f"≤ 1 s: **{'pass' if value is not None and value <= FRESHNESS_TARGET_S else 'FAIL'}**"
                  if size >= 100000 else "(target at 100 000)")
        lines.append(f"| new practice searchable over HTTP, trial {i}: commit → first API hit "
                     f"(index write alone: {fmt(trial.get('commit_to_applied_s'))} s; "
                     f"{trial['polls']} polls of ~{fmt(trial.get('poll_ms_p50'))} ms) "
                     f"| {fmt(value)} s{' — ' + trial['error'][:200] if trial.get('error') else ''} | {target} |")
    lines.append("")
    if results.get("engine", {}).get("memory"):
        lines += ["Where a worker's memory goes (RSS of a fresh process loading what a worker loads, "
                  "`bench/probe_engine.py`):", "", "| step | VmRSS |", "|---|---|"]
        for step, mb in results["engine"]["memory"]:
            lines.append(f"| {step} | {fmt(mb)} MB |")
        lines.append("")
    if results.get("profile_api_top"):
        lines += ["### Where an API request spends its time "
                  "(cProfile, in-process test client, common word, 20 requests)", "",
                  "The portal's functions by cumulative time, then the library functions with the most own time. "
                  "cProfile inflates the figures (every Python call is counted), so compare them with each other, not "
                  "with the latencies above.", "",
                  "| function | calls / request | cumulative ms / request | own ms / request |", "|---|---|---|---|"]
        for row in results["profile_api_top"]:
            lines.append(f"| `{row['function']}` | {fmt(row.get('calls_per_request'))} | {fmt(row['cumulative_ms'])} "
                         f"| {fmt(row['own_ms'])} |")
        lines.append("")
    if results.get("notes"):
        lines += ["### Notes", ""] + [f"- {n}" for n in results["notes"]] + [""]
    return "\n".join(lines)


DOC_HEADER = """# Search benchmarks

Figures measured by `bench/run_search_bench.py` (see `bench/README.md`) against the targets of
the search issue: the portal served by gunicorn (2 sync workers, `--preload`) on 127.0.0.1 of a
2-core machine, a synthetic corpus from `bench/generate_corpus.py`, and SQLite FTS5 on the same
corpus as the yardstick. Each section is rewritten when the benchmark runs again at that size.

Every figure is from one run on a machine shared with other work; rerun before relying on a
close call. *pass*/*FAIL* compare the p95 with the target as written in the issue.
"""


def write_docs(results):
    section = render(results)
    start, end = f"<!-- bench:{results['size']}:start -->", f"<!-- bench:{results['size']}:end -->"
    block = f"{start}\n{section}\n{end}\n"
    text = open(DOCS, encoding="utf-8").read() if os.path.exists(DOCS) else DOC_HEADER
    if start in text and end in text:
        text = text[:text.index(start)] + block.rstrip("\n") + text[text.index(end) + len(end):]
    else:
        blocks = re.findall(r"<!-- bench:(\d+):start -->", text)
        later = [int(b) for b in blocks if int(b) > results["size"]]
        if later:
            marker = f"<!-- bench:{min(later)}:start -->"
            text = text.replace(marker, block + "\n" + marker)
        else:
            text = text.rstrip("\n") + "\n\n" + block
    with open(DOCS + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(DOCS + ".tmp", DOCS)


# --- main -------------------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of practices")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="default /tmp/bench/<size>")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the corpus, database, index and FTS5 file from an earlier run of this size")
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per HTTP figure")
    parser.add_argument("--engine-runs", type=int, default=100, help="in-process calls per engine figure")
    parser.add_argument("--fts-runs", type=int, default=200, help="calls per FTS5 figure")
    parser.add_argument("--case-seconds", type=float, default=300, help="time limit per figure")
    parser.add_argument("--throughput-seconds", type=float, default=10, help="0 to skip the concurrent run")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--freshness-trials", type=int, default=3)
    parser.add_argument("--command-timeout", type=int, default=3600, help="limit for import and rebuild (s)")
    parser.add_argument("--quiet-wait", type=float, default=30,
                        help="before each figure, wait up to this long for other processes to leave the CPUs")
    parser.add_argument("--max-minutes", type=float, default=240,
                        help="stop starting new HTTP figures after this long (the rest is reported as skipped)")
    parser.add_argument("--port", type=int, help="default: a free port")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: write docs/benchmarks.md from the work directory's results.json")
    args = parser.parse_args(argv)
    if args.render_only:
        path = os.path.join(os.path.abspath(args.workdir or f"/tmp/bench/{args.size}"), "results.json")
        with open(path, encoding="utf-8") as handle:
            results = json.load(handle)
        print(render(results))
        write_docs(results)
        return 0

    workdir = os.path.abspath(args.workdir or f"/tmp/bench/{args.size}")
    if os.path.commonpath([workdir, ROOT]) == ROOT:
        parser.error("the work directory must be outside the repository")
    if not args.reuse and os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir, exist_ok=True)
    inst = Instance(workdir, args.size)
    state = inst.load_state() if args.reuse else {}
    if state.get("seed") not in (None, args.seed):
        parser.error(f"{workdir} holds a corpus with seed {state['seed']}; run without --reuse")
    state["seed"] = args.seed
    shown = [a for a in (argv if argv is not None else sys.argv[1:]) if a not in ("--no-docs", "--reuse")]
    command = ".venv/bin/python bench/run_search_bench.py " + " ".join(shown)
    results = {"size": args.size, "seed": args.seed, "command": command, "machine": machine_info(),
               "errors": [], "notes": [], "engine_runs": args.engine_runs, "fts5_runs": args.fts_runs,
               "setup": state, "reused": bool(args.reuse and state.get("portal_ready"))}
    results_path = os.path.join(workdir, "results.json")
    started = time.monotonic()
    gunicorn = None
    try:
        # 1. Corpus.
        if not (args.reuse and os.path.exists(inst.corpus) and state.get("corpus_s") is not None):
            log(f"generating {args.size} practices ...")
            t0 = time.perf_counter()
            subprocess.run([PYTHON, os.path.join(HERE, "generate_corpus.py"), str(args.size), inst.corpus,
                            "--seed", str(args.seed)], cwd=ROOT, check=True, timeout=1800)
            state["corpus_s"] = time.perf_counter() - t0
            inst.save_state(state)
        results["corpus_mb"] = os.path.getsize(inst.corpus) / 1024 / 1024

        # 2. FTS5 (first: the rare word and the filter's country come from it).
        if not (args.reuse and state.get("fts5_build") and os.path.exists(inst.fts)):
            log("building the FTS5 index ...")
            state["fts5_build"] = build_fts5(inst)
            inst.save_state(state)
            log(f"  FTS5 build: {state['fts5_build']['seconds']:.1f} s")
        results["fts5_build"] = state["fts5_build"]
        rare, rare_docs = choose_rare_word(inst)
        queries = make_queries(rare, state["fts5_build"]["top_country"])
        results["queries"] = queries
        results["notes"].append(
            f"Rare word `{rare}`: a word of the generator's rare tail found in {rare_docs} practices by FTS5. "
            f"Filter country `{state['fts5_build']['top_country']}`: the country with the most practices.")

        # 3. The portal instance.
        setup_portal(inst, state, args)

        # 4. gunicorn.
        port = args.port or free_port()
        gunicorn = Gunicorn(inst, port)
        log(f"starting gunicorn on {HOST}:{port} ...")
        results["code_at_gunicorn_start"] = code_version()
        gunicorn.start()
        workers = gunicorn.worker_pids()
        pids = [os.getpid(), gunicorn.process.pid, *workers]
        results["memory"] = {"after start": {"workers": {p: memory_of(p) for p in workers},
                                             "master": memory_of(gunicorn.process.pid)}}
        log(f"warming up (workers {workers}) ...")
        warm = Client(port)
        for query in queries:
            for page in ("api", "page"):
                for _ in range(10):
                    warm.get(query_string(query, page))
        warm.close()
        results["memory"]["after warm-up"] = {"workers": {p: memory_of(p) for p in workers},
                                              "master": memory_of(gunicorn.process.pid)}

        # 5. Latency over HTTP.
        results["http"], non_200 = {}, Counter()
        for query in queries:
            row = {}
            for page in ("api", "page"):
                if time.monotonic() - started > args.max_minutes * 60:
                    results["errors"].append(f"time budget exhausted before {query['key']} {page}")
                    continue
                waited = wait_for_quiet(pids, args.quiet_wait)
                row[page] = measure_http(port, query_string(query, page), args.requests, args.case_seconds, pids)
                row[page]["waited_for_quiet_s"] = waited
                for status, n in row[page]["statuses"].items():
                    if status != 200:
                        non_200[f"{query['key']} {page} {status}"] += n
                log(f"HTTP {query['key']:8} {page:4}: p50 {row[page]['p50']:.1f} p95 {row[page]['p95']:.1f} ms "
                    f"(n {row[page]['n']}, hits {row[page]['hits']}, "
                    f"other CPU {100 * row[page]['other_cpu_share']:.0f} %)")
            results["http"][query["key"]] = row
        results["non_200"] = dict(non_200)
        results["reconnects_note"] = sum(r.get("api", {}).get("reconnects", 0) for r in results["http"].values())
        if results["reconnects_note"]:
            results["notes"].append(
                "gunicorn's sync workers close the connection after every response (`Connection: close`), "
                "so the keep-alive client reconnected for each request: "
                "every HTTP figure includes a loopback TCP connect.")

        # 6. Throughput.
        if args.throughput_seconds > 0:
            results["throughput"] = {}
            for label, query, page in (("API, common word", queries[0], "api"),
                                       ("page, common word", queries[0], "page")):
                results["throughput"][label] = measure_throughput(
                    port, query_string(query, page), args.clients, args.throughput_seconds, 20000)
                log(f"throughput {label}: {results['throughput'][label]['requests_per_s']:.1f} req/s")
        results["memory"]["after the latency run"] = {"workers": {p: memory_of(p) for p in gunicorn.worker_pids()},
                                                      "master": memory_of(gunicorn.process.pid)}

        results["code_after_http"] = code_version()
        if results["code_after_http"] != results["code_at_gunicorn_start"]:
            results["notes"].append(
                "The portal's code changed in the repository during the HTTP measurements "
                f"({results['code_at_gunicorn_start'].get('head')}/"
                f"{results['code_at_gunicorn_start'].get('diff_sha1')} → "
                f"{results['code_after_http'].get('head')}/{results['code_after_http'].get('diff_sha1')}): gunicorn "
                "(--preload) served the code as it was at its start; "
                "the engine figures below come from the later code.")

        # 7. Freshness.
        if args.freshness_trials:
            results["freshness"] = measure_freshness(inst, port, args.freshness_trials)
        results["memory"]["at the end"] = {"workers": {p: memory_of(p) for p in gunicorn.worker_pids()},
                                           "master": memory_of(gunicorn.process.pid)}
        if sorted(gunicorn.worker_pids()) != sorted(workers):
            results["errors"].append(f"gunicorn workers changed during the run: {workers} -> {gunicorn.worker_pids()}")
    except Exception as error:  # report what happened; the section says so
        log(f"ERROR: {error!r}")
        results["errors"].append(f"{type(error).__name__}: {error}")
    finally:
        if gunicorn is not None:
            gunicorn.stop()
            log("gunicorn stopped")

    try:
        if results.get("queries") and state.get("portal_ready"):
            # 8. Engine in-process (gunicorn stopped: nothing else of ours competes for the CPUs).
            spec = {"queries": [{"key": q["key"], "q": q["q"], "filters": q.get("filters")}
                                for q in results["queries"]],
                    "runs": args.engine_runs, "case_seconds": args.case_seconds,
                    "profile": {"engine": "common", "api_path": query_string(results["queries"][0], "api")},
                    "profile_dir": workdir}
            spec_path, out_path = os.path.join(workdir, "engine-spec.json"), os.path.join(workdir, "engine.json")
            with open(spec_path, "w", encoding="utf-8") as handle:
                json.dump(spec, handle, ensure_ascii=False)
            wait_for_quiet([os.getpid()], args.quiet_wait)
            log("engine in-process timings ...")
            subprocess.run([PYTHON, os.path.join(HERE, "probe_engine.py"), spec_path, out_path], cwd=ROOT,
                           env=inst.env, check=True, timeout=args.case_seconds * 40)
            with open(out_path, encoding="utf-8") as handle:
                results["engine"] = json.load(handle)
            results["profile_api_top"] = results["engine"].pop("profile_api_top", None)
        if results.get("queries"):
            # 9. FTS5 timings.
            wait_for_quiet([os.getpid()], args.quiet_wait)
            log("FTS5 timings ...")
            results["fts5_queries"] = time_fts5(inst, results["queries"], args.fts_runs, args.case_seconds)
    except Exception as error:
        log(f"ERROR: {error!r}")
        results["errors"].append(f"{type(error).__name__}: {error}")

    for query in results.get("queries") or []:
        api_hits = results.get("http", {}).get(query["key"], {}).get("api", {}).get("hits")
        exact = results.get("engine", {}).get("queries", {}).get(query["key"], {}).get("exact_hits")
        if api_hits is not None and exact is not None and api_hits != exact:
            results["notes"].append(
                f"**Wrong total** for {query['label']} `{query['q']}`: the API says {api_hits} practices, "
                f"{exact} practices match in the index (Whoosh `docs_for_query`; FTS5 finds "
                f"{results.get('fts5_queries', {}).get(query['key'], {}).get('hits')}).")
    results["total_minutes"] = (time.monotonic() - started) / 60
    with open(results_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1, ensure_ascii=False, default=str)
    print(render(results))
    if not args.no_docs:
        write_docs(results)
        log(f"wrote {os.path.relpath(DOCS, ROOT)}")
    log(f"results: {results_path}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
