"""Thematic cluster pages (on the exchange blueprint): the list, a cluster with its member
cities, practices and discussions; joining and leaving; the secretariat's settings."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.exchange import clusters, queries
from portal.exchange.blueprint import bp, posting_limit
from portal.exchange.forms import ClusterForm, MembershipForm, QuestionForm
from portal.framework import queries as framework
from portal.i18n import localized
from portal.permissions import can, require, user_or_none


@bp.get("/clusters")
def clusters_list():
    return render_template("exchange/clusters.html", clusters=queries.clusters())


def _cluster(slug):
    return queries.cluster_by_slug(slug) or abort(404)


def _membership_form(cluster):
    user = user_or_none()
    form = MembershipForm()
    own = [c for c in cities.member_cities() if can(user, "cluster.join", c)]
    form.city.choices = [SelectChoice(c.id, localized(c, "name")) for c in own]
    return form, own


def _render_cluster(cluster, status=200, **forms):
    membership_form, own = _membership_form(cluster)
    forms.setdefault("membership_form", membership_form)
    forms.setdefault("discussion_form", QuestionForm())
    members = {m.city_id for m in cluster.memberships}
    return render_template("exchange/cluster.html", cluster=cluster, practices=queries.cluster_practices(cluster),
                           threads=queries.cluster_threads(cluster), own_cities=own, member_ids=members,
                           **forms), status


@bp.get("/clusters/<slug>")
def cluster(slug):
    return _render_cluster(_cluster(slug))


@bp.post("/clusters/<slug>/membership")
def cluster_membership(slug):
    found = _cluster(slug)
    form, own = _membership_form(found)
    action = request.form.get("action")
    if action not in ("join", "leave") or not form.validate_on_submit():
        form.form_errors.append(_("Choose one of your cities, then join or leave."))
        return _render_cluster(found, 400, membership_form=form)
    city = next(c for c in own if c.id == form.city.data)
    try:
        (clusters.join if action == "join" else clusters.leave)(found, city, actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _render_cluster(found, error.status, membership_form=form)
    flash(_("%(city)s joined the cluster.", city=localized(city, "name")) if action == "join"
          else _("%(city)s left the cluster.", city=localized(city, "name")), "success")
    return redirect(url_for(".cluster", slug=found.slug))


@bp.post("/clusters/<slug>/discussions")
@posting_limit
def start_discussion(slug):
    found = _cluster(slug)
    require("cluster.discuss", found)
    form = QuestionForm()
    if not form.validate_on_submit():
        return _render_cluster(found, 400, discussion_form=form)
    try:
        thread = clusters.start_discussion(found, form.title.data, form.body.data, actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _render_cluster(found, error.status, discussion_form=form)
    flash(_("Your discussion is started; the cluster's members can reply."), "success")
    return redirect(url_for(".thread", thread_id=thread.id))


def _cluster_form(cluster=None):
    form = ClusterForm(obj=cluster if request.method == "GET" else None)
    commitments = framework.all_commitments()
    form.commitments.choices = [SelectChoice(c.id, f"{c.number}. {localized(c, 'title')}") for c in commitments]
    if request.method == "GET" and cluster is not None:
        form.commitments.data = [c.id for c in cluster.commitments]
    return form, {c.id: c for c in commitments}


def _save(cluster):
    form, commitments = _cluster_form(cluster)
    if not form.validate_on_submit():
        return render_template("exchange/cluster_form.html", form=form, cluster=cluster), \
            400 if request.method == "POST" else 200
    try:
        saved = clusters.save_cluster(cluster, form.data, [commitments[i] for i in form.commitments.data or []],
                                      actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return render_template("exchange/cluster_form.html", form=form, cluster=cluster), error.status
    flash(_("The cluster is saved."), "success")
    return redirect(url_for(".cluster", slug=saved.slug))


@bp.route("/clusters/new", methods=["GET", "POST"])
def new_cluster():
    return _save(None)


@bp.route("/clusters/<slug>/edit", methods=["GET", "POST"])
def edit_cluster(slug):
    return _save(_cluster(slug))
