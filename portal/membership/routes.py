"""Membership: calls, applications and their workflow, nominations, review, dashboard."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal import audit, confirmation
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.framework import queries as framework
from portal.i18n import localized
from portal.membership import export, operations, queries
from portal.membership.blueprint import bp
from portal.membership.forms import ApplicationForm, CallForm, InvalidRating, StartApplicationForm, TransitionForm
from portal.membership.rules import COMMUNICATION_LANGUAGES, MAX_WORDS
from portal.membership.workflow import CITY_NEXT_STEP, STATE_LABELS, WORKFLOW
from portal.monitoring import queries as monitoring
from portal.permissions import can, require, user_or_none
from portal.text import plain_paragraphs
from portal.uploads import clean_filename, send_upload, uploaded


@bp.app_context_processor
def workflow_labels():
    return {"state_label": STATE_LABELS.get, "timeline_label": WORKFLOW.event_label,
            "city_next_step": CITY_NEXT_STEP.get,
            "language_label": COMMUNICATION_LANGUAGES.get, "max_words": MAX_WORDS}


bp.add_app_template_filter(plain_paragraphs)  # answers keep their paragraphs and line breaks


def _load_application(application_id, permission="application.view"):
    application = queries.application_by_id(application_id) or abort(404)
    require(permission, application)
    return application


def _coordinated_cities():
    user = user_or_none()
    ids = user.coordinated_city_ids() if user else set()
    return [c for c in cities.all_cities() if c.id in ids]


@bp.get("/")
def overview():
    user = user_or_none()
    mine = queries.applications_of_cities(user.coordinated_city_ids()) if user else []
    return render_template("membership/overview.html", calls=queries.calls(),
                           today=operations.today(), my_applications=mine)


@bp.route("/calls/new", methods=["GET", "POST"])
def new_call():
    form = CallForm()
    if not form.validate_on_submit():
        return render_template("membership/call_form.html", form=form), \
            400 if form.is_submitted() else 200
    try:
        call = operations.open_call(
            title=form.title.data, opens_on=form.opens_on.data, closes_on=form.closes_on.data,
            nomination_quota=form.nomination_quota.data,
            decision_window_days=form.decision_window_days.data, actor=current_user,
            texts=form.texts())
    except DomainError as error:
        form.show_error(error)
        return render_template("membership/call_form.html", form=form), error.status
    flash(_("The call is open for applications."), "success")
    return redirect(url_for(".call", call_id=call.id))


def _start_form():
    form = StartApplicationForm()
    form.city.choices = [SelectChoice(str(c.id), localized(c, "name"))
                         for c in _coordinated_cities() if not c.is_member]
    return form


@bp.get("/calls/<int:call_id>")
def call(call_id):
    found = queries.call_by_id(call_id) or abort(404)
    return render_template("membership/call.html", call=found, today=operations.today(),
                           start_form=_start_form())


@bp.post("/calls/<int:call_id>/apply")
def start_application(call_id):
    found = queries.call_by_id(call_id) or abort(404)
    form = _start_form()
    if not form.validate_on_submit():
        return render_template("membership/call.html", call=found, today=operations.today(),
                               start_form=form), 400
    try:
        application = operations.start_application(
            found, cities.city_by_id(form.city.data), actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return render_template("membership/call.html", call=found, today=operations.today(),
                               start_form=form), error.status
    flash(_("The application of %(city)s is started as a draft. Fill in the answers and save "
            "them as you go.", city=localized(application.city, "name")), "success")
    return redirect(url_for(".edit_application", application_id=application.id))


def _render_application(application, status=200, form=None, error=None):
    user = user_or_none()
    return render_template(
        "membership/application.html", application=application, error=error,
        transitions=WORKFLOW.available(application, user), form=form or TransitionForm(),
        timeline=_without_repeated_saves(audit.timeline("applications", application.id)),
        missing=(operations.missing_for_submission(application)
                 if WORKFLOW.allows(application, "submit", user) else []),
        commitments=framework.all_commitments(),
        remaining_quota=queries.remaining_nominations(application),
        city_data=monitoring.application_data(
            application.city, include_drafts=can(user, "city_data.view_drafts", application.city)),
        private_visible=True), status


def _without_repeated_saves(entries):
    """A run of saves reads as one line on the timeline: keep the last of each run."""
    return [e for i, e in enumerate(entries)
            if not (e.action == "application.save" and i + 1 < len(entries)
                    and entries[i + 1].action == "application.save")]


@bp.get("/applications/<int:application_id>")
def application(application_id):
    return _render_application(_load_application(application_id))


@bp.post("/applications/<int:application_id>/<action>")
def transition(application_id, action):
    found = _load_application(application_id)
    step = WORKFLOW.by_name.get(action) or abort(404)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _render_application(found, 400, form)
    names = _names(found)
    if step.confirm and WORKFLOW.allows(found, action, user_or_none()):
        page = confirmation.ask(action=step.label, subject=names["city"], consequence=step.confirm % names,
                                cancel_url=url_for(".application", application_id=found.id))
        if page is not None:
            return page
    try:
        operations.transition_application(found, action, actor=current_user,
                                          comment=form.comment.data)
    except DomainError as error:
        return _render_application(found, error.status, form, error=error.message)
    flash(step.done % names, "success")
    return redirect(url_for(".application", application_id=found.id))


def _names(application):
    """What the messages about an application name, in the reader's language."""
    return {"city": localized(application.city, "name"),
            "member_state": localized(application.city.member_state, "name"),
            "remaining": queries.remaining_nominations(application)}


def _application_form(application):
    form = ApplicationForm(obj=None if request.method == "POST" else application)
    if request.method != "POST":
        form.expertise.data = [c.number for c in application.expertise]
        form.expertise_tags.data = ", ".join(application.expertise_tags or [])
    form.set_commitments(framework.all_commitments(), lambda c: localized(c, "title"))
    return form


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
def edit_application(application_id):
    found = _load_application(application_id, "application.edit")
    form = _application_form(found)

    def page(status=200, error=None):
        return render_template("membership/application_form.html", application=found, form=form,
                               error=error, missing=operations.missing_for_submission(found)), status

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(400)
    try:
        letter = uploaded(form.letter.data)
        data = form.data_for_operation(request.form)
        operations.save_application(found, data, actor=current_user, letter=letter)
    except InvalidRating as error:
        return page(400, error.message)
    except DomainError as error:
        form.show_error(error)
        return page(error.status)
    flash(_("Your answers are saved."), "success")
    return redirect(url_for(".application", application_id=found.id))


@bp.get("/applications/<int:application_id>/letter")
def letter(application_id):
    found = _load_application(application_id)
    return send_upload(found.letter_path, mimetype="application/pdf", as_attachment=True,
                       download_name=clean_filename(found.letter_filename, default="letter.pdf",
                                                    extension="pdf"))


@bp.get("/nominations")
def nominations():
    return render_template("membership/nominations.html", today=operations.today(),
                           groups=queries.nomination_queue(current_user.natcom_state_ids()))


@bp.get("/review")
def review_queue():
    return render_template("membership/review.html", applications=queries.review_queue())


@bp.get("/dashboard")
def dashboard():
    all_calls = queries.calls()
    chosen = request.args.get("call", type=int)
    selected = next((c for c in all_calls if c.id == chosen), all_calls[0] if all_calls else None)
    if chosen is not None and (selected is None or selected.id != chosen):
        abort(404)
    stats = queries.dashboard(selected, operations.today()) if selected else None
    return render_template("membership/dashboard.html", calls=all_calls, call=selected, stats=stats)


@bp.get("/calls/<int:call_id>/applications.csv")
def export_applications(call_id):
    found = queries.call_by_id(call_id) or abort(404)
    return current_app.response_class(
        export.applications_csv(found, actor=current_user), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="call-{found.id}-applications.csv"'})


