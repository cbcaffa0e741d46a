"""The one schema of a practice: each field's limits, and what a reader needs before a
practice is submitted or published.

`problems(data, complete=…)` checks the data of an operation (the same dict for the form,
the import and the API) and returns every problem, each naming its field, so a form can
show it on the field and the import can list it on its line. The form takes its limits from
FIELDS too. Limits of fields kept in a String column are read from that column, so the two
cannot disagree; limits of Text fields are chosen here: long enough for a case study, short
enough that rendering the Markdown (once, when it is saved) stays well under a second.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models.practices import (LICENCES, MARKDOWN_FIELDS, TARGET_GROUPS, TRANSLATED_FIELDS,
                              OrganisationType, Practice, PracticeTranslation)
from portal.text import count_words

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Field:
    name: str
    label: object           # the form's label, also used to name the field in messages
    max_chars: int
    max_words: int | None = None
    min_words: int = 0      # needed before submission and publication
    hint: object = None     # for writers, on the form (from the guide, /practices/guide)


def _column(name, model=Practice):
    return model.__table__.c[name].type.length


FIELDS = {f.name: f for f in (
    Field("title", _l("Title"), _column("title")),
    Field("summary", _l("Summary"), 1000, max_words=80, min_words=20,
          hint=_l("What it is, for whom, and what it changed, in a few sentences.")),
    Field("need", _l("The need or challenge it answers"), 5000, min_words=10,
          hint=_l("Who needed what, and how the city or the library found out (surveys, "
                  "interviews, figures). Readers judge from this whether it fits their city.")),
    Field("activities", _l("What was done"), 5000, min_words=20,
          hint=_l("The steps, in order: the services or programmes, for which groups, how "
                  "often, with what resources.")),
    Field("partners", _l("Partners"), 5000,
          hint=_l("Each partner and what it brought (space, staff, money, skills, audiences).")),
    Field("results", _l("Results and evidence of change"), 5000, min_words=10,
          hint=_l("Figures or testimonies that show the change, and how they were collected; "
                  "say so if there are none yet.")),
    Field("lessons", _l("Lessons, and what another city needs to transfer it"), 5000,
          hint=_l("What worked, what did not, and what another city would need to do it.")),
    Field("body", _l("Full narrative (for a case study)"), 20000,
          hint=_l("For a case study: the longer narrative, with headings (## Heading).")),
    Field("organisation", _l("Organisation"), _column("organisation")),
    Field("url", _l("Link to more information"), _column("url")),
    Field("source", _l("Source"), _column("source"),
          hint=_l("Where the account comes from, if it is based on a publication: author, "
                  "title, journal or publisher, year.")),
    Field("cover_alt", _l("What the image shows (for people who cannot see it)"),
          _column("cover_image_alt")),
)}
assert all(FIELDS[name].max_chars <= (_column(name, PracticeTranslation) or 10**9)
           for name in TRANSLATED_FIELDS)
REQUIRED_TO_PUBLISH = tuple(name for name, f in FIELDS.items() if f.min_words)


@dataclass(frozen=True)
class Problem:
    field: str      # a key of the data ("title", "commitments", "translation.need"…)
    message: str


def problems(data, *, complete, known_key_features=None):
    """Every problem of `data`; `complete` also asks for what a published practice needs.
    `known_key_features` (a set of codes), when given, checks the key features."""
    found = []
    add = lambda field, message: found.append(Problem(field, message))  # noqa: E731
    title = (data.get("title") or "").strip()
    if not title:
        add("title", _("Give the practice a title."))
    for name in ("title", "summary", *MARKDOWN_FIELDS, "organisation", "url", "source"):
        _check_text(add, name, data.get(name), complete=complete)
    _check_choices(add, data, known_key_features)
    if complete and not data.get("commitments"):
        add("commitments", _("Link the practice to at least one of the 12 commitments."))
    translation = data.get("translation")
    if translation:
        _check_translation(add, translation, data.get("language"))
    return found


def _check_text(add, name, value, *, complete, prefix="", label=None):
    field = FIELDS[name]
    label = label or field.label
    text = (value or "").strip()
    if len(text) > field.max_chars:
        add(prefix + name, _("%(field)s: at most %(max)s characters (now %(n)s).",
                             field=label, max=field.max_chars, n=len(text)))
        return
    words = count_words(text)
    if field.max_words and words > field.max_words:
        add(prefix + name, _("%(field)s: %(n)s words; the limit is %(max)s.",
                             field=label, n=words, max=field.max_words))
    elif complete and field.min_words and words < field.min_words:
        add(prefix + name, _("%(field)s: write at least %(min)s words (now %(n)s).",
                             field=label, min=field.min_words, n=words))


def _check_choices(add, data, known_key_features):
    if data.get("language") not in LANGUAGES:
        add("language", _("Choose the language the practice is written in."))
    if data.get("city") is None:
        add("city", _("Choose the city of the practice."))
    if data.get("kind") not in (None, "", "practice", "case_study"):
        add("kind", _("A practice is a practice or a case study."))
    year = data.get("start_year")
    if year is not None and not 1900 <= year <= 2100:
        add("start_year", _("The start year must be between 1900 and 2100."))
    if data.get("organisation_type") not in (None, "", *[t.value for t in OrganisationType]):
        add("organisation_type", _("Choose a type of organisation from the list."))
    if any(group not in TARGET_GROUPS for group in data.get("target_groups") or []):
        add("target_groups", _("Choose target groups from the list."))
    if (data.get("licence") or "CC-BY-4.0") not in LICENCES:
        add("licence", _("Choose a licence from the list."))
    url = (data.get("url") or "").strip()
    if url and not url.startswith(("http://", "https://")):
        add("url", _("A link must start with http:// or https://."))
    if any(n not in range(1, 13) for n in data.get("commitments") or []):
        add("commitments", _("Commitments are numbered 1 to 12."))
    if known_key_features is not None:
        unknown = sorted(set(data.get("key_features") or []) - set(known_key_features))
        if unknown:
            add("key_features", _("Unknown key features: %(codes)s.", codes=", ".join(unknown)))


def _check_translation(add, translation, language):
    other = translation.get("language")
    if other not in LANGUAGES or other == language:
        add("translation.language", _("A translation must be in the other language."))
    for name in ("title", "summary"):
        if not (translation.get(name) or "").strip():
            add(f"translation.{name}", _("A translation needs at least a title and a summary."))
            break
    for name in TRANSLATED_FIELDS:
        _check_text(add, name, translation.get(name), complete=False, prefix="translation.",
                    label=_("%(field)s in the other language", field=FIELDS[name].label))


def summary(found):
    """One message listing the problems, for places that show a single message."""
    return " ".join(problem.message for problem in found)
