"""One commit per request, made here after the view returns; any exception rolls back.

Operations only flush. A failed commit raises, so the error handler answers and nothing
half-written stays behind. Mail queued by the request is delivered by the worker
(`flask worker`, portal/mail.py), never here: no request waits for an SMTP server.
"""
from portal.extensions import db
from portal.search import sync


def commit_after_request(response):
    if response.status_code < 400:
        db.session.commit()
        sync.apply_after_commit()
    else:
        db.session.rollback()
    return response


def rollback_on_error(exception):
    if exception is not None:
        db.session.rollback()


def init_app(app):
    app.after_request(commit_after_request)
    app.teardown_request(rollback_on_error)
