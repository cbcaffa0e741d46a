"""The limits an application must respect, in one place for the form, the operations and
any future API."""
import re

from flask_babel import lazy_gettext as _l

MAX_WORDS = 200
LETTER_MAX_BYTES = 2 * 1024 * 1024
COMMUNICATION_LANGUAGES = {
    "en": _l("English"), "fr": _l("French"), "es": _l("Spanish"),
    "ar": _l("Arabic"), "ru": _l("Russian"), "zh": _l("Chinese"),
}
MAX_EXPERTISE_TAGS = 10
MAX_TAG_LENGTH = 40

# A Latin-script word, or a single CJK character (Chinese is written without spaces, and
# each character counts as a word, as word processors count it).
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def count_words(text):
    return len(_WORD.findall(text or ""))


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
