"""Text of unknown language (posts, notes, city names) is recognised in each of the six
languages and marked, with its direction, when it is not in the page's language."""
import pytest

from portal.language_of_parts import language_of, marked


@pytest.mark.parametrize("text, language", [
    ("The library opens its doors to every resident of the city.", "en"),
    ("La bibliothèque ouvre ses portes à tous les habitants de la ville.", "fr"),
    ("La biblioteca abre sus puertas a todos los vecinos de la ciudad.", "es"),
    # Words that French and Spanish share ("que", "entre") tell neither.
    ("Dites ce que la ville a modifié (ou qu'elle n'a rien modifié).", "fr"),
    ("Ce que nous avons appris entre deux visites", "fr"),
    ("Lo que más nos sirvió fue su apoyo.", "es"),
    ("Библиотека открыта для всех жителей города.", "ru"),
    ("تفتح المكتبة أبوابها لجميع سكان المدينة.", "ar"),
    ("图书馆向全市居民开放。", "zh"),
    ("休姆全球学习村（Hume Global Learning Village）的图书馆", "zh"),
])
def test_the_language_of_a_text_is_recognised(app, text, language):
    with app.test_request_context("/?lang=en"):
        assert language_of(text) == language


def test_a_latin_text_too_short_to_tell_is_in_the_pages_language(app):
    with app.test_request_context("/?lang=fr"):
        assert language_of("Tunis") == "fr" and str(marked("Tunis")) == "Tunis"
    with app.test_request_context("/?lang=ru"):
        assert language_of("Tunis") == "en"


def test_text_running_the_other_way_is_isolated(app):
    with app.test_request_context("/?lang=ar"):
        assert str(marked("Hume City Council")) == '<bdi lang="en">Hume City Council</bdi>'
        assert str(marked("مكتبة الحي")) == "<bdi>مكتبة الحي</bdi>"
    with app.test_request_context("/?lang=en"):
        assert str(marked("مكتبة الحي")) == '<bdi lang="ar">مكتبة الحي</bdi>'
        assert str(marked("Библиотека")) == '<span lang="ru">Библиотека</span>'

