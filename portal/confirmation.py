"""Asking before an action that cannot be undone, without JavaScript.

The action's button posts its form as usual. Before calling the operation, the view calls
`ask(...)`: a POST without the confirmation field gets a page that says what will happen,
with a Confirm button that posts the very same fields again (plus the confirmation field)
and a Cancel link back; only the confirmed POST goes on to the operation. The page is
`templates/confirm.html`, built on the `confirmation_form` macro of
`templates/_macros/confirm.html`."""
from flask import render_template, request
from flask_babel import gettext as _

FIELD = "confirmed"


def confirmed():
    return request.form.get(FIELD) == "yes"


def ask(*, action, subject, consequence, cancel_url, danger=True):
    """None once the person has confirmed; until then, the page that asks. `action` is the
    button's label (the Confirm button repeats it), `subject` what it acts on, `consequence`
    what will happen."""
    if confirmed():
        return None
    fields = [(name, value) for name, values in request.form.lists()
              if name not in (FIELD, "csrf_token") for value in values]
    return render_template("confirm.html", title=_("%(action)s: %(subject)s", action=action, subject=subject),
                           consequence=consequence, confirm_label=action, cancel_url=cancel_url,
                           danger=danger, post_to=request.path, fields=fields, confirm_field=FIELD)
