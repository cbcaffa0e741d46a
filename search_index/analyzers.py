"""Text analysis per language: one analyzer for each of the portal's six languages, listed in
`LANGUAGES` (language -> how to make its analyzer, and the script its words are written in).
The schema's fields, the query's choice of fields and the highlighting all come from that table.

- English: Whoosh's StemmingAnalyzer (Porter), as before (english_fast.py repeats it for rebuilds).
- French, Spanish: Snowball stemmers and stop words (whoosh.lang), then accents folded (é → e),
  so that "bibliotheque" finds "bibliothèque" (see `FoldedStemFilter`).
- Russian: the Snowball stemmer and stop words.
- Arabic: normalisation (`normalise_arabic`), then the ISRI stemmer (whoosh.lang.isri), so
  that a word is found across the prefixes ال، و، ب، ل، ك، ف and the plural/feminine endings.
- Chinese: jieba's segmentation (chinese_dictionary.py).

The classes here are pickled into every index's schema (by their module and name): renaming
one makes the indexes built with it unreadable, so rename only together with a schema change
(which makes `schema.is_current` ask for a rebuild)."""
import functools
import re
import threading

from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
    Tokenizer,
)
from whoosh.analysis.acore import Token
from whoosh.lang import stemmer_for_language
from whoosh.lang import stopwords as whoosh_stopwords
from whoosh.lang.isri import ISRIStemmer
from whoosh.support.charset import accent_map

from . import chinese_dictionary


def english():
    return StemmingAnalyzer()


# -- French, Spanish, Russian: Snowball ------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _snowball(language):
    """The language's Snowball stemmer, remembering the last 50 000 words it stemmed."""
    return functools.lru_cache(maxsize=50_000)(stemmer_for_language(language))


def fold_accents(word):
    """The word without accents and other diacritics (é → e, ñ → n, ç → c, œ → oe)."""
    return word.translate(accent_map)


class FoldedStemFilter(Filter):
    """Stem each word with the language's Snowball stemmer, then fold its accents.

    A query typed without accents has to find the accented word. Folding after stemming keeps
    the stemmer's rules (which know the accents: Spanish "educación" → "educ"); but the same
    word typed without its accent stems differently ("educacion" stays whole). So, when
    indexing, a word whose two stems differ is indexed under both, at the same position (a
    phrase still matches): the stem of the word as written, and the stem of the word without
    accents. A query word gives only the first: typed with accents it finds the words with the
    same stem, typed without them it finds the second stem of the accented words."""
    is_morph = True

    def __init__(self, language):
        self.language = language

    def __call__(self, tokens):
        stem = _snowball(self.language)
        for token in tokens:
            word = token.text
            first = fold_accents(stem(word))
            token.text = first
            yield token
            if token.mode == "index":
                second = fold_accents(stem(fold_accents(word)))
                if second != first:
                    token.text = second
                    yield token


# Words Whoosh's (Snowball's) lists lack: the French plural article.
MORE_STOP_WORDS = {"fr": {"les"}}


def _stop_words(language):
    """Whoosh's list of the language's stop words, with Whoosh's English ones (as
    LanguageAnalyzer has them) and MORE_STOP_WORDS."""
    return (frozenset(STOP_WORDS) | frozenset(whoosh_stopwords.stoplists[language])
            | frozenset(MORE_STOP_WORDS.get(language, ())))


def _snowball_analyzer(language, fold):
    stemming = FoldedStemFilter(language) if fold else StemFilter(lang=language)
    return RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=_stop_words(language)) | stemming


def french():
    return _snowball_analyzer("fr", fold=True)


def spanish():
    return _snowball_analyzer("es", fold=True)


def russian():
    return _snowball_analyzer("ru", fold=False)


# -- Arabic ----------------------------------------------------------------------------------------

# Short vowels and other marks (tashkeel, Quranic annotation marks) and the tatweel (ـ), which
# writers add or leave out without changing the word.
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
_MARKS = re.compile(f"[{ARABIC_MARKS}]")
# Words as Whoosh's default tokenizer finds them, with the marks inside a word (Python's \w
# does not match them, so a vowelled word would be cut in pieces).
_ARABIC_WORD = rf"[\w{ARABIC_MARKS}]+(\.?[\w{ARABIC_MARKS}]+)*"
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
# A conjunction (و "and", ف "so") before a prefix the stemmer removes (ال، بال، كال، لل).
_CONJUNCTION = re.compile("^[وف](?=ال|بال|كال|لل)")
# The most frequent particles and pronouns, normalised (the stemmer would keep them whole).
ARABIC_STOP_WORDS = frozenset(
    "في من الي علي عن مع هذا هذه ذلك تلك التي الذي الذين هو هي هم نحن انت ان كان كانت قد لا ما لم "
    "لن او ثم بين كل عند حتي اذا بعد قبل منذ غير".split())


def normalise_arabic(word):
    """The spelling variants of an Arabic word made one: marks and tatweel removed, the forms
    of alef (أ إ آ ٱ) made a bare alef (ا), alef maqsura (ى) made yeh (ي), and a final heh (ه)
    made teh marbuta (ة), which writers use in its place."""
    word = _MARKS.sub("", word).translate(_LETTERS)
    return word[:-1] + "ة" if len(word) > 2 and word.endswith("ه") else word


_isri = threading.local()   # the ISRI stemmer keeps the word being stemmed on itself


def arabic_stem(word):
    """The stem of a normalised Arabic word: a conjunction before the article removed, the
    ISRI stemmer (prefixes, suffixes, patterns: المكتبات and بالمكتبة → كتب), then teh marbuta
    made heh (ة → ه) in what it leaves."""
    return _arabic_stem_cached(word)


@functools.lru_cache(maxsize=50_000)
def _arabic_stem_cached(word):
    stemmer = getattr(_isri, "stemmer", None)
    if stemmer is None:
        stemmer = _isri.stemmer = ISRIStemmer()
    word = _CONJUNCTION.sub("", word) if len(word) > 5 else word
    return stemmer.stem(word).replace("ة", "ه")


class ArabicNormaliseFilter(Filter):
    """Each word normalised (`normalise_arabic`)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = normalise_arabic(token.text)
            yield token


class ArabicStemFilter(Filter):
    """Each word stemmed (`arabic_stem`)."""
    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            token.text = arabic_stem(token.text)
            yield token


def arabic():
    # Stop words are dropped after normalisation (so that أن and ان are one), before stemming.
    return (RegexTokenizer(expression=_ARABIC_WORD) | LowercaseFilter() | ArabicNormaliseFilter()
            | StopFilter(stoplist=ARABIC_STOP_WORDS) | ArabicStemFilter())


# -- Chinese ---------------------------------------------------------------------------------------

def load_chinese_dictionary(compact=False):
    """jieba with its dictionary loaded (see chinese_dictionary.py). gunicorn's master loads
    the compact form before it forks (gunicorn.conf.py), so the workers share one small copy."""
    return chinese_dictionary.load(compact=compact)


class ChineseTokenizer(Tokenizer):
    """Chinese words as jieba segments them in search mode (a long word, then the shorter
    words inside it, for recall), numbered in order so that phrases can be matched.

    jieba ships a Whoosh analyzer too, but importing it loads jieba.analyse's keyword
    tables (~100 MB per worker) and it numbers tokens by character offset."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        jieba = load_chinese_dictionary()
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for word, start, end in jieba.tokenize(value, mode="search"):
            if not word.strip() or (len(word) == 1 and not word.isalnum()):
                continue  # spaces and punctuation
            token.text = word
            if keeporiginal:
                token.original = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = position
                position += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def chinese():
    """Chinese segmentation; English words inside Chinese text are lower-cased and stemmed."""
    return ChineseTokenizer() | LowercaseFilter() | StopFilter(minsize=1) | StemFilter()


# -- the table -------------------------------------------------------------------------------------

# language -> (its analyzer, the script its words are written in), in the portal's order of
# languages (models/base.py LANGUAGES; a test checks that the two agree).
LANGUAGES = {
    "en": (english, "latin"),
    "fr": (french, "latin"),
    "es": (spanish, "latin"),
    "ru": (russian, "cyrillic"),
    "ar": (arabic, "arabic"),
    "zh": (chinese, "han"),
}


def languages_of_script(script):
    return tuple(language for language, (_make, written) in LANGUAGES.items() if written == script)


_shared = {}


def for_language(language):
    """This process's analyzer of a language (English for a language the index does not
    know), made once: for highlighting and for finding how a query word is indexed."""
    language = language if language in LANGUAGES else "en"
    if language not in _shared:
        _shared[language] = LANGUAGES[language][0]()
    return _shared[language]


def terms(language, word):
    """How a language's fields index a word typed in a query: its stem (none for a stop word,
    several for a word the analyzer cuts in pieces)."""
    return [t.text for t in for_language(language)(word, mode="query")]


def term(language, word):
    """The one term a language's fields index for a query word, or the word itself when the
    analyzer drops it (a stop word) or cuts it in several."""
    found = terms(language, word)
    return found[0] if len(found) == 1 else word


def english_term(word):
    """How the English analyzer indexes one word (its stem)."""
    tokens = [t.text for t in for_language("en")(word)]
    return tokens[0] if tokens else word
