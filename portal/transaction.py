"""One commit per request, made here after the view returns; any exception rolls back.

Operations only flush. A failed commit raises, so the error handler answers and nothing
half-written stays behind. What the request appended to the search change log and the mail
outbox is applied and delivered by the worker (`flask worker`), never here: no request waits
for the index lock or an SMTP server.
"""
from portal.extensions import db


def commit_after_request(response):
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def rollback_on_error(exception):
    if exception is not None:
        db.session.rollback()


def init_app(app):
    app.after_request(commit_after_request)
    app.teardown_request(rollback_on_error)
