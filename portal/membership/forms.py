"""Forms of the membership area: calls, the application, and workflow decisions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, SelectChoice, DateField, DecimalField, EmailField, IntegerField,
                     SelectField, StringField, TextAreaField, URLField)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, URL

from portal.form_fields import CheckboxListField, FileSize, MaxWords
from portal.membership import rules
from portal.membership.operations import CALL_TEXTS, PROFILE_FIELDS

FIELD_LABELS = {
    "data_year": _l("Year the figures describe"),
    "population": _l("Population"),
    "area_km2": _l("Area (km²)"),
    "gdp_per_capita_city_usd": _l("GDP per capita of the city (USD)"),
    "gdp_per_capita_country_usd": _l("GDP per capita of the country (USD)"),
    "schooling_years_men": _l("Average years of schooling, men"),
    "schooling_years_women": _l("Average years of schooling, women"),
    "website": _l("Official website of the city"),
    "mayor_title": _l("Mayor's title"),
    "mayor_name": _l("Mayor's name"),
    "contact_name": _l("Contact person"),
    "contact_email": _l("Contact email"),
    "contact_phone": _l("Contact telephone"),
    "communication_language": _l("Language of communication"),
    "motivation": _l("Motivation"),
    "implementation": _l("How the city implements, or plans to implement, the learning-city concept"),
    "pledge": _l("Pledge"),
}


def _number(label_key, places=None, **range_):
    field = DecimalField if places is not None else IntegerField
    extra = {"places": places} if places is not None else {}
    return field(FIELD_LABELS[label_key], validators=[Optional(), NumberRange(**range_)], **extra)


class ApplicationForm(FlaskForm):
    data_year = _number("data_year", min=1990, max=2100)
    population = _number("population", min=1, max=100_000_000)
    area_km2 = _number("area_km2", places=2, min=0.01, max=1_000_000)
    gdp_per_capita_city_usd = _number("gdp_per_capita_city_usd", places=2, min=0, max=10_000_000)
    gdp_per_capita_country_usd = _number("gdp_per_capita_country_usd", places=2, min=0, max=10_000_000)
    schooling_years_men = _number("schooling_years_men", places=1, min=0, max=25)
    schooling_years_women = _number("schooling_years_women", places=1, min=0, max=25)
    website = URLField(FIELD_LABELS["website"], validators=[Optional(), URL(), Length(max=300)])
    mayor_title = StringField(FIELD_LABELS["mayor_title"], validators=[Optional(), Length(max=80)])
    mayor_name = StringField(FIELD_LABELS["mayor_name"], validators=[Optional(), Length(max=160)])
    contact_name = StringField(FIELD_LABELS["contact_name"], validators=[Optional(), Length(max=160)])
    contact_email = EmailField(FIELD_LABELS["contact_email"],
                               validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(FIELD_LABELS["contact_phone"], validators=[Optional(), Length(max=60)])
    communication_language = SelectField(
        FIELD_LABELS["communication_language"], validators=[Optional()],
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(code, label) for code, label in rules.COMMUNICATION_LANGUAGES.items()])
    motivation = TextAreaField(FIELD_LABELS["motivation"], validators=[MaxWords(rules.MAX_WORDS)])
    implementation = TextAreaField(FIELD_LABELS["implementation"],
                                   validators=[MaxWords(rules.MAX_WORDS)])
    expertise = CheckboxListField(_l("Commitments on which the city can share expertise"),
                                  coerce=int, validators=[Optional()])
    expertise_tags = StringField(_l("Other expertise, as tags separated by commas"),
                                 validators=[Optional(), Length(max=500)])
    pledge = BooleanField(_l("The city pledges to adopt the Beijing Declaration on Building "
                             "Learning Cities and the Key Features of Learning Cities."))
    letter = FileField(_l("The mayor's signed letter (PDF, at most 2 MB)"),
                       validators=[FileSize(rules.LETTER_MAX_BYTES)])

    def set_commitments(self, commitments, label):
        self.expertise.choices = [SelectChoice(c.number, f"{c.number}. {label(c)}")
                                  for c in commitments]
        self.commitment_labels = [(c.number, label(c)) for c in commitments]

    def challenge_value(self, number, request_form, application):
        """The rating shown for a commitment: what was posted, else what is saved."""
        posted = request_form.get(f"challenge_{number}") if request_form else None
        if posted is not None:
            return posted
        saved = {c.commitment.number: c.rating for c in application.challenges}
        return str(saved.get(number, ""))

    def data_for_operation(self, request_form):
        """The answers as the operation takes them."""
        data = {name: getattr(self, name).data for name in PROFILE_FIELDS}
        data["communication_language"] = data["communication_language"] or None
        for name in ("website", "mayor_title", "mayor_name", "contact_name", "contact_email",
                     "contact_phone"):
            data[name] = (data[name] or "").strip() or None
        data["motivation"] = (data["motivation"] or "").strip()
        data["implementation"] = (data["implementation"] or "").strip()
        data["expertise"] = self.expertise.data or []
        data["expertise_tags"] = self.expertise_tags.data or ""
        data["challenges"] = parse_challenges(request_form)
        return data


class InvalidRating(ValueError):
    pass


def parse_challenges(request_form):
    """{commitment number: rating or None} from the 12 `challenge_<n>` radio groups."""
    ratings = {}
    for number in range(1, 13):
        value = (request_form.get(f"challenge_{number}") or "").strip()
        if value and value not in {"1", "2", "3", "4", "5"}:
            raise InvalidRating(number)
        ratings[number] = int(value) if value else None
    return ratings


class CallForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()])
    nomination_quota = IntegerField(_l("Nominations per Member State"), default=3,
                                    validators=[InputRequired(), NumberRange(min=1, max=50)])
    decision_window_days = IntegerField(_l("Days a National Commission has to decide"), default=30,
                                        validators=[InputRequired(), NumberRange(min=1, max=365)])
    description_en = TextAreaField(_l("What the call is about (English)"),
                                   validators=[Length(max=rules.MAX_CALL_TEXT)])
    description_zh = TextAreaField(_l("What the call is about (Chinese, optional)"),
                                   validators=[Length(max=rules.MAX_CALL_TEXT)])
    eligibility_en = TextAreaField(_l("Who may apply (English)"),
                                   validators=[Length(max=rules.MAX_CALL_TEXT)])
    eligibility_zh = TextAreaField(_l("Who may apply (Chinese, optional)"),
                                   validators=[Length(max=rules.MAX_CALL_TEXT)])

    def texts(self):
        return {name: self[name].data for name in CALL_TEXTS}


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])


class StartApplicationForm(FlaskForm):
    city = SelectField(_l("City"), validators=[InputRequired()])
