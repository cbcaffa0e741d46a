"""HTTP errors as pages in the reader's language (and, under /api/, as JSON)."""
import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, HTTPException, InternalServerError

from portal.domain_errors import DomainError
from portal.extensions import db

log = logging.getLogger(__name__)

# SQLSTATEs of a write that lost a race: unique violation, serialization failure, deadlock.
RACE_SQLSTATES = {"23505", "40001", "40P01"}


def lost_a_race(error):
    """Two requests changed the same rows at once and the database kept the first: the
    second person is told to reload (409), not shown a 500. Other integrity errors are bugs."""
    if isinstance(error, StaleDataError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) in RACE_SQLSTATES:
        return True
    message = str(original)
    return message.startswith("UNIQUE constraint failed") or message == "database is locked"


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
    # Whatever failed, nothing half-written may stay, and the page below may need the
    # database (the signed-in person, the header's counts): roll back before rendering.
    db.session.rollback()
    # An exception outside the view (the commit after it) reaches here wrapped in a 500.
    error = getattr(error, "original_exception", None) or error
    if lost_a_race(error):
        log.warning("Concurrent write refused: %s", error)
        error = Conflict()
    elif not isinstance(error, HTTPException):
        log.exception("Unhandled error", exc_info=error)
        error = InternalServerError()
    code = error.code or 500
    # A view may give its own reason; the rate limiter's is a formula, not a sentence.
    custom = code != 429 and error.description != type(error).description
    reason = error.description if custom else (_reasons().get(code) or error.description)
    # Keep what the error says in its headers (Allow on a 405, Retry-After on a 429).
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if request.path.startswith("/api/"):
        return jsonify(error={"status": code, "reason": reason}), code, headers
    return render_template("errors/error.html", code=code, reason=reason), code, headers


def init_app(app):
    app.register_error_handler(DomainError, render_domain_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_error)
