"""HTTP errors as pages in the reader's language (and, under /api/, as JSON)."""
import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.domain_errors import DomainError
from portal.extensions import db

log = logging.getLogger(__name__)


def _reasons():
    # Built per request so each reason is translated into the reader's language.
    return {
        400: _("The request could not be understood. Please check what you entered."),
        403: _("You are not allowed to see this page."),
        404: _("We could not find that page. It may have moved, or the address may be mistyped."),
        405: _("This page does not accept that kind of request."),
        409: _("This could not be done because something changed meanwhile. Reload the page and try again."),
        413: _("The file you sent is too large."),
        429: _("Too many attempts in a short time. Please wait a minute and try again."),
        500: _("Something went wrong on our side. The team has been told; please try again later."),
    }


def render_domain_error(error):
    """A business rule said no and the view did not handle it: one status per kind."""
    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify(error={"status": error.status, "reason": error.message}), error.status
    return render_template("errors/error.html", code=error.status, reason=error.message), error.status


def render_error(error):
    if not isinstance(error, HTTPException):
        log.exception("Unhandled error", exc_info=error)
        db.session.rollback()
        error = InternalServerError()
    code = error.code or 500
    # A view may give its own reason; the rate limiter's is a formula, not a sentence.
    custom = code != 429 and error.description != type(error).description
    reason = error.description if custom else (_reasons().get(code) or error.description)
    if request.path.startswith("/api/"):
        return jsonify(error={"status": code, "reason": reason}), code
    return render_template("errors/error.html", code=code, reason=reason), code


def init_app(app):
    app.register_error_handler(DomainError, render_domain_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_error)
