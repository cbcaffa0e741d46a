"""Forms for discussions (questions, replies, reports, participants)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length

from portal.exchange import rules

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
