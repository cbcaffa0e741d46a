"""Every catalogue the portal ships (translations/<language>/) is complete and in step with
the source code."""
import os
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from tests.conftest import ROOT

TRANSLATIONS = os.path.join(ROOT, "translations")
SHIPPED = sorted(name for name in os.listdir(TRANSLATIONS)
                 if os.path.exists(os.path.join(TRANSLATIONS, name, "LC_MESSAGES", "messages.po")))
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(language="zh"):
    with open(os.path.join(TRANSLATIONS, language, "LC_MESSAGES", "messages.po"), "rb") as handle:
        return read_po(handle, locale=language)


def test_the_six_languages_of_the_united_nations_are_shipped():
    assert SHIPPED == ["ar", "es", "fr", "ru", "zh"]   # and English, the source


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_the_same_placeholders(language):
    messages = catalogue(language)
    for message in messages:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"{language}: untranslated: {msgid!r}"
        if not isinstance(message.id, str):
            assert len(strings) == messages.num_plurals, f"{language}: plural forms of {msgid!r}"
        wanted = set(PLACEHOLDER.findall(msgid)) - {"num"}
        for string in strings:
            assert wanted <= set(PLACEHOLDER.findall(string)), f"{language}: placeholders of {msgid!r}"


def _key(message):
    """A message is its context and its msgid: "To" (date range) and "To" (mail recipient)
    are two messages."""
    return (message.context or "", message.id if isinstance(message.id, str) else message.id[0])


@pytest.fixture(scope="module")
def strings_in_code(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "pybabel"), "extract",
         "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2",
         "--ignore-dirs", ".* __pycache__",
         "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        return {_key(m) for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_covers_every_string_in_the_code(language, strings_in_code):
    translated = {_key(m) for m in catalogue(language) if m.id}
    missing = sorted(strings_in_code - translated, key=str)
    assert missing == [], f"run `make update-messages` and translate ({language}): {missing}"


# An ASCII colon (or semicolon, comma, question or exclamation mark) that ends a phrase:
# followed by a space or the end. URLs, placeholders and times ("09:30") are not phrases.
ASCII_PHRASE_END = re.compile(r"[:;,?!](\s|$)")
NOT_PROSE = re.compile(r"https?://\S*|%\(\w+\)s|\{\w+\}|\d:\d|\[[^\]]*\]\([^)]*\)")


def test_chinese_text_uses_full_width_punctuation():
    wrong = []
    for message in catalogue():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string and re.search(r"[\u4e00-\u9fff]", string) and \
                    ASCII_PHRASE_END.search(NOT_PROSE.sub("", string)):
                wrong.append(string)
    assert wrong == [], "use ：，；？！ in Chinese text"
