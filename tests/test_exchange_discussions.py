"""Questions on practices: asked by anyone signed in, answered and marked by the practice's
team, public on the practice page, sanitised, rate-limited; reports hide a post after the
threshold; the secretariat reviews and can suspend an account."""
import re

import pytest
from sqlalchemy import func, select

from models.exchange import Post, PostReport, Thread
from models.notifications import Notification, OutgoingMail
from portal.extensions import db
from tests.conftest import ROLE_EMAILS, make_app, session_token


@pytest.fixture
def practice_slug(make_practice):
    return make_practice(city="columbus", title="Learning labs for teenagers", commitments=(3,))


def _ask(client, slug, title="How do you train the mentors?", body="We want to start next year."):
    return client.post(f"/practices/{slug}/questions/new", data={"title": title, "body": body})


def _thread_id(app):
    with app.app_context():
        return db.session.scalar(select(func.max(Thread.id)))


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _notified(app, email, kind):
    with app.app_context():
        from models.auth import User
        return db.session.scalar(select(func.count(Notification.id)).join(User).where(
            User.email == email, Notification.kind == kind))


def test_a_question_is_public_on_the_practice_page_and_tells_the_city(app, client, login_as, practice_slug):
    login_as("natcom_officer")
    response = _ask(client, practice_slug)
    assert response.status_code == 302
    login_as(None)
    page = client.get(f"/practices/{practice_slug}").get_data(as_text=True)
    assert "How do you train the mentors?" in page and "We want to start next year." in page
    # Columbus's coordinator hears of it; the asker does not notify themself.
    assert _notified(app, ROLE_EMAILS["city_coordinator"], "question.asked") == 1
    assert _notified(app, ROLE_EMAILS["natcom_officer"], "question.asked") == 0


def test_the_practice_team_answers_and_marks_the_answer(app, client, login_as, practice_slug):
    login_as("natcom_officer")
    _ask(client, practice_slug)
    thread_id = _thread_id(app)
    login_as("city_coordinator")
    assert client.post(f"/threads/{thread_id}/posts", data={"body": "Two days of training."}).status_code == 302
    assert _notified(app, ROLE_EMAILS["natcom_officer"], "answer.posted") == 1
    with app.app_context():
        answer_id = db.session.scalar(select(func.max(Post.id)))
    login_as("practitioner")   # a librarian of the city, but not the practice's author
    assert client.post(f"/posts/{answer_id}/answer", data={"answer": "yes"}).status_code == 403
    login_as("natcom_officer")  # the person who asked
    # On the practice page, the reply is shown marked as the answer.
    answered = re.compile(r'<span class="badge badge-answer">Answer</span>\s*</h4>\s*'
                          r'<div class="prose"><p>Two days of training\.</p>')
    assert not answered.search(client.get(f"/practices/{practice_slug}").get_data(as_text=True))
    assert client.post(f"/posts/{answer_id}/answer", data={"answer": "yes"}).status_code == 302
    page = client.get(f"/threads/{thread_id}").get_data(as_text=True)
    assert "Two days of training." in page and "Answer</span>" in page
    assert answered.search(client.get(f"/practices/{practice_slug}").get_data(as_text=True))


def test_bad_questions_are_refused_with_a_reason_and_nothing_is_saved(app, client, login_as, practice_slug):
    login_as("practitioner")
    response = _ask(client, practice_slug, title="", body="")
    assert response.status_code == 400 and "Give your question a title." in response.get_data(as_text=True)
    response = _ask(client, practice_slug, body="x" * 5001)
    assert response.status_code == 400 and "5000" in response.get_data(as_text=True)
    assert _count(app, Thread) == 0 and _count(app, Post) == 0


def test_no_question_on_an_unpublished_practice_and_none_anonymously(app, client, login_as, make_practice):
    draft = make_practice(title="Still a draft", published=False)
    login_as("secretariat")
    assert _ask(client, draft).status_code == 403
    login_as(None)
    response = _ask(client, make_practice(title="Published one"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _count(app, Thread) == 0


def test_what_people_write_is_sanitised_and_links_are_nofollow(app, client, login_as, practice_slug):
    login_as("practitioner")
    _ask(client, practice_slug, body='<script>alert(1)</script> See [our site](https://example.org) '
                                     '<img src=x onerror=alert(2)>')
    page = client.get(f"/threads/{_thread_id(app)}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onerror" not in page.replace("&lt;img src=x onerror", "")
    assert 'href="https://example.org"' in page and 'rel="nofollow noopener ugc"' in page


def test_posting_is_rate_limited_per_account(databases, tmp_path):
    from models.practices import Practice, PracticeStatus
    app = make_app(databases.copy("loaded"), tmp_path, RATELIMIT_ENABLED=True, POST_RATE_LIMIT="2 per minute")
    with app.app_context():
        slug = db.session.scalar(select(Practice.slug).where(Practice.status == PracticeStatus.published))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_token(app, ROLE_EMAILS["practitioner"]), True
    assert _ask(client, slug, title="One").status_code == 302
    assert _ask(client, slug, title="Two").status_code == 302
    third = _ask(client, slug, title="Three")
    assert third.status_code == 429 and "Please wait" in third.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Thread.id))) == 2


def test_enough_reports_hide_a_post_until_the_secretariat_restores_it(app, client, login_as, practice_slug):
    app.config["REPORTS_TO_HIDE"] = 2
    app.config["REPORTER_MIN_ACCOUNT_DAYS"] = 0   # the demo accounts were made minutes ago
    login_as("practitioner")
    _ask(client, practice_slug, body="Buy cheap watches at spam.example")
    thread_id = _thread_id(app)
    with app.app_context():
        post_id = db.session.scalar(select(func.max(Post.id)))
    login_as("practitioner")
    assert client.post(f"/posts/{post_id}/report", data={"reason": "mine"}).status_code == 403  # own post
    login_as("natcom_officer")
    assert client.post(f"/posts/{post_id}/report", data={"reason": ""}).status_code == 400
    assert client.post(f"/posts/{post_id}/report", data={"reason": "Spam"}).status_code == 302
    assert client.post(f"/posts/{post_id}/report", data={"reason": "Spam again"}).status_code == 409
    assert "cheap watches" in client.get(f"/threads/{thread_id}").get_data(as_text=True)
    login_as("city_coordinator")
    client.post(f"/posts/{post_id}/report", data={"reason": "Advertising"})
    page = client.get(f"/threads/{thread_id}").get_data(as_text=True)
    assert "cheap watches" not in page and "hidden while the network secretariat reviews it" in page
    assert _notified(app, ROLE_EMAILS["secretariat"], "report.threshold") == 1

    assert client.get("/moderation/").status_code == 403
    login_as("secretariat")
    queue = client.get("/moderation/").get_data(as_text=True)
    assert "cheap watches" in queue and "Advertising" in queue
    assert client.post(f"/moderation/posts/{post_id}", data={"action": "restore"}).status_code == 302
    login_as(None)
    assert "cheap watches" in client.get(f"/threads/{thread_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PostReport.id)).where(PostReport.resolved_at.is_(None))) == 0


def test_a_suspended_account_is_signed_out_and_cannot_sign_in(app, client, login_as, practice_slug):
    login_as("practitioner")
    _ask(client, practice_slug)
    with app.app_context():
        from models.auth import User
        user_id = db.session.scalar(select(User.id).where(User.email == ROLE_EMAILS["practitioner"]))
    login_as("secretariat")
    response = client.post(f"/moderation/accounts/{user_id}",
                           data={"action": "suspend", "reason": "", "confirmed": "yes"})
    assert response.status_code == 400
    response = client.post(f"/moderation/accounts/{user_id}",
                           data={"action": "suspend", "reason": "Spam", "confirmed": "yes"})
    assert response.status_code == 302
    login_as("practitioner")
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_as(None)
    response = client.post("/login", data={"email": ROLE_EMAILS["practitioner"], "password": "learning-cities-demo"})
    assert response.status_code == 403 and "suspended" in response.get_data(as_text=True)


def test_mail_follows_each_persons_choice_and_digests_group_it(app, client, login_as, practice_slug):
    # The demo's own network activity (adoptions, cluster members) goes out in this week's digests.
    assert app.test_cli_runner().invoke(args=["send-digests", "--period", "weekly"]).exit_code == 0
    login_as("city_coordinator")
    response = client.post("/account/notifications/settings", data={
        "questions": "daily", "exchanges": "never", "network": "weekly", "practices": "immediately",
        "membership": "immediately", "account": "immediately", "moderation": "daily",
        "reporting": "immediately"})
    assert response.status_code == 302
    assert client.post("/account/notifications/settings", data={"questions": "hourly"}).status_code == 400
    mails_before = _count(app, OutgoingMail)
    login_as("natcom_officer")
    _ask(client, practice_slug, title="First question")
    _ask(client, practice_slug, title="Second question")
    # Nothing mailed to the coordinator yet (the practice has no author to mail).
    assert _count(app, OutgoingMail) == mails_before
    assert _notified(app, ROLE_EMAILS["city_coordinator"], "question.asked") == 2  # still in the app

    result = app.test_cli_runner().invoke(args=["send-digests", "--period", "daily"])
    assert result.exit_code == 0 and "1 daily digest" in result.output
    with app.app_context():
        mail = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first()
    assert mail.recipient == ROLE_EMAILS["city_coordinator"]
    assert "daily digest" in mail.subject and "First question" not in mail.subject
    assert "Questions and answers" in mail.body and mail.body.count("asked a question") == 2
    # An empty digest is never sent; nor is a digest of another period.
    assert "0 daily digest" in app.test_cli_runner().invoke(args=["send-digests", "--period", "daily"]).output
    assert "0 weekly digest" in app.test_cli_runner().invoke(args=["send-digests", "--period", "weekly"]).output


def test_the_practice_page_runs_as_many_queries_for_many_questions_as_for_one(
        app, client, login_as, count_queries, practice_slug):
    from portal.auth.operations import find_user_by_email
    from portal.exchange import discussions
    from portal.practices import queries as practices

    def add_questions(n):
        with app.test_request_context():
            practice = practices.practice_by_slug(practice_slug)
            asker = find_user_by_email(ROLE_EMAILS["natcom_officer"])
            for i in range(n):
                thread = discussions.ask_question(practice, f"Question {i}", "Why?", actor=asker)
                discussions.reply(thread, "Because.", actor=find_user_by_email(ROLE_EMAILS["city_coordinator"]))
            db.session.commit()

    add_questions(1)
    login_as("practitioner")
    client.get(f"/practices/{practice_slug}")
    with count_queries() as before:
        assert client.get(f"/practices/{practice_slug}").status_code == 200
    add_questions(6)
    with count_queries() as after:
        page = client.get(f"/practices/{practice_slug}")
    assert page.status_code == 200 and page.get_data(as_text=True).count("Because.") == 7
    assert len(after) == len(before)
