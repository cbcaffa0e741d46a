"""Peer-learning request pages (registered on the exchange blueprint): asking a city, the
coordinators' list of requests, a request with its answers, its private thread and outcome."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal import audit
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.exchange import peer_requests, queries, suggestions
from portal.exchange.blueprint import bp, posting_limit
from portal.exchange.forms import CommentForm, OutcomeForm, PeerRequestForm, PeriodForm
from portal.exchange.workflow import WORKFLOW
from portal.framework import queries as framework
from portal.i18n import localized
from portal.language_of_parts import lang_for
from portal.permissions import require, user_or_none
from portal.practices import queries as practices


def _member_cities_of(user):
    return [c for c in cities.member_cities() if c.id in user.coordinated_city_ids()]


def _in_own_language(practice):
    """A practice's option says its language when it is not the page's."""
    other = lang_for(practice.language)
    return {"lang": other} if other else {}


def _request_form(to_city):
    form = PeerRequestForm()
    own = _member_cities_of(current_user)
    form.from_city.choices = [SelectChoice(c.id, localized(c, "name")) for c in own]
    form.practice.choices = [SelectChoice("", _("— none —"))] + [
        SelectChoice(p.id, p.title, render_kw=_in_own_language(p))
        for p in practices.published_for_city(to_city, limit=500)]
    form.commitment.choices = [SelectChoice("", _("— none —"))] + [
        SelectChoice(c.id, f"{c.number}. {localized(c, 'title')}") for c in framework.all_commitments()]
    if request.method == "GET" and request.args.get("practice"):
        chosen = practices.practice_by_slug(request.args["practice"])
        form.practice.data = chosen.id if chosen and chosen.city_id == to_city.id else None
    return form, own


@bp.route("/cities/<slug>/exchange-request", methods=["GET", "POST"])
@posting_limit
def request_exchange(slug):
    to_city = cities.city_by_slug(slug) or abort(404)
    form, own = _request_form(to_city)
    context = {"form": form, "to_city": to_city}
    if not own:
        return render_template("exchange/request_new.html", not_member=True, **context), 409
    if not form.validate_on_submit():
        return render_template("exchange/request_new.html", **context), 400 if request.method == "POST" else 200
    from_city = next(c for c in own if c.id == form.from_city.data)
    data = {"format": form.format.data, "period_start": form.period_start.data,
            "period_end": form.period_end.data, "message": form.message.data,
            **queries.request_topic(form.practice.data, form.commitment.data)}
    try:
        made = peer_requests.request_exchange(from_city, to_city, data, actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return render_template("exchange/request_new.html", **context), error.status
    flash(_("Your request is sent. %(city)s's coordinators will answer here.", city=localized(to_city, "name")),
          "success")
    return redirect(url_for(".peer_request", request_id=made.id))


@bp.get("/exchanges")
def dashboard():
    own = _member_cities_of(current_user)
    return render_template("exchange/dashboard.html", cities=own,
                           requests=queries.requests_of({c.id for c in own}),
                           suggestions={c.id: suggestions.for_city(c) for c in own})


def _load_request(request_id):
    found = queries.peer_request(request_id) or abort(404)
    require("exchange.view_request", found)
    return found


def _render_request(found, status=200, **forms):
    forms.setdefault("period_form", PeriodForm())
    forms.setdefault("outcome_form", OutcomeForm())
    forms.setdefault("comment_form", CommentForm())
    actions = {t.name: t for t in WORKFLOW.available(found, user_or_none())}
    return render_template("exchange/request.html", peer_request=found, actions=actions,
                           closable=peer_requests.can_be_closed(found),
                           closes_from=peer_requests.closes_from(found),
                           timeline=audit.timeline("peer_requests", found.id), **forms), status


@bp.get("/exchanges/<int:request_id>")
def peer_request(request_id):
    return _render_request(_load_request(request_id))


@bp.post("/exchanges/<int:request_id>/answer")
def answer_request(request_id):
    found = _load_request(request_id)
    action, form = request.form.get("action"), CommentForm()
    if action not in peer_requests.ANSWERS or not form.validate_on_submit():
        form.form_errors.append(_("Choose to accept, decline or withdraw."))
        return _render_request(found, 400, comment_form=form)
    try:
        peer_requests.ANSWERS[action](found, actor=current_user, comment=form.comment.data)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _render_request(found, error.status, comment_form=form)
    flash(WORKFLOW[action].done, "success")
    if action == "accept":
        return redirect(url_for(".thread", thread_id=found.thread.id))
    return redirect(url_for(".peer_request", request_id=found.id))


@bp.post("/exchanges/<int:request_id>/period")
def propose_period(request_id):
    found, form = _load_request(request_id), PeriodForm()
    if not form.validate_on_submit():
        return _render_request(found, 400, period_form=form)
    try:
        peer_requests.propose_period(found, form.period_start.data, form.period_end.data,
                                     actor=current_user, comment=form.comment.data)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _render_request(found, error.status, period_form=form)
    flash(WORKFLOW["propose_period"].done, "success")
    return redirect(url_for(".peer_request", request_id=found.id))


@bp.post("/exchanges/<int:request_id>/close")
@posting_limit
def close_request(request_id):
    found, form = _load_request(request_id), OutcomeForm()
    if not form.validate_on_submit():
        return _render_request(found, 400, outcome_form=form)
    try:
        peer_requests.close(found, form.outcome.data, public=form.public.data, actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _render_request(found, error.status, outcome_form=form)
    flash(WORKFLOW["close"].done, "success")
    return redirect(url_for(".peer_request", request_id=found.id))
