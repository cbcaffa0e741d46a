"""How each language's fields analyse words (search_index/analyzers.py): what a query word and
a word of a practice become, so that the forms a reader would call "the same word" meet."""
import pytest

from models.base import LANGUAGES
from search_index import analyzers
from search_index.schema import TEXT_FIELDS, build_schema, is_current


def indexed(language, text):
    """The terms a language's field indexes for a text (every form of each word)."""
    return {t.text for t in analyzers.for_language(language)(text, mode="index")}


def query_term(language, word):
    terms = analyzers.terms(language, word)
    assert len(terms) == 1, terms
    return terms[0]


def test_the_index_has_fields_for_the_portals_six_languages():
    assert tuple(analyzers.LANGUAGES) == LANGUAGES
    assert sorted(TEXT_FIELDS) == sorted(f"{kind}_{code}" for kind in ("title", "text") for code in LANGUAGES)
    schema = build_schema()
    assert all(name in schema for name in TEXT_FIELDS)


@pytest.mark.parametrize("language, query, text", [
    ("fr", "bibliothèques", "La bibliothèque du quartier"),
    ("fr", "bibliotheque", "Les bibliothèques municipales"),      # typed without its accent
    ("fr", "Éducation", "une éducation numérique"),
    ("fr", "education", "une éducation numérique"),
    ("es", "bibliotecas", "La biblioteca del barrio"),
    ("es", "educación", "la educación de adultos"),
    ("es", "educacion", "la educación de adultos"),                # a stem that depends on the accent
    ("es", "ninos", "los niños del barrio"),
    ("ru", "библиотеки", "Городская библиотека"),
    ("ru", "библиотекой", "в библиотеке"),
    ("ru", "учеба", "учёба взрослых"),
])
def test_a_query_word_meets_other_forms_of_the_word(language, query, text):
    assert query_term(language, query) in indexed(language, text)


@pytest.mark.parametrize("written", ["المكتبات", "والمكتبة", "بالمكتبة", "للمكتبة", "فالمكتبة", "كالمكتبة",
                                     "وبالمكتبة", "المَكْتَبَة", "مكتبـــة", "مكتبه"])
def test_an_arabic_word_is_found_across_its_prefixes_endings_and_vowel_marks(written):
    assert query_term("ar", "مكتبة") in indexed("ar", f"يزور السكان {written} كل أسبوع")


def test_arabic_spelling_variants_are_normalised():
    assert analyzers.normalise_arabic("المَكْتَبَةُ") == "المكتبة"        # short vowels
    assert analyzers.normalise_arabic("مـكـتـبـة") == "مكتبة"            # tatweel
    assert analyzers.normalise_arabic("أإآٱ") == "اااا"                   # the forms of alef
    assert analyzers.normalise_arabic("مستشفى") == "مستشفي"              # alef maqsura → yeh
    assert analyzers.normalise_arabic("مدرسه") == "مدرسة"                # final heh → teh marbuta
    assert query_term("ar", "الإبداع") == query_term("ar", "الابداع")
    assert query_term("ar", "مستشفى") == query_term("ar", "مستشفي")


def test_a_vowelled_arabic_word_stays_one_word():
    tokens = [t.text for t in analyzers.for_language("ar")("المَكْتَبَة العامة")]
    assert len(tokens) == 2


def test_stop_words_are_not_indexed():
    assert analyzers.terms("fr", "les") == [] and analyzers.terms("es", "los") == []
    assert analyzers.terms("ru", "для") == [] and analyzers.terms("ar", "في") == []
    assert analyzers.terms("ar", "إلى") == []     # after normalisation (الى)


def test_an_index_of_the_two_language_schema_is_reported_for_a_rebuild():
    older = build_schema()
    for language in ("fr", "es", "ru", "ar"):
        older.remove(f"title_{language}")
        older.remove(f"text_{language}")
    assert not is_current(older)


def test_an_index_whose_analyzer_changed_is_reported_for_a_rebuild():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT
    changed = build_schema()
    changed.remove("text_fr")
    changed.add("text_fr", TEXT(analyzer=StemmingAnalyzer()))   # same kind of field, other analysis
    assert is_current(build_schema()) and not is_current(changed)
