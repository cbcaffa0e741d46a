"""Forms of the membership area: calls, the application, and workflow decisions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional

from models.base import LANGUAGES
from models.reference_numbers import COMMITMENT_NUMBERS
from portal.form_fields import CheckboxListField, FileSize, MaxWords, ProblemsOnFields
from portal.membership import rules, schema
from portal.membership.schema import (
    CALL_TEXTS,
    FIELD_LABELS,
    LABELS,
    NUMBERS,
    PROFILE_FIELDS,
    RATINGS,
    max_length,
    rate_each_commitment,
)


def _number(name):
    """A figure of the application, with its range from the schema."""
    low, high, places = NUMBERS[name]
    field = DecimalField if places is not None else IntegerField
    extra = {"places": places} if places is not None else {}
    return field(FIELD_LABELS[name], validators=[Optional(), NumberRange(min=low, max=high)], **extra)


def _text(name, kind=StringField, *validators):
    return kind(FIELD_LABELS[name], validators=[Optional(), *validators, Length(max=max_length(name))])


class ApplicationForm(ProblemsOnFields, FlaskForm):
    """Renders and parses the application; its labels and limits are the schema's, and
    save_application decides (schema.problems)."""
    ratings = schema.RATINGS   # the choices of each commitment's challenge row
    data_year = _number("data_year")
    population = _number("population")
    area_km2 = _number("area_km2")
    gdp_per_capita_city_usd = _number("gdp_per_capita_city_usd")
    gdp_per_capita_country_usd = _number("gdp_per_capita_country_usd")
    schooling_years_men = _number("schooling_years_men")
    schooling_years_women = _number("schooling_years_women")
    website = _text("website", URLField, URL())
    mayor_title = _text("mayor_title")
    mayor_name = _text("mayor_name")
    contact_name = _text("contact_name")
    contact_email = _text("contact_email", EmailField, Email())
    contact_phone = _text("contact_phone")
    communication_language = SelectField(
        FIELD_LABELS["communication_language"], validators=[Optional()],
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(code, label) for code, label in rules.COMMUNICATION_LANGUAGES.items()])
    motivation = TextAreaField(FIELD_LABELS["motivation"], validators=[MaxWords(rules.MAX_WORDS)])
    implementation = TextAreaField(FIELD_LABELS["implementation"],
                                   validators=[MaxWords(rules.MAX_WORDS)])
    expertise = CheckboxListField(LABELS["expertise"],
                                  coerce=int, validators=[Optional()])
    expertise_tags = StringField(LABELS["expertise_tags"],
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
    """A rating that is not one of the schema's RATINGS (its message: rate_each_commitment)."""
    message = property(lambda self: rate_each_commitment())


def parse_challenges(request_form):
    """{commitment number: rating or None} from the `challenge_<n>` radio groups, one for
    each commitment."""
    ratings = {}
    for number in COMMITMENT_NUMBERS:
        value = (request_form.get(f"challenge_{number}") or "").strip()
        if value and value not in {str(r) for r in RATINGS}:
            raise InvalidRating(number)
        ratings[number] = int(value) if value else None
    return ratings


class CallForm(ProblemsOnFields, FlaskForm):
    """Renders and parses a call; `schema.CallSchema` (through open_call) decides."""
    title = StringField(schema.CALL_LABELS["title"],
                        validators=[InputRequired(), Length(max=schema.CALL_TITLE_LENGTH)])
    opens_on = DateField(schema.CALL_LABELS["opens_on"], validators=[InputRequired()])
    closes_on = DateField(schema.CALL_LABELS["closes_on"], validators=[InputRequired()])
    nomination_quota = IntegerField(schema.CALL_LABELS["nomination_quota"], default=3, validators=[
        InputRequired(), NumberRange(*schema.CALL_NUMBERS["nomination_quota"])])
    decision_window_days = IntegerField(schema.CALL_LABELS["decision_window_days"], default=30, validators=[
        InputRequired(), NumberRange(*schema.CALL_NUMBERS["decision_window_days"])])
    # description_<language> and eligibility_<language> for each language: added below.

    def texts(self):
        return {name: self[name].data for name in CALL_TEXTS}

    def texts_by_language(self):
        """[(language, description field, eligibility field)], English first."""
        return [(language, self[f"description_{language}"], self[f"eligibility_{language}"])
                for language in LANGUAGES]


for _name in CALL_TEXTS:
    setattr(CallForm, _name, TextAreaField(schema.CALL_LABELS[_name],
                                           validators=[Length(max=rules.MAX_CALL_TEXT)]))


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=4000)])


class StartApplicationForm(FlaskForm):
    city = SelectField(_l("City"), validators=[InputRequired()])
