"""Seeing the data: a city's Key Features profile against a peer group, a measurement
point's page across member cities, and the secretariat's coverage by region."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from portal.cities import queries as cities
from portal.domain_errors import Invalid
from portal.i18n import current_language, localized
from portal.monitoring import charts, display, peer_groups, published_cache, queries
from portal.monitoring.blueprint import bp


@bp.app_context_processor
def chart_helpers():
    return {"charts": charts, "value_text": display.value_text, "number_text": display.number_text,
            "breakdown_text": display.breakdown_text, "standing": display.standing,
            "standing_text": display.standing_text, "lower_is_better": display.is_lower_better}


def peer_group_choices(city):
    region = city.member_state.region
    band = queries.band_label(city)
    return [("all", _("all member cities")),
            ("region", _("member cities of %(region)s", region=localized(region, "name"))),
            ("population", _("member cities of the same size (%(band)s)", band=band) if band
             else _("member cities of the same size (population not recorded)"))]


@bp.get("/cities/<slug>/key-features")
def key_features_profile(slug):
    city = cities.city_by_slug(slug) or abort(404)
    group = request.args.get("group", queries.DEFAULT_PEER_GROUP)
    if group not in peer_groups.PEER_GROUPS:
        raise Invalid(_("Compare with: choose one of the groups offered."))
    choices = peer_group_choices(city)

    group_label = dict(choices)[group]
    tree_html = published_cache.rendered(
        ("profile", city.id, group, current_language()),
        lambda: render_template("monitoring/_profile_tree.html", city=city, group_label=group_label,
                                profile=queries.profile(city, group)))
    return render_template("monitoring/profile.html", city=city, group=group, choices=choices,
                           group_label=group_label, tree_html=Markup(tree_html))


@bp.get("/key-features/<code>/<point_key>")
def measurement_point(code, point_key):
    point = queries.point_by_key(code, point_key) or abort(404)
    years = queries.years_of_point(point)
    year = _chosen_year(years)
    sort = request.args.get("sort", "value")
    if sort not in queries.SORTS:
        raise Invalid(_("Sort by: choose the city, the value or the region."))
    data_html = None
    if year is not None:
        data_html = Markup(published_cache.rendered(
            ("point", point.id, year, sort, current_language()),
            lambda: render_template("monitoring/_point_data.html", point=point, kf=point.key_feature,
                                    year=year, sort=sort,
                                    distribution=queries.point_distribution(point, year, sort))))
    return render_template("monitoring/point.html", point=point, years=years, year=year, sort=sort,
                           data_html=data_html)


def _chosen_year(years):
    asked = request.args.get("year")
    if asked is None or asked == "":
        return years[0] if years else None
    if not asked.isdigit() or int(asked) not in years:
        raise Invalid(_("Year: choose one of the years for which cities published this value."))
    return int(asked)


@bp.get("/monitoring/coverage")
def coverage():
    return render_template("monitoring/coverage.html", coverage=queries.coverage_by_region())

