"""In the tests, each host's worker is played by the test client: before and after a request,
if anything was appended to the search change log since it last looked, the client applies
the log to the app's index (what the worker does within a fraction of a second). Requests
themselves never write the index, as in production; tests of the worker's own timing and of
several hosts (tests/test_search_log.py, tests/multihost/) run a real worker instead.
`app.config["TEST_FOLLOW_SEARCH_LOG"] = False` turns it off for one app."""
from flask.testing import FlaskClient
from sqlalchemy import event

from models.search import SearchChange

_appended = {"count": 0}   # entries appended by this process (a new app has looked at none)
_following = {"now": False}


def now_following():
    """Whether the statements run now are the client's catching up (count_queries skips them)."""
    return _following["now"]


@event.listens_for(SearchChange, "after_insert")
def _note_an_entry(mapper, connection, target):
    _appended["count"] += 1


def follow(app):
    """Apply the change log to `app`'s index, as its worker would; returns how many entries."""
    from portal.search import sync
    app.extensions["tests_followed"] = _appended["count"]
    _following["now"] = True
    try:
        with app.test_request_context():
            return sync.follow_all()
    finally:
        _following["now"] = False


def follow_if_appended(app):
    if app.extensions.get("tests_followed") != _appended["count"] and \
            app.config.get("TEST_FOLLOW_SEARCH_LOG", True):
        follow(app)


class FollowingClient(FlaskClient):
    def open(self, *args, **kwargs):
        follow_if_appended(self.application)
        response = super().open(*args, **kwargs)
        follow_if_appended(self.application)
        return response
