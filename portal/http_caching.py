"""What each answer tells caches, decided here for every response.

A page is *shared* (a cache in front, nginx in docs/deploy/nginx.conf, may keep it for
SHARED_SECONDS and give it to anyone asking for the same address in the same language) only
when it is the same for every anonymous reader: a successful GET or HEAD from someone who
sent no session or remember-me cookie, that puts nothing in the session (no form token, no
flash message), sets no cookie and whose view is not marked `never_shared`. Browsers keep it
for 0 seconds and ask again with the page's ETag; an unchanged page is a bodiless 304.

Everything else (signed-in pages, forms, flashes, answers that set a cookie, errors and
redirects) is `private, no-store`: no cache keeps a copy. A view that sets its own
Cache-Control (covers, CSV downloads) keeps it, unless the answer sets a cookie or goes to
someone signed in, when it is made private; one that is already private (a letter, with its
ETag) stays as it is.

Pages differ by language, chosen from the lang cookie and Accept-Language (portal/i18n.py
adds `Vary: Accept-Language, Cookie` to every answer).
"""
from flask import current_app, request, session
from flask.signals import request_finished

# A shared cache keeps a page this long: with a second to render it again, a published
# change reaches anonymous readers within 5 seconds.
SHARED_SECONDS = 4
SHARED = f"public, max-age=0, s-maxage={SHARED_SECONDS}"
PRIVATE = "private, no-store"
_MARK = "never_shared"


def never_shared(view):
    """Mark a view whose answer may differ between anonymous readers of the same address."""
    setattr(view, _MARK, True)
    return view


def _sent_a_signed_in_cookie():
    cookies = request.cookies
    return (current_app.config.get("SESSION_COOKIE_NAME", "session") in cookies
            or current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies)


def _writes_the_session():
    """The session holds something (a form token, a flash, a signed-in person) or will be
    sent back as a cookie."""
    return bool(session) or current_app.session_interface.should_set_cookie(current_app, session)


def _view_is_marked():
    return getattr(current_app.view_functions.get(request.endpoint), _MARK, False)


def may_be_shared(response):
    return (request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not _sent_a_signed_in_cookie()
            and not _writes_the_session()
            and "Set-Cookie" not in response.headers
            and not _view_is_marked())


def decide(response):
    """after_request: Cache-Control for every answer; ETag and 304 for shared pages."""
    if not may_be_shared(response):
        own = response.headers.get("Cache-Control", "")
        keeps_its_own = own and not (_sent_a_signed_in_cookie() or _writes_the_session())
        if not (keeps_its_own or "private" in own or "no-store" in own):
            _make_private(response)
        return response
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = SHARED
    if not response.is_streamed and not response.headers.get("ETag"):
        response.add_etag()
    return response.make_conditional(request)


def _make_private(response):
    response.headers["Cache-Control"] = PRIVATE
    response.headers.pop("ETag", None)


def _never_share_with_a_cookie(sender, response, **extra):
    """The last word, after the session and remember-me cookies are written: an answer that
    sets a cookie is never public, whatever was decided before."""
    if "Set-Cookie" in response.headers and "private" not in response.headers.get("Cache-Control", ""):
        _make_private(response)


def init_app(app):
    """Registered before the other after_request hooks, so that it runs after them (Flask
    runs them in reverse): the body is final, the transaction committed, the lang cookie set."""
    app.after_request(decide)
    request_finished.connect(_never_share_with_a_cookie, app)
