"""Demo accounts (one per role, and helpers for every demo city and Member State) and
demo calls with applications in every state of the workflow, built through the real
operations so that timelines, notifications and mail look as they will in use.

Development only: every demo account has the password DEMO_PASSWORD."""
import datetime as dt

from sqlalchemy import select

from models.auth import Role
from models.cities import City
from models.membership import Call
from models.reference_numbers import COMMITMENT_NUMBERS
from portal.auth import operations as accounts
from portal.extensions import db
from portal.membership import operations as membership

DEMO_PASSWORD = "learning-cities-demo"
OPEN_CALL_TITLE = "Call for membership 2026 (demo)"
CLOSED_CALL_TITLE = "Call for membership 2025 (demo)"

# The people a visitor signs in as to try each role (listed in the README).
ROLE_ACCOUNTS = [
    ("coordinator@demo.example.org", "Casey Coordinator", Role.city_coordinator, {"city": "columbus"}),
    ("natcom@demo.example.org", "Nadia National-Commission", Role.natcom_officer, {"state": "US"}),
    ("librarian@demo.example.org", "Lee Librarian", Role.practitioner,
     {"city": "columbus", "organisation": "Columbus Metropolitan Library"}),
    ("data@demo.example.org", "Dana Data-Officer", Role.data_officer, {"city": "columbus"}),
    ("secretariat@demo.example.org", "Sam Secretariat", Role.secretariat, {}),
    ("admin@demo.example.org", "Ada Administrator", Role.administrator, {}),
    # Two member cities' coordinators, to try peer exchange between cities.
    ("hume@demo.example.org", "Harper Hume", Role.city_coordinator, {"city": "hume"}),
    ("espoo@demo.example.org", "Eero Espoo", Role.city_coordinator, {"city": "espoo"}),
]

# (call, city slug, state to reach). Columbus stays free for the visitor to apply.
APPLICATIONS = [
    ("open", "durban", "submitted"),
    ("open", "lima", "submitted_overdue"),
    ("open", "doha", "returned"),
    ("open", "osan", "endorsed"),
    ("open", "lyon", "under_review"),
    ("open", "nairobi", "info_requested"),
    ("open", "tunis", "draft"),
    ("closed", "sorocaba", "admitted"),
    ("closed", "tunis", "not_admitted"),
    ("closed", "osan", "declined"),
    ("closed", "durban", "withdrawn"),
]
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "submitted_overdue": ["submit"],
    "returned": ["submit", "return"],
    "declined": ["submit", "decline"],
    "endorsed": ["submit", "endorse"],
    "under_review": ["submit", "endorse", "start_review"],
    "info_requested": ["submit", "endorse", "start_review", "request_info"],
    "admitted": ["submit", "endorse", "start_review", "admit"],
    "not_admitted": ["submit", "endorse", "start_review", "reject"],
    "withdrawn": ["submit", "withdraw"],
}
# What the demo calls say about themselves (written for the portal, in both languages).
CALL_TEXTS = {
    "description_en": (
        "The network invites cities that are making lifelong learning possible for all their "
        "residents to become members. Member cities share their practices, learn from peer "
        "cities through exchanges and thematic clusters, and follow their progress with the "
        "Key Features of Learning Cities.\n\n"
        "This is a demo call: it shows what a call looks like and lets you try the application "
        "workflow from start to finish."),
    "description_zh": (
        "网络邀请正在让全体居民都能终身学习的城市申请加入。成员城市分享各自的实践，"
        "通过同行学习交流和主题集群向其他城市学习，并借助学习型城市主要特征跟踪自身进展。\n\n"
        "这是一个演示征集：它展示征集的样子，并让您从头到尾试用申请流程。"),
    "eligibility_en": (
        "Any city or municipality of a UNESCO Member State may apply, whatever its size.\n"
        "- The application is made by the city's administration: on this portal, a person "
        "holding the role of city coordinator for the city.\n"
        "- The mayor signs a letter supporting the application.\n"
        "- The National Commission for UNESCO of the Member State endorses the application; it "
        "may endorse at most three cities in this call.\n"
        "A city that is already a member does not apply again."),
    "eligibility_zh": (
        "联合国教科文组织任何会员国的城市或市镇，无论规模大小，均可申请。\n"
        "- 申请由市政府提出：在本门户中，由担任该城市协调员角色的人员提交。\n"
        "- 市长签署一封支持申请的信函。\n"
        "- 所在会员国的联合国教科文组织全国委员会推荐该申请；在本次征集中，每个全国委员会最多可推荐三个城市。\n"
        "已是成员的城市无需再次申请。"),
}
COMMENTS = {
    "return": "Please give the figures for the most recent year and add links to the city's plan.",
    "decline": "The city's plan is not yet adopted by the council; we will nominate it next time.",
    "request_info": "Could you say how the city will fund its learning festival after 2027?",
    "reject": "The application does not yet show a city-wide strategy; we encourage a new application.",
}


def minimal_pdf(text="Letter of the mayor (demo)"):
    """A small, well-formed one-page PDF (used for demo and test letters)."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def complete_answers(city):
    """A full set of answers that passes every submission check."""
    return {
        "data_year": 2025, "population": city.population or 500000,
        "area_km2": city.area_km2 or 100, "gdp_per_capita_city_usd": 21000,
        "gdp_per_capita_country_usd": 15000, "schooling_years_men": 11.2,
        "schooling_years_women": 11.6, "website": city.website, "mayor_title": "Mayor",
        "mayor_name": f"Mayor of {city.name_en}", "contact_name": "Learning city office",
        "contact_email": f"learning@{city.slug}.example", "contact_phone": "+00 000 0000",
        "communication_language": "en",
        "motivation": (f"{city.name_en} wants to learn from other cities how to bring adult "
                       "learning to every neighbourhood, and to share its own community "
                       "learning centres with the network."),
        "implementation": ("A lifelong learning plan adopted in 2024 links libraries, schools "
                           "and employers; see https://example.org/plan for the full text."),
        "pledge": True,
        "challenges": {n: (n % 5) + 1 for n in COMMITMENT_NUMBERS},
        "expertise": [2, 5, 9],
        "expertise_tags": "community learning centres, learning festivals",
    }


def _user(email, name, *, password=DEMO_PASSWORD):
    user = accounts.find_user_by_email(email)
    if user is None:
        user = accounts.create_account(name=name, email=email, password=password, verified=True)
        user.is_demo = True
    return user


def demo_coordinator(city):
    user = _user(f"coordinator-{city.slug}@demo.example.org", f"Coordinator of {city.name_en}")
    if city.id not in user.coordinated_city_ids():
        accounts.grant_role(user, Role.city_coordinator, city=city)
    return user


def _natcom(member_state):
    user = _user(f"natcom-{member_state.iso.lower()}@demo.example.org",
                 f"National Commission of {member_state.name_en}")
    if member_state.id not in user.natcom_state_ids():
        accounts.grant_role(user, Role.natcom_officer, member_state=member_state)
    return user


def load_demo_accounts(report):
    cities = {c.slug: c for c in db.session.scalars(select(City))}
    for email, name, role, scope in ROLE_ACCOUNTS:
        if accounts.find_user_by_email(email) is not None:
            report.add("users", "unchanged")
            continue
        user = _user(email, name)
        accounts.grant_role(user, role, city=cities.get(scope.get("city")),
                            member_state=accounts.member_state_by_iso(scope["state"])
                            if "state" in scope else None,
                            organisation=scope.get("organisation"))
        report.add("users", "created")


def load_demo_membership(report, today=None):
    """Two demo calls and their applications; done once (a second run changes nothing)."""
    today = today or dt.date.today()
    existing = db.session.scalars(select(Call).where(Call.title.in_((OPEN_CALL_TITLE, CLOSED_CALL_TITLE)))).all()
    if existing:
        for call in existing:   # loaded before calls had texts: give them theirs
            changed = [name for name, text in CALL_TEXTS.items() if not getattr(call, name)]
            for name in changed:
                setattr(call, name, CALL_TEXTS[name])
            report.add("calls", "updated" if changed else "unchanged")
        return
    secretariat = accounts.find_user_by_email("secretariat@demo.example.org")
    calls = {
        "closed": membership.open_call(title=CLOSED_CALL_TITLE, opens_on=today - dt.timedelta(days=400),
                                       closes_on=today - dt.timedelta(days=300), actor=secretariat,
                                       texts=CALL_TEXTS),
        "open": membership.open_call(title=OPEN_CALL_TITLE, opens_on=today - dt.timedelta(days=45),
                                     closes_on=today + dt.timedelta(days=60), actor=secretariat,
                                     texts=CALL_TEXTS),
    }
    cities = {c.slug: c for c in db.session.scalars(select(City))}
    for call_key, slug, goal in APPLICATIONS:
        call, city = calls[call_key], cities[slug]
        coordinator, natcom = demo_coordinator(city), _natcom(city.member_state)
        on = call.opens_on + dt.timedelta(days=5)
        application = membership.start_application(call, city, actor=coordinator, on=on)
        membership.save_application(application, complete_answers(city), actor=coordinator,
                                    letter=("letter.pdf", minimal_pdf(f"Letter of {city.name_en}")))
        actors = {"submit": coordinator, "withdraw": coordinator, "return": natcom,
                  "decline": natcom, "endorse": natcom}
        for step in PATHS[goal]:
            membership.transition_application(
                application, step, actor=actors.get(step, secretariat),
                comment=COMMENTS.get(step), on=on)
        if goal == "submitted_overdue":
            application.submitted_at = dt.datetime.combine(
                today - dt.timedelta(days=call.decision_window_days + 10), dt.time(9),
                tzinfo=dt.timezone.utc)
        report.add("applications", "created")
    report.add("calls", "created")
