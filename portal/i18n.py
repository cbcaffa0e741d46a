"""Language selection and the helpers templates use to show bilingual data.

The reader's language is, in order: `?lang=` in the URL (shareable links), the cookie set
by the language switcher, the browser's `Accept-Language`, then English.
"""
from urllib.parse import urlencode

from flask import current_app, request
from flask_babel import get_locale

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
# The value of <html lang>: Simplified Chinese script is what the translations use.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
COOKIE_MAX_AGE = 365 * 24 * 3600


def _supported():
    return current_app.config["LANGUAGES"]


def requested_language():
    """The language asked for in the URL, if it is one we have."""
    value = request.args.get("lang", "")
    return value if value in _supported() else None


def select_locale():
    if not request:
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    cookie = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    return (requested_language()
            or (cookie if cookie in _supported() else None)
            or request.accept_languages.best_match(_supported())
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_language(response):
    """After a request with `?lang=`, keep that choice in a cookie."""
    language = requested_language()
    if language and request.cookies.get(current_app.config["LANGUAGE_COOKIE"]) != language:
        response.set_cookie(current_app.config["LANGUAGE_COOKIE"], language,
                            max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    # Pages differ by language: caches must key on what chooses it.
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def current_language():
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]).split("_")[0]


def localized(obj, field):
    """`obj.<field>` in the reader's language (English when that text is missing)."""
    return obj.localized(field, current_language()) if obj is not None else ""


def url_in_language(language):
    """The current page's URL with `?lang=` set, keeping its other query parameters."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", language))
    return request.path + "?" + urlencode(args)


def absolute_url_in_language(language):
    """The same, as an absolute URL on the configured address (for `hreflang` alternates)."""
    from portal.urls import absolute_url
    return absolute_url(url_in_language(language))


def template_helpers():
    return {
        "current_language": current_language,
        "html_lang": lambda: HTML_LANG.get(current_language(), current_language()),
        "loc": localized,
        "url_in_language": url_in_language,
        "absolute_url_in_language": absolute_url_in_language,
        "language_names": LANGUAGE_NAMES,
    }
