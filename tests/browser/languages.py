"""The languages the browser tests run in, and what a journey needs to run in one: the browser's
locale (its Accept-Language chooses the portal's language) and the page's words.

The journeys and the page-type walks run in English and Chinese (the languages the portal
started with), French (a second Latin-script language, where an English word left over
shows) and Arabic (written right to left)."""
import functools
import re

from babel.support import Translations

JOURNEY_LANGUAGES = ["en", "zh", "fr", "ar"]
# The browser's locale for each language of the portal.
LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "ar": "ar-MA", "zh": "zh-CN"}


def locale(language):
    return LOCALES[language]


def words(language):
    """t(s, context=None, **values): the English source `s` as the page shows it in `language`
    (its translation, in its message context when it has one), with `values` put in; and
    t.plural(singular, plural, num, **values), as ngettext (num is put in as %(num)s).

    The catalogue is read when called, not at import: the tests' first fixture compiles it,
    after the test modules are imported."""
    catalogue = Translations.load("translations", [language]) if language != "en" else None

    def t(s, context=None, **values):
        if catalogue is not None:
            s = catalogue.pgettext(context, s) if context else catalogue.gettext(s)
        return s % values

    def plural(singular, plural, num, **values):
        if catalogue is not None:
            s = catalogue.ngettext(singular, plural, num)
        else:
            s = singular if num == 1 else plural
        return s % {"num": num, **values}
    t.plural = plural
    return t


def words_counted(t, count, most):
    """What a live word counter says: "10 of 200 words"."""
    return t("{count} of {max} words").replace("{count}", str(count)).replace("{max}", str(most))


def city_name(slug, language):
    """A demo city's name in `language`, as the demo data (data/demo/cities.yaml) gives it."""
    return _demo_cities()[slug]["name"][language]


@functools.cache
def _demo_cities():
    import yaml
    with open("data/demo/cities.yaml", encoding="utf-8") as file:
        data = yaml.safe_load(file)
    return {city["slug"]: city for city in (data["cities"] if isinstance(data, dict) else data)}


def sign_in(page, email, t):
    """Sign in with a demo account, through the form as the page words it."""
    from playwright.sync_api import expect

    from portal.reference.demo_membership import DEMO_PASSWORD
    page.goto("/login")
    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/start$"))


def sign_out(page, t):
    page.get_by_role("button", name=t("Sign out"), exact=True).click()
