"""The secretariat's CSV export of a call's applications.

Each row holds only what the person exporting may read of that application (the permission
table decides: a city's draft is the city's business, so it shows as a state and no more), and
every text cell that a spreadsheet would take for a formula is neutralised."""
import csv
import io

from portal.membership import queries
from portal.membership.rules import count_words
from portal.permissions import can
from portal.spreadsheet import neutralise

OVERVIEW_COLUMNS = ["id", "city", "member_state", "region", "state"]
DETAIL_COLUMNS = ["submitted_at", "endorsed_at", "decided_at", "population", "area_km2",
                  "gdp_per_capita_city_usd", "gdp_per_capita_country_usd", "schooling_years_men",
                  "schooling_years_women", "website", "mayor_title", "mayor_name", "contact_name",
                  "contact_email", "communication_language", "motivation_words",
                  "implementation_words", "expertise", "expertise_tags", "challenges", "letter"]
COLUMNS = OVERVIEW_COLUMNS + DETAIL_COLUMNS
def _iso(value):
    return value.isoformat() if value else ""


def _overview(a):
    return [a.id, a.city.name_en, a.city.member_state.name_en,
            a.city.member_state.region.name_en, a.state.value]


def _details(a):
    return [_iso(a.submitted_at), _iso(a.endorsed_at), _iso(a.decided_at),
            a.population, a.area_km2, a.gdp_per_capita_city_usd, a.gdp_per_capita_country_usd,
            a.schooling_years_men, a.schooling_years_women, a.website, a.mayor_title,
            a.mayor_name, a.contact_name, a.contact_email, a.communication_language,
            count_words(a.motivation), count_words(a.implementation),
            " ".join(str(c.number) for c in a.expertise), ", ".join(a.expertise_tags or []),
            " ".join(f"{c.commitment_id}:{c.rating}" for c in a.challenges),
            "yes" if a.letter_path else "no"]


def applications_csv(call, *, actor):
    """The CSV text (with a byte-order mark, for spreadsheets) of the call's applications."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for application in queries.applications_for_export(call):
        row = _overview(application)
        if can(actor, "application.view", application):
            row += _details(application)
        else:
            row += [""] * len(DETAIL_COLUMNS)
        writer.writerow([neutralise(value) for value in row])
    return "\ufeff" + out.getvalue()
