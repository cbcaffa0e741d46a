"""Every type of page the portal shows, as (account, path): anonymous, and signed in as each
role where the page differs. The accessibility checks (reflow at 320 px, axe, the Nu HTML
checker, language of parts, meta descriptions) walk this one list, so a new page type added
here is checked by all of them.

`prepare_site(app)` adds, through the real operations, what the demo data lacks for some page
types (a question with a reply, a reported post, peer-learning requests and their private
thread, a practitioner's draft, an English-only city) and returns the list with its ids filled in.
"""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db

DEMO_PASSWORD = "learning-cities-demo"

# The accounts a page type is seen with (None: anonymous).
ACCOUNTS = {
    "coordinator": "coordinator@demo.example.org",      # Columbus, not yet applied
    "applicant": "coordinator-tunis@demo.example.org",  # Tunis, a draft in the open call
    "natcom": "natcom-za@demo.example.org",             # South Africa: Durban's application waits
    "practitioner": "librarian@demo.example.org",
    "secretariat": "secretariat@demo.example.org",
    "administrator": "admin@demo.example.org",
    "hume": "hume@demo.example.org",                    # a member city's coordinator
    "espoo": "espoo@demo.example.org",
}
# A city added by name only (as a role request adds it): its Chinese name is its English one.
ENGLISH_ONLY_CITY = "Englishonly Town"


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    account: str | None = None
    # For a form sent empty (or wrong) to see its errors: where it posts, and the form on the page.
    post_to: str | None = None
    form: str | None = None

    @property
    def id(self):
        return f"{self.name}[{self.account or 'anonymous'}]"


def failed_submits(page_types):
    """The page types that are a form answered with its errors."""
    return [p for p in page_types if p.post_to]


def prepare_site(app):
    """Add the content some page types need and return every page type (ids resolved)."""
    with app.test_request_context():
        ids = _add_content()
        db.session.commit()
        ids.update(_lookups())
    return _page_types(ids)


def _page_types(i):
    P = PageType
    return [
        # Anyone
        P("home", "/"), P("about", "/about"),
        P("commitments", "/commitments"), P("commitment", "/commitments/5"),
        P("key features", "/key-features"), P("key feature", "/key-features/2.2.1"),
        P("cities", "/cities"), P("cities filtered", "/cities?region=europe-north-america&membership=members"),
        P("cities bad filter", "/cities?year=abc"),
        P("member city", "/cities/hume"), P("city not a member", "/cities/columbus"),
        P("city without Chinese name", f"/cities/{i['english_only_city']}"),
        P("city map", "/cities/map"), P("member states", "/member-states"), P("member state", "/member-states/AU"),
        P("membership", "/membership/"), P("open call", f"/membership/calls/{i['open_call']}"),
        P("closed call", f"/membership/calls/{i['closed_call']}"),
        P("clusters", "/clusters"), P("cluster", "/clusters/literacy"), P("transfers", "/network/transfers"),
        P("practices", "/practices"), P("search", "/search?q=library"),
        P("search filtered", "/search?q=library&language=en"), P("search suggestion", "/search?q=libary"),
        P("search nothing found", "/search?q=zzzzqqq"),
        P("case study", f"/practices/{i['hume_case']}"), P("practice in Chinese", f"/practices/{i['zh_practice']}"),
        P("question thread", f"/threads/{i['question']}"),
        P("sign in", "/login"), P("sign up", "/signup"), P("forgot password", "/password/forgot"),
        P("reset link invalid", "/password/reset/not-a-token"), P("not found", "/no-such-page"),
        P("sign-up sent", "/signup/sent"), P("finish sign-up", f"/signup/confirm/{i['signup_token']}"),
        P("sign-up link invalid", "/signup/confirm/not-a-token"),
        P("choose a new password", f"/password/reset/{i['reset_token']}"),
        P("open data", "/open-data"), P("writers' guide", "/practices/guide"),
        P("key features profile", "/cities/hume/key-features"),
        P("key features profile by size", "/cities/hume/key-features?group=population"),
        P("measurement point", "/key-features/2.1.3/adult-learning-participation"),
        P("measurement point sorted", "/key-features/2.1.3/adult-learning-participation?sort=-city"),
        P("published versions", f"/practices/{i['hume_case']}/versions"),
        P("a published version", f"/practices/{i['hume_case']}/versions/1"),
        # Signed in
        P("account", "/account", "coordinator"), P("account", "/account", "secretariat"),
        P("change password", "/account/password", "coordinator"),
        *[P("start page", "/start", account) for account in
          ("coordinator", "applicant", "natcom", "practitioner", "secretariat", "hume")],
        P("notifications", "/account/notifications", "hume"),
        P("notification settings", "/account/notifications/settings", "hume"),
        P("open call", f"/membership/calls/{i['open_call']}", "coordinator"),
        P("membership", "/membership/", "applicant"),
        P("application draft", f"/membership/applications/{i['draft_application']}", "applicant"),
        P("application form", f"/membership/applications/{i['draft_application']}/edit", "applicant"),
        P("nominations", "/membership/nominations", "natcom"),
        P("application to endorse", f"/membership/applications/{i['submitted_application']}", "natcom"),
        P("membership dashboard", "/membership/dashboard", "secretariat"),
        P("coverage of the measurement points", "/monitoring/coverage", "secretariat"),
        P("review queue", "/membership/review", "secretariat"),
        P("application under review", f"/membership/applications/{i['review_application']}", "secretariat"),
        P("admitted application", f"/membership/applications/{i['admitted_application']}", "secretariat"),
        P("new call", "/membership/calls/new", "secretariat"),
        P("role requests", "/admin/role-requests", "secretariat"),
        P("mail outbox", "/admin/mail", "secretariat"),
        P("moderation", "/moderation/", "secretariat"),
        P("practices to review", "/practices/review", "secretariat"),
        P("new cluster", "/clusters/new", "secretariat"), P("edit cluster", "/clusters/literacy/edit", "secretariat"),
        P("cluster", "/clusters/literacy", "administrator"),
        P("new practice", "/practices/new", "practitioner"), P("my practices", "/practices/mine", "practitioner"),
        P("draft practice", f"/practices/{i['draft_practice']}", "practitioner"),
        P("edit practice", f"/practices/{i['draft_practice']}/edit", "practitioner"),
        P("peer exchange", "/exchanges", "hume"),
        P("request to answer", f"/exchanges/{i['proposed_request']}", "hume"),
        P("request sent", f"/exchanges/{i['proposed_request']}", "espoo"),
        P("accepted request", f"/exchanges/{i['accepted_request']}", "hume"),
        P("private thread", f"/threads/{i['private_thread']}", "hume"),
        P("question thread", f"/threads/{i['question']}", "hume"),
        P("ask for an exchange", "/cities/espoo/exchange-request", "hume"),
        P("record an adoption", f"/practices/{i['espoo_practice']}/adoptions/new", "hume"),
        P("ask a question", f"/practices/{i['espoo_practice']}/questions/new", "hume"),
        P("report a post", f"/posts/{i['reply']}/report", "espoo"),
        P("practice", f"/practices/{i['espoo_practice']}", "hume"),
        P("cluster", "/clusters/equity-inclusion", "hume"),
        P("account", "/account", "administrator"),
        P("city data", "/cities/hume/data", "hume"), P("data year", "/cities/hume/data/2024", "hume"),
        P("focus area data", "/cities/hume/data/2024/1.1", "hume"),
        P("data officers", "/cities/hume/data/team", "hume"),
        # Forms sent empty: the page as it comes back with its errors
        *[P(f"{name} with errors", path, account, post_to=post_to or path.split("?")[0],
            form=f'main form[action="{post_to}"]' if post_to else "main form[method=post]:not([action])")
          for name, path, account, post_to in [
              ("sign in", "/login", None, None), ("sign up", "/signup", None, None),
              ("forgot password", "/password/forgot", None, None),
              ("finish sign-up", f"/signup/confirm/{i['signup_token']}", None, None),
              ("change password", "/account/password", "coordinator", None),
              ("role request", "/account", "coordinator", "/account/roles"),
              ("new practice", "/practices/new", "practitioner", None),
              ("ask for an exchange", "/cities/espoo/exchange-request", "hume", None),
              ("record an adoption", f"/practices/{i['espoo_practice']}/adoptions/new", "hume", None),
              ("ask a question", f"/practices/{i['espoo_practice']}/questions/new", "hume", None),
              ("report a post", f"/posts/{i['reply']}/report", "espoo", None),
              ("new cluster", "/clusters/new", "secretariat", None),
              ("new call", "/membership/calls/new", "secretariat", None),
              ("reply", f"/threads/{i['private_thread']}", "hume", f"/threads/{i['private_thread']}/posts"),
              ("other period", f"/exchanges/{i['proposed_request']}", "hume",
               f"/exchanges/{i['proposed_request']}/period"),
              ("close the exchange", f"/exchanges/{i['accepted_request']}", "hume",
               f"/exchanges/{i['accepted_request']}/close"),
              ("notification settings", "/account/notifications/settings", "hume", None),
              ("appoint a data officer", "/cities/hume/data/team", "hume", "/cities/hume/data/team"),
          ]],
    ]


def _add_content():
    from models.auth import TokenPurpose
    from models.cities import City, MemberState
    from models.practices import Practice
    from portal.auth import tokens
    from portal.auth.operations import find_user_by_email
    from portal.cities.operations import add_city
    from portal.exchange import discussions, peer_requests
    from portal.moderation.operations import report_post
    from portal.practices.operations import create_practice

    user = {name: find_user_by_email(email) for name, email in ACCOUNTS.items()}
    city = {c.slug: c for c in db.session.scalars(select(City))}
    english_only = add_city(ENGLISH_ONLY_CITY, db.session.scalar(select(MemberState).filter_by(iso="GB")))
    hume_case = db.session.scalar(select(Practice).filter_by(external_id="case-hume-global-learning-village"))
    question = discussions.ask_question(hume_case, "How did the libraries and the council share the work?",
                                        "We are planning a *learning village* of our own.", actor=user["espoo"])
    reply = discussions.reply(question, "A joint board met every month; the libraries ran the hubs.",
                              actor=user["hume"])
    report_post(reply, "Off topic, I think.", actor=user["practitioner"])
    soon = dt.date.today() + dt.timedelta(days=40)
    request = {"format": "study_visit", "period_start": soon, "period_end": soon + dt.timedelta(days=3),
               "practice": None, "commitment": hume_case.commitments[0],
               "message": "We would like to see how your learning village works."}
    proposed = peer_requests.request_exchange(city["espoo"], city["hume"], request, actor=user["espoo"])
    # Under way since today, so that it may be closed (the close form is on its page).
    accepted = peer_requests.request_exchange(city["espoo"], city["hume"], {
        **request, "period_start": dt.date.today(), "period_end": dt.date.today() + dt.timedelta(days=3)},
        actor=user["espoo"])
    peer_requests.accept(accepted, actor=user["hume"])
    discussions.reply(accepted.thread, "Shall we meet at the library at ten?", actor=user["espoo"])
    signup_token = tokens.issue(TokenPurpose.sign_up, email="newcomer@example.org")
    reset_token = tokens.issue(TokenPurpose.password_reset, email=user["practitioner"].email,
                               user=user["practitioner"])
    _add_city_data(city)
    draft = create_practice({"title": "Homework club in the branch library", "language": "en",
                             "summary": "Volunteers help pupils with homework after school.",
                             "city": city["columbus"]}, actor=user["practitioner"])
    db.session.flush()
    return {"question": question.id, "reply": reply.id, "proposed_request": proposed.id,
            "accepted_request": accepted.id, "private_thread": accepted.thread.id,
            "draft_practice": draft.slug, "english_only_city": english_only.slug,
            "signup_token": signup_token, "reset_token": reset_token}


def _add_city_data(city):
    """Two published years of a few points for some member cities, a self-assessment of
    Hume, and a draft of Durban (seen beside its application by its National Commission)."""
    from sqlalchemy import select as select_

    from models.framework import KeyFeature
    from models.monitoring import SelfAssessment
    from portal.monitoring.data_entry import Entry, data_set_of, save_values
    cited = {"source": "official", "citation_publisher": "City statistics office"}
    values = {"adult-learning-participation": (31, 18, 25, 40, 22), "crime-level": (2100, 3400, 2900, 1800, 2500),
              "adult-literacy-rate": (98, 99, 97.5, 99.2, 96)}
    slugs = ("hume", "espoo", "melton", "cork", "sorocaba")
    entries = [Entry(city=city[slug], year=year, point_key=point, fields={**cited, "value": numbers[n] + year - 2023},
                     where=f"{slug}.{point}.{year}")
               for point, numbers in values.items() for n, slug in enumerate(slugs) if slug in city
               for year in (2022, 2023)]
    save_values(entries, actor=None, confirmed=True, publish=True, by_command_line=True)
    save_values([Entry(city=city["durban"], year=2023, point_key="adult-literacy-rate",
                       fields={**cited, "value": 94}, where="durban")], actor=None, by_command_line=True)
    feature = db.session.scalar(select_(KeyFeature).filter_by(code="2.1.3"))
    db.session.add(SelfAssessment(data_set=data_set_of(city["hume"], 2023), key_feature_id=feature.id, rating=3,
                                  justification="Adult learning reaches more residents each year."))
    db.session.flush()


def _lookups():
    from models.cities import City
    from models.membership import Application, ApplicationState, Call
    from models.practices import Practice
    from portal.reference.demo_membership import CLOSED_CALL_TITLE, OPEN_CALL_TITLE

    def application(slug, state):
        return db.session.scalar(select(Application.id).join(City).where(
            City.slug == slug, Application.state == ApplicationState[state]))

    def practice(external_id):
        return db.session.scalar(select(Practice.slug).filter_by(external_id=external_id))
    return {
        "open_call": db.session.scalar(select(Call.id).filter_by(title=OPEN_CALL_TITLE)),
        "closed_call": db.session.scalar(select(Call.id).filter_by(title=CLOSED_CALL_TITLE)),
        "draft_application": application("tunis", "draft"),
        "submitted_application": application("durban", "submitted"),
        "review_application": application("lyon", "under_review"),
        "admitted_application": application("sorocaba", "admitted"),
        "hume_case": practice("case-hume-global-learning-village"),
        "zh_practice": practice("demo-practice-06"),
        "espoo_practice": practice("demo-practice-01"),
    }
