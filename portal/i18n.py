"""Language selection and the helpers templates use to show data in several languages.

The reader's language is, in order: `?lang=` in the URL (shareable links), the cookie set
by the language switcher, the browser's `Accept-Language`, then English.
"""
import functools
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from flask import current_app, request
from flask.globals import _cv_app as _app_context
from flask_babel import get_locale
from flask_babel.speaklater import LazyString

# Autonyms: each language named in itself. Only the language switcher uses them; everywhere
# else a language is named in the reader's language (`language_name`).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский",
                  "ar": "العربية", "zh": "中文"}
# The value of <html lang>: Simplified Chinese script is what the translations use.
HTML_LANG = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "zh-Hans"}
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
    locale = locale_in_force()
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def localized(obj, field):
    """`obj.<field>` in the reader's language (English when that text is missing)."""
    return obj.localized(field, current_language()) if obj is not None else ""


def language_name(code, in_language=None):
    """The name of the language `code` in the reader's language (or `in_language`): on a
    Chinese page "en" is 英语, on an English page "zh" is Chinese."""
    try:
        name = Locale.parse(code).get_display_name(in_language or current_language())
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name or code


def text_direction(language=None):
    """"rtl" for a language written right to left (Arabic), else "ltr": the value of
    <html dir>, from the locale's character order in Babel's data (the reader's language
    unless `language` is given)."""
    return _direction(language or current_language())


@functools.lru_cache(maxsize=None)
def _direction(language):
    try:
        return Locale.parse(language).text_direction
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"


def list_of(items):
    """Items joined as a list reads in the reader's language: "a, b, and c"; "甲、乙和丙"."""
    return format_list([str(item) for item in items], locale=current_language())


def lazy_language_name(code):
    """`language_name` worked out when shown, for choices defined at import time."""
    return LazyString(language_name, code)


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
        "text_direction": text_direction,
        "loc": localized,
        "url_in_language": url_in_language,
        "absolute_url_in_language": absolute_url_in_language,
        "language_names": LANGUAGE_NAMES,
        "language_name": language_name,
    }


# --- Translating in templates, fast -----------------------------------------------------
# A page calls gettext hundreds of times; Flask-Babel finds the locale and the catalogue
# anew each time (three look-ups in `g`, and formatting the locale's name). These do the
# same with one look-up: the locale in force (force_locale included) is read where
# Flask-Babel keeps it, and each locale's catalogue is kept for the life of the process
# (catalogues do not change while it runs).
_catalogues = {}


def locale_in_force():
    """flask_babel.get_locale(), reading the locale it has already chosen when there is one
    (in the application context's `g`, reached without going through Flask's proxies)."""
    context = _app_context.get(None)
    kept = getattr(context.g, "_flask_babel", None) if context is not None else None
    locale = getattr(kept, "babel_locale", None)
    return locale if locale is not None else get_locale()


def _catalogue():
    locale = locale_in_force()
    found = _catalogues.get(locale)
    if found is None:
        from flask_babel import get_translations
        found = _catalogues[locale] = get_translations()
    return found


def install_template_gettext(app):
    """Give templates the fast gettext functions (in place of Flask-Babel's own)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _catalogue().ugettext(s),
        ngettext=lambda s, p, n: _catalogue().ungettext(s, p, n),
        pgettext=lambda c, s: _catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: _catalogue().unpgettext(c, s, p, n),
        newstyle=True)
