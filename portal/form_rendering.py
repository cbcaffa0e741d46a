"""Template helpers for forms that base.html and the form macros share: a form's error
summary goes first in <main> (and "Error:" before the page's title, so that a person who
cannot see the page learns at once that the form came back), and hidden fields are rendered
without an id (a page with several forms would repeat id="csrf_token")."""
from flask import g
from markupsafe import Markup
from wtforms.widgets import HiddenInput


def place_error_summary(html):
    """Keep a form's error summary for the top of <main> (see base.html); shows nothing here."""
    if not hasattr(g, "error_summaries"):
        g.error_summaries = []
    g.error_summaries.append(Markup(html))
    return ""


def error_summaries():
    """The error summaries of the page's forms, once its content is rendered."""
    return Markup("").join(getattr(g, "error_summaries", []))


def hidden_fields(form):
    """The form's hidden fields (its CSRF token), as `form.hidden_tag()` but without ids."""
    return Markup("\n").join(field(id=False) for field in form if isinstance(field.widget, HiddenInput))


def template_helpers():
    return {"place_error_summary": place_error_summary, "error_summaries": error_summaries,
            "hidden_fields": hidden_fields}
