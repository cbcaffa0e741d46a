"""One search, for the HTML page and the JSON API alike: parameters are checked here, the
index returns ranked ids, and rows come back from SQL in that order (published only)."""
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from models.base import LANGUAGES
from models.practices import TARGET_GROUPS, OrganisationType
from models.reference_numbers import COMMITMENT_NUMBERS, FIRST_COMMITMENT, LAST_COMMITMENT, YEAR_MAX, YEAR_MIN
from portal.domain_errors import Invalid
from portal.practices import queries as practices
from portal.search import service
from search_index.schema import FACETS, KEY_FEATURE_BITS
from search_index.searcher import QueryError, highlight_text

SORTS = ("relevance", "newest")


@dataclass
class Params:
    q: str = ""
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1


@dataclass
class Page:
    params: Params
    practices: list
    total: int
    facets: dict
    suggestion: str | None
    cities: list
    snippets: dict
    per_page: int
    partial: bool = False   # no practice had every word: these have most of them
    missing: list = field(default_factory=list)   # the words no practice has, as typed

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def _regions_and_countries():
    from portal.cities import queries as cities
    return {r.code for r in cities.regions()}, {s.iso for s in cities.member_states()}


def parse(args, *, facets=FACETS):
    """Check the request's parameters; raise Invalid with a reason a person understands."""
    q = (args.get("q") or "").strip()
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise Invalid(_("Sort by relevance or by newest."))
    try:
        page = int(args.get("page") or 1)
    except ValueError:
        raise Invalid(_("The page must be a whole number.")) from None
    if not 1 <= page <= 500:
        raise Invalid(_("The page must be between 1 and 500."))
    filters = {}
    regions, countries = None, None
    for facet in facets:
        value = (args.get(facet) or "").strip()
        if not value:
            continue
        if facet == "commitment" and value not in {str(n) for n in COMMITMENT_NUMBERS}:
            raise Invalid(_("A commitment is a number from %(first)s to %(last)s.",
                            first=FIRST_COMMITMENT, last=LAST_COMMITMENT))
        if facet == "area" and value not in ("1", "2", "3"):
            raise Invalid(_("A Key Features area is 1, 2 or 3."))
        if facet == "key_feature" and value not in KEY_FEATURE_BITS:
            raise Invalid(_("A key feature is a code of the framework, such as 2.2.1."))
        if facet == "language" and value not in LANGUAGES:
            raise Invalid(_("The language is one of these codes: %(codes)s.", codes=", ".join(LANGUAGES)))
        if facet == "year" and not (value.isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX):
            raise Invalid(_("The year must be between %(min)s and %(max)s.", min=YEAR_MIN, max=YEAR_MAX))
        if facet == "organisation_type" and value not in {t.value for t in OrganisationType}:
            raise Invalid(_("Unknown type of organisation."))
        if facet == "target_group" and value not in TARGET_GROUPS:
            raise Invalid(_("Unknown target group."))
        if facet in ("region", "country"):
            if regions is None:
                regions, countries = _regions_and_countries()
            if facet == "country":
                value = value.upper()
            if value not in (regions if facet == "region" else countries):
                raise Invalid(_("Unknown region.") if facet == "region" else
                              _("Unknown country: use an ISO 3166-1 alpha-2 code of a UNESCO Member State."))
        filters[facet] = value
    return Params(q=q, filters=filters, sort=sort, page=page)


QUERY_ERRORS = {
    "too_long": lambda: _("The search is too long; use at most 200 characters."),
    "unbalanced_quotes": lambda: _("A quotation mark is not closed. "
                                   "Put a phrase between two quotation marks, like \"learning festival\"."),
    "unbalanced_parentheses": lambda: _("A parenthesis is not closed."),
}


def run(params, *, with_facets=True, with_snippets=True, language="en", per_page=None):
    per_page = per_page or current_app.config["SEARCH_PER_PAGE"]
    searcher = service.searcher()
    try:
        found = searcher.search(params.q, filters=params.filters, sort=params.sort,
                                page=params.page, per_page=per_page, with_facets=with_facets)
        cities = searcher.search(params.q, page=1, per_page=5, with_facets=False,
                                 document_type="city") if params.q and params.page == 1 else None
    except QueryError as error:
        raise Invalid(QUERY_ERRORS[error.code]()) from None
    rows = practices.published_in_order([int(i.split(":")[1]) for i in found.ids])
    snippets = {}
    if with_snippets and params.q:
        for practice in rows:
            shown = practice.shown_language(language, "summary")
            snippets[practice.id] = highlight_text(practice.text_in(language, "summary"), shown, found.terms) \
                or highlight_text(practice.summary, practice.language, found.terms)
    city_rows = practices.cities_in_order([int(i.split(":")[1]) for i in cities.ids]) if cities else []
    return Page(params=params, practices=rows, total=found.total, facets=found.facets,
                suggestion=found.suggestion, cities=city_rows, snippets=snippets, per_page=per_page,
                partial=found.partial, missing=found.missing)
