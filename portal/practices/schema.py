"""The one schema of a practice: each field's type and limits, the choices it allows, and what
a reader needs before a practice is submitted or published.

`PracticeSchema` (pydantic) is the definition; `problems(data, complete=…)` checks the data
of an operation (the same dict for the form, the import and the API) and returns every
problem, each naming its field, so a form can show it on the field and the import can list it
on its line. Types are strict: a string where a list or a number is expected is a problem,
not something to convert. The form takes its labels and limits from FIELDS and LABELS.
Limits of fields kept in a String column are read from that column, so the two cannot
disagree; limits of Text fields are chosen here: long enough for a case study, short enough
that rendering the Markdown (once, when it is saved) stays well under a second.
"""
from dataclasses import dataclass
from typing import Annotated, Literal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from models.base import LANGUAGES
from models.practices import (
    LICENCES,
    MARKDOWN_FIELDS,
    TARGET_GROUPS,
    TRANSLATED_FIELDS,
    OrganisationType,
    Practice,
    PracticeTranslation,
)
from models.reference_numbers import COMMITMENT_COUNT, FIRST_COMMITMENT, LAST_COMMITMENT, YEAR_MAX, YEAR_MIN
from portal.i18n import language_name, list_of
from portal.text import count_words
from portal.validation import Problem, Storable, fail, field_key, problems_of

__all__ = ("FIELDS", "LABELS", "LANGUAGES", "Problem", "PracticeSchema", "problems", "summary")


@dataclass(frozen=True)
class TextField:
    """What the form and the messages need to know of a text field."""
    name: str
    label: object           # the form's label, also used to name the field in messages
    max_chars: int
    max_words: int | None = None
    min_words: int = 0      # needed before submission and publication
    hint: object = None     # for writers, on the form (from the guide, /practices/guide)


def _column(name, model=Practice):
    return model.__table__.c[name].type.length


FIELDS = {f.name: f for f in (
    TextField("title", _l("Title"), _column("title")),
    TextField("summary", _l("Summary"), 1000, max_words=80, min_words=20,
           hint=_l("What it is, for whom, and what it changed, in a few sentences.")),
    TextField("need", _l("The need or challenge it answers"), 5000, min_words=10,
           hint=_l("Who needed what, and how the city or the library found out (surveys, "
                   "interviews, figures). Readers judge from this whether it fits their city.")),
    TextField("activities", _l("What was done"), 5000, min_words=20,
           hint=_l("The steps, in order: the services or programmes, for which groups, how "
                   "often, with what resources.")),
    TextField("partners", _l("Partners"), 5000,
           hint=_l("Each partner and what it brought (space, staff, money, skills, audiences).")),
    TextField("results", _l("Results and evidence of change"), 5000, min_words=10,
           hint=_l("Figures or testimonies that show the change, and how they were collected; "
                   "say so if there are none yet.")),
    TextField("lessons", _l("Lessons, and what another city needs to transfer it"), 5000,
           hint=_l("What worked, what did not, and what another city would need to do it.")),
    TextField("body", _l("Full narrative (for a case study)"), 20000,
           hint=_l("For a case study: the longer narrative, with headings (## Heading).")),
    TextField("organisation", _l("Organisation"), _column("organisation")),
    TextField("url", _l("Link to more information"), _column("url")),
    TextField("source", _l("Source"), _column("source"),
           hint=_l("Where the account comes from, if it is based on a publication: author, "
                   "title, journal or publisher, year.")),
    TextField("cover_alt", _l("What the image shows (for people who cannot see it)"),
           _column("cover_image_alt")),
)}
assert all(FIELDS[name].max_chars <= (_column(name, PracticeTranslation) or 10**9)
           for name in TRANSLATED_FIELDS)
REQUIRED_TO_PUBLISH = tuple(name for name, f in FIELDS.items() if f.min_words)

# Labels of the other fields (the form's, and the names used in messages).
LABELS = {
    **{name: f.label for name, f in FIELDS.items()},
    "kind": _l("Kind"),
    "language": _l("Language it is written in"),
    "city": _l("City"),
    "organisation_type": _l("Type of organisation"),
    "target_groups": _l("Target groups"),
    "start_year": _l("Start year"),
    "ongoing": _l("Still ongoing"),
    "licence": _l("Licence for reuse"),
    "commitments": _l("Commitments it serves (at least one)"),
    "key_features": _l("Key features it relates to (optional)"),
    "translations": _l("Translations"),
}


def _text(name, *, required=False):
    """A text field of FIELDS: its type and its length limit (words are checked below)."""
    limit = Field(max_length=FIELDS[name].max_chars, min_length=1 if required else None)
    return Annotated[str, limit, Storable] if required else Annotated[str | None, limit, Storable]


Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
CommitmentNumber = Annotated[int, Field(ge=FIRST_COMMITMENT, le=LAST_COMMITMENT)]
Language = Literal[LANGUAGES]
OrganisationTypeValue = Literal[("", *(t.value for t in OrganisationType))]
TargetGroup = Literal[TARGET_GROUPS]
Licence = Literal[("", *LICENCES)]

_STRICT = ConfigDict(strict=True, str_strip_whitespace=True, validate_default=True)


def _words(value, field, label, *, complete):
    """The word limits of a text field: the maximum always, the minimum when `complete`."""
    words = count_words(value or "")
    if field.max_words and words > field.max_words:
        raise fail(_("%(field)s: %(n)s words; the limit is %(max)s.",
                     field=label, n=words, max=field.max_words))
    if complete and field.min_words and words < field.min_words:
        raise fail(_("%(field)s: write at least %(min)s words (now %(n)s).",
                     field=label, min=field.min_words, n=words))
    return value


class TranslationSchema(BaseModel):
    """The practice in another of the portal's languages than its own: a title and a summary,
    and any of its sections (one left out is read in the original)."""
    model_config = _STRICT | ConfigDict(extra="forbid")

    language: str | None = None     # one of LANGUAGES, not the practice's (see `problems`)
    title: _text("title") = None
    summary: _text("summary") = None
    need: _text("need") = None
    activities: _text("activities") = None
    partners: _text("partners") = None
    results: _text("results") = None
    lessons: _text("lessons") = None
    body: _text("body") = None

    @field_validator("language")
    @classmethod
    def _another_known_language(cls, value, info: ValidationInfo):
        if value not in LANGUAGES:
            raise fail(_("Choose the language of the translation: one of %(codes)s.",
                         codes=", ".join(LANGUAGES)))
        if value == info.context.get("practice_language"):
            raise fail(_("A translation must be in another language than the one the practice "
                         "is written in (%(language)s).", language=language_name(value)))
        return value

    @field_validator("title", "summary")
    @classmethod
    def _title_and_summary(cls, value):
        if not value:
            raise fail(_("A translation needs at least a title and a summary."))
        return value

    @field_validator(*TRANSLATED_FIELDS)
    @classmethod
    def _word_limits(cls, value, info: ValidationInfo):
        field = FIELDS[info.field_name]
        language = info.data.get("language") or ""
        return _words(value, field, label(f"translations.{language}.{field.name}"), complete=False)


class PracticeSchema(BaseModel):
    """A practice as an operation receives it. `context`: `complete` (bool) asks for what a
    published practice needs; `known_key_features` (a set of codes) checks the key features."""
    model_config = _STRICT

    title: _text("title", required=True)
    summary: _text("summary") = None
    need: _text("need") = None
    activities: _text("activities") = None
    partners: _text("partners") = None
    results: _text("results") = None
    lessons: _text("lessons") = None
    body: _text("body") = None
    language: Language
    kind: Literal["", "practice", "case_study"] | None = None
    city: object                            # a City row (the form and the import find it)
    start_year: Year | None = None
    ongoing: bool = True
    organisation: _text("organisation") = None
    organisation_type: OrganisationTypeValue | None = None
    target_groups: list[TargetGroup] | None = None
    url: _text("url") = None
    licence: Licence | None = None
    source: _text("source") = None
    commitments: list[CommitmentNumber] | None = None
    key_features: list[str] | None = None
    translations: list[TranslationSchema] | None = None

    @field_validator("summary", *MARKDOWN_FIELDS)
    @classmethod
    def _word_limits(cls, value, info: ValidationInfo):
        field = FIELDS[info.field_name]
        return _words(value, field, field.label, complete=info.context.get("complete", False))

    @field_validator("city")
    @classmethod
    def _city_given(cls, value):
        if value is None:
            raise fail(MESSAGES["city"](None))
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value):
        if value and not value.startswith(("http://", "https://")):
            raise fail(_("A link must start with http:// or https://."))
        return value

    @field_validator("commitments")
    @classmethod
    def _at_least_one_commitment(cls, value, info: ValidationInfo):
        if info.context.get("complete") and not value:
            raise fail(_("Link the practice to at least one of the %(n)s commitments.",
                         n=COMMITMENT_COUNT))
        return value

    @field_validator("key_features")
    @classmethod
    def _known_key_features(cls, value, info: ValidationInfo):
        known = info.context.get("known_key_features")
        unknown = sorted(set(value or []) - set(known)) if known is not None else []
        if unknown:
            raise fail(_("Unknown key features: %(codes)s.", codes=", ".join(unknown)))
        return value

    @field_validator("translations")
    @classmethod
    def _each_language_once(cls, value):
        languages = [t.language for t in value or []]
        repeated = [code for code in LANGUAGES if languages.count(code) > 1]
        if repeated:
            raise fail(_("Give one translation per language: there are several into %(languages)s.",
                         languages=list_of(language_name(code) for code in repeated)))
        return value


# Messages of this schema's own, by field key (or (key, pydantic error type)).
MESSAGES = {
    "title": lambda e: _("Give the practice a title."),
    ("title", "string_too_long"): None,                 # the general "at most … characters"
    "language": lambda e: _("Choose the language the practice is written in."),
    "city": lambda e: _("Choose the city of the practice."),
    "kind": lambda e: _("A practice is a practice or a case study."),
    ("start_year", "greater_than_equal"): lambda e: _YEAR_RANGE(),
    ("start_year", "less_than_equal"): lambda e: _YEAR_RANGE(),
    ("organisation_type", "literal_error"): lambda e: _("Choose a type of organisation from the list."),
    ("target_groups", "literal_error"): lambda e: _("Choose target groups from the list."),
    ("licence", "literal_error"): lambda e: _("Choose a licence from the list."),
    ("commitments", "greater_than_equal"): lambda e: _COMMITMENT_RANGE(),
    ("commitments", "less_than_equal"): lambda e: _COMMITMENT_RANGE(),
}
_YEAR_RANGE = lambda: _("The start year must be between %(min)s and %(max)s.",  # noqa: E731
                        min=YEAR_MIN, max=YEAR_MAX)
_COMMITMENT_RANGE = lambda: _("Commitments are numbered %(first)s to %(last)s.",  # noqa: E731
                              first=FIRST_COMMITMENT, last=LAST_COMMITMENT)


def label(key):
    """The name of a field key in messages: "translations.fr.need" is the need in French
    ("translations.2.need", of a translation whose language is not known, the need in a
    translation)."""
    head, _dot, rest = key.partition(".")
    if head == "translations" and rest:
        language, _dot, name = rest.partition(".")
        if name == "language":
            return _("Language of the translation")
        if not name:
            return _("Translation")
        if name not in FIELDS:
            return name
        if language in LANGUAGES:
            return _("%(field)s in %(language)s", field=FIELDS[name].label, language=language_name(language))
        return _("%(field)s in a translation", field=FIELDS[name].label)
    return LABELS.get(key) or LABELS.get(head) or key


def translation_keys(data):
    """The field key of a pydantic location, naming a translation by its language: a problem
    of the second translation, into French, is on "translations.fr.title" (by its position,
    "translations.1.title", while its language is not one of LANGUAGES)."""
    items = data.get("translations") if isinstance(data, dict) else None

    def key(loc):
        if len(loc) >= 2 and loc[0] == "translations" and isinstance(loc[1], int):
            item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
            language = item.get("language") if isinstance(item, dict) else None
            which = language if isinstance(language, str) and language in LANGUAGES else str(loc[1])
            return ".".join(("translations", which, *(str(p) for p in loc[2:] if not isinstance(p, int))))
        return field_key(loc)
    return key


def problems(data, *, complete, known_key_features=None):
    """Every problem of `data`; `complete` also asks for what a published practice needs.
    `known_key_features` (a set of codes), when given, checks the key features."""
    context = {"complete": complete, "known_key_features": known_key_features,
               "practice_language": data.get("language") if isinstance(data, dict) else None}
    return problems_of(PracticeSchema, data, label=label, messages=MESSAGES, context=context,
                       key=translation_keys(data))


def summary(found):
    """One message listing the problems, for places that show a single message."""
    return " ".join(problem.message for problem in found)
