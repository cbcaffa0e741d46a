"""Limits of an application and a call that the form and the operations share: the words of
an answer, the letter, the languages of communication, the texts of a call, expertise tags.
Not all of them live here yet: the ranges of the figures (population, data year, years of
schooling, area, GDP) and the lengths of the contact fields are written only in
`forms.py::ApplicationForm`, so the operations do not check them."""
from portal.i18n import lazy_language_name
from portal.text import count_words  # noqa: F401  (the membership limits count with it)

MAX_WORDS = 200
LETTER_MAX_BYTES = 2 * 1024 * 1024
COMMUNICATION_LANGUAGES = {code: lazy_language_name(code) for code in ("en", "fr", "es", "ar", "ru", "zh")}
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
