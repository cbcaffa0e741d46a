"""Helpers for the tests of self-assessments, reporting cycles and progress reports."""
import datetime as dt

from portal.auth.operations import find_user_by_email
from portal.extensions import db
from portal.monitoring import assessments, reports

HUME_COORDINATOR = "hume@demo.example.org"
OPENED = dt.date(2030, 1, 10)
DEADLINE = dt.date(2030, 6, 30)
YEAR = 2029


def hume_coordinator():
    return find_user_by_email(HUME_COORDINATOR)


def open_cycle(actor, *, today=OPENED, deadline=DEADLINE, title="Reports 2028–2029", period=(2028, YEAR)):
    return reports.open_cycle(title=title, period_start=period[0], period_end=period[1], deadline=deadline,
                              actor=actor, today=today)


def complete(report, actor, *, text="We opened three community learning centres."):
    reports.save_report(report, {"narratives": {n: f"{text} ({n})" for n in range(1, 13)},
                                 "achievements": "Many.", "challenges": "Some.", "plans": "More."},
                        actor=actor)


def assess(city, actor, year=YEAR, code="1.1.1", rating=3):
    return assessments.save_self_assessment(city, year, {code: {"rating": rating, "justification": "Because."}},
                                            actor=actor, today=dt.date(2030, 1, 1))


def submitted_report(secretariat, coordinator, city):
    cycle = open_cycle(secretariat)
    report = reports.start_report(cycle, city, actor=coordinator)
    complete(report, coordinator)
    assess(city, coordinator)
    reports.transition_report(report, "submit", actor=coordinator)
    db.session.flush()
    return report
