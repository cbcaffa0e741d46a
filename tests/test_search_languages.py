"""Search in each of the six languages, through the portal: a word finds the practices that use
another form of it (plural, prefixes, accents), a practice is found through its translation,
snippets are highlighted, the city's name is found in every language, the language filter
takes all six, and an index built before the six languages is rebuilt rather than written to."""
import re

import pytest

from portal.extensions import db
from portal.search import documents, sync
from search_index import storage
from tests.test_search import titles, total


def api_titles(client, query, **params):
    data = client.get("/api/v1/practices", query_string={"q": query, **params}).get_json()
    return [hit["title"] for hit in data["results"]]


@pytest.mark.parametrize("language, title, summary, query", [
    ("fr", "Une bibliothèque ouverte le soir", "La bibliothèque accueille les habitants après le travail.",
     "bibliothèques"),
    ("fr", "Une bibliothèque ouverte le soir", "La bibliothèque accueille les habitants après le travail.",
     "bibliotheque"),
    ("es", "Una biblioteca para el barrio", "La biblioteca ofrece talleres de lectura para familias.", "bibliotecas"),
    ("ru", "Библиотека для всего района", "Библиотека проводит занятия для пожилых жителей.", "библиотеки"),
])
def test_a_word_finds_a_practice_written_with_another_form_of_it(client, make_practice, language, title,
                                                                  summary, query):
    make_practice(title=title, summary=summary, language=language)
    assert title in titles(client.get("/search", query_string={"q": query}))


def test_an_arabic_word_finds_practices_with_it_behind_any_prefix(client, make_practice):
    written = {"المكتبات المفتوحة للجميع": "تفتح المكتبات أبوابها للسكان مساء كل يوم.",
               "القراءة والمكتبة في الحي": "يقرأ الأطفال في الحديقة والمكتبة القريبة منها.",
               "لقاءات أسبوعية بالمكتبة": "يلتقي كبار السن بالمكتبة لتعلم المهارات الرقمية."}
    for title, summary in written.items():
        make_practice(title=title, summary=summary, language="ar")
    make_practice(title="حديقة المدرسة", summary="يزرع التلاميذ الخضروات في حديقة المدرسة.", language="ar")
    # (The demo practices' Arabic translations have words of the same root: found too.)
    found = titles(client.get("/search", query_string={"q": "مكتبة", "lang": "ar"}))
    assert set(written) <= set(found) and "حديقة المدرسة" not in found
    vowelled = api_titles(client, "المَكْتَبَة")                        # typed with its vowels
    assert set(written) <= set(vowelled) and "حديقة المدرسة" not in vowelled


@pytest.mark.parametrize("language, title, summary, query", [
    ("fr", "Cours du soir de reliure", "Des cours du soir de reliure pour les adultes du quartier.", "reliures"),
    ("es", "Clases de encuadernación", "Clases nocturnas de encuadernación para los adultos del barrio.",
     "encuadernacion"),
    ("ru", "Переплётная мастерская", "Вечерние занятия по переплёту книг для взрослых жителей района.", "переплёта"),
    ("ar", "دروس التجليد للكبار", "دروس مسائية في التجليد لكبار السن من سكان الحي.", "تجليد"),
])
def test_a_query_in_a_language_finds_a_practice_through_its_translation(client, make_practice, language, title,
                                                                         summary, query):
    make_practice(title="Evening bookbinding classes", summary="Adults of the neighbourhood bind books in the evening.",
                  translations=[{"language": language, "title": title, "summary": summary}])
    assert titles(client.get("/search", query_string={"q": query, "lang": language})) == [title]
    english = client.get("/search", query_string={"q": query, "lang": "en"})
    assert titles(english) == ["Evening bookbinding classes"] and total(english) == 1
    assert titles(client.get("/search", query_string={"q": "bookbinding", "lang": "en"})) \
        == ["Evening bookbinding classes"]


def test_matches_are_highlighted_in_each_language(client, make_practice):
    make_practice(title="Une médiathèque de quartier", summary="La médiathèque prête des livres aux familles.",
                  language="fr")
    make_practice(title="Городская мастерская", summary="В мастерской жители учатся ремонтировать вещи.",
                  language="ru")
    make_practice(title="الورشة المفتوحة", summary="يتعلم السكان في الورشة إصلاح الأشياء.", language="ar")
    for query, marked in (("mediatheques", "médiathèque"), ("мастерские", "мастерской"), ("ورشة", "الورشة")):
        page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert re.search(rf'<mark class="hit[^"]*">{marked}</mark>', page), query


def test_french_and_spanish_words_are_not_corrected_into_english(client, make_practice):
    # Each query word is two letters from an English word of the index (families, activity).
    make_practice(title="Un atelier de reliure", summary="Des activités de reliure pour les familles le dimanche.",
                  language="fr")
    make_practice(title="Taller de encuadernación", summary="Las familias aprenden encuadernación los sábados.",
                  language="es")
    # (With "reliure" and "encuadernación", one practice matches: suggestions are looked for.)
    for query, title in (("familles reliure", "Un atelier de reliure"), ("activites reliure", "Un atelier de reliure"),
                         ("familias encuadernación", "Taller de encuadernación")):
        response = client.get("/search", query_string={"q": query})
        assert title in titles(response) and "Did you mean" not in response.get_data(as_text=True), query
    assert "Did you mean" in client.get("/search?q=libary").get_data(as_text=True)   # English still is


def test_a_city_is_found_by_its_name_in_every_language(client, make_practice):
    make_practice(title="Homework club for new arrivals", summary="Volunteers help pupils with homework.")
    for name in ("Hume", "Хьюм", "هيوم", "休姆"):
        page = client.get("/search", query_string={"q": name}).get_data(as_text=True)
        assert 'href="/cities/hume"' in page, name
        assert "Homework club for new arrivals" in titles(client.get("/search", query_string={"q": name})), name


def test_a_city_without_a_name_in_a_language_is_indexed_under_its_english_name(app):
    from models.cities import City
    with app.app_context():
        city = db.session.scalar(db.select(City).filter_by(slug="hume"))
        city.name_ru = ""
        document = documents.city_document(city)
        db.session.rollback()
    assert document["title_ru"] == "Hume" and document["title_ar"] == "هيوم"


def test_the_language_filter_and_facet_take_the_six_languages(client, make_practice):
    make_practice(title="Théâtre pour tous", summary="Le théâtre municipal invite les familles.", language="fr")
    make_practice(title="Teatro para todos", summary="El teatro municipal invita a las familias.", language="es")
    page = client.get("/search", query_string={"q": "théâtre OR teatro"}).get_data(as_text=True)
    assert "language=fr" in page and "language=es" in page
    french = client.get("/search", query_string={"q": "théâtre OR teatro", "language": "fr"})
    assert french.status_code == 200 and titles(french) == ["Théâtre pour tous"]
    for code in ("en", "fr", "es", "ru", "ar", "zh"):
        assert client.get("/search", query_string={"language": code}).status_code == 200
        assert client.get("/api/v1/practices", query_string={"language": code}).status_code == 200
    assert client.get("/search", query_string={"language": "de"}).status_code == 400


def test_an_index_of_the_two_language_version_is_rebuilt_not_written_to(app, client, make_practice, monkeypatch,
                                                                        caplog):
    from portal.worker.loop import Worker
    from portal.worker.tasks import TASKS
    from search_index import schema as search_schema
    make_practice(title="Un atelier de couture", summary="Les voisins cousent ensemble.", language="fr")
    root = app.config["SEARCH_INDEX_DIR"]
    older = search_schema.build_schema()
    for language in ("fr", "es", "ru", "ar"):
        older.remove(f"title_{language}")
        older.remove(f"text_{language}")
    monkeypatch.setattr(storage, "build_schema", lambda: older)
    with app.test_request_context():
        storage.swap_in(root, storage.new_generation(root))   # what the version before left
    monkeypatch.undo()
    app.config["TEST_FOLLOW_SEARCH_LOG"] = False
    with app.test_request_context():
        status = sync.status()
        assert status["rebuild_needed"] and status["schema_outdated"]
        with pytest.raises(sync.RebuildNeeded):
            sync.follow()
    assert client.get("/search?q=couture").status_code == 200          # the old index still answers
    # Commands that load data still succeed (load-reference, load-demo, practices-import)...
    make_practice(title="Un atelier de tricot", summary="Les voisins tricotent ensemble.", language="fr")
    result = app.test_cli_runner().invoke(args=["search-check"])
    assert result.exit_code == 1 and "built by an older version" in result.output
    result = app.test_cli_runner().invoke(args=["search-apply"])       # ... this one says why it cannot
    assert result.exit_code == 1 and "search-reindex" in result.output
    search_task = tuple(task for task in TASKS if task.name == "search index")
    with caplog.at_level("ERROR", logger="portal.search.sync"):
        Worker(app, search_task).run_once()
    assert any("search-reindex" in message for message in caplog.messages)
    app.config["SEARCH_AUTO_REBUILD"] = True
    Worker(app, search_task).run_once()
    with app.test_request_context():
        assert not sync.status()["rebuild_needed"] and sync.drift() == ([], [])
    assert titles(client.get("/search?q=couture")) == ["Un atelier de couture"]
    assert titles(client.get("/search?q=tricot")) == ["Un atelier de tricot"]
