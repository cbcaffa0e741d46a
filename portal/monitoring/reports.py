"""Reporting cycles and progress reports: every change to them happens here.

The secretariat opens a cycle (`open_cycle`); every city that was a member before the cycle
opened is due (report_queries.due_cities). A city's coordinator starts its report
(`start_report`), writes it (`save_report`) and submits it; the secretariat returns, accepts
and publishes it (`transition_report`, through workflow.WORKFLOW). Submitting publishes the
data set of the report's year (the cycle's last year). `send_reminders` tells the
coordinators of due cities before the deadline, once per threshold of rules.REMINDER_DAYS.
Dates that matter take `today=` (a demo loader or a test sets it)."""
import datetime as dt

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from models.base import utcnow
from models.monitoring import ProgressReport, ReportingCycle, ReportNarrative
from models.practices import Practice
from portal import audit
from portal.domain_errors import Conflict, Invalid, InvalidFields
from portal.extensions import db
from portal.i18n import list_of, localized
from portal.monitoring import assessments, data_entry, report_queries, report_schema, rules
from portal.monitoring.workflow import WORKFLOW
from portal.notifications.operations import notify
from portal.permissions import check


def current_date():
    return dt.date.today()


# --- Cycles ----------------------------------------------------------------------------

def open_cycle(*, title, period_start, period_end, deadline, actor, today=None, is_demo=False):
    """The secretariat opens a reporting cycle today (or on `today`); the due cities'
    coordinators are told."""
    check(actor, "cycle.manage")
    opened_on = today or current_date()
    data = {"title": title, "period_start": period_start, "period_end": period_end, "deadline": deadline}
    found = report_schema.cycle_problems(data, today=opened_on)
    if found:
        raise InvalidFields(found)
    cycle = ReportingCycle(title=title.strip(), period_start=period_start, period_end=period_end,
                           opened_on=opened_on, deadline=deadline, created_by_id=actor.id if actor else None)
    db.session.add(cycle)
    db.session.flush()
    audit.record(cycle, "reporting_cycle.open", actor, changes={
        "period": (None, f"{period_start}–{period_end}"), "deadline": (None, deadline)})
    for city in report_queries.due_cities(cycle):
        notify(report_queries.coordinators_of(city), "reporting_cycle.opened",
               {"city": city, "cycle": cycle.title, "deadline": deadline.isoformat()},
               endpoint="monitoring.city_reports", slug=city.slug)
    return cycle


# --- Reports ---------------------------------------------------------------------------

def start_report(cycle, city, *, actor, language="en", is_demo=False):
    """A coordinator of a due city starts its report for `cycle`, as a draft."""
    check(actor, "report.start", city)
    if not report_queries.is_due(cycle, city):
        raise Conflict(_("%(city)s is not due to report in this cycle: it joined the network after "
                         "the cycle opened.", city=localized(city, "name")))
    if report_queries.report_of(cycle, city) is not None:
        raise Conflict(_("%(city)s already has a report in this cycle.", city=localized(city, "name")))
    report = ProgressReport(cycle=cycle, city=city, language=language, created_by_id=actor.id,
                            is_demo=is_demo)
    db.session.add(report)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another coordinator started it at the same moment
        raise Conflict(_("%(city)s already has a report in this cycle.", city=localized(city, "name"))) from None
    audit.record(report, "progress_report.create", actor)
    return report


def save_report(report, data, *, actor):
    """Save what the city wrote (a draft may be incomplete; limits always apply). `data` holds
    `narratives` {commitment number: text}, `achievements`, `challenges`, `plans`,
    `practice_ids` (its own published practices); keys left out are left as they are."""
    check(actor, "report.write", report)
    practice_ids = {p.id for p in assessments.evidence_practices(report.city)}
    found = report_schema.report_problems(data, practice_ids=practice_ids)
    if found:
        raise InvalidFields(found)
    cleaned = report_schema.ReportSchema.model_validate(data, context={"practice_ids": practice_ids})
    changed = []
    if "narratives" in data:
        changed += _save_narratives(report, cleaned.narratives)
    for name in report_schema.TEXTS:
        if name in data and getattr(report, name) != getattr(cleaned, name):
            setattr(report, name, getattr(cleaned, name))
            changed.append(name)
    if "practice_ids" in data and sorted(p.id for p in report.practices) != cleaned.practice_ids:
        report.practices = db.session.scalars(
            db.select(Practice).where(Practice.id.in_(cleaned.practice_ids))).all()
        changed.append("practices")
    if changed:
        report.updated_at = utcnow()
        audit.record(report, "progress_report.save", actor, changes={"parts": (None, changed)})
    db.session.flush()
    return report


def _save_narratives(report, narratives):
    existing = {n.commitment_number: n for n in report.narratives}
    changed = []
    for number, text in sorted(narratives.items()):
        row = existing.get(number)
        if row is None and text:
            report.narratives.append(ReportNarrative(commitment_number=number, text=text))
        elif row is not None and row.text != text:
            row.text = text
        else:
            continue
        changed.append(f"narrative {number}")
    return changed


def transition_report(report, name, *, actor, comment=None):
    """Make one workflow transition (workflow.TRANSITIONS) with its own rules: a report is
    complete before it is submitted, and submitting publishes the year's data set."""
    WORKFLOW.check(report, name, actor)
    fields = {}
    if name in ("submit", "resubmit"):
        data_set = data_entry.data_set_of(report.city, report.data_year)
        has_data = data_set is not None and bool(data_set.values or data_set.assessments)
        missing = report_schema.missing_for_submission(report, has_data=has_data)
        if missing:
            raise Invalid(_("The report is not complete. Still missing: %(list)s.", list=list_of(missing)))
        if not data_set.is_published:
            data_entry.publish_data_set(report.city, report.data_year, actor=actor)
        fields["submitted_at"] = utcnow()
    elif name == "accept":
        fields["accepted_at"] = utcnow()
    elif name == "publish":
        fields["published_at"] = utcnow()
    WORKFLOW.perform(report, name, actor=actor, comment=comment, fields=fields)
    db.session.flush()
    return report


# --- Reminders -------------------------------------------------------------------------

def threshold_reached(cycle, on):
    """The reminder threshold (days before the deadline) `on` falls within, or None."""
    days_left = (cycle.deadline - on).days
    if days_left < 0:
        return None
    reached = [days for days in rules.REMINDER_DAYS if days_left <= days]
    return min(reached) if reached else None


def send_reminders(*, today=None):
    """Remind the coordinators of every due city that has not submitted, once per threshold of
    rules.REMINDER_DAYS (run daily; running it again the same day sends nothing). Returns the
    number of cities reminded."""
    on = today or current_date()
    reminded = 0
    for cycle in report_queries.open_cycles(on):
        days = threshold_reached(cycle, on)
        if days is None:
            continue
        already = report_queries.reminded_cities(cycle, days)
        for city in report_queries.cities_not_submitted(cycle):
            if city.id in already:
                continue
            notify(report_queries.coordinators_of(city), "progress_report.reminder",
                   {"city": city, "cycle": cycle.title, "deadline": cycle.deadline.isoformat(),
                    "days": str((cycle.deadline - on).days)},
                   endpoint="monitoring.city_reports", slug=city.slug)
            audit.record(cycle, "reporting_cycle.remind", None,
                         changes={"city_id": (None, city.id), "days": (None, days)})
            reminded += 1
    db.session.flush()
    return reminded

