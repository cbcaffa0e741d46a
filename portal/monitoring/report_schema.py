"""The schemas of reporting: a reporting cycle (what the secretariat writes when it opens one)
and a progress report (its narrative per commitment, achievements, challenges, plans and the
practices it links to), with their limits, and what a report needs before it is submitted.

`reports.py` checks with these; the forms and pages take their labels and limits from here."""
import datetime as dt
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from models.monitoring import ReportingCycle
from models.reference_numbers import COMMITMENT_NUMBERS, YEAR_MAX, YEAR_MIN
from portal.monitoring import rules
from portal.text import count_words
from portal.validation import Problem, Storable, fail, problems_of

TEXTS = ("achievements", "challenges", "plans")
LIMITS = {"narrative": rules.NARRATIVE_MAX_WORDS, **{name: rules.REPORT_TEXT_MAX_WORDS for name in TEXTS}}
LABELS = {
    "achievements": _l("Key achievements"),
    "challenges": _l("Challenges"),
    "plans": _l("Plans for the next two years"),
    "narratives": _l("Narrative"),
    "practice_ids": _l("The city's practices"),
    "title": _l("Title"), "period_start": _l("First year of the period"),
    "period_end": _l("Last year of the period"), "deadline": _l("Deadline"),
}


def label(key):
    return LABELS.get(key.split(".")[0], key)


def _words(value, limit, what):
    words = count_words(value)
    if words > limit:
        raise fail(_("%(what)s: %(n)s words; the limit is %(max)s.", what=what, n=words, max=limit))
    return value


class ReportSchema(BaseModel):
    """A report as save_report receives it (a draft may be incomplete; limits always apply).
    Context: `practice_ids`, the ids of the city's own published practices."""
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    narratives: dict[int, Annotated[str, Storable]] = {}
    achievements: Annotated[str, Storable] = ""
    challenges: Annotated[str, Storable] = ""
    plans: Annotated[str, Storable] = ""
    practice_ids: list[int] = []

    @field_validator("narratives")
    @classmethod
    def _per_commitment(cls, value):
        if set(value) - set(COMMITMENT_NUMBERS):
            raise fail(_("Narrative: there is one per commitment, numbered 1 to 12."))
        return {number: text.strip() for number, text in value.items()}

    @field_validator(*TEXTS)
    @classmethod
    def _short(cls, value, info: ValidationInfo):
        return _words(value, LIMITS[info.field_name], LABELS[info.field_name])

    @field_validator("practice_ids")
    @classmethod
    def _own_practices(cls, value, info: ValidationInfo):
        if set(value) - set(info.context.get("practice_ids", ())):
            raise fail(_("The city's practices: choose among the city's own published practices."))
        return sorted(set(value))


def report_problems(data, *, practice_ids):
    """Every problem of a report's data; a narrative too long is a problem of its own field
    ("narratives.3")."""
    found = problems_of(ReportSchema, data, label=label, context={"practice_ids": practice_ids})
    for number, text in (data.get("narratives") or {}).items():
        words = count_words(text)
        if isinstance(number, int) and words > rules.NARRATIVE_MAX_WORDS:
            found.append(_narrative_problem(number, words))
    return found


def _narrative_problem(number, words):
    return Problem(f"narratives.{number}", _(
        "Narrative on commitment %(number)s: %(n)s words; the limit is %(max)s.",
        number=number, n=words, max=rules.NARRATIVE_MAX_WORDS))


def missing_for_submission(report, *, has_data):
    """What a report still lacks before it is submitted (human-readable), [] when complete."""
    written = {n.commitment_number for n in report.narratives if n.text.strip()}
    missing = [_("a narrative on commitment %(number)s", number=number)
               for number in COMMITMENT_NUMBERS if number not in written]
    missing += [str(LABELS[name]) for name in TEXTS if not getattr(report, name).strip()]
    if not has_data:
        missing.append(_("the data or the self-assessment of %(year)s", year=report.data_year))
    return missing


class CycleSchema(BaseModel):
    """A reporting cycle. Context: `today` (the date it opens)."""
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Annotated[str, Storable, Field(min_length=1,
                                          max_length=ReportingCycle.__table__.c.title.type.length)]
    period_start: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    period_end: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
    deadline: dt.date

    @field_validator("period_end")
    @classmethod
    def _in_order(cls, value, info: ValidationInfo):
        if "period_start" in info.data and value < info.data["period_start"]:
            raise fail(_("Last year of the period: it cannot be before the first year."))
        return value

    @field_validator("deadline")
    @classmethod
    def _not_past(cls, value, info: ValidationInfo):
        if value < info.context["today"]:
            raise fail(_("Deadline: it cannot be before today."))
        return value


def cycle_problems(data, *, today):
    return problems_of(CycleSchema, data, label=label, context={"today": today})
