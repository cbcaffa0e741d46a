"""Reporting: cycles (secretariat), a city's reports, the report page, its editing, its
workflow buttons, its printable view, and the secretariat's overdue list."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit, confirmation
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.framework import queries as framework
from portal.i18n import current_language, localized
from portal.monitoring import assessments, report_queries, reports, rules
from portal.monitoring.blueprint import bp
from portal.monitoring.report_forms import CycleForm, ReportForm, TransitionForm
from portal.monitoring.report_schema import LIMITS
from portal.monitoring.workflow import STATE_LABELS, WORKFLOW
from portal.permissions import allowed_actions, require, user_or_none


@bp.app_context_processor
def report_labels():
    return {"report_state_label": STATE_LABELS.get, "report_event_label": WORKFLOW.event_label,
            "report_source_label": rules.SOURCE_LABELS.get, "report_number": format_decimal}


@bp.get("/monitoring/cycles")
def cycles():
    found = report_queries.cycles()
    return render_template("monitoring/cycles.html", cycles=found,
                           progress={c.id: report_queries.cycle_progress(c) for c in found})


@bp.route("/monitoring/cycles/new", methods=["GET", "POST"])
def new_cycle():
    form = CycleForm()
    if not form.validate_on_submit():
        return render_template("monitoring/cycle_form.html", form=form), 400 if form.is_submitted() else 200
    try:
        reports.open_cycle(title=form.title.data, period_start=form.period_start.data,
                           period_end=form.period_end.data, deadline=form.deadline.data, actor=current_user)
    except DomainError as error:
        _show(form, error)
        return render_template("monitoring/cycle_form.html", form=form), error.status
    flash(_("The reporting cycle is open; the cities due are told."), "success")
    return redirect(url_for(".cycles"))


def _show(form, error):
    """An operation's problems on their fields, or its message above the form."""
    if getattr(error, "problems", None):
        form.show_problems(error.problems)
    else:
        form.form_errors.append(error.message)


def _city(slug, permission):
    city = cities.city_by_slug(slug) or abort(404)
    require(permission, city)
    return city


@bp.get("/cities/<slug>/reports")
def city_reports(slug):
    city = _city(slug, "city_data.view_drafts")
    return render_template("monitoring/city_reports.html", city=city, form=TransitionForm(),
                           rows=report_queries.cycles_for_city(city),
                           may=allowed_actions(user_or_none(), city, "report.start", "city_data.edit"))


@bp.post("/cities/<slug>/reports/<int:cycle_id>/start")
def start_report(slug, cycle_id):
    city = _city(slug, "report.start")
    cycle = report_queries.cycle_by_id(cycle_id) or abort(404)
    if not TransitionForm().validate_on_submit():
        abort(400)
    report = reports.start_report(cycle, city, actor=current_user, language=current_language())
    flash(_("The progress report of %(city)s is started as a draft.", city=localized(city, "name")), "success")
    return redirect(url_for(".edit_report", report_id=report.id))


def _report(report_id, permission="report.view"):
    report = report_queries.report_by_id(report_id) or abort(404)
    require(permission, report)
    return report


def _report_page(report, template, status=200, form=None, error=None):
    user = user_or_none()
    data_set = report_queries.data_set_of(report.city, report.data_year)
    return render_template(
        template, report=report, error=error, form=form or TransitionForm(),
        transitions=WORKFLOW.available(report, user), may=allowed_actions(user, report, "report.write"),
        narratives={n.commitment_number: n.text for n in report.narratives},
        commitments=framework.all_commitments(), data_set=data_set,
        values=report_queries.whole_values(data_set), tree=report_queries.key_feature_tree(),
        assessed=assessments.assessments_by_code(data_set),
        timeline=audit.timeline("progress_reports", report.id)), status


@bp.get("/reports/<int:report_id>")
def report(report_id):
    return _report_page(_report(report_id), "monitoring/report.html")


@bp.get("/reports/<int:report_id>/print")
def print_report(report_id):
    return _report_page(_report(report_id), "monitoring/report_print.html")


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
def edit_report(report_id):
    found = _report(report_id, "report.write")
    form = ReportForm()
    form.practice_ids.choices = [(p.id, p.title) for p in assessments.evidence_practices(found.city)]
    if not form.is_submitted():
        form.fill(found)
    elif form.validate():
        try:
            reports.save_report(found, form.data_for_operation(), actor=current_user)
            flash(_("The report is saved."), "success")
            return redirect(url_for(".report", report_id=found.id))
        except DomainError as error:
            _show(form, error)
    status = 400 if form.is_submitted() else 200
    return render_template("monitoring/report_form.html", report=found, form=form, limits=LIMITS,
                           commitments=framework.all_commitments()), status


@bp.post("/reports/<int:report_id>/<action>")
def report_transition(report_id, action):
    found = _report(report_id)
    step = WORKFLOW.by_name.get(action) or abort(404)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _report_page(found, "monitoring/report.html", 400, form)
    names = {"city": localized(found.city, "name"), "year": found.data_year}
    if step.confirm and WORKFLOW.allows(found, action, user_or_none()):
        page = confirmation.ask(action=step.label, subject=names["city"], consequence=step.confirm % names,
                                cancel_url=url_for(".report", report_id=found.id), danger=False)
        if page is not None:
            return page
    try:
        reports.transition_report(found, action, actor=current_user, comment=form.comment.data)
    except DomainError as error:
        return _report_page(found, "monitoring/report.html", error.status, form, error=error.message)
    flash(step.done % names, "success")
    return redirect(url_for(".report", report_id=found.id))


@bp.get("/monitoring/reports")
def reports_overview():
    on = reports.current_date()
    flagged = report_queries.missed_in_a_row(on)
    return render_template("monitoring/reports_overview.html", open_cycles=report_queries.open_cycles(on),
                           overdue=report_queries.overdue_by_region(on), flagged=flagged,
                           flagged_cities=report_queries.cities_by_id(flagged), flag=rules.MISSED_CYCLES_FLAG)
