"""Self-assessments, reporting cycles and progress reports: each rule at its operation
(portal/monitoring/assessments.py, reports.py, workflow.py)."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from models.audit import AuditEntry
from models.monitoring import CityDataSet, ProgressReport, SelfAssessment
from models.notifications import Notification
from portal.cities.queries import city_by_slug
from portal.domain_errors import Conflict, Invalid, InvalidFields, NotAllowed
from portal.extensions import db
from portal.monitoring import assessments, report_queries, reports, rules
from tests.monitoring_report_helpers import (
    DEADLINE,
    OPENED,
    YEAR,
    assess,
    complete,
    hume_coordinator,
    open_cycle,
    submitted_report,
)

SAID = {"rating": 4, "justification": "Our libraries run weekly courses."}


@pytest.fixture
def hume(app_context):
    return city_by_slug("hume")


@pytest.fixture
def cycle(actors, hume):
    return open_cycle(actors["secretariat"])


@pytest.fixture
def draft(cycle, hume):
    return reports.start_report(cycle, hume, actor=hume_coordinator())


def new_member(since):
    from models.cities import City
    city = City(slug=f"joined-{since.isoformat()}", name_en="Newly joined", name_zh="新成员",
                member_state=city_by_slug("hume").member_state, member_since=since)
    db.session.add(city)
    db.session.flush()
    return city


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- Self-assessment -------------------------------------------------------------------

def test_a_citys_team_rates_key_features_into_the_years_data_set(actors):
    columbus = city_by_slug("columbus")
    data_set = assessments.save_self_assessment(columbus, 2024, {"1.1.1": SAID, "1.1.2": {"rating": 2}},
                                                actor=actors["data_officer"])
    assert (data_set.city_id, data_set.year, data_set.state.value) == (columbus.id, 2024, "draft")
    assert assessments.assessments_by_code(data_set)["1.1.1"].rating == 4
    assert count(SelfAssessment) == 2


@pytest.mark.parametrize("entry, says", [
    ({"rating": 7}, "Rating: choose from 1 to 5"),
    ({"rating": 0}, "Rating: choose from 1 to 5"),
    ({"justification": "Without a rating."}, "Rating: choose from 1 to 5"),
    ({"rating": 3, "justification": "word " * (rules.JUSTIFICATION_MAX_WORDS + 1)}, "the limit is 150"),
    ({"rating": 3, "justification": "学" * (2 * rules.JUSTIFICATION_MAX_WORDS + 1)}, "151 words"),
    ({"rating": 3, "evidence_points": ["not-a-point"]}, "choose among this key feature's points"),
    ({"rating": 3, "evidence_practice_ids": [999999]}, "choose among the city's own practices"),
])
def test_a_bad_rating_refuses_the_whole_self_assessment(actors, entry, says):
    columbus = city_by_slug("columbus")
    with pytest.raises(InvalidFields) as refused:
        assessments.save_self_assessment(columbus, 2024, {"1.1.1": SAID, "1.1.2": entry},
                                         actor=actors["city_coordinator"])
    assert says in refused.value.message
    assert refused.value.problems[0].field.startswith("1.1.2.")
    assert count(SelfAssessment) == 0 and count(CityDataSet) == 0


def test_a_justification_of_300_chinese_characters_is_150_words(actors):
    columbus = city_by_slug("columbus")
    assessments.save_self_assessment(columbus, 2024, {"1.1.1": {"rating": 3, "justification": "学" * 300}},
                                     actor=actors["city_coordinator"])
    assert count(SelfAssessment) == 1


def test_only_the_citys_team_self_assesses(actors):
    columbus = city_by_slug("columbus")
    for role in ("natcom_officer", "secretariat", "practitioner"):
        with pytest.raises(NotAllowed):
            assessments.save_self_assessment(columbus, 2024, {"1.1.1": SAID}, actor=actors[role])
    assert count(SelfAssessment) == 0


def test_a_change_to_a_published_self_assessment_is_a_new_version(actors, hume):
    coordinator = hume_coordinator()
    data_set = assess(hume, coordinator)
    data_set.state, data_set.version, data_set.published_at = data_set.state.published, 1, dt.datetime.now(dt.UTC)
    assessments.save_self_assessment(hume, YEAR, {"1.1.1": {"rating": 5}}, actor=coordinator,
                                     today=dt.date(2030, 1, 1))
    assert data_set.version == 2
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "city_data_set.change"))
    assert entry.changes["1.1.1"] == [3, 5]
    # Saving the same again changes nothing.
    assessments.save_self_assessment(hume, YEAR, {"1.1.1": {"rating": 5}}, actor=coordinator,
                                     today=dt.date(2030, 1, 1))
    assert data_set.version == 2


# --- Cycles ----------------------------------------------------------------------------

def test_only_the_secretariat_opens_a_cycle(actors):
    with pytest.raises(NotAllowed):
        open_cycle(actors["city_coordinator"])


@pytest.mark.parametrize("change, field", [
    ({"period": (2029, 2028)}, "period_end"), ({"deadline": OPENED - dt.timedelta(days=1)}, "deadline"),
    ({"title": " "}, "title")])
def test_a_cycle_with_a_bad_period_or_deadline_is_refused(actors, change, field):
    with pytest.raises(InvalidFields) as refused:
        open_cycle(actors["secretariat"], **change)
    assert [p.field for p in refused.value.problems] == [field]


def test_members_before_the_cycle_opened_are_due_and_told(actors, cycle):
    due = report_queries.due_cities(cycle)
    assert "hume" in {c.slug for c in due} and "columbus" not in {c.slug for c in due}
    assert all(c.member_since < cycle.opened_on for c in due)
    late = new_member(OPENED)
    assert not report_queries.is_due(cycle, late)
    told = db.session.scalars(select(Notification).where(Notification.kind == "reporting_cycle.opened",
                                                         Notification.user_id == hume_coordinator().id)).all()
    assert len(told) == 1


# --- Starting and writing --------------------------------------------------------------

def test_a_coordinator_of_a_due_city_starts_its_report_once(cycle, hume, draft):
    assert draft.state.value == "draft"
    with pytest.raises(Conflict):
        reports.start_report(cycle, hume, actor=hume_coordinator())


def test_only_its_coordinator_starts_a_citys_report(actors, cycle, hume):
    for role in ("city_coordinator", "data_officer", "secretariat", "natcom_officer"):
        with pytest.raises(NotAllowed):
            reports.start_report(cycle, hume, actor=actors[role])


def test_a_city_not_due_cannot_start_a_report(actors, cycle):
    from models.auth import Role
    from portal.auth.operations import grant_role
    late = new_member(OPENED + dt.timedelta(days=1))
    coordinator = actors["practitioner"]
    grant_role(coordinator, Role.city_coordinator, city=late)
    with pytest.raises(Conflict, match="not due"):
        reports.start_report(cycle, late, actor=coordinator)


def test_a_narrative_is_at_most_300_words_counted_fairly_for_chinese(draft):
    coordinator = hume_coordinator()
    reports.save_report(draft, {"narratives": {3: "学" * 600}}, actor=coordinator)   # 300 words
    with pytest.raises(InvalidFields) as refused:
        reports.save_report(draft, {"narratives": {3: "学" * 601, 4: "fine"}}, actor=coordinator)
    assert [p.field for p in refused.value.problems] == ["narratives.3"]
    assert "301 words" in refused.value.message
    with pytest.raises(InvalidFields):
        reports.save_report(draft, {"narratives": {5: "word " * 301}}, actor=coordinator)
    assert {n.commitment_number: len(n.text) for n in draft.narratives} == {3: 600}


def test_achievements_have_their_own_limit(draft):
    with pytest.raises(InvalidFields) as refused:
        reports.save_report(draft, {"achievements": "word " * (rules.REPORT_TEXT_MAX_WORDS + 1)},
                            actor=hume_coordinator())
    assert [p.field for p in refused.value.problems] == ["achievements"]


def test_only_its_coordinators_write_a_report_and_only_while_draft_or_returned(actors, draft):
    for role in ("city_coordinator", "data_officer", "secretariat"):
        with pytest.raises(NotAllowed):
            reports.save_report(draft, {"plans": "Ours."}, actor=actors[role])
    complete(draft, hume_coordinator())
    assess(draft.city, hume_coordinator())
    reports.transition_report(draft, "submit", actor=hume_coordinator())
    with pytest.raises(NotAllowed):
        reports.save_report(draft, {"plans": "Changed."}, actor=hume_coordinator())


# --- The workflow ----------------------------------------------------------------------

def test_an_incomplete_report_is_not_submitted(draft):
    reports.save_report(draft, {"narratives": {1: "Only one."}}, actor=hume_coordinator())
    with pytest.raises(Invalid, match="narrative on commitment 2"):
        reports.transition_report(draft, "submit", actor=hume_coordinator())
    assert draft.state.value == "draft"


def test_submitting_publishes_the_data_set_of_the_reports_year(actors, hume):
    report = submitted_report(actors["secretariat"], hume_coordinator(), hume)
    assert report.state.value == "submitted" and report.submitted_at is not None
    data_set = db.session.scalar(select(CityDataSet).where(CityDataSet.city_id == hume.id,
                                                           CityDataSet.year == YEAR))
    assert data_set.is_published and data_set.version == 1
    told = {n.kind for n in db.session.scalars(select(Notification).where(
        Notification.user_id == actors["secretariat"].id))}
    assert "progress_report.submitted" in told


def test_the_secretariat_returns_with_a_comment_the_city_resubmits_it_is_accepted_and_published(actors, hume):
    secretariat, coordinator = actors["secretariat"], hume_coordinator()
    report = submitted_report(secretariat, coordinator, hume)
    with pytest.raises(NotAllowed):
        reports.transition_report(report, "return", actor=coordinator, comment="No.")
    with pytest.raises(Invalid, match="write your comments"):
        reports.transition_report(report, "return", actor=secretariat, comment="  ")
    reports.transition_report(report, "return", actor=secretariat, comment="Say more on commitment 4.")
    assert report.state.value == "returned"
    assert "progress_report.returned" in {n.kind for n in db.session.scalars(
        select(Notification).where(Notification.user_id == coordinator.id))}
    reports.save_report(report, {"narratives": {4: "More on four."}}, actor=coordinator)
    reports.transition_report(report, "resubmit", actor=coordinator, comment="Done.")
    with pytest.raises(NotAllowed):
        reports.transition_report(report, "accept", actor=coordinator)
    reports.transition_report(report, "accept", actor=secretariat)
    with pytest.raises(Conflict):
        reports.transition_report(report, "return", actor=secretariat, comment="Too late.")
    reports.transition_report(report, "publish", actor=secretariat)
    assert report.state.value == "published" and report.accepted_at and report.published_at
    actions = [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.target_type == "progress_reports").order_by(AuditEntry.id))]
    assert actions == ["progress_report.create", "progress_report.save", "progress_report.submit",
                       "progress_report.return", "progress_report.save", "progress_report.resubmit",
                       "progress_report.accept", "progress_report.publish"]


def test_a_natcom_officer_cannot_review(actors, hume):
    report = submitted_report(actors["secretariat"], hume_coordinator(), hume)
    with pytest.raises(NotAllowed):
        reports.transition_report(report, "accept", actor=actors["natcom_officer"])


# --- Reminders, overdue, missed cycles -------------------------------------------------

def reminders():
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == "progress_report.reminder"))


def test_reminders_go_once_per_threshold_to_cities_that_have_not_submitted(actors, cycle, hume):
    before = DEADLINE - dt.timedelta(days=40)
    assert reports.send_reminders(today=before) == 0
    thirty = DEADLINE - dt.timedelta(days=30)
    first = reports.send_reminders(today=thirty)
    assert first == len(report_queries.due_cities(cycle)) and reminders() > 0
    sent = reminders()
    assert reports.send_reminders(today=thirty) == 0
    assert reports.send_reminders(today=thirty + dt.timedelta(days=3)) == 0
    assert reminders() == sent
    assert reports.send_reminders(today=DEADLINE - dt.timedelta(days=7)) == first
    assert reports.send_reminders(today=DEADLINE + dt.timedelta(days=1)) == 0


def test_a_city_that_submitted_is_not_reminded(actors, hume):
    submitted_report(actors["secretariat"], hume_coordinator(), hume)
    cycle = db.session.scalar(select(ProgressReport)).cycle
    reports.send_reminders(today=cycle.deadline - dt.timedelta(days=7))
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == "progress_report.reminder", Notification.user_id == hume_coordinator().id)) == 0


def test_overdue_reports_are_listed_by_region_after_the_deadline(actors, cycle, hume):
    assert report_queries.overdue_by_region(DEADLINE) == []
    overdue = report_queries.overdue_by_region(DEADLINE + dt.timedelta(days=1))
    hume_region = next(region for region, rows in overdue if any(c.slug == "hume" for c, _cycle in rows))
    assert hume_region.code == hume.member_state.region.code


def test_a_member_that_missed_two_cycles_in_a_row_is_flagged(actors, hume):
    secretariat = actors["secretariat"]
    open_cycle(secretariat, today=dt.date(2030, 1, 10), deadline=dt.date(2030, 6, 30))
    after_first = dt.date(2030, 7, 1)
    assert hume.id not in report_queries.missed_in_a_row(after_first)
    open_cycle(secretariat, title="Reports 2030–2031", today=dt.date(2032, 1, 10),
               deadline=dt.date(2032, 6, 30), period=(2030, 2031))
    flagged = report_queries.missed_in_a_row(dt.date(2032, 7, 1))
    assert flagged[hume.id] == 2


def test_a_report_submitted_in_the_last_cycle_clears_the_flag(actors, hume):
    secretariat, coordinator = actors["secretariat"], hume_coordinator()
    open_cycle(secretariat, today=dt.date(2028, 1, 10), deadline=dt.date(2028, 6, 30), period=(2026, 2027))
    submitted_report(secretariat, coordinator, hume)   # the 2030 cycle, submitted now (before its deadline)
    assert hume.id not in report_queries.missed_in_a_row(dt.date(2030, 7, 1))
