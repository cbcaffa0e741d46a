"""The search page (also the list of all practices)."""
from flask import current_app, render_template, request
from flask_babel import gettext as _

from portal.cities import queries as cities
from portal.domain_errors import Invalid
from portal.framework import queries as framework
from portal.i18n import current_language, language_name, localized
from portal.practices import rules
from portal.search import queries
from portal.search.blueprint import bp


@bp.app_template_global()
def ordered_facet(facet, counts):
    """(value, count) pairs: numbered facets in their order (years newest first), the
    others by count."""
    if facet in ("commitment", "area"):
        return sorted(counts.items(), key=lambda item: int(item[0]))
    if facet == "key_feature":
        return sorted(counts.items(), key=lambda item: [int(n) for n in item[0].split(".")])
    if facet == "year":
        return sorted(counts.items(), reverse=True)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@bp.app_template_filter("dict_without")
def dict_without(mapping, key):
    return {k: v for k, v in mapping.items() if k != key}

FACET_TITLES = {
    "commitment": lambda: _("Commitment"), "area": lambda: _("Key Features area"),
    "key_feature": lambda: _("Key feature"),
    "region": lambda: _("UNESCO region"), "country": lambda: _("Member State"),
    "organisation_type": lambda: _("Type of organisation"), "target_group": lambda: _("Target group"),
    "language": lambda: _("Language"), "year": lambda: _("Start year"),
}


def facet_labels():
    """{facet: {value: label}} in the reader's language."""
    return {
        "commitment": {str(c.number): f"{c.number}. {localized(c, 'title')}"
                       for c in framework.all_commitments()},
        "area": {a.code: f"{a.code}. {localized(a, 'title')}" for a in framework.all_areas()},
        "key_feature": {kf.code: f"{kf.code} {localized(kf, 'title')}" for kf in framework.all_key_features()},
        "region": {r.code: localized(r, "name") for r in cities.regions()},
        "country": {s.iso: localized(s, "name") for s in cities.member_states()},
        "organisation_type": {t.value: str(label) for t, label in rules.ORGANISATION_TYPE_LABELS.items()},
        "target_group": {k: str(v) for k, v in rules.TARGET_GROUP_LABELS.items()},
        "language": {code: language_name(code) for code in current_app.config["LANGUAGES"]},
    }


def _page(page, error=None, status=200):
    return render_template("search/search.html", page=page, error=error,
                           q=request.args.get("q", ""), labels=facet_labels(),
                           facet_titles={k: v() for k, v in FACET_TITLES.items()}), status


@bp.get("/search")
def search():
    try:
        params = queries.parse(request.args)
        page = queries.run(params, language=current_language())
    except Invalid as error:
        return _page(None, error.message, 400)
    return _page(page)


@bp.get("/practices")
def practices():
    """All published practices, newest first, with the same facets as the search."""
    return search()
