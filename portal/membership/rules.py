"""Numbers and helpers of the membership area that are not one field's range: the word
limit of the answers, the letter's size and format, the languages of communication, the
length of a call's texts and the expertise tags. The application's schema (schema.py) is where
they are applied to an application, together with the ranges of the city's figures and the
lengths of the answers (from the columns); the forms show the same numbers."""
from models.base import LANGUAGES
from portal.i18n import lazy_language_name
from portal.text import count_words  # noqa: F401  (export.py imports it from here)

MAX_WORDS = 200
LETTER_MAX_BYTES = 2 * 1024 * 1024
COMMUNICATION_LANGUAGES = {code: lazy_language_name(code) for code in LANGUAGES}
MAX_CALL_TEXT = 4000   # characters of a call's description or eligibility, in each language
MAX_EXPERTISE_TAGS = 10
MAX_TAG_LENGTH = 40


def looks_like_pdf(data):
    """A PDF starts with `%PDF-` and ends with an `%%EOF` marker (allowing trailing bytes)."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def parse_tags(text):
    """'literacy, green skills ,literacy' -> ['literacy', 'green skills'] (order kept)."""
    tags = []
    for part in (text or "").split(","):
        tag = " ".join(part.split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags
