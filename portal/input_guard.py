"""Input no field can hold is refused before any view runs: a NUL character (PostgreSQL text
cannot store one, and a query with one fails) in the path, the query string or a form."""
from flask import abort, request
from flask_babel import gettext as _


def _has_nul(values):
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key))
               for key in values)


def refuse_nul_characters():
    if "\x00" in request.path or _has_nul(request.args) or \
            (request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
             and _has_nul(request.form)):
        abort(400, description=_("The request contains a character that no text may hold (NUL)."))


def init_app(app):
    app.before_request(refuse_nul_characters)
