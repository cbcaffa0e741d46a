"""The one schema of a self-assessment: for each key feature the city rates its progress from
1 to 5, says why in a few words, and points to its evidence (its own practices, its measurement
points). `save_self_assessment` (assessments.py) checks with it; the page renders from it.

Context: `practice_ids` (the ids of the city's own practices) and `point_keys` (the keys of the
measurement points of the key feature being rated), so evidence is only what may be cited."""
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from portal.monitoring import rules
from portal.text import count_words
from portal.validation import Storable, fail, problems_of

RATINGS = range(rules.RATING_MIN, rules.RATING_MAX + 1)
# What each rating means: the legend beside each radio button.
RATING_LEGENDS = {
    1: _l("Not started: nothing is in place yet."),
    2: _l("Starting: first steps are planned or piloted."),
    3: _l("Developing: in place in part of the city or for some groups."),
    4: _l("Established: in place across the city, with results to show."),
    5: _l("Leading: sustained, evaluated, and an example for other cities."),
}
LABELS = {"rating": _l("Rating"), "justification": _l("Justification"),
          "evidence_practice_ids": _l("Practices as evidence"),
          "evidence_points": _l("Measurement points as evidence")}


class AssessmentSchema(BaseModel):
    """The city's rating of one key feature."""
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    rating: int = Field(ge=rules.RATING_MIN, le=rules.RATING_MAX)
    justification: Annotated[str, Storable] = ""
    evidence_practice_ids: list[int] = []
    evidence_points: list[str] = []

    @field_validator("justification")
    @classmethod
    def _short(cls, value):
        words = count_words(value)
        if words > rules.JUSTIFICATION_MAX_WORDS:
            raise fail(_("Justification: %(n)s words; the limit is %(max)s.",
                         n=words, max=rules.JUSTIFICATION_MAX_WORDS))
        return value

    @field_validator("evidence_practice_ids")
    @classmethod
    def _own_practices(cls, value, info: ValidationInfo):
        if set(value) - set(info.context.get("practice_ids", ())):
            raise fail(_("Practices as evidence: choose among the city's own practices."))
        return sorted(set(value))

    @field_validator("evidence_points")
    @classmethod
    def _points_of_the_feature(cls, value, info: ValidationInfo):
        if set(value) - set(info.context.get("point_keys", ())):
            raise fail(_("Measurement points as evidence: choose among this key feature's points."))
        return sorted(set(value))


_MESSAGES = {
    "rating": lambda e: _("Rating: choose from %(min)s to %(max)s.", min=rules.RATING_MIN, max=rules.RATING_MAX),
}


def assessment_problems(data, *, practice_ids, point_keys):
    return problems_of(AssessmentSchema, data, label=lambda key: LABELS.get(key, key), messages=_MESSAGES,
                       context={"practice_ids": practice_ids, "point_keys": point_keys})


def clean(data, *, practice_ids, point_keys):
    return AssessmentSchema.model_validate(
        data, context={"practice_ids": practice_ids, "point_keys": point_keys}).model_dump()
