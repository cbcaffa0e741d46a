"""How the Key Features' vocabularies read in the interface, in each language."""
from flask_babel import lazy_gettext as _l

from models.framework import Breakdown, DataSource, Unit

UNIT_LABELS = {
    Unit.percent: _l("Percentage (%)"),
    Unit.count: _l("Number"),
    Unit.per_100k: _l("Number per 100,000 residents"),
    Unit.years: _l("Years"),
    Unit.hours: _l("Hours"),
    Unit.usd_ppp: _l("US dollars at purchasing power parity (USD PPP)"),
    Unit.tonnes_per_capita: _l("Tonnes per resident"),
    Unit.kg_per_capita: _l("Kilograms per resident per year"),
    Unit.visits_per_month: _l("Visits per resident per month"),
    Unit.ratio: _l("Ratio"),
    Unit.rating: _l("Rating from 1 to 5"),
    Unit.volume: _l("Amount of material produced"),
}

# The five steps of the rating scale, best first.
RATING_SCALE = [
    (5, _l("excellent")),
    (4, _l("very good")),
    (3, _l("good")),
    (2, _l("fair")),
    (1, _l("poor")),
]

BREAKDOWN_LABELS = {
    Breakdown.sex: (_l("Sex"), _l("men / women (boys / girls)")),
    Breakdown.income_quintile: (_l("Household income"),
                                _l("lowest and highest fifth of households by income")),
    Breakdown.sector: (_l("Sector"), _l("public sector / private sector")),
    Breakdown.education_level: (_l("Education level"),
                                _l("pre-primary, primary, secondary, tertiary, adult and continuing")),
    Breakdown.school_and_adult_level: (_l("Education level"),
                                       _l("pre-primary, primary, secondary, adult and continuing")),
    Breakdown.learning_setting: (_l("Learning setting"),
                                 _l("schools / community learning spaces")),
}

SOURCE_LABELS = {
    DataSource.official: _l("Official city data"),
    DataSource.survey: _l("Survey"),
    DataSource.expert: _l("Expert review"),
}


def template_helpers():
    return {
        "unit_label": UNIT_LABELS.get,
        "source_label": SOURCE_LABELS.get,
        "breakdown_label": BREAKDOWN_LABELS.get,
        "rating_scale": RATING_SCALE,
    }
