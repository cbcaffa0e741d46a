"""Asking before an action that cannot be undone, without JavaScript.

The action's button posts its form as usual. Before calling the operation, the view calls
`ask(...)`: a POST without the confirmation field gets a page that says what will happen,
with a Confirm button that posts the very same fields again (plus the confirmation field)
and a Cancel link back; only the confirmed POST goes on to the operation. The page is
`templates/confirm.html`, built on the `confirmation_form` macro of
`templates/_macros/confirm.html`."""
from flask import render_template, request

FIELD = "confirmed"


def confirmed():
    return request.form.get(FIELD) == "yes"


def ask(*, title, consequence, confirm_label, cancel_url, danger=True):
    """None once the person has confirmed; until then, the confirmation page to return."""
    if confirmed():
        return None
    fields = [(name, value) for name, values in request.form.lists()
              if name not in (FIELD, "csrf_token") for value in values]
    return render_template("confirm.html", title=title, consequence=consequence,
                           confirm_label=confirm_label, cancel_url=cancel_url, danger=danger,
                           action=request.path, fields=fields, confirm_field=FIELD)
