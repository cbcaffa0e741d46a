"""Forms of the exchange area: discussions (questions, replies, reports, participants), peer
requests and adoptions, clusters. They render and parse; the limits of a peer request and an
adoption are their schemas' (schema.py), which the operations apply."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from models.base import LANGUAGES
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.exchange import rules, schema
from portal.form_fields import CheckboxListField
from portal.i18n import lazy_language_name


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


MARKDOWN_HINT = _l("Markdown is allowed: *emphasis*, lists, [links](https://example.org).")


class QuestionForm(FlaskForm):
    title = StringField(_l("Your question in one line"), validators=[
        InputRequired(message=_l("Give your question a title.")), Length(max=rules.MAX_TITLE_LENGTH)])
    body = TextAreaField(_l("Details"), validators=[
        InputRequired(message=_l("Write your question.")), Length(max=rules.MAX_POST_LENGTH)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[
        InputRequired(message=_l("Write something first.")), Length(max=rules.MAX_POST_LENGTH)])


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("What is wrong with this post?"), validators=[
        InputRequired(message=_l("Say what is wrong with this post.")),
        Length(max=rules.MAX_REPORT_REASON_LENGTH)])


class ParticipantForm(FlaskForm):
    email = EmailField(_l("Email address of the person to add"),
                       validators=[InputRequired(), Email(), Length(max=254)])


FORMAT_CHOICES = [("online_call", _l("Online call")), ("study_visit", _l("Study visit")),
                  ("documents", _l("Exchange of documents")), ("staff_exchange", _l("Staff exchange"))]


class PeerRequestForm(FlaskForm):
    from_city = SelectField(_l("On behalf of"), coerce=int, validators=[InputRequired()])
    practice = SelectField(_l("About one of their practices"), coerce=_optional_int, validate_choice=False)
    commitment = SelectField(_l("Or about a commitment"), coerce=_optional_int, validate_choice=False)
    format = RadioField(_l("Format"), choices=[SelectChoice(v, t) for v, t in FORMAT_CHOICES],
                        validators=[InputRequired(message=_l("Choose a format for the exchange."))])
    period_start = DateField(lazy_pgettext("date range", "From"),
                             validators=[InputRequired(message=_l("Give the first day."))])
    period_end = DateField(lazy_pgettext("date range", "To"),
                           validators=[InputRequired(message=_l("Give the last day."))])
    message = TextAreaField(_l("Your message"), validators=[
        InputRequired(message=_l("Say what you would like to learn.")),
        Length(max=schema.MESSAGE_MAX_LENGTH)])


class PeriodForm(FlaskForm):
    period_start = DateField(lazy_pgettext("date range", "From"),
                             validators=[InputRequired(message=_l("Give the first day."))])
    period_end = DateField(lazy_pgettext("date range", "To"),
                           validators=[InputRequired(message=_l("Give the last day."))])
    # Its own id: the request's page also shows the answer form's comment field.
    comment = TextAreaField(_l("Comment (optional)"), id="period-comment", validators=[Length(max=1000)])


class OutcomeForm(FlaskForm):
    outcome = TextAreaField(_l("What came out of the exchange"), validators=[
        InputRequired(message=_l("Write what came out of the exchange.")), Length(max=rules.MAX_POST_LENGTH)])
    public = BooleanField(_l("Show this outcome on both cities' pages"))


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=1000)])


class AdoptionForm(FlaskForm):
    city = SelectField(_l("Your city"), coerce=int, validators=[InputRequired()])
    kind = RadioField(_l("What did the city do?"), choices=[
        SelectChoice("adopted", _l("Adopted it as it was")), SelectChoice("adapted", _l("Adapted it"))],
        validators=[InputRequired(message=_l("Say whether the city adopted or adapted the practice."))])
    changes = TextAreaField(_l("What the city changed"), validators=[
        InputRequired(message=schema.ADOPTION_MESSAGES["changes"]), Length(max=schema.TEXT_MAX_LENGTH)])
    results = TextAreaField(_l("What happened"), validators=[
        InputRequired(message=schema.ADOPTION_MESSAGES["results"]), Length(max=schema.TEXT_MAX_LENGTH)])
    year = IntegerField(_l("Since (year)"), validators=[Optional(), NumberRange(min=YEAR_MIN, max=YEAR_MAX)])


class ClusterForm(FlaskForm):
    # name_<language> and description_<language> for each language: added below.
    commitments = CheckboxListField(_l("Commitments whose practices belong to the cluster"), coerce=int)
    is_open = BooleanField(_l("Member cities may join"), default=True)

    def texts_by_language(self):
        """[(language, name field, description field)], English (required) first."""
        return [(language, self[f"name_{language}"], self[f"description_{language}"])
                for language in LANGUAGES]


for _language in LANGUAGES:
    _named = lazy_language_name(_language)
    setattr(ClusterForm, f"name_{_language}", StringField(
        _l("Name (%(language)s)", language=_named), validators=[
            InputRequired() if _language == "en" else Optional(),
            Length(max=rules.MAX_CLUSTER_NAME_LENGTH)]))
    setattr(ClusterForm, f"description_{_language}", TextAreaField(
        _l("Description (%(language)s)", language=_named),
        validators=[Length(max=rules.MAX_CLUSTER_DESCRIPTION_LENGTH)]))


class MembershipForm(FlaskForm):
    city = SelectField(_l("City"), coerce=int, validators=[InputRequired()])
