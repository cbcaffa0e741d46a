"""Practice pages: reading, writing, reviewing, publishing, revising; Atom feeds. (Earlier
versions and the writers' guide are in reading_routes.py.)"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import audit, confirmation
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.exchange import queries as exchange
from portal.framework import queries as framework
from portal.i18n import current_language, localized
from portal.membership.forms import TransitionForm
from portal.permissions import can, require, user_or_none
from portal.practices import covers, feeds, operations, queries, revisions
from portal.practices.blueprint import bp, practice_or_404, reading_language
from portal.practices.forms import PracticeForm
from portal.practices.workflow import WORKFLOW
from portal.uploads import uploaded
from portal.urls import absolute_url_for


def _form(practice=None):
    form = PracticeForm()
    user = user_or_none()
    choices = [c for c in cities.all_cities() if can(user, "practice.write_for_city", c)]
    if practice is not None and practice.city not in choices:
        choices.append(practice.city)
    form.set_choices(choices, framework.all_commitments(), framework.all_key_features(), localized)
    form.set_translations(practice)
    if practice is not None and request.method == "GET":
        form.fill_from(practice)
    return form


def _uploaded_cover(form):
    upload = uploaded(form.cover.data)
    return (*upload, form.cover_alt.data) if upload else None


def _save(form, practice, save):
    """Validate the form, call the operation; on a problem show the form again with what the
    person typed and each message on its field."""
    if request.method == "POST" and form.validate_on_submit():
        try:
            saved = save(form.data_for_operation(cities.city_by_id(form.city.data)), _uploaded_cover(form))
        except DomainError as error:
            form.show_error(error)
            return render_template("practices/form.html", form=form, practice=practice), error.status
        return saved
    return render_template("practices/form.html", form=form, practice=practice), \
        400 if request.method == "POST" else 200


@bp.route("/practices/new", methods=["GET", "POST"])
def new_practice():
    result = _save(_form(), None, lambda data, cover: operations.create_practice(
        data, actor=current_user, cover=cover))
    if isinstance(result, tuple):
        return result
    flash(_("Your practice is saved as a draft. Submit it when it is ready."), "success")
    return redirect(url_for(".practice", slug=result.slug))


@bp.route("/practices/<slug>/edit", methods=["GET", "POST"])
def edit_practice(slug):
    practice = practice_or_404(slug, "practice.edit")
    result = _save(_form(practice), practice, lambda data, cover: operations.update_practice(
        practice, data, actor=current_user, cover=cover))
    if isinstance(result, tuple):
        return result
    flash(_("Your changes are saved."), "success")
    return redirect(url_for(".practice", slug=practice.slug))


def _render(practice, status=200, error=None):
    user = user_or_none()
    return render_template(
        "practices/practice.html", practice=practice, error=error,
        actions=WORKFLOW.available(practice, user),
        # Only someone signed in may act: an anonymous reader's page holds no form token, so it
        # may be shared (portal/http_caching.py).
        form=TransitionForm() if user is not None else None, language=reading_language(practice),
        questions=exchange.questions_on(practice) if practice.is_published else [],
        adoptions=exchange.adoptions_of(practice), outcomes=exchange.public_outcomes(practice_id=practice.id),
        timeline=audit.timeline("practices", practice.id) if can(user, "practice.edit", practice) else [],
    ), status


@bp.get("/practices/<slug>")
def practice(slug):
    return _render(practice_or_404(slug))


@bp.post("/practices/<slug>/<action>")
def transition(slug, action):
    practice = practice_or_404(slug)
    step = WORKFLOW.by_name.get(action) or abort(404)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _render(practice, 400)
    names = {"title": practice.text_in(current_language(), "title")}
    if step.confirm and WORKFLOW.allows(practice, action, user_or_none()):
        page = confirmation.ask(action=step.label, subject=names["title"], consequence=step.confirm % names,
                                cancel_url=url_for(".practice", slug=practice.slug))
        if page is not None:
            return page
    try:
        done = operations.transition_practice(practice, action, actor=current_user, comment=form.comment.data)
    except DomainError as error:
        return _render(practice, error.status, getattr(error, "problems", None) or error.message)
    flash(step.done % names, "success")
    if action == "delete":
        return redirect(url_for(".mine"))
    return redirect(url_for(".practice", slug=(done or practice).slug))


@bp.post("/practices/<slug>/revise")
def revise(slug):
    practice = practice_or_404(slug)
    require("practice.revise", practice)
    try:
        revision = revisions.open_revision(practice, actor=current_user)
    except DomainError as error:
        return _render(practice, error.status, error.message)
    flash(_("A new version is open as a draft. "
            "The published version stays online until this one is published."), "success")
    return redirect(url_for(".edit_practice", slug=revision.slug))


@bp.get("/practices/<slug>/cover")
def cover(slug):
    return covers.send(practice_or_404(slug))


@bp.get("/practices/review")
def review_queue():
    return render_template("practices/review.html",
                           practices=queries.waiting_for(current_user, can))


@bp.get("/practices/mine")
def mine():
    return render_template("practices/mine.html", practices=queries.by_author(current_user))


@bp.get("/practices/feed.atom")
def feed():
    return feeds.atom(queries.feed_entries(), title=_("Newest practices"),
                      self_url=absolute_url_for(".feed"))


@bp.get("/commitments/<int:number>/feed.atom")
def commitment_feed(number):
    commitment = framework.commitment_by_number(number) or abort(404)
    return feeds.atom(queries.feed_entries(commitment),
                      title=_("Newest practices for commitment %(number)s", number=number),
                      self_url=absolute_url_for(".commitment_feed", number=number))

