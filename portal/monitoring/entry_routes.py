"""The city's data area: its reference years, a page per focus area to enter the values of
its measurement points, publishing a year, the versions of a published year, and the team
page where a coordinator appoints data officers. Saving goes through
`portal.monitoring.data_entry.save_values`, the one save path."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models.reference_numbers import YEAR_MIN
from portal.cities.queries import city_by_slug
from portal.domain_errors import DomainError, InvalidFields, NeedsConfirmation
from portal.i18n import localized
from portal.monitoring import completeness, entry_forms, entry_queries, officers, rules
from portal.monitoring.blueprint import bp
from portal.monitoring.data_entry import data_set_of, latest_allowed_year, publish_data_set, save_values
from portal.permissions import allowed_actions, require, user_or_none

TEAM_ACTIONS = ("city_data.edit", "data_officer.appoint")


def _city(slug, permission="city_data.view_drafts"):
    city = city_by_slug(slug) or abort(404)
    require(permission, city)
    return city


def _year(year):
    if not YEAR_MIN <= year <= latest_allowed_year():
        abort(404)
    return year


def _may(city):
    return allowed_actions(user_or_none(), city, *TEAM_ACTIONS)


@bp.get("/cities/<slug>/data")
def city_data(slug):
    city = _city(slug)
    form = entry_forms.StartYearForm(request.args)
    if "year" in request.args and form.validate():
        return redirect(url_for(".data_year", slug=city.slug, year=form.year.data))
    data_sets = entry_queries.data_sets_of(city)
    return render_template("monitoring/entry_years.html", city=city, data_sets=data_sets, form=form,
                           completeness=completeness.of_data_sets(data_sets), may=_may(city)), \
        400 if form.errors else 200


@bp.get("/cities/<slug>/data/<int:year>")
def data_year(slug, year, status=200, error=None):
    city, year = _city(slug), _year(year)
    data_set = data_set_of(city, year)
    return render_template("monitoring/year.html", city=city, year=year, data_set=data_set,
                           areas=entry_queries.areas(), completeness=completeness.of_data_set(data_set),
                           form=entry_forms.ActionForm(), may=_may(city), error=error), status


@bp.post("/cities/<slug>/data/<int:year>/publish")
def publish_year(slug, year):
    city, year = _city(slug, "city_data.edit"), _year(year)
    if not entry_forms.ActionForm().validate_on_submit():
        return data_year(slug, year, 400, _("The form has expired: please try again."))
    try:
        publish_data_set(city, year, actor=current_user)
    except DomainError as error:
        return data_year(slug, year, error.status, error.message)
    flash(_("The data of %(year)s is published.", year=year), "success")
    return redirect(url_for(".data_year", slug=city.slug, year=year))


def _focus_area(code):
    return entry_queries.focus_area_by_code(code) or abort(404)


def _points(focus_area):
    return [point for feature in focus_area.key_features for point in feature.measurement_points]


def _entry_page(city, year, focus_area, sheet=None, status=200):
    data_set = data_set_of(city, year)
    points = _points(focus_area)
    sheet = sheet or entry_forms.FocusAreaSheet(points, entry_queries.values_of(data_set, points))
    return render_template("monitoring/entry.html", city=city, year=year, focus_area=focus_area,
                           data_set=data_set, sheet=sheet, form=entry_forms.ActionForm(), may=_may(city),
                           bar_value=completeness.of_data_set(data_set).by_focus_area.get(focus_area.id),
                           source_labels=rules.SOURCE_LABELS), status


@bp.get("/cities/<slug>/data/<int:year>/<focus_area_code>")
def focus_area_data(slug, year, focus_area_code):
    return _entry_page(_city(slug), _year(year), _focus_area(focus_area_code))


# Its own path: a GET and a POST on one path with an <int:…> beyond any column would answer
# 405 instead of 404 (werkzeug notes the other method's rule before it converts the number).
@bp.post("/cities/<slug>/data/<int:year>/<focus_area_code>/save")
def save_focus_area(slug, year, focus_area_code):
    city, year, focus_area = _city(slug, "city_data.edit"), _year(year), _focus_area(focus_area_code)
    points = _points(focus_area)
    sheet = entry_forms.FocusAreaSheet(points, entry_queries.values_of(data_set_of(city, year), points),
                                       request.form)
    if not entry_forms.ActionForm().validate_on_submit():
        sheet.errors.append(_("The form has expired: please save again."))
        return _entry_page(city, year, focus_area, sheet, 400)
    entries = sheet.entries(city, year)
    try:
        outcome = save_values(entries, actor=current_user, confirmed=sheet.confirmed(request.form))
    except InvalidFields as refused:
        sheet.add_problems(refused.problems)
        return _entry_page(city, year, focus_area, sheet, refused.status)
    except NeedsConfirmation as warned:
        sheet.add_warnings(warned.warnings)
        return _entry_page(city, year, focus_area, sheet, warned.status)
    flash(_("Saved: %(added)s added, %(changed)s changed, %(removed)s removed.", added=outcome.added,
            changed=outcome.changed, removed=outcome.removed) if entries else _("Nothing was changed."),
          "success")
    return redirect(url_for(".focus_area_data", slug=city.slug, year=year, focus_area_code=focus_area.code))


@bp.get("/cities/<slug>/data/<int:year>/history")
def data_history(slug, year):
    city, year = city_by_slug(slug) or abort(404), _year(year)
    data_set = data_set_of(city, year)
    if data_set is None or not data_set.is_published:
        require("city_data.view_drafts", city)
    if data_set is None:
        abort(404)
    changes = entry_queries.changes_of(data_set) if data_set.is_published else []
    return render_template("monitoring/history.html", city=city, year=year, data_set=data_set,
                           changes=changes, may=_may(city))


@bp.get("/cities/<slug>/data/team")
def data_team(slug, form=None, status=200, error=None):
    city = _city(slug, "data_officer.appoint")
    return render_template("monitoring/team.html", city=city, officers=officers.data_officers(city),
                           form=form or entry_forms.AppointForm(), remove_form=entry_forms.ActionForm(),
                           error=error), status


@bp.post("/cities/<slug>/data/team")
def appoint_data_officer(slug):
    city = _city(slug, "data_officer.appoint")
    form = entry_forms.AppointForm()
    if not form.validate_on_submit():
        return data_team(slug, form, 400)
    try:
        grant = officers.appoint_data_officer(city, form.email.data, actor=current_user)
    except InvalidFields as refused:
        form.email.errors = [problem.message for problem in refused.problems]
        return data_team(slug, form, refused.status)
    except DomainError as error:
        return data_team(slug, form, error.status, error.message)
    flash(_("%(name)s is now a data officer of %(city)s.", name=grant.user.name, city=localized(city, "name")),
          "success")
    return redirect(url_for(".data_team", slug=city.slug))


@bp.post("/cities/<slug>/data/team/<int:grant_id>/remove")
def remove_data_officer(slug, grant_id):
    city = _city(slug, "data_officer.appoint")
    grant = entry_queries.grant_by_id(grant_id)
    if grant is None or grant.city_id != city.id:
        abort(404)
    if not entry_forms.ActionForm().validate_on_submit():
        return data_team(slug, None, 400, _("The form has expired: please try again."))
    try:
        officers.remove_data_officer(grant, actor=current_user)
    except DomainError as error:
        return data_team(slug, None, error.status, error.message)
    flash(_("%(name)s is no longer a data officer of %(city)s.", name=grant.user.name,
            city=localized(city, "name")), "success")
    return redirect(url_for(".data_team", slug=city.slug))
