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

A practice knows its language and that of its translation. Other text (city names, posts,
notes) is written in English or Chinese, and its script tells which: a Chinese name is
written in Chinese characters, and a city added by name only keeps its English name in both
fields (portal.cities.operations.add_city)."""
import re

from markupsafe import Markup, escape

from portal.i18n import HTML_LANG, current_language

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_TAG = re.compile(r"<[^>]*>")
# A run of Chinese characters with the full-width punctuation between them.
_HAN_RUN = re.compile(r"([\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)")


def language_of(text):
    """'zh' for text mostly in Chinese characters, else 'en' (the portal's two languages)."""
    plain = _TAG.sub(" ", str(text or ""))
    return "zh" if len(_HAN.findall(plain)) > len(_LATIN_WORD.findall(plain)) else "en"


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
    """The value of `lang` for text in `language` ('en', 'zh'): empty if it is the page's."""
    return "" if language == current_language() else HTML_LANG.get(language, language)


def _attr(language):
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


def lang_attr(obj_or_text, field=None):
    """` lang="…"` for an element holding this text (nothing if in the page's language)."""
    if field is None:
        return _attr(language_of(obj_or_text))
    return _attr(_text_and_language(obj_or_text, field)[1]) if obj_or_text is not None else ""


def lang_value(text):
    """The value of `lang` for an element holding `text` (empty if in the page's language)."""
    return lang_for(language_of(text))


def _wrap(text, language):
    attr = _attr(language)
    return Markup("<span%s>%s</span>") % (attr, text) if attr and text else escape(text or "")


def template_helpers():
    return {"shown": shown, "marked": marked, "marked_runs": marked_runs, "lang_attr": lang_attr,
            "lang_value": lang_value}
