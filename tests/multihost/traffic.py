"""What the multi-host test does to the cluster: practices to work on (imported with the
portal's own command), changes made through the web as the secretariat (publish, unpublish,
edit, create), and looking for a practice on each host directly (the JSON API's search, which
reads that host's own index)."""
import json
import os
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

from tests.multihost.cluster import Database
from tests.multihost.web import Browser
from tests.page_types import ACCOUNTS, DEMO_PASSWORD

SECRETARIAT = ACCOUNTS["secretariat"]
AUTHOR = ACCOUNTS["hume"]          # a member city's coordinator: writes practices for Hume
FILLER = "It is told here at the length a reader needs, in plain words, with enough detail for another city."


def token(number, kind="p"):
    """A word no practice holds but the one it is given to (letters only, so that every
    analyzer keeps it one word)."""
    letters = ""
    for _ in range(5):
        number, digit = divmod(number, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return f"zq{kind}{letters}x"


def practice_line(external_id, word):
    return {
        "external_id": external_id, "title": f"Learning circles {word}",
        # The word only in the title: an edit of the title takes it out of the practice.
        "summary": f"Neighbourhood learning circles meet every week. {FILLER} {FILLER}",
        "need": f"Adults in the district had nowhere to learn together. {FILLER}",
        "activities": f"Volunteers and librarians ran weekly circles in three libraries. {FILLER} {FILLER}",
        "results": f"Four hundred adults took part in the first year. {FILLER}",
        "language": "en", "country": "FI", "city": "Espoo", "commitments": [5],
    }


def import_pools(host, sizes):
    """Published practices, imported with `flask practices-import` on `host` in one file:
    `sizes` {prefix: how many}; returns {prefix: {slug: the word its title holds}}."""
    path = os.path.join(host.directory, "pools.jsonl")
    words = {prefix: {f"{prefix}-{n:04d}": token(n, kind=prefix[0]) for n in range(count)}
             for prefix, count in sizes.items()}
    with open(path, "w", encoding="utf-8") as handle:
        for pool in words.values():
            for external_id, word in pool.items():
                handle.write(json.dumps(practice_line(external_id, word)) + "\n")
    done = host.flask("practices-import", path)
    if done.returncode:
        raise RuntimeError("practices-import failed:\n" + done.stdout + done.stderr)
    slugs = dict(host_database(host).rows("SELECT external_id, slug FROM practices WHERE external_id IS NOT NULL"))
    return {prefix: {slugs[e]: word for e, word in pool.items()} for prefix, pool in words.items()}


def host_database(host):
    return Database(host.env["DATABASE_URL"], drop=None)


def status_of(database, slug):
    return database.scalar("SELECT status FROM practices WHERE slug = :slug", slug=slug)


class Editor:
    """The secretariat, signed in, making changes through one address (nginx, or one host)."""

    def __init__(self, port, email=SECRETARIAT):
        self.browser = Browser(port).sign_in(email, DEMO_PASSWORD)
        self._csrf = None

    def via(self, port):
        """The same person (same cookies) through another address."""
        other = Editor.__new__(Editor)
        other.browser = Browser(port)
        other.browser.cookies = self.browser.cookies
        other._csrf = self._csrf
        return other

    def csrf(self, slug):
        if self._csrf is None:
            form = self.browser.form(f"/practices/{slug}", lambda f: f.value("csrf_token") is not None)
            self._csrf = form.value("csrf_token")
        return self._csrf

    def transition(self, slug, action):
        """publish / unpublish; returns the HTTP status (302 when done)."""
        return self.browser.post(f"/practices/{slug}/{action}",
                                 [("csrf_token", self.csrf(slug)), ("comment", "")]).status

    def edit_title(self, slug, word):
        form = self.browser.form(f"/practices/{slug}/edit", lambda f: f.value("title") is not None)
        form.set("title", f"Learning circles {word}")
        return self.browser.post(f"/practices/{slug}/edit", form.fields).status

    def create(self, word):
        """A new practice through the form; returns its slug (a draft), or raises."""
        form = self.browser.form("/practices/new", lambda f: f.value("title") is not None)
        line = practice_line("", word)
        for name in ("title", "summary", "need", "activities", "results"):
            form.set(name, line[name])
        form.set("language", "en")
        form.set("city", next(c for c in form.choices["city"] if c))
        form.set("commitments", form.choices["commitments"][0])
        answer = self.browser.post("/practices/new", form.fields)
        if answer.status != 302:
            raise AssertionError(f"creating a practice answered {answer.status}")
        return answer.headers["Location"].rstrip("/").rsplit("/", 1)[1]


def found(port, word):
    """(total, slugs) of a search for `word` on the host at `port`, read from its own index."""
    answer = Browser(port, timeout=5).get(f"/api/v1/practices?q={word}")
    if answer.status != 200:
        return None, []
    data = answer.json()
    return data["total"], [r["slug"] for r in data["results"]]


def seen(port, word, slug, present):
    total, slugs = found(port, word)
    if present:
        return slug in slugs
    return total == 0


def wait_visible(hosts, word, slug, present, *, since, timeout):
    """Seconds from `since` until every host shows the change ({host name: seconds or None})."""
    waiting = {host.name: host for host in hosts}
    times = {}
    deadline = since + timeout
    while waiting and time.monotonic() < deadline:
        for name, host in list(waiting.items()):
            try:
                if seen(host.port, word, slug, present):
                    times[name] = time.monotonic() - since
                    del waiting[name]
            except OSError:
                pass
        time.sleep(0.02)
    times.update({name: None for name in waiting})
    return times


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass
class Visibility:
    """Times from a change's answer to the change being found on every host."""
    times: list = field(default_factory=list)     # per change: the slowest host, or None
    late: list = field(default_factory=list)      # (change, {host: seconds or None})
    every: list = field(default_factory=list)     # (change, {host: seconds or None}), each

    def add(self, what, per_host):
        slowest = None if None in per_host.values() else max(per_host.values())
        self.times.append(slowest)
        self.every.append((what, per_host))
        if slowest is None:
            self.late.append((what, per_host))

    @property
    def measured(self):
        return [t for t in self.times if t is not None]

    def summary(self):
        measured = self.measured
        return {"changes": len(self.times), "never_seen": len(self.times) - len(measured),
                "p50": percentile(measured, 0.5), "p95": percentile(measured, 0.95),
                "max": max(measured) if measured else None,
                "mean": statistics.mean(measured) if measured else None}

    def slowest(self, count=5):
        """The `count` changes that took longest to show everywhere, with each host's time."""
        def worst(item):
            return max((t if t is not None else float("inf")) for t in item[1].values())
        return sorted(self.every, key=worst, reverse=True)[:count]


def share_new_practice(author, publisher, word):
    """The author writes a practice and submits it (the staff are mailed), the secretariat
    publishes it (the author is mailed); returns (slug, the publishing answer's status)."""
    slug = author.create(word)
    submitted = author.transition(slug, "submit")
    if submitted != 302:
        raise AssertionError(f"submitting {slug} answered {submitted}")
    return slug, publisher.transition(slug, "publish")


STEPS = ("unpublish", "publish", "edit", "create")


def measure_visibility(cluster, pool, changes, *, timeout, give_up_after=None):
    """Make `changes` changes, each through the next host directly (unpublish, publish again,
    edit the title of one of `pool`'s practices, share a new one, in turn), and time each
    until every host shows it. Returns (Visibility, {slug: word})."""
    result = Visibility()
    secretariat, author = Editor(cluster.hosts[0].port), Editor(cluster.hosts[0].port, AUTHOR)
    words = dict(pool)
    slugs = list(words)
    for n in range(changes):
        host = cluster.hosts[n % len(cluster.hosts)]
        publisher, writer = secretariat.via(host.port), author.via(host.port)
        slug, step = slugs[(n // len(STEPS)) % len(slugs)], STEPS[n % len(STEPS)]
        present = step != "unpublish"
        if step in ("unpublish", "publish"):
            status, word = publisher.transition(slug, step), words[slug]
        elif step == "edit":
            word = token(10_000 + n, kind="e")
            status = publisher.edit_title(slug, word)
            words[slug] = word
        else:
            word = token(20_000 + n, kind="n")
            slug, status = share_new_practice(writer, publisher, word)
            words[slug] = word
        answered = time.monotonic()
        if status != 302:
            raise AssertionError(f"change {n} ({step} {slug} through {host.name}) answered {status}")
        per_host = wait_visible(cluster.hosts, word, slug, present, since=answered, timeout=timeout)
        result.add(f"{step} {slug} through {host.name}", per_host)
        if give_up_after is not None and len(result.late) >= give_up_after:
            break
    return result, words


@dataclass
class Outcome:
    at: float
    kind: str
    slug: str
    status: int
    seconds: float


class Driver(threading.Thread):
    """One signed-in secretariat (and the author of new practices) through nginx, doing
    `operations` changes and searches on its own practices (no two drivers share one, so each
    knows what its practices should be)."""

    def __init__(self, port, database, words, operations, seed):
        super().__init__(daemon=True)
        self.port, self.database, self.words = port, database, dict(words)
        self.operations, self.random = operations, random.Random(seed)
        self.outcomes, self.error, self.done = [], None, 0
        self.published = {slug: True for slug in words}
        self.used = {slug: {word} for slug, word in words.items()}   # every word a title held
        self.counter = seed * 1000

    def run(self):
        try:
            secretariat, author = Editor(self.port), Editor(self.port, AUTHOR)
            for _ in range(self.operations):
                self._one(secretariat, author)
                self.done += 1
        except Exception as error:   # reported by the test
            self.error = error

    def _word(self, kind):
        self.counter += 1
        return token(self.counter, kind=kind)

    def _one(self, secretariat, author):
        slug = self.random.choice(list(self.words))
        started = time.monotonic()
        try:
            kind, slug, status = self._change(slug, secretariat, author)
        except (AssertionError, OSError) as error:   # a host died with the request
            kind, status = f"failed: {error}", 0
        self.outcomes.append(Outcome(time.monotonic(), kind, slug, status, time.monotonic() - started))
        if kind != "search" and status != 302:
            # The outcome is unknown: read what the database says.
            self.published[slug] = status_of(self.database, slug) == "published"
        elif kind in ("publish", "unpublish", "create"):
            self.published[slug] = kind != "unpublish"

    def _change(self, slug, secretariat, author):
        roll = self.random.random()
        if roll < 0.2:
            kind = "search"
            status = secretariat.browser.get(f"/search?q={self.words[slug]}").status
        elif roll < 0.3:
            kind, word = "create", self._word("n")
            slug, status = share_new_practice(author, secretariat, word)
            self.words[slug], self.used[slug], self.published[slug] = word, {word}, False
        elif self.published[slug] and roll < 0.65:
            kind, status = "unpublish", secretariat.transition(slug, "unpublish")
        elif self.published[slug]:
            kind, word = "edit", self._word("m")
            self.used[slug].add(word)
            status = secretariat.edit_title(slug, word)
            if status == 302:
                self.words[slug] = word
        else:
            kind, status = "publish", secretariat.transition(slug, "publish")
        return kind, slug, status


def latencies(outcomes):
    """{kind: (count, p50 ms, p95 ms)} of the drivers' operations."""
    kinds = {}
    for outcome in outcomes:
        kinds.setdefault(outcome.kind.split(":")[0], []).append(outcome.seconds * 1000)
    return {kind: (len(v), round(percentile(v, 0.5)), round(percentile(v, 0.95))) for kind, v in kinds.items()}


def split(words, parts):
    slugs = sorted(words)
    return [{s: words[s] for s in slugs[i::parts]} for i in range(parts)]
