"""Text helpers shared by areas: counting words, slugs, and Markdown rendered safely."""
import re
import unicodedata

from markupsafe import Markup
from slugify import slugify as python_slugify

from models.markdown import ALLOWED_TAGS, render_markdown  # noqa: F401  (rendered when stored; see there)

# Chinese is written without spaces. A Chinese word is most often two characters, so two
# characters count as one word (a 200-word limit allows 400 characters), rounded up. Other
# text counts its runs of non-space characters that hold a letter or a digit (so a lone
# dash or a full-width comma is no word). static/js/word-count.js counts the same way.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RUN = re.compile(r"[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
CHINESE_CHARACTERS_PER_WORD = 2


def count_words(text):
    text = text or ""
    han = len(_HAN.findall(text))
    runs = sum(1 for run in _RUN.findall(text) if _LETTER_OR_DIGIT.search(run))
    return runs - (-han // CHINESE_CHARACTERS_PER_WORD)


def _latin_or_ascii(character):
    return character.isascii() or unicodedata.name(character, "").startswith("LATIN ")


def slugify(text, *, fallback="item", max_length=80):
    """A slug for a new row: Latin letters lose their accents (`São Paulo` → `sao-paulo`,
    `Łódź` → `lodz`, `Straße` → `strasse`); other scripts (Chinese, Cyrillic…) are left out
    rather than spelt out, so a title without Latin letters or digits, or a slug shorter than
    three characters, gives `fallback`. Made once, when the row is created: slugs in links
    never change."""
    latin = "".join(c if _latin_or_ascii(c) else " " for c in unicodedata.normalize("NFC", text or ""))
    slug = python_slugify(latin, entities=False, decimal=False, hexadecimal=False)
    slug = slug[:max_length].strip("-")
    return slug if len(slug) >= 3 else fallback


def plain_paragraphs(text, *, links=False):
    """Plain text (an application's answers) as HTML that keeps its shape: a blank line
    starts a paragraph, a line break stays a line break (so typed lists stay lists). All of
    it is escaped; with `links`, web addresses become links."""
    from jinja2.utils import urlize
    from markupsafe import escape
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n\s*", normalised):
        lines = [line.rstrip() for line in block.split("\n")]
        shown = [urlize(line, rel="nofollow noopener", target="_blank") if links else str(escape(line))
                 for line in lines]
        paragraphs.append("<p>" + "<br>\n".join(shown) + "</p>")
    return Markup("\n".join(paragraphs)) if normalised else Markup("")
