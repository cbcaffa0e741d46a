"""Sign-up, sign-in, password reset, the account page, role requests, notifications."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from wtforms import SelectChoice

from models.auth import Role, User
from portal.auth import operations
from portal.auth.forms import (ForgotPasswordForm, LoginForm, ResetPasswordForm,
                               RoleRequestForm, SignupForm, notification_settings_form)
from portal.auth.tokens import read_reset_token
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.extensions import db, limiter, login_manager
from portal.i18n import localized
from portal.notifications import operations as notifications
from portal.notifications import queries as notification_queries
from portal.language_of_parts import marked
from portal.notifications.messages import render as render_notification
from portal.notifications.topics import TOPICS

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.login"
login_manager.login_message = None  # the login page explains itself


@login_manager.user_loader
def load_user(user_id):
    user = db.session.get(User, int(user_id)) if str(user_id).isdigit() else None
    return None if user is None or user.is_suspended else user  # suspension ends sessions at once


def _safe_next(default):
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    return target if target.startswith("/") and not parts.netloc and not target.startswith("//") \
        else default


def _form_error(template, form, message, status=400, **context):
    form.form_errors.append(message)
    return render_template(template, form=form, **context), status


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def signup():
    form = SignupForm()
    if not form.validate_on_submit():
        return render_template("auth/signup.html", form=form), 400 if form.is_submitted() else 200
    try:
        user = operations.sign_up(name=form.name.data, email=form.email.data,
                                  password=form.password.data, language=form.language.data)
    except DomainError as error:
        return _form_error("auth/signup.html", form, error.message, error.status)
    login_user(user)
    flash(_("Welcome! Your account is ready. Ask for the role you need below."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
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
    login_user(user, remember=form.remember.data)
    return redirect(_safe_next(url_for("auth.account")))


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("home.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 400 if form.is_submitted() else 200
    operations.request_password_reset(form.email.data)
    flash(_("If an account uses this address, a link to choose a new password is on its way. "
            "It works once, for one hour."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token):
    user = read_reset_token(token, load_user)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/reset.html", form=form), 400 if form.is_submitted() else 200
    operations.reset_password(user, form.password.data)
    flash(_("Your password is changed. Sign in with the new one."), "success")
    return redirect(url_for("auth.login"))


def role_request_form():
    form = RoleRequestForm()
    labels = role_labels()
    form.role.choices = [SelectChoice(r.value, labels[r]) for r in
                         (Role.city_coordinator, Role.practitioner, Role.natcom_officer)]
    everyone = [SelectChoice("", _("Choose…"))]
    form.city.choices = everyone + [
        SelectChoice(str(c.id), f"{localized(c, 'name')} ({localized(c.member_state, 'name')})")
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
        Role.secretariat: _("Network secretariat"),
        Role.administrator: _("Administrator"),
    }


@bp.get("/account")
def account():
    return render_template("auth/account.html", form=role_request_form(), role_labels=role_labels())


@bp.post("/account/roles")
def request_role():
    form = role_request_form()
    if not form.validate_on_submit():
        return render_template("auth/account.html", form=form, role_labels=role_labels()), 400
    try:
        operations.request_role(
            current_user, role=form.role.data, justification=form.justification.data,
            city=cities.city_by_id(form.city.data) if form.city.data else None,
            new_city_name=form.new_city_name.data,
            member_state=operations.member_state_by_iso(form.member_state.data)
            if form.member_state.data else None,
            organisation=form.organisation.data)
    except DomainError as error:
        return _form_error("auth/account.html", form, error.message, error.status,
                           role_labels=role_labels())
    flash(_("Your request is with the network secretariat. You will be told when it is decided."),
          "success")
    return redirect(url_for("auth.account"))


@bp.get("/account/notifications")
def notifications_page():
    return render_template("auth/notifications.html",
                           notifications=notification_queries.recent(current_user))


@bp.route("/account/notifications/settings", methods=["GET", "POST"])
def notification_settings():
    current = notifications.frequencies(current_user)
    form = notification_settings_form(TOPICS, current, formdata=request.form if request.method == "POST" else None)
    if request.method == "GET" or not form.validate():
        return render_template("auth/notification_settings.html", form=form), \
            (400 if request.method == "POST" else 200)
    try:
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
            "notification_text": lambda n: render_notification(n.kind, n.params, mark=marked)}
