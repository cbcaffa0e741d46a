"""The Chinese catalogue is complete and in step with the source code."""
import os
import re
import subprocess
import sys

from babel.messages.pofile import read_po

from tests.conftest import ROOT

PO = os.path.join(ROOT, "translations", "zh", "LC_MESSAGES", "messages.po")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue():
    with open(PO, "rb") as handle:
        return read_po(handle, locale="zh")


def test_every_message_is_translated_with_the_same_placeholders():
    for message in catalogue():
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[-1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, f"untranslated: {msgid!r}"
        wanted = set(PLACEHOLDER.findall(msgid)) - {"num"}
        for string in strings:
            assert wanted <= set(PLACEHOLDER.findall(string)), f"placeholders of {msgid!r}"


def _key(message):
    """A message is its context and its msgid: "To" (date range) and "To" (mail recipient)
    are two messages."""
    return (message.context or "", message.id if isinstance(message.id, str) else message.id[0])


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "pybabel"), "extract",
         "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_pgettext:1c,2",
         "--ignore-dirs", ".* __pycache__",
         "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        in_code = {_key(m) for m in read_po(handle) if m.id}
    translated = {_key(m) for m in catalogue() if m.id}
    missing = sorted(in_code - translated, key=str)
    assert missing == [], f"run `make update-messages` and translate: {missing}"


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
