"""Language of parts (WCAG 3.1.2): text shown in another language than the page's is marked
with a `lang` attribute, so that a screen reader reads it with the right voice and a browser
hyphenates, translates and picks fonts right.

Templates show user content and reference data through these helpers:
- `shown(obj, field)`: the field in the reader's language (or the language it falls back to),
  wrapped in `<span lang="…">` when that is not the page's language;
- `lang_attr(obj, field)` or `lang_attr(text)`: ` lang="…"` (or nothing) for an element that
  holds a longer text (a summary, a post);
- `marked(text)`: any other text, wrapped when its language is not the page's;
- `lang_value(text)`: the value alone, for a field's attributes (the form macros);
- `marked_runs(text)`: text that mixes both scripts (a citation of a Chinese article given
  in English), each run marked with its own language.

A practice knows its language and those of its translations. Other text (city names, posts,
notes) may be in any of the six languages: its script tells Chinese, Arabic and Russian apart;
among the Latin-script languages, a few very common words tell English, French and Spanish
apart, and text too short to tell is taken to be in the page's language when the page is in
one of them (else English). A city added by name only shows the name given in every language
(portal.cities.operations.add_city).

Direction (bidi isolation): on a page read right to left (Arabic), and wherever a text holds
right-to-left letters, user text is isolated from what surrounds it, so that a Latin name in
an Arabic sentence (or an Arabic name in an English one) keeps its place and its punctuation:
`shown` and `marked` wrap it in `<bdi>` in place of `<span>`, `lang_attr` adds `dir="auto"`,
`isolated(text)` isolates text that has no language (an address, a file name) and
`dir_auto(text)` gives the attribute alone, for an element that writes out its own `lang`.
On a left-to-right page, left-to-right text is left as it is: it needs no isolation."""
import re

from markupsafe import Markup, escape

from portal.i18n import HTML_LANG, current_language, text_direction

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ARABIC_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]+")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
# Letters written right to left: Hebrew, Arabic (with its supplements and presentation forms),
# Syriac, Thaana, N'Ko.
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Words that are frequent in one of the Latin-script languages and rare in the other two.
_COMMON_WORDS = {
    "en": frozenset("the and of to is are with for this that from was were have has which".split()),
    "fr": frozenset("le les des et est une du au aux avec pour dans sur qui sont leur ses ce cette nous "
                    "vous mais pas ont été".split()),
    # Not "que" nor "entre": as frequent in French.
    "es": frozenset("el los las del y es una con por para al sus como lo su más pero muy también".split()),
}
LATIN_LANGUAGES = ("en", "fr", "es")
RIGHT_TO_LEFT = frozenset({"ar"})
_TAG = re.compile(r"<[^>]*>")
# A run of Chinese characters with the full-width punctuation between them.
_HAN_RUN = re.compile(r"([\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)")


def language_of(text):
    """The language `text` is most likely written in: its script (Chinese characters, Arabic,
    Cyrillic) and, for Latin letters, its commonest words."""
    plain = _TAG.sub(" ", str(text or ""))
    latin = _LATIN_WORD.findall(plain)
    counts = {"zh": len(_HAN.findall(plain)), "ar": len(_ARABIC_WORD.findall(plain)),
              "ru": len(_CYRILLIC_WORD.findall(plain)), "latin": len(latin)}
    script = max(counts, key=counts.get)
    if counts[script] and script != "latin" and counts[script] > counts["latin"]:
        return script
    words = [word.lower() for word in latin]
    hits = {language: sum(word in common for word in words)
            for language, common in _COMMON_WORDS.items()}
    best = max(hits, key=hits.get)
    if hits[best] and list(hits.values()).count(hits[best]) == 1:
        return best
    page = current_language()
    return page if page in LATIN_LANGUAGES else "en"


def _text_and_language(obj, field):
    language = current_language()
    if hasattr(obj, "text_in"):  # a practice: it records its language and its translation's
        return obj.text_in(language, field), obj.shown_language(language, field)
    if hasattr(obj, "localized"):
        text = obj.localized(field, language)
    else:  # an object with a method per field, taking the language (a cluster's name)
        text = getattr(obj, field)(language)
    return text, language_of(text)


def lang_for(language):
    """The value of `lang` for text in `language` ('en', 'ar', ...): empty if it is the page's."""
    return "" if language == current_language() else HTML_LANG.get(language, language)


def lang_attributes(language):
    """{"lang": …} for an element holding text known to be in `language` (a translation's),
    with "dir" when it runs the other way than the page; {} when it is the page's language."""
    other = lang_for(language)
    if not other:
        return {}
    if (language in RIGHT_TO_LEFT) != (current_language() in RIGHT_TO_LEFT):
        return {"lang": other, "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr"}
    return {"lang": other}


def attributes_for(language):
    """The same, written out: ` lang="…"` (and ` dir="…"`), or nothing."""
    return Markup("").join(Markup(' %s="%s"') % item for item in lang_attributes(language).items())


def _attr(language):
    """` lang="…"` alone: where it goes, direction comes from `<bdi>` or `dir_auto`."""
    other = lang_for(language)
    return Markup(' lang="%s"') % other if other else ""


def shown(obj, field):
    """`obj.field` in the reader's language, marked with its language if it is another."""
    if obj is None:
        return ""
    text, language = _text_and_language(obj, field)
    return _wrap(text, language)


def marked(text):
    """User text of unknown language (a post, a note), marked if it is not the page's."""
    return _wrap(text, language_of(text))


def marked_runs(text):
    """Mixed text, each run of Chinese and each run of Latin words marked with its language
    when that is not the page's; punctuation and figures between them stay unmarked."""
    pieces = []
    for n, part in enumerate(_HAN_RUN.split(str(text or ""))):
        language = "zh" if n % 2 else ("en" if _LATIN_WORD.search(part) else None)
        pieces.append(_wrap(part, language) if language and part.strip() else escape(part))
    return Markup("").join(pieces)


def lang_attr(obj_or_text, field=None, isolate=True):
    """` lang="…"` for an element holding this text (nothing if in the page's language), and
    ` dir="auto"` where it needs isolating (not in SVG, which has no `dir`: `isolate=False`)."""
    if obj_or_text is None:
        return ""
    if field is None:
        text, language = obj_or_text, language_of(obj_or_text)
    else:
        text, language = _text_and_language(obj_or_text, field)
    return _attr(language) + (dir_auto(text) if isolate else "")


def lang_value(text):
    """The value of `lang` for an element holding `text` (empty if in the page's language)."""
    return lang_for(language_of(text))


def needs_isolation(text):
    """Whether `text` shown on this page must be isolated from its surroundings: always on a
    right-to-left page, and on another for text with right-to-left letters in it."""
    return text_direction() == "rtl" or bool(_RTL.search(str(text or "")))


def isolated(text):
    """Text of no particular language (an email address, a web address, a file name), in
    `<bdi>` where it needs isolating."""
    return Markup("<bdi>%s</bdi>") % text if text and needs_isolation(text) else escape(text or "")


def dir_auto(text):
    """` dir="auto"` for an element that holds only `text` (user text), where it needs it."""
    return Markup(' dir="auto"') if text and needs_isolation(text) else ""


def _wrap(text, language):
    attr = _attr(language)
    if text and needs_isolation(text):
        return Markup("<bdi%s>%s</bdi>") % (attr, text)
    return Markup("<span%s>%s</span>") % (attr, text) if attr and text else escape(text or "")


def template_helpers():
    return {"shown": shown, "marked": marked, "marked_runs": marked_runs, "lang_attr": lang_attr,
            "lang_value": lang_value, "isolated": isolated, "dir_auto": dir_auto,
            "lang_attributes": lang_attributes}
