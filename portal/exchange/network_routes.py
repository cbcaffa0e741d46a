"""Adoptions (“we adapted this”) and the network's transfer graph, on the exchange blueprint."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.exchange import adoptions, queries, transfer_graph
from portal.exchange.blueprint import bp, posting_limit
from portal.exchange.forms import AdoptionForm
from portal.i18n import localized
from portal.permissions import can, require
from portal.practices import queries as practices


@bp.route("/practices/<slug>/adoptions/new", methods=["GET", "POST"])
@posting_limit
def record_adoption(slug):
    practice = practices.practice_by_slug(slug) or abort(404)
    require("practice.view", practice)
    own = [c for c in cities.member_cities() if can(current_user, "adoption.record", (practice, c))]
    form = AdoptionForm()
    form.city.choices = [SelectChoice(c.id, localized(c, "name")) for c in own]
    context = {"form": form, "practice": practice, "not_member": not own}
    if not own:
        return render_template("exchange/adoption_new.html", **context), 409
    if not form.validate_on_submit():
        return render_template("exchange/adoption_new.html", **context), 400 if request.method == "POST" else 200
    city = next(c for c in own if c.id == form.city.data)
    try:
        adoptions.record_adoption(practice, city, {"kind": form.kind.data, "changes": form.changes.data,
                                                   "results": form.results.data, "year": form.year.data},
                                  actor=current_user)
    except DomainError as error:
        form.form_errors.append(error.message)
        return render_template("exchange/adoption_new.html", **context), error.status
    flash(_("Recorded. It now shows on the practice, on both cities' pages and in the transfer graph."), "success")
    return redirect(url_for("practices.practice", slug=practice.slug, _anchor="adoptions"))


@bp.get("/network/transfers")
def transfers():
    found = queries.transfers()
    nodes, edges = transfer_graph.layout(found)
    return render_template("exchange/transfers.html", adoptions=found, nodes=nodes, edges=edges,
                           size=transfer_graph.SIZE, node_radius=transfer_graph.NODE_RADIUS,
                           hit_radius=transfer_graph.HIT_RADIUS)
