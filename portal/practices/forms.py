"""The practice form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, IntegerField, SelectChoice, SelectField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, URL

from portal.form_fields import CheckboxListField, MaxWords
from portal.i18n import HTML_LANG
from portal.practices import rules


class PracticeForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, v) for k, v in rules.KIND_LABELS.items()])
    # The languages are named in themselves, and say so (language of parts).
    language = SelectField(_l("Language it is written in"),
                           choices=[SelectChoice(k, v, render_kw={"lang": HTML_LANG[k]})
                                    for k, v in rules.LANGUAGE_LABELS.items()])
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[MaxWords(rules.MAX_SUMMARY_WORDS)])
    need = TextAreaField(_l("The need or challenge it answers"))
    activities = TextAreaField(_l("What was done"))
    partners = TextAreaField(_l("Partners"))
    results = TextAreaField(_l("Results and evidence of change"))
    lessons = TextAreaField(_l("Lessons, and what another city needs to transfer it"))
    body = TextAreaField(_l("Full narrative (for a case study)"))
    city = SelectField(_l("City"), validators=[InputRequired()])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    organisation_type = SelectField(_l("Type of organisation"), validators=[Optional()], choices=[
        SelectChoice("", _l("Choose…"))] + [SelectChoice(t.value, label)
                                            for t, label in rules.ORGANISATION_TYPE_LABELS.items()])
    target_groups = CheckboxListField(_l("Target groups"), validators=[Optional()], choices=[
        SelectChoice(k, v) for k, v in rules.TARGET_GROUP_LABELS.items()])
    start_year = IntegerField(_l("Start year"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    ongoing = BooleanField(_l("Still ongoing"), default=True)
    url = URLField(_l("Link to more information"), validators=[Optional(), URL(), Length(max=500)])
    licence = SelectField(_l("Licence for reuse"), default="CC-BY-4.0", choices=[
        SelectChoice(k, v) for k, v in rules.LICENCE_LABELS.items()])
    commitments = CheckboxListField(_l("Commitments it serves (at least one)"), coerce=int)
    key_features = CheckboxListField(_l("Key features it relates to (optional)"),
                                     validators=[Optional()])
    translation_title = StringField(_l("Title in the other language"),
                                    validators=[Optional(), Length(max=300)])
    translation_summary = TextAreaField(_l("Summary in the other language"),
                                        validators=[MaxWords(rules.MAX_SUMMARY_WORDS)])
    translation_body = TextAreaField(_l("Narrative in the other language (optional)"))
    cover = FileField(_l("Cover image (PNG, JPEG or WebP, at most 2 MB; optional)"))
    cover_alt = StringField(_l("What the image shows (for people who cannot see it)"),
                            validators=[Optional(), Length(max=300)])

    def set_choices(self, cities, commitments, key_features, label):
        self.city.choices = [SelectChoice(str(c.id), label(c, "name")) for c in cities]
        self.commitments.choices = [SelectChoice(c.number, f"{c.number}. {label(c, 'title')}")
                                    for c in commitments]
        self.key_features.choices = [SelectChoice(kf.code, f"{kf.code} {label(kf, 'title')}")
                                     for kf in key_features]

    def fill_from(self, practice):
        for name in ("title", "summary", "need", "activities", "partners", "results", "lessons",
                     "body", "language", "organisation", "start_year", "ongoing", "url", "licence"):
            getattr(self, name).data = getattr(practice, name)
        self.kind.data = practice.kind.value
        self.city.data = str(practice.city_id)
        self.organisation_type.data = practice.organisation_type.value if practice.organisation_type else ""
        self.target_groups.data = list(practice.target_groups or [])
        self.commitments.data = [c.number for c in practice.commitments]
        self.key_features.data = [kf.code for kf in practice.key_features]
        other = practice.translation("zh" if practice.language == "en" else "en")
        if other is not None:
            self.translation_title.data, self.translation_summary.data = other.title, other.summary
            self.translation_body.data = other.body

    def data_for_operation(self, city):
        data = {name: getattr(self, name).data for name in (
            "title", "summary", "need", "activities", "partners", "results", "lessons", "body",
            "language", "kind", "organisation", "organisation_type", "start_year", "url", "licence")}
        data.update(city=city, ongoing=bool(self.ongoing.data),
                    target_groups=self.target_groups.data or [],
                    commitments=self.commitments.data or [], key_features=self.key_features.data or [])
        if (self.translation_title.data or "").strip() or (self.translation_summary.data or "").strip():
            data["translation"] = {"language": "zh" if data["language"] == "en" else "en",
                                   "title": self.translation_title.data or "",
                                   "summary": self.translation_summary.data or "",
                                   "body": self.translation_body.data or ""}
        else:
            data["translation"] = None
        return data
