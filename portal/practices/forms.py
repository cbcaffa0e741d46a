"""The practice form: it renders and parses. Its labels and limits come from the practice's
schema (schema.py); the operation decides, with the same schema, and its problems are shown
on their fields (show_problems).

Translations: the form shows each translation the practice has, editable and with a box to
remove it, and one more to add, into a language chosen among those it has not. Its fields
are flat (`translations_fr_title`, `new_translation_title`), so that a problem the schema
finds on "translations.fr.title" lands on its field and the page works without JavaScript."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from models.base import LANGUAGES
from models.practices import TRANSLATED_FIELDS
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.form_fields import CheckboxListField, FileSize, MaxWords, ProblemsOnFields
from portal.i18n import lazy_language_name
from portal.practices import rules
from portal.practices.schema import FIELDS, LABELS
from portal.validation import Problem

OWN_TEXTS = ("title", "summary", "need", "activities", "partners", "results", "lessons", "body",
             "organisation", "url", "source")


def _limits(name):
    field = FIELDS[name]
    return [Length(max=field.max_chars)] + ([MaxWords(field.max_words)] if field.max_words else [])


def _text(name, kind=TextAreaField, required=False):
    return kind(FIELDS[name].label, validators=[InputRequired() if required else Optional(), *_limits(name)])


def _translated(name, label):
    kind = StringField if name == "title" else TextAreaField
    return kind(label, validators=[Optional(), *_limits(name)])


class PracticeForm(ProblemsOnFields, FlaskForm):
    kind = SelectField(LABELS["kind"], choices=[SelectChoice(k, v) for k, v in rules.KIND_LABELS.items()])
    # The languages are named in the reader's language (portal.i18n.language_name).
    language = SelectField(LABELS["language"],
                           choices=[SelectChoice(k, v) for k, v in rules.LANGUAGE_LABELS.items()])
    title = _text("title", StringField, required=True)
    summary = _text("summary")
    need = _text("need")
    activities = _text("activities")
    partners = _text("partners")
    results = _text("results")
    lessons = _text("lessons")
    body = _text("body")
    city = SelectField(LABELS["city"], validators=[InputRequired()])
    organisation = _text("organisation", StringField)
    organisation_type = SelectField(LABELS["organisation_type"], validators=[Optional()], choices=[
        SelectChoice("", _l("Choose…"))] + [SelectChoice(t.value, label)
                                            for t, label in rules.ORGANISATION_TYPE_LABELS.items()])
    target_groups = CheckboxListField(LABELS["target_groups"], validators=[Optional()], choices=[
        SelectChoice(k, v) for k, v in rules.TARGET_GROUP_LABELS.items()])
    start_year = IntegerField(LABELS["start_year"], validators=[Optional(), NumberRange(min=YEAR_MIN, max=YEAR_MAX)])
    ongoing = BooleanField(LABELS["ongoing"], default=True)
    url = URLField(LABELS["url"], validators=[Optional(), URL(), *_limits("url")])
    source = _text("source", StringField)
    licence = SelectField(LABELS["licence"], default="CC-BY-4.0", choices=[
        SelectChoice(k, v) for k, v in rules.LICENCE_LABELS.items()])
    commitments = CheckboxListField(LABELS["commitments"], coerce=int)
    key_features = CheckboxListField(LABELS["key_features"],
                                     validators=[Optional()])
    cover = FileField(_l("Cover image (PNG, JPEG or WebP, at most 2 MB and 8000 pixels a side; optional)"),
                      validators=[FileSize(rules.COVER_MAX_BYTES)])
    cover_alt = StringField(LABELS["cover_alt"], validators=[Optional(), *_limits("cover_alt")])

    # translations_<language>_<field> for each language and each of TRANSLATED_FIELDS, with
    # translations_<language>_remove; new_translation_<field>: added below the class.
    new_translation_language = SelectField(_l("Language of the new translation"), validators=[Optional()])

    def set_choices(self, cities, commitments, key_features, label):
        self.city.choices = [SelectChoice(str(c.id), label(c, "name")) for c in cities]
        self.commitments.choices = [SelectChoice(c.number, f"{c.number}. {label(c, 'title')}")
                                    for c in commitments]
        self.key_features.choices = [SelectChoice(kf.code, f"{kf.code} {label(kf, 'title')}")
                                     for kf in key_features]

    def set_translations(self, practice):
        """The translations the form shows (those `practice` has, None for a new one) and the
        languages a new one may be in."""
        self.translation_languages = [code for code in LANGUAGES
                                      if practice is not None and practice.translation(code) is not None]
        own = practice.language if practice is not None else None
        self.new_translation_language.choices = [SelectChoice("", _l("Choose…"))] + [
            SelectChoice(code, rules.LANGUAGE_LABELS[code]) for code in LANGUAGES
            if code not in self.translation_languages and code != own]

    def translation_fields(self, which):
        """The text fields of translation `which` (a language, or "new"), in TRANSLATED_FIELDS order."""
        return list(self._translation_fields(which).values())

    def _translation_fields(self, which):
        prefix = "new_translation" if which == "new" else f"translations_{which}"
        return {name: self[f"{prefix}_{name}"] for name in TRANSLATED_FIELDS}

    def _translation_values(self, which):
        return {name: f.data or "" for name, f in self._translation_fields(which).items()}

    @property
    def adding_translation(self):
        """Whether the person began a new translation (the form opens it again)."""
        fields = [self.new_translation_language, *self.translation_fields("new")]
        return any((f.data or "").strip() or f.errors for f in fields)

    def fill_from(self, practice):
        for name in (*OWN_TEXTS, "language", "start_year", "ongoing", "licence"):
            getattr(self, name).data = getattr(practice, name)
        self.kind.data = practice.kind.value
        self.city.data = str(practice.city_id)
        self.organisation_type.data = practice.organisation_type.value if practice.organisation_type else ""
        self.target_groups.data = list(practice.target_groups or [])
        self.commitments.data = [c.number for c in practice.commitments]
        self.key_features.data = [kf.code for kf in practice.key_features]
        for translation in practice.translations:
            for name in TRANSLATED_FIELDS:
                self[f"translations_{translation.language}_{name}"].data = getattr(translation, name)

    def data_for_operation(self, city):
        data = {name: getattr(self, name).data for name in (
            *OWN_TEXTS, "language", "kind", "organisation_type", "start_year", "licence")}
        data.update(city=city, ongoing=bool(self.ongoing.data),
                    target_groups=self.target_groups.data or [],
                    commitments=self.commitments.data or [], key_features=self.key_features.data or [])
        data["translations"] = translations = []
        for code in self.translation_languages:   # kept unless removed, or emptied
            values = self._translation_values(code)
            if not self[f"translations_{code}_remove"].data and any(v.strip() for v in values.values()):
                translations.append({"language": code, **values})
        values = self._translation_values("new")
        self._new_translation_keys = {self.new_translation_language.data or "", str(len(translations))} - {""}
        if self.new_translation_language.data or any(v.strip() for v in values.values()):
            translations.append({"language": self.new_translation_language.data or None, **values})
        return data

    def show_problems(self, problems):
        """As ProblemsOnFields does, a problem of the new translation on its fields, and one
        of a translation's language (now the practice's own) beside the box that removes it."""
        super().show_problems([self._on_form(problem) for problem in problems])

    def _on_form(self, problem):
        head, _dot, rest = problem.field.partition(".")
        which, _dot, name = rest.partition(".")
        if head != "translations" or not which:
            return problem
        if which in getattr(self, "_new_translation_keys", ()):
            return Problem(f"new_translation.{name or 'language'}", problem.message)
        if name == "language" and which in self.translation_languages:
            return Problem(f"translations.{which}.remove", problem.message)
        return problem


for _code in LANGUAGES:   # the fields of a translation into each language, and of a new one
    for _name in TRANSLATED_FIELDS:
        setattr(PracticeForm, f"translations_{_code}_{_name}", _translated(_name, _l(
            "%(field)s in %(language)s", field=FIELDS[_name].label, language=lazy_language_name(_code))))
    setattr(PracticeForm, f"translations_{_code}_remove",
            BooleanField(_l("Remove the translation into %(language)s", language=lazy_language_name(_code))))
for _name in TRANSLATED_FIELDS:
    setattr(PracticeForm, f"new_translation_{_name}",
            _translated(_name, _l("%(field)s in the new translation", field=FIELDS[_name].label)))
del _code, _name
