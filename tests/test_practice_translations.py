"""A practice in several languages: its author adds, edits and removes translations into any
of the portal's languages but its own, on the practice's form; readers read it in their
language where it is translated, are told where it is not, and can read it in the others;
published versions, the API and the export keep every translation."""
import json
import re

from sqlalchemy import select

from models.audit import AuditEntry
from models.practices import Practice
from portal.extensions import db
from tests.conftest import complete_practice_line
from tests.test_practices import form, practice, write_draft

FRENCH = {"title": "Espace de création pour jeunes codeurs",
          "summary": "Les adolescents apprennent à coder et à fabriquer à la bibliothèque."}
SPANISH = {"title": "Espacio maker para jóvenes programadores",
           "summary": "Los adolescentes aprenden a programar en la biblioteca."}


def fields(prefix, texts):
    return {f"{prefix}{name}": text for name, text in texts.items()}


def titles(app, slug):
    """{language: title} of the practice's translations."""
    with app.app_context():
        found = db.session.scalar(select(Practice).filter_by(slug=slug))
        return {t.language: t.title for t in found.translations}


def languages(app, slug):
    return sorted(titles(app, slug))


def last_changes(app, slug):
    with app.app_context():
        found = db.session.scalar(select(Practice).filter_by(slug=slug))
        return db.session.scalars(select(AuditEntry).where(
            AuditEntry.target_type == "practices", AuditEntry.target_id == found.id)
            .order_by(AuditEntry.id.desc())).first().changes


def test_an_author_adds_edits_and_removes_translations_on_the_practice_form(app, client, login_as):
    slug = write_draft(app, client, login_as, translation="fr", translation_title=FRENCH["title"],
                       translation_summary=FRENCH["summary"])
    assert languages(app, slug) == ["fr"]
    edit = client.get(f"/practices/{slug}/edit?lang=en").get_data(as_text=True)
    assert "<legend>Translation into French</legend>" in edit
    assert 'id="translations_fr_title"' in edit and FRENCH["title"] in edit
    assert 'lang="fr"' in re.search(r'<textarea[^>]*id="translations_fr_summary"[^>]*>', edit).group(0)
    new_choices = re.search(r'<select[^>]*id="new_translation_language".*?</select>', edit, re.S).group(0)
    assert "Spanish" in new_choices and "Arabic" in new_choices
    assert "French" not in new_choices and "English" not in new_choices   # its own and its translation's

    # one more, into Spanish, while the French one is corrected: both kept, each in the audit
    response = client.post(f"/practices/{slug}/edit", data=form(
        app, editing=True, translation="fr", translation_title="Espace de création",
        translation_summary=FRENCH["summary"], translation_body="",
        new_translation_language="es", **fields("new_translation_", SPANISH)))
    assert response.status_code == 302
    assert languages(app, slug) == ["es", "fr"]
    assert titles(app, slug)["fr"] == "Espace de création"
    assert last_changes(app, slug) == {"translation.fr": ["…", "…"], "translation.es": [None, "es"]}

    # the French one removed with its box; the Spanish one stays as it was
    response = client.post(f"/practices/{slug}/edit", data=form(
        app, editing=True, translation="fr", translations_fr_remove="y",
        **fields("translations_es_", SPANISH)))
    assert response.status_code == 302
    assert languages(app, slug) == ["es"]
    assert last_changes(app, slug) == {"translation.fr": ["fr", None]}
    assert titles(app, slug) == {"es": SPANISH["title"]}


def test_the_form_keeps_what_was_typed_when_a_translation_is_refused(app, client, login_as):
    login_as("practitioner")
    response = client.post("/practices/new", data=form(
        app, translation="es", translation_title=SPANISH["title"], translation_summary="",
        translation_need="Pocos adolescentes tenían ordenador en casa."))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<details id="new-translation" open>' in page
    assert f'value="{SPANISH["title"]}"' in page and "Pocos adolescentes tenían ordenador" in page
    assert re.search(r'<option selected value="es">|<option value="es" selected>', page)
    assert ('<p class="error" id="new_translation_summary-error">'
            "A translation needs at least a title and a summary.</p>") in page
    assert 'value="Maker space for teen coders"' in page   # and the practice's own fields
    with app.app_context():
        assert db.session.scalar(select(Practice).filter_by(title="Maker space for teen coders")) is None

    # text typed for a new translation without saying its language
    response = client.post("/practices/new", data=form(app, new_translation_language=""))
    assert response.status_code == 400
    assert ('id="new_translation_language-error">Choose the language of the translation: '
            "one of en, fr, es, ru, ar, zh.") in response.get_data(as_text=True)


def test_a_translation_in_the_practices_new_language_is_pointed_out_where_it_can_be_removed(
        app, client, login_as):
    slug = write_draft(app, client, login_as, translation="fr", translation_title=FRENCH["title"],
                       translation_summary=FRENCH["summary"])
    response = client.post(f"/practices/{slug}/edit?lang=en", data=form(
        app, editing=True, translation="fr", language="fr", **fields("translation_", FRENCH)))
    assert response.status_code == 400
    assert ('id="translations_fr_remove-error">A translation must be in another language than the one '
            "the practice is written in (French).") in response.get_data(as_text=True)
    assert practice(app, slug).language == "en" and languages(app, slug) == ["fr"]


def test_only_those_who_may_edit_the_practice_change_its_translations(app, client, login_as):
    slug = write_draft(app, client, login_as)
    login_as("natcom_officer")
    assert client.get(f"/practices/{slug}/edit").status_code == 403
    response = client.post(f"/practices/{slug}/edit", data=form(
        app, editing=True, translations_zh_remove="y", new_translation_language="fr",
        **fields("new_translation_", FRENCH)))
    assert response.status_code == 403
    assert languages(app, slug) == ["zh"]


READING_GARDEN = [
    {"language": "fr", "title": "Jardin de lecture", "summary": "Des grands-parents lisent avec des enfants.",
     "need": "Les aînés du quartier étaient isolés."},
    {"language": "ar", "title": "حديقة القراءة", "summary": "يقرأ الأجداد مع الأطفال في الحديقة."},
    {"language": "zh", "title": "阅读花园", "summary": "祖父母和孩子们在花园里一起阅读。"},
]


def test_a_reader_reads_the_practice_in_their_language_where_it_is_translated(client, make_practice):
    slug = make_practice(title="Reading garden", translations=READING_GARDEN)
    french = client.get(f"/practices/{slug}?lang=fr").get_data(as_text=True)
    assert "<h1>Jardin de lecture</h1>" in french
    assert "<div><p>Les aînés du quartier étaient isolés.</p>" in french   # a translated section
    assert '<div lang="en"><p>What was done.' in french                      # one shown as written
    assert re.search(r"Traduit \(langue d'origine\s:\sanglais\), sauf ces parties", french)
    # links to the original and to the other translations, named in the reader's language
    assert (f'<a href="/practices/{slug}?lang=fr&amp;read=en" hreflang="en">'
            "anglais (langue d'origine)</a>") in french
    assert f'href="/practices/{slug}?lang=fr&amp;read=ar" hreflang="ar">arabe</a>' in french
    assert "read=fr" not in french

    english = client.get(f"/practices/{slug}?lang=en").get_data(as_text=True)
    assert "<h1>Reading garden</h1>" in english and "Translated from" not in english
    assert "not available in" not in english and "Read it in another language:" in english


def test_a_reader_whose_language_it_is_not_in_is_told_so_and_reads_the_original(client, make_practice):
    slug = make_practice(title="Reading garden", translations=READING_GARDEN)
    russian = client.get(f"/practices/{slug}?lang=ru").get_data(as_text=True)
    assert '<h1 lang="en">Reading garden</h1>' in russian
    assert "Эта практика недоступна на языке «русский»; она показана на языке оригинала («английский»)." in russian
    assert f'href="/practices/{slug}?lang=ru&amp;read=fr" hreflang="fr">французский</a>' in russian
    english = client.get(f"/practices/{slug}?lang=en").get_data(as_text=True)   # the message in English
    spanish_reader = client.get(f"/practices/{slug}?lang=es").get_data(as_text=True)
    assert "Esta práctica no está disponible en español" in spanish_reader
    assert "This practice is not available in" not in english


def test_a_reader_may_read_another_translation_or_the_original(client, make_practice):
    slug = make_practice(title="Reading garden", translations=READING_GARDEN)
    arabic = client.get(f"/practices/{slug}?lang=en&read=ar").get_data(as_text=True)
    assert '<h1 lang="ar" dir="rtl">حديقة القراءة</h1>' in arabic   # the page stays in English
    assert '<html lang="en"' in arabic and "Translated from English, except these parts" in arabic
    assert f'href="/practices/{slug}?lang=en" hreflang="en">English (original)</a>' in arabic
    original = client.get(f"/practices/{slug}?lang=zh&read=en").get_data(as_text=True)
    assert '<h1 lang="en">Reading garden</h1>' in original and "这是实践案例的原文（英语）。" in original
    # a language it is not in is not offered, and asking for it reads it in the page's language
    assert "<h1>Jardin de lecture</h1>" in client.get(f"/practices/{slug}?lang=fr&read=es").get_data(as_text=True)


def test_published_versions_the_api_and_the_export_keep_every_translation(app, client, runner, tmp_path):
    def publish(translations, name):
        line = complete_practice_line({
            "external_id": "garden", "title": "Reading garden", "summary": "Grandparents read with children.",
            "language": "en", "country": "AU", "city": "Hume", "commitments": [5],
            "translations": translations})
        (tmp_path / name).write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        assert runner.invoke(args=["practices-import", str(tmp_path / name)]).exit_code == 0

    publish(READING_GARDEN, "first.jsonl")
    with app.app_context():
        slug = db.session.scalar(select(Practice.slug).filter_by(external_id="garden"))
    detail = client.get(f"/api/v1/practices/{slug}").get_json()
    assert [t["language"] for t in detail["translations"]] == ["fr", "ar", "zh"]
    assert detail["translations"][0]["need"] == "Les aînés du quartier étaient isolés."
    openapi = client.get("/api/v1/openapi.json").get_json()
    item = openapi["components"]["schemas"]["Practice"]["allOf"][1]["properties"]["translations"]["items"]
    assert item["properties"]["language"]["enum"] == ["en", "fr", "es", "ru", "ar", "zh"]

    publish(READING_GARDEN[1:], "second.jsonl")    # the French translation taken out
    assert "Jardin de lecture" not in client.get(f"/practices/{slug}?lang=fr").get_data(as_text=True)
    first = client.get(f"/practices/{slug}/versions/1?lang=fr").get_data(as_text=True)
    assert "<h1>Jardin de lecture</h1>" in first
    assert f'href="/practices/{slug}/versions/1?lang=fr&amp;read=zh" hreflang="zh-Hans">chinois</a>' in first
    exported = tmp_path / "out.jsonl"
    runner.invoke(args=["practices-export", str(exported)])
    line = next(json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines() if '"garden"' in x)
    assert [t["language"] for t in line["translations"]] == ["ar", "zh"]
