"""Sign-up, sign-in, password reset, the account page, role requests, notifications."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from models.auth import Role, TokenPurpose
from portal.auth import operations, sessions, tokens
from portal.auth.blueprint import bp
from portal.auth.forms import (
    ChangePasswordForm,
    ConfirmSignupForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    RoleRequestForm,
    SignupForm,
    notification_settings_form,
)
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.extensions import limiter, login_manager
from portal.i18n import current_language, localized
from portal.language_of_parts import marked
from portal.notifications import operations as notifications
from portal.notifications import queries as notification_queries
from portal.notifications.messages import texts as notification_texts
from portal.notifications.topics import TOPICS
from portal.urls import is_local_path

login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page explains itself


@login_manager.user_loader
def load_user(session_token):
    """Flask-Login gives the token kept in the session or remember-me cookie."""
    return sessions.user_for(session_token)


def _address_key():
    """Rate limits per account (the address typed), beside those per client address."""
    return "account:" + operations.normalise_email(request.form.get("email", ""))[:254]


def _failed(response):
    return response.status_code in (401, 403)


def _safe_next(default):
    """Where to go after signing in: the `next` asked for if it is a path on this site."""
    target = request.args.get("next") or request.form.get("next") or ""
    return target if is_local_path(target) else default


def _form_error(template, form, message, status=400, **context):
    form.form_errors.append(message)
    return render_template(template, form=form, **context), status


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_address_key)
def signup():
    form = SignupForm(language=current_language())   # until the person chooses another
    if not form.validate_on_submit():
        return render_template("auth/signup.html", form=form), 400 if form.is_submitted() else 200
    operations.sign_up(email=form.email.data, language=form.language.data)
    return redirect(url_for("auth.signup_sent"))


@bp.get("/signup/sent")
def signup_sent():
    return render_template("auth/signup_sent.html",
                           lifetime=tokens.lifetime(TokenPurpose.sign_up))


def _mailed_link(token, purpose, form_class, template, **context):
    """The first steps of a page reached from a mailed link: (token row, form, None) when the
    form was sent and is valid, else (…, page) with the page to answer."""
    found = tokens.find_valid(token, purpose)
    if found is None:
        return None, None, (render_template("auth/link_invalid.html", purpose=purpose.value,
                                            lifetime=tokens.lifetime(purpose)), 400)
    form = form_class()
    if not form.validate_on_submit():
        return found, form, (render_template(template, form=form, email=found.email, **context),
                             400 if form.is_submitted() else 200)
    return found, form, None


@bp.route("/signup/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def confirm_sign_up(token):
    found, form, page = _mailed_link(token, TokenPurpose.sign_up, ConfirmSignupForm,
                                     "auth/signup_confirm.html")
    if page is not None:
        return page
    try:
        user = operations.confirm_sign_up(found, name=form.name.data, password=form.password.data)
    except DomainError as error:
        return _form_error("auth/signup_confirm.html", form, error.message, error.status,
                           email=found.email)
    sessions.sign_in(user)
    flash(_("Welcome! Your account is ready."), "success")
    return redirect(url_for("start.index"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"], key_func=_address_key,
               deduct_when=_failed)
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200
    try:
        user = operations.authenticate(form.email.data, form.password.data)
    except DomainError as error:
        return _form_error("auth/login.html", form, error.message, error.status)
    if user is None:
        return _form_error("auth/login.html", form,
                           _("The email address or the password is not right."), 401)
    sessions.sign_in(user, remember=form.remember.data)
    return redirect(_safe_next(url_for("start.index")))


@bp.post("/logout")
def logout():
    sessions.sign_out(current_user)
    flash(_("You are signed out."), "success")
    return redirect(url_for("home.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_address_key)
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 400 if form.is_submitted() else 200
    operations.request_password_reset(form.email.data)
    flash(_("If an account uses this address, a link to choose a new password is on its way. "
            "It works once, for %(lifetime)s.",
            lifetime=tokens.lifetime(TokenPurpose.password_reset)), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token):
    found, form, page = _mailed_link(token, TokenPurpose.password_reset, ResetPasswordForm,
                                     "auth/reset.html")
    if page is not None:
        return page
    try:
        operations.reset_password(found, form.password.data)
    except DomainError as error:
        return _form_error("auth/reset.html", form, error.message, error.status, email=found.email)
    if current_user.is_authenticated:
        sessions.sign_out(current_user)
    flash(_("Your password is changed, and every session of your account has ended. Sign in "
            "with the new password."), "success")
    return redirect(url_for("auth.login"))


def _account_key():
    return f"password-change:{current_user.id}" if current_user.is_authenticated else "anonymous"


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"], key_func=_account_key,
               deduct_when=lambda response: response.status_code == 400)
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/change_password.html", form=form), \
            400 if form.is_submitted() else 200
    try:
        operations.change_password(current_user, current=form.current.data, new=form.password.data)
    except DomainError as error:
        return _form_error("auth/change_password.html", form, error.message, error.status)
    flash(_("Your password is changed. You stay signed in here; every other session has ended."),
          "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/sessions/end-others")
def end_other_sessions():
    sessions.end_other_sessions(current_user)
    flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for("auth.account"))


def role_request_form():
    form = RoleRequestForm()
    labels = role_labels()
    form.role.choices = [SelectChoice(r.value, labels[r]) for r in
                         (Role.city_coordinator, Role.practitioner, Role.data_officer, Role.natcom_officer)]
    everyone = [SelectChoice("", _("Choose…"))]
    form.city.choices = everyone + [
        SelectChoice(str(c.id), _("%(city)s, %(country)s", city=localized(c, "name"),
                                  country=localized(c.member_state, "name")))
        for c in cities.all_cities()]
    form.member_state.choices = everyone + [
        SelectChoice(s.iso, localized(s, "name"))
        for s in sorted(cities.member_states(), key=lambda s: localized(s, "name"))]
    return form


def role_labels():
    return {
        Role.city_coordinator: _("City coordinator (acts for a city)"),
        Role.natcom_officer: _("National Commission officer (acts for a Member State)"),
        Role.practitioner: _("Practitioner (an organisation in a city, e.g. a library)"),
        Role.data_officer: _("Data officer (enters a city's data on the Key Features)"),
        Role.secretariat: _("Network secretariat"),
        Role.administrator: _("Administrator"),
    }


def _account_page(form, status=200):
    return render_template("auth/account.html", form=form, role_labels=role_labels(),
                           other_sessions=sessions.count_sessions(current_user) - 1), status


@bp.get("/account")
def account():
    return _account_page(role_request_form())


@bp.post("/account/roles")
def request_role():
    form = role_request_form()
    if not form.validate_on_submit():
        return _account_page(form, 400)
    try:
        operations.request_role(
            current_user, role=form.role.data, justification=form.justification.data,
            city=cities.city_by_id(form.city.data) if form.city.data else None,
            new_city_name=form.new_city_name.data,
            member_state=operations.member_state_by_iso(form.member_state.data)
            if form.member_state.data else None,
            organisation=form.organisation.data)
    except DomainError as error:
        form.form_errors.append(error.message)
        return _account_page(form, error.status)
    flash(_("Your request is with the network secretariat. You will be told when it is decided."),
          "success")
    return redirect(url_for("auth.account"))


@bp.get("/account/notifications")
def notifications_page():
    recent = notification_queries.recent(current_user)
    return render_template("auth/notifications.html", notifications=recent,
                           texts=notification_texts(recent, mark=marked))


@bp.post("/account/notifications/<int:notification_id>")
def open_notification(notification_id):
    """Follow a notification's link; opening it marks it read (a POST: reading a page never
    writes). Only its owner may; the target is always a path on this site."""
    notification = notifications.open_notification(current_user, notification_id) or abort(404)
    return redirect(notification.link if is_local_path(notification.link)
                    else url_for("auth.notifications_page"), 303)


@bp.route("/account/notifications/settings", methods=["GET", "POST"])
def notification_settings():
    current = notifications.frequencies(current_user)
    form = notification_settings_form(TOPICS, current, current_user.language,
                                      formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        return render_template("auth/notification_settings.html", form=form), \
            (400 if request.method == "POST" else 200)
    try:
        operations.set_language(current_user, form.mail_language.data)
        notifications.set_frequencies(current_user, {topic: form[topic].data for topic in TOPICS})
    except DomainError as error:
        return _form_error("auth/notification_settings.html", form, error.message, error.status)
    flash(_("Your mail settings are saved."), "success")
    return redirect(url_for("auth.notification_settings"))


@bp.post("/account/notifications/read")
def read_notifications():
    notifications.mark_read(current_user)
    return redirect(url_for("auth.notifications_page"))


@bp.app_context_processor
def account_helpers():
    def unread_notifications():
        if not current_user.is_authenticated:
            return 0
        return notification_queries.unread_count(current_user)
    return {"unread_notifications": unread_notifications,
            "min_password_length": operations.MIN_PASSWORD_LENGTH}
