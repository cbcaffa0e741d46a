"""The practice form: it renders and parses. Its labels and limits come from the practice's
schema (schema.py); the operation decides, with the same schema, and its problems are shown
on their fields (show_problems)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from models.practices import TRANSLATED_FIELDS
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.form_fields import CheckboxListField, FileSize, MaxWords, ProblemsOnFields
from portal.practices import rules
from portal.practices.schema import FIELDS, LABELS

OWN_TEXTS = ("title", "summary", "need", "activities", "partners", "results", "lessons", "body",
             "organisation", "url", "source")


def _limits(name):
    field = FIELDS[name]
    return [Length(max=field.max_chars)] + ([MaxWords(field.max_words)] if field.max_words else [])


def _text(name, kind=TextAreaField, required=False):
    return kind(FIELDS[name].label, validators=[InputRequired() if required else Optional(), *_limits(name)])


def _translated(name, kind=TextAreaField):
    return kind(_l("%(field)s in the other language", field=FIELDS[name].label),
                validators=[Optional(), *_limits(name)])


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

    # translation_<field> for each of TRANSLATED_FIELDS: added below the class.

    def set_choices(self, cities, commitments, key_features, label):
        self.city.choices = [SelectChoice(str(c.id), label(c, "name")) for c in cities]
        self.commitments.choices = [SelectChoice(c.number, f"{c.number}. {label(c, 'title')}")
                                    for c in commitments]
        self.key_features.choices = [SelectChoice(kf.code, f"{kf.code} {label(kf, 'title')}")
                                     for kf in key_features]

    def fill_from(self, practice):
        for name in (*OWN_TEXTS, "language", "start_year", "ongoing", "licence"):
            getattr(self, name).data = getattr(practice, name)
        self.kind.data = practice.kind.value
        self.city.data = str(practice.city_id)
        self.organisation_type.data = practice.organisation_type.value if practice.organisation_type else ""
        self.target_groups.data = list(practice.target_groups or [])
        self.commitments.data = [c.number for c in practice.commitments]
        self.key_features.data = [kf.code for kf in practice.key_features]
        other = practice.translation("zh" if practice.language == "en" else "en")
        if other is not None:
            for name in TRANSLATED_FIELDS:
                getattr(self, f"translation_{name}").data = getattr(other, name)

    def data_for_operation(self, city):
        data = {name: getattr(self, name).data for name in (
            *OWN_TEXTS, "language", "kind", "organisation_type", "start_year", "licence")}
        data.update(city=city, ongoing=bool(self.ongoing.data),
                    target_groups=self.target_groups.data or [],
                    commitments=self.commitments.data or [], key_features=self.key_features.data or [])
        translated = {name: getattr(self, f"translation_{name}").data or "" for name in TRANSLATED_FIELDS}
        if any(value.strip() for value in translated.values()):
            data["translation"] = {"language": "zh" if data["language"] == "en" else "en", **translated}
        else:
            data["translation"] = None
        return data


for _name in TRANSLATED_FIELDS:   # the same fields again, for the other language
    setattr(PracticeForm, f"translation_{_name}",
            _translated(_name, StringField if _name == "title" else TextAreaField))
del _name
