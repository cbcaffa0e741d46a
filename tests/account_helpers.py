"""Accounts the way people make them: through the mailed sign-up link. Mail is delivered by
the worker, after the request (`deliver_mail`: its mail step); without an SMTP server it goes
as .eml files to MAILBOX_DIR, which `delivered` reads."""
import email
import email.policy
import glob
import os
import re
from urllib.parse import urlsplit

PASSWORD = "a long enough password"


def deliver_mail(app):
    """Run the worker's mail step, as the worker does after a request; returns how many
    mails it handled."""
    from portal.mail import deliver_pending
    handled = 0
    with app.app_context():
        while done := deliver_pending():
            handled += done
    return handled


def delivered(app, address):
    """Mails delivered to `address`, oldest first, as email.message.EmailMessage, once the
    worker has delivered what was waiting (`deliver_mail`)."""
    deliver_mail(app)
    messages = []
    for path in sorted(glob.glob(os.path.join(app.config["MAILBOX_DIR"], "*.eml"))):
        with open(path, "rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        if message["To"] == address:
            messages.append(message)
    return messages


def body(message):
    return message.get_content()


def link(message, marker):
    """The path (and query) of the first link in the mail whose URL contains `marker`."""
    url = next(u for u in re.findall(r"https?://\S+", body(message)) if marker in u)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sign_up(client, app, address="new.person@example.org", *, name="New Person",
            password=PASSWORD, language="en"):
    """Ask for an account, follow the mailed link, choose name and password: signed in."""
    response = client.post("/signup", data={"email": address, "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    confirm = link(delivered(app, address)[-1], "/signup/confirm/")
    response = client.post(confirm, data={"name": name, "password": password, "confirm": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
