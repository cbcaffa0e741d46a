"""The indicators' CSV on the site: a city's template and upload for a year (its team), and
the downloads of published values (everyone): the network's (/open-data/indicators.csv)
and a city's. Drafts are never in a download; the template of a draft year is for those
who may see the city's drafts."""
import hashlib

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.cities import queries as cities
from portal.domain_errors import DomainError, NeedsConfirmation
from portal.monitoring import csv_export, csv_format
from portal.monitoring.blueprint import bp
from portal.monitoring.csv_forms import UPLOAD_MAX_BYTES, CsvUploadForm
from portal.monitoring.csv_import import import_csv
from portal.permissions import require


def _city(slug):
    return cities.city_by_slug(slug) or abort(404)


def _csv(chunks, name, version=None):
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if version is not None:
        response.set_etag(hashlib.sha256(version.encode()).hexdigest())
        response.cache_control.public, response.cache_control.max_age = True, 300
        response.make_conditional(request)
    return response


@bp.get("/open-data/indicators.csv")
def indicators_csv():
    return _csv(csv_export.published_csv(), "indicators.csv", csv_export.published_version())


@bp.get("/cities/<slug>/indicators.csv")
def city_indicators_csv(slug):
    city = _city(slug)
    return _csv(csv_export.published_csv(city), f"{city.slug}-indicators.csv", csv_export.published_version(city))


@bp.get("/cities/<slug>/data/<int:year>/template.csv")
def csv_template(slug, year):
    city = _city(slug)
    if csv_export.year_is_draft(city, year):
        require("city_data.view_drafts", city)
    response = _csv(iter([csv_export.template_csv(city, year)]), f"{city.slug}-{year}.csv")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/cities/<slug>/data/<int:year>/upload", methods=["GET", "POST"])
def csv_upload(slug, year):
    city = _city(slug)
    require("city_data.edit", city)
    form = CsvUploadForm()

    def page(status=200, warnings=()):
        return render_template("monitoring/csv_upload.html", city=city, year=year, form=form, warnings=warnings,
                               columns=csv_format.COLUMNS, max_kb=UPLOAD_MAX_BYTES // 1024), status

    if request.method == "GET":
        return page()
    if not form.validate_on_submit():
        return page(400)
    try:
        content = form.file_content()
        outcome = import_csv(content, actor=current_user, only=(city, year), confirmed=form.confirm.data)
    except NeedsConfirmation as warned:
        form.keep(content)
        return page(400, warned.warnings)   # 4xx: the data set a first save would start is rolled back
    except DomainError as error:
        form.show_error(error)
        return page(error.status)
    flash(_("The file is saved: %(added)s values added, %(changed)s changed, %(unchanged)s unchanged.",
            added=outcome.added, changed=outcome.changed, unchanged=outcome.unchanged), "success")
    return redirect(url_for(".csv_upload", slug=city.slug, year=year))
