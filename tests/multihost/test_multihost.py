"""Three portal hosts behind nginx, over one PostgreSQL database and one Redis, each with its
own gunicorn, worker and search index (tests/multihost/cluster.py). What an operator of several
hosts relies on (docs/deployment.md): sign-in limits are counted across hosts; a change made
through any host is found through every host within a second; crashes of a worker or of a
whole host, under concurrent traffic, leave every host's index equal to the database; no mail
is sent twice. The tests run in this order on one cluster."""
import time

import pytest

from tests.multihost import traffic
from tests.multihost.web import Browser

pytestmark = pytest.mark.multihost

DRIVERS, OPERATIONS = 4, 25
VISIBLE_WITHIN = 1.0          # seconds, p95, from a change's answer to every host showing it


def failed_sign_in(browser, email):
    form = browser.form("/login", lambda f: f.value("email") is not None)
    form.set("email", email)
    form.set("password", "not-the-password")
    return browser.post("/login", form.fields).status


def test_every_host_answers_directly_and_through_nginx(cluster):
    for host in cluster.hosts:
        assert Browser(host.port).get("/about").status == 200
    answers = [Browser(cluster.port).get("/practices").status for _ in range(6)]
    assert answers == [200] * 6


def test_sign_in_attempts_are_counted_across_hosts(cluster):
    """10 attempts a minute per client address and 5 failures a minute per account
    (portal/auth/routes.py), whichever host each attempt reaches."""
    # One client address (as nginx would pass it on) trying ten different accounts, each
    # attempt on the next host: the eleventh is refused, wherever it lands.
    answers = []
    for n in range(11):
        host = cluster.hosts[n % len(cluster.hosts)]
        answers.append(failed_sign_in(Browser(host.port, forwarded_for="203.0.113.7"), f"nobody{n}@example.org"))
    assert answers == [401] * 10 + [429], answers
    # One account tried from six addresses, across the hosts: the sixth failure is refused.
    answers = []
    for n in range(6):
        host = cluster.hosts[n % len(cluster.hosts)]
        answers.append(failed_sign_in(Browser(host.port, forwarded_for=f"198.51.100.{n + 1}"),
                                      "someone@example.org"))
    assert answers == [401] * 5 + [429], answers
    assert cluster.redis.command("DBSIZE") > 0   # the counts are in the shared store


def test_a_change_through_any_host_is_found_on_every_host_within_a_second(cluster):
    """Unpublish, publish, edit and share a practice, each through the next host; time
    until a search on every host (read from that host's own index) shows it."""
    visibility, _ = traffic.measure_visibility(cluster, cluster.lag_pool, changes=16, timeout=3.0,
                                               give_up_after=2)
    assert not visibility.late, f"changes not seen on every host within 3 s: {visibility.late}"
    summary = visibility.summary()
    assert summary["p95"] <= VISIBLE_WITHIN, summary


def _wait_for(condition, drivers, timeout=150):
    deadline = time.monotonic() + timeout
    while not condition():
        if all(not d.is_alive() for d in drivers) or time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _kill_worker_mid_apply(host, within=3.0):
    """kill -9 the host's worker as soon as it is seen working (its CPU time moving), or
    after `within` seconds. Returns whether it was caught working."""
    before, deadline = host.worker_busy(), time.monotonic() + within
    while time.monotonic() < deadline:
        time.sleep(0.01)
        now = host.worker_busy()
        if now > before:
            host.kill_worker()
            return True
        before = now
    host.kill_worker()
    return False


def _content_problems(cluster, drivers):
    """Per host, each practice the drivers worked on: found by the word its title holds in
    the database if (and only if) it is published, and never by a word its title held before."""
    problems = []
    for driver in drivers:
        for slug, words in driver.used.items():
            status, title = cluster.database.rows(
                "SELECT status, title FROM practices WHERE slug = :slug", slug=slug)[0]
            current = title.split()[-1]
            for host in cluster.hosts:
                total, slugs = traffic.found(host.port, current)
                if (slug in slugs) != (status == "published"):
                    problems.append(f"{host.name}: {slug} ({status}) {'not ' if status == 'published' else ''}"
                                    f"found by {current!r}")
                for old in words - {current}:
                    if traffic.found(host.port, old)[0]:
                        problems.append(f"{host.name}: {slug} still found by its old title word {old!r}")
    return problems


def test_crashes_under_concurrent_traffic_leave_every_index_equal_to_the_database(cluster):
    drivers = [traffic.Driver(cluster.port, cluster.database, part, OPERATIONS, seed=n + 1)
               for n, part in enumerate(traffic.split(cluster.pool, DRIVERS))]
    for driver in drivers:
        driver.start()
    total = DRIVERS * OPERATIONS

    def progress(share):
        return lambda: sum(d.done for d in drivers) >= total * share

    worker_host, dead_host = cluster.hosts[1], cluster.hosts[2]
    assert _wait_for(progress(0.2), drivers), "the drivers stopped early"
    caught_working = _kill_worker_mid_apply(worker_host)
    assert _wait_for(progress(0.35), drivers), "the drivers stopped early"
    host_killed = time.monotonic()
    dead_host.kill()
    assert _wait_for(progress(0.65), drivers), "the drivers stopped early"
    dead_host.start()                 # gunicorn and its worker again, same folders
    worker_host.start_worker()
    for driver in drivers:
        driver.join(timeout=150)
    assert not [d for d in drivers if d.is_alive()], "the drivers did not finish"
    assert [d.error for d in drivers if d.error] == []
    outcomes = [o for d in drivers for o in d.outcomes]
    assert len(outcomes) == total
    print(f"worker of {worker_host.name} killed {'while working' if caught_working else 'idle'}; "
          f"operations through nginx (count, p50 ms, p95 ms): {traffic.latencies(outcomes)}")
    # nginx routes around the dead host: the only failures are requests that were on it
    # when it died (a POST that reached a host is not sent again).
    failed = [o for o in outcomes if o.status not in (200, 302)]
    assert [o for o in failed if not host_killed <= o.at <= host_killed + 3] == []
    assert len(failed) <= DRIVERS

    cluster.wait_until_followed()
    checks = {host.name: host.flask("search-check") for host in cluster.hosts}
    differing = {name: done.stdout[-1500:] for name, done in checks.items() if done.returncode}
    problems = _content_problems(cluster, drivers)
    assert differing == {}, f"search-check found differences: {differing}"
    assert problems == []


def test_no_mail_was_sent_twice(cluster):
    """The demo's waiting mail (delivered by whichever worker claims it first) and the mail
    the changes above queued, across the three hosts' mailbox folders."""
    by_id, repeated_message_ids = cluster.mail_files()
    assert by_id, "the hosts delivered no mail: this test would prove nothing"
    assert {mail: hosts for mail, hosts in by_id.items() if len(hosts) > 1} == {}
    assert repeated_message_ids == {}
    delivered = {row[0] for row in cluster.database.rows("SELECT id FROM outgoing_mail WHERE status = 'kept'")}
    assert delivered <= {int(mail) for mail in by_id}
