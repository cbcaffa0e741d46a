"""What a reader of the Chinese pages sees: words that mean what they say where they are
(message contexts), the names of languages in the page's language, full-width punctuation,
translated labels."""
import re

HUME = "hume@demo.example.org"


def text_of(response):
    """The page's visible text, roughly: tags dropped, whitespace squeezed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def label_of(response, field_id):
    html = response.get_data(as_text=True)
    return re.search(rf'<label[^>]*for="{field_id}"[^>]*>(.*?)</label>', html, re.S).group(1)


def test_the_end_of_a_period_is_not_a_mail_recipient(client, login_as):
    login_as(HUME)
    page = client.get("/cities/espoo/exchange-request?lang=zh")
    assert page.status_code == 200
    assert label_of(page, "period_end").strip() == "结束日期"
    assert label_of(page, "period_start").strip() == "开始日期"


def test_the_mail_outbox_still_names_the_recipient(client, login_as):
    login_as("secretariat")
    page = text_of(client.get("/admin/mail?lang=zh"))
    assert "收件人" in page


def test_an_open_call_and_the_dates_it_is_open_read_differently(client):
    from models.membership import Call
    from portal.extensions import db
    with client.application.app_context():
        open_call = next(c for c in db.session.scalars(db.select(Call)) if c.is_open(c.opens_on))
        call_id = open_call.id
    overview = client.get("/membership/?lang=zh").get_data(as_text=True)
    call = client.get(f"/membership/calls/{call_id}?lang=zh").get_data(as_text=True)
    status = re.search(r"<p><strong>([^<]*)</strong>", overview).group(1)
    period_label = re.search(r"<dt>([^<]*)</dt>", call).group(1)
    assert status and period_label and period_label != status


def test_target_groups_and_the_scope_of_a_role_have_their_own_words(app):
    from flask_babel import force_locale, pgettext
    with app.test_request_context(), force_locale("zh"):
        assert pgettext("target groups", "For") != pgettext("role scope", "For")
        assert pgettext("exchange state", "closed") != pgettext("call status", "closed")


def test_the_mail_outbox_names_each_state_in_the_readers_language(client, login_as):
    from models.notifications import MailStatus
    from portal.extensions import db
    from portal.mail import STATUS_LABELS, deliver_pending, queue_mail
    assert set(STATUS_LABELS) == set(MailStatus)
    with client.application.app_context():
        queue_mail("someone@example.org", "Hello", "A mail kept in the outbox.")
        db.session.commit()
        deliver_pending()
    login_as("secretariat")
    html = client.get("/admin/mail?lang=zh").get_data(as_text=True)
    states = [line.rsplit("·", 1)[-1].strip() for line in re.findall(r'<p class="meta">(.*?)</p>', html, re.S)]
    assert states and not set(states) & {s.value for s in MailStatus}
    assert "已投递到邮件文件夹：未配置邮件服务器" in states


def test_a_language_named_in_a_sentence_is_named_in_the_pages_language(client, make_practice):
    english = make_practice(title="Reading circles", language="en")
    chinese = make_practice(title="社区读书会", summary="居民每周在社区中心共读一本书。", language="zh")
    on_chinese_page = text_of(client.get(f"/practices/{english}?lang=zh"))
    assert "此实践案例暂无中文版本，现以原文（英语）显示。" in on_chinese_page
    assert "English）" not in on_chinese_page
    on_english_page = text_of(client.get(f"/practices/{chinese}?lang=en"))
    assert "This practice is not available in English; it is shown in Chinese." in on_english_page
    assert "shown in 中文" not in on_english_page


def test_the_language_facet_names_languages_in_the_pages_language(client, make_practice):
    make_practice(title="Reading circles", language="en")
    html = client.get("/search?lang=zh").get_data(as_text=True)
    facet_link = re.search(r'<a href="[^"]*language=en[^"]*">([^<]*)</a>', html)
    assert facet_link and facet_link.group(1) == "英语"


def test_the_switcher_still_names_each_language_in_itself(client):
    page = client.get("/?lang=zh").get_data(as_text=True)
    assert '<a href="/?lang=en" hreflang="en" lang="en">English</a>' in page


def test_each_feed_entry_is_by_its_organisation_or_city_and_the_feed_by_the_network(client, make_practice):
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"
    make_practice(title="By a library", organisation="Hume Libraries", commitments=(12,))
    make_practice(title="By a city", city="espoo", commitments=(12,))
    for lang, network in (("en", "Learning Cities Network"), ("zh", "学习型城市网络")):
        feed = ET.fromstring(client.get(f"/commitments/12/feed.atom?lang={lang}").data)
        assert feed.find(f"{atom}author/{atom}name").text == network
        authors = {e.find(f"{atom}title").text: e.find(f"{atom}author/{atom}name").text
                   for e in feed.findall(f"{atom}entry")}
        assert authors["By a library"] == "Hume Libraries"
        assert authors["By a city"] == ("Espoo" if lang == "en" else "埃斯波")
        assert not any("@" in name for name in authors.values())
    title = ET.fromstring(client.get("/practices/feed.atom?lang=zh").data).find(f"{atom}title").text
    assert re.search(r"[\u4e00-\u9fff]", title)


# A Chinese character next to an ASCII colon: "标题: 请填写" instead of "标题：请填写".
ASCII_COLON_IN_CHINESE = re.compile(r"[\u4e00-\u9fff）]\s*:|:\s*[\u4e00-\u9fff（]")


def test_the_error_summary_uses_the_full_width_colon(client, login_as):
    login_as(HUME)
    page = client.post("/cities/espoo/exchange-request?lang=zh", data={"message": ""})
    assert page.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', page.get_data(as_text=True), re.S).group(0)
    assert "：" in summary and not ASCII_COLON_IN_CHINESE.search(text_of_html(summary))


def text_of_html(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_chinese_pages_put_no_ascii_colon_in_chinese_text(client, make_practice):
    slug = make_practice(title="Reading circles", target_groups=["children", "families"])
    for path in ("/", "/commitments", "/commitments/3", "/key-features", "/key-features/2.5.1",
                 "/search?commitment=1", "/search?language=en&region=asia-pacific", f"/practices/{slug}",
                 "/clusters/literacy", "/membership/", "/cities/hume"):
        text = text_of(client.get(path + ("&" if "?" in path else "?") + "lang=zh"))
        found = ASCII_COLON_IN_CHINESE.search(text)
        assert found is None, f"{path}: …{text[max(0, found.start() - 30):found.end() + 30]}…"


def test_lists_in_chinese_are_separated_by_the_enumeration_comma(client, make_practice):
    slug = make_practice(title="Reading circles", target_groups=["children", "families"])
    text = text_of(client.get(f"/practices/{slug}?lang=zh"))
    assert "儿童、家庭" in text


def test_what_an_application_still_misses_is_listed_the_chinese_way(actors):
    import pytest
    from flask_babel import force_locale

    from portal.domain_errors import Invalid
    from portal.membership import operations
    from tests.membership_helpers import city, open_call
    coordinator = actors["city_coordinator"]
    application = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    with force_locale("zh"), pytest.raises(Invalid) as error:
        operations.transition_application(application, "submit", actor=coordinator)
    assert "、" in error.value.message and ";" not in error.value.message


def test_a_city_and_its_country_read_the_chinese_way(client, make_practice):
    slug = make_practice(title="Reading circles")
    assert re.search(r"休姆\s*（澳大利亚）", text_of(client.get(f"/practices/{slug}?lang=zh")))
    assert re.search(r"Hume\s*, Australia", text_of(client.get(f"/practices/{slug}?lang=en")))
