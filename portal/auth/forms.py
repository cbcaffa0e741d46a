"""Forms for accounts: sign-up, sign-in, password reset, asking for a role."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from models.base import LANGUAGES
from portal.auth.operations import MIN_PASSWORD_LENGTH
from portal.i18n import lazy_language_name

PASSWORD_RULE = _l("Choose a password of at least %(n)s characters (and at most 200).",
                   n=MIN_PASSWORD_LENGTH)
# What the fields hold, for browsers and password managers to fill in (WCAG 1.3.5).
NAME, EMAIL, NEW_PASSWORD = ({"autocomplete": "name"}, {"autocomplete": "email"},
                             {"autocomplete": "new-password"})


class SignupForm(FlaskForm):
    """Step one: the address (a link goes there); the name and password come with the link."""
    email = EmailField(_l("Email address"), validators=[InputRequired(), Email(), Length(max=254)],
                       render_kw=EMAIL)
    language = RadioField(_l("Language for mail"), default="en",
                          choices=[SelectChoice(code, lazy_language_name(code)) for code in LANGUAGES])


def new_password(label):
    return PasswordField(label, validators=[
        InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_RULE)],
        render_kw=NEW_PASSWORD)


def repeated_password(label):
    return PasswordField(label, validators=[
        InputRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw=NEW_PASSWORD)


class ConfirmSignupForm(FlaskForm):
    """Step two, reached from the mailed link."""
    name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=120)], render_kw=NAME)
    password = new_password(_l("Password"))
    confirm = repeated_password(_l("Repeat the password"))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(), Email()], render_kw=EMAIL)
    password = PasswordField(_l("Password"), validators=[InputRequired()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(), Email()], render_kw=EMAIL)


class ResetPasswordForm(FlaskForm):
    password = new_password(_l("New password"))
    confirm = repeated_password(_l("Repeat the new password"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired()],
                            render_kw={"autocomplete": "current-password"})
    password = new_password(_l("New password"))
    confirm = repeated_password(_l("Repeat the new password"))


class RoleRequestForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[InputRequired()])
    city = SelectField(_l("City"), validators=[Optional()], default="")
    new_city_name = StringField(_l("Or a city not listed yet: its name"),
                                validators=[Optional(), Length(max=160)])
    member_state = SelectField(_l("Member State"), validators=[Optional()], default="")
    organisation = StringField(_l("Organisation (for practitioners)"),
                               validators=[Optional(), Length(max=200)])
    justification = TextAreaField(_l("Why you need this role"),
                                  validators=[InputRequired(), Length(min=10, max=2000)])


FREQUENCY_CHOICES = [("immediately", _l("Immediately")), ("daily", _l("In a daily digest")),
                     ("weekly", _l("In a weekly digest")), ("never", _l("Never (only on the portal)"))]


def notification_settings_form(topics, current, formdata=None):
    """One set of radio buttons per topic, preset to the person's current choice."""
    class NotificationSettingsForm(FlaskForm):
        pass
    for topic, (label, description, _default) in topics.items():
        setattr(NotificationSettingsForm, topic, RadioField(
            label, description=description, default=current[topic].value,
            choices=[SelectChoice(value, text) for value, text in FREQUENCY_CHOICES],
            validators=[InputRequired(message=_l("Choose how often."))]))
    return NotificationSettingsForm(formdata=formdata)
