"""The city directory, city profiles and the Member States."""
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.cities import queries
from portal.cities.blueprint import bp
from portal.cities.forms import CityFilterForm
from portal.exchange import queries as exchange
from portal.i18n import localized
from portal.membership import queries as membership
from portal.monitoring import report_queries, reports
from portal.permissions import can, user_or_none
from portal.practices import queries as practices


@bp.get("/cities")
def city_list():
    form = CityFilterForm(request.args)
    form.set_choices(queries.regions(), queries.member_states(), queries.years_joined())
    if not form.validate():
        return render_template("cities/list.html", form=form, pagination=None), 400
    pagination = queries.filter_cities(
        region=form.region.data or None, member_state=form.country.data or None,
        membership=form.membership.data, year=int(form.year.data) if form.year.data else None,
        page=form.page.data or 1, per_page=current_app.config["CITIES_PER_PAGE"])
    return render_template("cities/list.html", form=form, pagination=pagination)


@bp.get("/cities/map")
def city_map():
    members = queries.member_cities()
    points = [{"label": _("%(city)s, %(country)s", city=localized(c, "name"),
                           country=localized(c.member_state, "name")),
               "href": url_for(".city_profile", slug=c.slug), "lat": c.latitude, "lon": c.longitude}
              for c in members]
    return render_template("cities/map.html", members=members, points=points)


@bp.get("/cities/<slug>")
def city_profile(slug):
    city = queries.city_by_slug(slug) or abort(404)
    return render_template("cities/profile.html", city=city,
                           application=membership.admitted_application(city),
                           practices=practices.published_for_city(city),
                           adopted=exchange.adoptions_by(city), adopted_from=exchange.adoptions_from(city),
                           outcomes=exchange.public_outcomes(city_id=city.id),
                           clusters=exchange.clusters_of(city),
                           progress_reports=report_queries.public_reports(city),
                           missed_cycles=_missed_cycles(city),
                           data_link=can(user_or_none(), "city_data.view_drafts", city))


def _missed_cycles(city):
    """For the secretariat: the cycles in a row the city missed reporting in (0: not flagged)."""
    if not can(user_or_none(), "monitoring.dashboard"):
        return 0
    return report_queries.missed_cycles_of(city, reports.current_date())


@bp.get("/member-states")
def member_states():
    return render_template("cities/member_states.html", groups=queries.member_states_by_region())


@bp.get("/member-states/<iso>")
def member_state(iso):
    state = queries.member_state_by_iso(iso) or abort(404)
    if iso != state.iso:
        return redirect(url_for(".member_state", iso=state.iso), 301)
    return render_template("cities/member_state.html", state=state)
