"""The one schema of a practice: limits that match the columns and hold in the operation,
the form and the import alike; what a reader needs before a practice goes out; words
counted fairly in Chinese."""
import json

import pytest
from sqlalchemy import select

from models.practices import Practice
from models.practices import PracticeStatus as S
from portal.cities.queries import city_by_slug
from portal.domain_errors import Invalid, InvalidFields
from portal.extensions import db
from portal.practices import content, importing, operations
from portal.text import count_words
from tests.conftest import complete_practice_line
from tests.test_practices import form, write_draft


def data(**changes):
    base = {"title": "Reading circles", "language": "en", "city": city_by_slug("columbus"),
            "summary": "Small reading circles meet every week in the library for adults who want "
                       "to read better, with a volunteer who chooses short texts with them.",
            "need": "Many adults in the district read with difficulty and avoid formal courses.",
            "activities": "Weekly circles of six readers and a trained volunteer, with short texts "
                          "chosen together, a quiet room, tea, and a book to take home each time.",
            "results": "Forty adults took part in the first year; half of them now borrow books.",
            "commitments": [2]}
    base.update(changes)
    return base


@pytest.mark.parametrize("field", ["title", "organisation", "url", "source"])
def test_a_value_as_long_as_its_column_is_saved_and_one_more_character_is_refused(app_context, actors, field):
    """What the operation accepts the database holds (PostgreSQL would refuse a longer string)."""
    size = Practice.__table__.c[field].type.length
    value = ("https://example.org/" + "a" * size)[:size] if field == "url" else "a" * size
    practice = operations.create_practice(data(**{field: value}), actor=actors["practitioner"])
    db.session.flush()
    db.session.expire(practice)
    assert getattr(practice, field) == value
    with pytest.raises(InvalidFields) as error:
        operations.create_practice(data(**{field: value + "a"}), actor=actors["practitioner"])
    assert [p.field for p in error.value.problems] == [field]


@pytest.mark.parametrize("field, too_long", [
    ("organisation", "O" * 201),      # the import used to accept 500 in a 200-character column
    ("body", "word " * 4001),         # 20 005 characters of Markdown
    ("need", "x" * 5001),
    ("source", "s" * 501),
])
def test_one_limit_holds_in_the_operation_the_form_and_the_import(app, client, login_as, actors,
                                                                  runner, tmp_path, field, too_long):
    with pytest.raises(InvalidFields) as error:
        operations.create_practice(data(**{field: too_long}), actor=actors["practitioner"])
    assert error.value.problems[0].field == field
    db.session.rollback()

    login_as("practitioner")
    response = client.post("/practices/new", data=form(app, **{field: too_long}))
    assert response.status_code == 400 and "at most" in response.get_data(as_text=True)

    line = complete_practice_line({"external_id": "too-long", "title": "Too long", "summary": "x",
                                   "language": "en", "country": "US", "city": "Columbus",
                                   "commitments": [1], field: too_long})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = runner.invoke(args=["practices-import", str(path)])
    assert result.exit_code != 0 and f"line 1: '{field}': " in result.output
    with app.app_context():
        assert db.session.scalar(select(Practice.id).filter_by(external_id="too-long")) is None


def test_a_title_a_sentence_and_a_commitment_are_not_enough_to_submit(app_context, actors):
    author = actors["practitioner"]
    practice = operations.create_practice(
        {"title": "Maker space", "language": "en", "city": city_by_slug("columbus"),
         "summary": "Teens make things.", "commitments": [4]}, actor=author)
    with pytest.raises(InvalidFields) as error:
        operations.submit_practice(practice, actor=author)
    missing = {problem.field for problem in error.value.problems}
    assert missing == {"summary", "need", "activities", "results"}
    message = error.value.message
    for part in ("Summary: write at least 20 words (now 3)", "The need or challenge it answers",
                 "What was done", "Results and evidence of change"):
        assert part in message
    assert practice.status is S.draft


def test_a_complete_practice_is_submitted(app_context, actors):
    author = actors["practitioner"]
    practice = operations.create_practice(data(), actor=author)
    operations.submit_practice(practice, actor=author)
    assert practice.status is S.submitted


FRENCH = {"language": "fr", "title": "Cercles de lecture",
          "summary": "De petits cercles de lecture se réunissent chaque semaine à la bibliothèque."}
SPANISH = {"language": "es", "title": "Círculos de lectura",
           "summary": "Pequeños círculos de lectura se reúnen cada semana en la biblioteca."}


def translation_problems(actor, translations, **changes):
    with pytest.raises(InvalidFields) as error:
        operations.create_practice(data(translations=translations, **changes), actor=actor)
    db.session.rollback()
    return [(p.field, p.message) for p in error.value.problems]


@pytest.mark.parametrize("translations, problem", [
    ([FRENCH, SPANISH, dict(FRENCH, title="Autre titre")],
     ("translations", "Give one translation per language: there are several into French.")),
    ([SPANISH, dict(FRENCH, language="en")],
     ("translations.en.language",
      "A translation must be in another language than the one the practice is written in (English).")),
    ([dict(FRENCH, language="de")],
     ("translations.0.language", "Choose the language of the translation: one of en, fr, es, ru, ar, zh.")),
    ([{"title": "Sans langue", "summary": "Un résumé."}],
     ("translations.0.language", "Choose the language of the translation: one of en, fr, es, ru, ar, zh.")),
    ([SPANISH, dict(FRENCH, summary="")],
     ("translations.fr.summary", "A translation needs at least a title and a summary.")),
    ([dict(SPANISH, summary="palabra " * 81)],
     ("translations.es.summary", "Summary in Spanish: 81 words; the limit is 80.")),
    ([dict(FRENCH, need="x" * 5001)],
     ("translations.fr.need", "The need or challenge it answers in French: at most 5000 characters (now 5001).")),
])
def test_each_translation_is_checked_and_named_by_its_language(app_context, actors, translations, problem):
    assert translation_problems(actors["practitioner"], translations) == [problem]


def test_a_practice_takes_a_translation_into_each_of_the_other_five_languages(app_context, actors):
    others = [{"language": code, "title": f"Title {code}", "summary": f"Summary {code}."}
              for code in ("zh", "ar", "ru", "es", "fr")]
    practice = operations.create_practice(data(translations=others), actor=actors["practitioner"])
    assert practice.languages() == ["en", "fr", "es", "ru", "ar", "zh"]
    assert practice.text_in("ar", "title") == "Title ar" and practice.text_in("de", "title") == "Reading circles"
    # ... and one written in Arabic may be translated into English, not into Arabic
    assert translation_problems(actors["practitioner"], others, language="ar") == [(
        "translations.ar.language",
        "A translation must be in another language than the one the practice is written in (Arabic).")]


def test_the_form_puts_each_missing_part_on_its_field(app, client, login_as):
    slug = write_draft(app, client, login_as, need="", results="")
    response = client.post(f"/practices/{slug}/submit", data={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The need or challenge it answers: write at least 10 words (now 0)." in page
    assert "Results and evidence of change: write at least 10 words (now 0)." in page
    # A publisher saving a published practice without its results sees it on the field.
    client.post(f"/practices/{slug}/edit", data=form(app, editing=True))
    client.post(f"/practices/{slug}/submit", data={})
    login_as("secretariat")
    client.post(f"/practices/{slug}/publish", data={})
    response = client.post(f"/practices/{slug}/edit", data=form(app, editing=True, results=""))
    assert response.status_code == 400
    assert 'id="results-error"' in response.get_data(as_text=True)


def test_the_case_studies_and_demo_practices_are_complete(app_context):
    published = db.session.scalars(select(Practice).where(Practice.status == S.published)).all()
    assert len(published) >= 14
    for practice in published:
        assert operations.problems(content.content_of(practice), complete=True) == [], practice.slug


@pytest.mark.parametrize("text, words", [
    ("learning city", 2),
    ("学习型城市", 3),              # five characters: two and a half words, rounded up
    ("城" * 400, 200),             # a 200-word limit allows 400 Chinese characters
    ("城" * 160, 80),              # an 80-word summary, 160 characters
    ("我们的城市。图书馆，学校！", 5),  # full-width punctuation is no word
    ("- a list item", 3),          # nor is a lone list marker
    ("Hume 学习村 2024", 4),
])
def test_chinese_counts_two_characters_to_a_word(text, words):
    assert count_words(text) == words


def test_an_80_word_summary_holds_160_chinese_characters(app_context, actors):
    author = actors["practitioner"]
    practice = operations.create_practice(data(language="zh", summary="学" * 160), actor=author)
    assert practice.summary == "学" * 160
    with pytest.raises(Invalid, match="81"):
        operations.update_practice(practice, {"summary": "学" * 161}, actor=author)


def test_the_counter_says_how_chinese_is_counted(app, client, login_as):
    login_as("practitioner")
    english = client.get("/practices/new").get_data(as_text=True)
    assert "In Chinese, two characters count as one word: 80 words allow 160 characters." in english
    chinese = client.get("/practices/new?lang=zh").get_data(as_text=True)
    assert "两个汉字计为一个词" in chinese


def test_the_import_says_which_parts_are_missing(app, runner, tmp_path):
    line = {"external_id": "thin", "title": "Thin", "summary": "One sentence only.", "language": "en",
            "country": "US", "city": "Columbus", "commitments": [1]}
    path = tmp_path / "thin.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    output = runner.invoke(args=["practices-import", str(path)]).output
    for key in ("summary", "need", "activities", "results"):
        assert f"line 1: '{key}': " in output
    assert importing.REQUIRED == ("external_id", "title", "summary", "language", "country", "city", "commitments")
