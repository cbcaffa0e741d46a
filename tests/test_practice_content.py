"""What a practice says and how it is read: every section in both languages, Markdown
rendered once when saved, the case studies true to their source, the writers' guide, and
practices found through their key features."""
import json

import pytest
from sqlalchemy import select

from models.practices import SECTIONS, Practice
from portal.extensions import db
from tests.test_practices import form, write_draft

CHINESE_SECTIONS = {"translation_need": "很多青少年家里没有电脑。",
                    "translation_activities": "每周在图书馆开展**创客**活动。",
                    "translation_partners": "本地大学。",
                    "translation_results": "每年有一百二十名青少年参加。",
                    "translation_lessons": "从小处做起。"}


def test_every_section_is_translated_and_read_in_the_readers_language(app, client, login_as):
    slug = write_draft(app, client, login_as, **CHINESE_SECTIONS)
    page = client.get(f"/practices/{slug}?lang=zh").get_data(as_text=True)
    for text in ("很多青少年家里没有电脑", "<strong>创客</strong>", "本地大学", "一百二十名", "从小处做起"):
        assert text in page
    assert '<div><p>很多青少年家里没有电脑。</p>' in page   # in the page's own language: no lang to add
    assert "Few teens had access" not in page
    assert "译自" in page and "以原文显示" not in page
    # A section left untranslated is shown as written, and the page says which.
    client.post(f"/practices/{slug}/edit",
                data=form(app, editing=True, **dict(CHINESE_SECTIONS, translation_results="")))
    page = client.get(f"/practices/{slug}?lang=zh").get_data(as_text=True)
    assert '<div lang="en"><p>120 teens a year' in page
    assert "以原文显示：成果与变化的证据" in page
    english = client.get(f"/practices/{slug}?lang=en").get_data(as_text=True)
    assert "Few teens had access" in english and "很多青少年" not in english


def test_the_form_edits_a_translation_with_every_section(app, client, login_as):
    slug = write_draft(app, client, login_as, **CHINESE_SECTIONS)
    edit = client.get(f"/practices/{slug}/edit").get_data(as_text=True)
    for name, text in CHINESE_SECTIONS.items():
        field = name.replace("translation_", "translations_zh_")
        assert f'id="{field}"' in edit and text.replace("**", "&#42;&#42;").split("&")[0][:4] in edit


def test_translated_sections_and_the_source_travel_through_import_export_and_api(
        app, client, runner, tmp_path, make_practice):
    translation = {"language": "zh", "title": "流动图书车", "summary": "图书车开进村庄。",
                   **{section: f"{section}的中文" for section in SECTIONS}}
    slug = make_practice(title="Book bus", source="A. Author, A report, 2020.", translations=[translation])
    exported = tmp_path / "out.jsonl"
    runner.invoke(args=["practices-export", str(exported)])
    item = next(json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()
                if json.loads(line)["title"] == "Book bus")
    assert item["source"] == "A. Author, A report, 2020."
    assert all(item["translations"][0][section] == f"{section}的中文" for section in SECTIONS)
    detail = client.get(f"/api/v1/practices/{slug}").get_json()
    assert detail["source"] == "A. Author, A report, 2020."
    assert detail["translations"][0]["lessons"] == "lessons的中文"
    assert "A. Author, A report, 2020." in client.get(f"/practices/{slug}").get_data(as_text=True)
    # and the search finds the practice by a word that only a translated section has
    make_practice(title="Reading tent", translations=[{
        "language": "zh", "title": "阅读帐篷", "summary": "夏天的阅读活动。", "results": "孩子们爱上了天文学。"}])
    assert "Reading tent" in client.get("/search?q=天文学&lang=en").get_data(as_text=True)


@pytest.mark.parametrize("external_id", ["case-hume-global-learning-village", "case-columbus-learning-labs"])
def test_the_case_studies_are_complete_in_chinese_and_cite_the_article(app, client, external_id):
    with app.app_context():
        practice = db.session.scalar(select(Practice).filter_by(external_id=external_id))
        slug = practice.slug
        chinese = practice.translation("zh")
        assert practice.untranslated("zh") == []
        assert all(getattr(chinese, field) for field in (*SECTIONS, "body"))
        for row in (practice, chinese):   # no emphasis left unrendered (CommonMark and CJK)
            assert not any("**" in row.html(field) for field in (*SECTIONS, "body"))
    for language in ("en", "zh"):
        page = client.get(f"/practices/{slug}?lang={language}").get_data(as_text=True)
        assert "WANG Cai-xia" in page and "国外图书馆参与学习型城市建设的实践与启示" in page


def test_the_case_studies_keep_to_the_article(app):
    with open("data/practices/case_studies.jsonl", encoding="utf-8") as handle:
        text = handle.read()
    for claim in ("often cited", "new agency", "costs little", "visual and performing", "COSI",
                  "spaces in libraries and museums", "另起炉灶", "花费不多"):
        assert claim not in text, claim
    for wrong, right in (("社区之家", "邻里之家"), ("哥伦布都会图书馆", "哥伦布城市图书馆"),
                         ("韦克斯纳", "维克斯纳"), ("服务署", "服务协会"), ("携手学习", "共同学习")):
        assert wrong not in text and right in text, right
    assert "青少年连接式学习空间" in text


def test_the_guide_for_writers_is_linked_from_the_form_and_the_practices_pages(app, client, login_as):
    guide = client.get("/practices/guide")
    assert guide.status_code == 200
    assert "Give the evidence of change" in guide.get_data(as_text=True)
    assert "拿出变化的证据" in client.get("/practices/guide?lang=zh").get_data(as_text=True)
    assert 'href="/practices/guide"' in client.get("/practices").get_data(as_text=True)
    login_as("practitioner")
    new = client.get("/practices/new?lang=en").get_data(as_text=True)
    assert 'href="/practices/guide"' in new
    assert "how the city or the library found out" in new   # a hint on the need


def test_a_key_features_page_lists_its_published_practices(app, client, make_practice, count_queries):
    make_practice(title="Lifelong learning festival", key_features=["2.2.1"])
    make_practice(title="Unpublished festival", key_features=["2.2.1"], published=False)
    page = client.get("/key-features/2.2.1").get_data(as_text=True)
    assert "Lifelong learning festival" in page and "Unpublished festival" not in page
    client.get("/key-features/2.2.2")
    with count_queries() as one:
        client.get("/key-features/2.2.2")
    for n in range(3):
        make_practice(title=f"More on 2.2.2, {n}", key_features=["2.2.2"])
    with count_queries() as many:
        assert "More on 2.2.2, 2" in client.get("/key-features/2.2.2").get_data(as_text=True)
    assert len(many) == len(one)


def test_search_and_the_api_filter_and_count_by_key_feature(app, client, make_practice):
    make_practice(title="Zither festival", key_features=["2.2.1", "2.4.1"])
    make_practice(title="Zither at work", key_features=["2.3.1"])
    page = client.get("/search?q=zither").get_data(as_text=True)
    assert 'key_feature=2.2.1">2.2.1 ' in page
    filtered = client.get("/search?q=zither&key_feature=2.3.1").get_data(as_text=True)
    assert "Zither at work" in filtered and "Zither festival" not in filtered
    api = client.get("/api/v1/practices?q=zither&key_feature=2.3.1").get_json()
    assert [p["title"] for p in api["results"]] == ["Zither at work"]
    assert api["facets"]["key_feature"] == {"2.3.1": 1}
    both = client.get("/api/v1/practices?q=zither").get_json()["facets"]["key_feature"]
    assert both == {"2.2.1": 1, "2.4.1": 1, "2.3.1": 1}
    assert client.get("/api/v1/practices?key_feature=9.9.9").status_code == 400


def test_the_key_feature_bits_are_the_frameworks_key_features(app_context):
    from models.framework import KeyFeature
    from search_index.schema import KEY_FEATURE_BITS
    codes = db.session.scalars(select(KeyFeature.code)).all()
    assert sorted(KEY_FEATURE_BITS) == sorted(codes)


def test_pages_show_stored_html_and_render_no_markdown(app, client, login_as, make_practice, monkeypatch):
    from portal.exchange import discussions
    from portal.practices import queries
    slug = make_practice(title="Stored", need="A **bold** need, told at the length a reader needs.",
                         body="| a | b |\n|---|---|\n| 1 | 2 |")
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        thread = discussions.ask_question(queries.practice_by_slug(slug), "Why?", "Tell us *more*.",
                                          actor=find_user_by_email("natcom@demo.example.org"))
        db.session.commit()
        thread_id = thread.id

    def refuse(text):
        raise AssertionError("Markdown rendered while showing a page")
    import models.markdown
    import portal.text
    monkeypatch.setattr(models.markdown, "render_markdown", refuse)
    monkeypatch.setattr(portal.text, "render_markdown", refuse)
    page = client.get(f"/practices/{slug}").get_data(as_text=True)
    assert "<strong>bold</strong>" in page and "<table>" in page and "<em>more</em>" in page
    assert "<em>more</em>" in client.get(f"/threads/{thread_id}").get_data(as_text=True)
    assert "<table>" in client.get(f"/practices/{slug}/versions/1").get_data(as_text=True)


def test_html_is_rendered_when_the_text_is_saved(app_context, actors):
    from models.exchange import Post
    post = Post(body="*one*")
    assert post.body_html == "<p><em>one</em></p>\n"
    post.body = "**two** <script>alert(1)</script>"
    assert "<strong>two</strong>" in post.body_html and "<script>" not in post.body_html
