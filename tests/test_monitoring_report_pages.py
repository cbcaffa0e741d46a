"""The pages of self-assessment and progress reports, per role: what each person sees and
what a form post does (the rules themselves are tested at the operations)."""
import datetime as dt

from sqlalchemy import select

from models.monitoring import ProgressReport, SelfAssessment
from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.monitoring import reports
from tests.monitoring_report_helpers import HUME_COORDINATOR, hume_coordinator, open_cycle, submitted_report


def _report(app, state="submitted"):
    from portal.auth.operations import find_user_by_email
    with app.test_request_context():
        secretariat = find_user_by_email("secretariat@demo.example.org")
        report = submitted_report(secretariat, hume_coordinator(), city_by_slug("hume"))
        if state in ("accepted", "published"):
            reports.transition_report(report, "accept", actor=secretariat)
        db.session.commit()
        return report.id


def test_the_self_assessment_form_saves_and_keeps_what_was_typed_when_refused(app, client, login_as):
    login_as("data_officer")
    url = "/cities/columbus/data/2024/self-assessment"
    page = client.get(url).get_data(as_text=True)
    assert 'name="rating-1.1.1"' in page and "Not started: nothing is in place yet." in page
    refused = client.post(url, data={"rating-1.1.1": "3", "justification-1.1.1": "word " * 151,
                                     "rating-1.1.2": "4", "justification-1.1.2": "Kept as typed."})
    assert refused.status_code == 400
    assert "the limit is 150" in refused.get_data(as_text=True)
    assert "Kept as typed." in refused.get_data(as_text=True)
    saved = client.post(url, data={"rating-1.1.1": "3", "justification-1.1.1": "Fine."})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SelfAssessment.rating)) == 3


def test_the_national_commission_reads_a_draft_self_assessment_but_cannot_post(app, client, login_as):
    login_as("natcom_officer")
    url = "/cities/columbus/data/2024/self-assessment"
    assert 'name="rating-1.1.1"' not in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"rating-1.1.1": "3"}).status_code == 403


def test_a_draft_report_is_closed_to_the_public_and_an_accepted_one_is_open(app, client, login_as):
    report_id = _report(app)
    assert client.get(f"/reports/{report_id}").status_code == 302          # sign in first
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        reports.transition_report(db.session.get(ProgressReport, report_id), "accept",
                                  actor=find_user_by_email("secretariat@demo.example.org"))
        db.session.commit()
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "We opened three community learning centres. (1)" in page
    assert 'action="/reports/' not in page                                  # no buttons for the public
    assert f"/reports/{report_id}" in client.get("/cities/hume").get_data(as_text=True)


def test_the_printable_view_prints_the_narratives_without_the_site(app, client, login_as):
    report_id = _report(app, "accepted")
    page = client.get(f"/reports/{report_id}/print").get_data(as_text=True)
    assert "We opened three community learning centres. (12)" in page and "site-header" not in page
    assert "Self-assessment of 2029" in page
    css = client.get("/static/css/report-print.css").get_data(as_text=True)
    assert "@media print" in css and ".site-header" in css


def test_the_secretariat_returns_a_report_from_its_page_with_a_comment(app, client, login_as):
    report_id = _report(app)
    login_as("secretariat")
    assert client.post(f"/reports/{report_id}/return", data={"comment": ""}).status_code == 400
    assert client.post(f"/reports/{report_id}/return", data={"comment": "More on 4."}).status_code == 302
    login_as(HUME_COORDINATOR)
    page = client.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "More on 4." in page and "Send the report again" in page


def test_the_overdue_list_groups_cities_by_region_and_flags_two_missed_cycles(app, client, login_as):
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        secretariat = find_user_by_email("secretariat@demo.example.org")
        today = dt.date.today()
        open_cycle(secretariat, today=today - dt.timedelta(days=400), deadline=today - dt.timedelta(days=300),
                   period=(2021, 2022), title="Old cycle")
        open_cycle(secretariat, today=today - dt.timedelta(days=200), deadline=today - dt.timedelta(days=1),
                   period=(2023, 2024), title="Last cycle")
        db.session.commit()
    login_as("secretariat")
    page = client.get("/monitoring/reports").get_data(as_text=True)
    assert "Overdue reports by region" in page and "Hume" in page and "missed 2 cycles in a row" in page
    assert "missed its progress report in 2 cycles in a row" in client.get("/cities/hume").get_data(as_text=True)
    assert "/monitoring/reports" in client.get("/membership/dashboard").get_data(as_text=True)
    login_as(HUME_COORDINATOR)
    assert "missed its progress report" not in client.get("/cities/hume").get_data(as_text=True)


def test_the_secretariat_opens_a_cycle_from_its_page(app, client, login_as):
    login_as("secretariat")
    deadline = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    bad = client.post("/monitoring/cycles/new", data={"title": "Cycle", "period_start": "2025",
                                                      "period_end": "2024", "deadline": deadline})
    assert bad.status_code == 400 and "cannot be before the first year" in bad.get_data(as_text=True)
    good = client.post("/monitoring/cycles/new", data={"title": "Cycle 2025", "period_start": "2024",
                                                       "period_end": "2025", "deadline": deadline})
    assert good.status_code == 302
    assert "Cycle 2025" in client.get("/monitoring/cycles").get_data(as_text=True)


def test_the_reminder_command_reminds_once(app, runner):
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        open_cycle(find_user_by_email("secretariat@demo.example.org"))
        db.session.commit()
    first = runner.invoke(args=["report-reminders", "--today", "2030-06-23"])
    again = runner.invoke(args=["report-reminders", "--today", "2030-06-23"])
    assert first.exit_code == 0 and not first.output.startswith("0 ")
    assert again.output.startswith("0 cities")
