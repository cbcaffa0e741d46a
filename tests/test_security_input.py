"""Hostile input answers 4xx with a reason, never 500: numbers no column can hold, in the
path, the query string or a form; file names with line breaks."""
import pytest
from flask import url_for

HUGE = [2**31, 2**63, 2**64 + 1, 10**30]
QUERY_KEYS = ("page", "call", "year", "commitment", "id", "city", "country", "region", "sort",
              "q", "key_feature", "language")


# What a page that reads page/commitment/country… answers when they hold numbers no column can
# hold: a 400 with the reason, or (the dashboard's call) no such thing.
READS_NUMBERS = {"/api/v1/practices": 400, "/cities": 400, "/practices": 400, "/search": 400,
                 "/membership/dashboard": 404}


def _int_routes(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(type(c).__name__ == "BoundedIntegerConverter" for c in rule._converters.values())]


@pytest.mark.parametrize("role", ["anonymous", "secretariat", "city_coordinator"])
def test_ids_beyond_any_column_in_a_path_are_not_found(app, client, login_as, role):
    login_as(None if role == "anonymous" else role)
    rules = _int_routes(app)
    assert len(rules) >= 15
    for rule in rules:
        for number in HUGE:
            with app.test_request_context():
                values = {name: (number if type(c).__name__ == "BoundedIntegerConverter" else "x")
                          for name, c in rule._converters.items()}
                path = rule.rule
                for name, value in values.items():
                    path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
                    path = path.replace(f"<path:{name}>", str(value))
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(path, method=method)
            assert response.status_code == 404, f"{role} {method} {path}: {response.status_code}"


@pytest.mark.parametrize("role", ["anonymous", "secretariat"])
def test_huge_numbers_in_query_strings_are_refused_calmly(app, client, login_as, role):
    login_as(None if role == "anonymous" else role)
    with app.test_request_context():
        paths = [url_for(rule.endpoint) for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"]
    wrong = []
    for path in paths:
        plain = client.get(path).status_code
        # Pages that read these keys refuse the numbers; the others answer as without them.
        expected = READS_NUMBERS.get(path, plain) if plain == 200 else plain
        for number in HUGE[1:]:
            query = "&".join(f"{key}={number}" for key in QUERY_KEYS)
            response = client.get(f"{path}?{query}")
            if response.status_code != expected:
                wrong.append(f"{role} {path}?{query}: {response.status_code}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


def test_huge_ids_in_forms_are_refused_calmly(client, login_as):
    for number in HUGE:
        login_as("city_coordinator")
        response = client.post("/account/roles", data={"role": "practitioner", "city": str(number),
                                                       "organisation": "X", "justification": "Long enough reason."})
        assert response.status_code == 400
        assert '<li><a href="#city">' in response.get_data(as_text=True)
        login_as("hume@demo.example.org")   # a member city's coordinator, who may ask for an exchange
        response = client.post("/cities/espoo/exchange-request", data={"from_city": str(number)})
        assert response.status_code == 400
        assert "On behalf of: Not a valid choice." in response.get_data(as_text=True)


@pytest.mark.parametrize("given,kept", [
    ("evil\r\nSet-Cookie: x=1.pdf", "evil Set-Cookie x=1.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Users\\mayor\\信函 2026.PDF", "信函 2026.pdf"),
    ('"quoted";name.pdf', "quotedname.pdf"),
    ("\r\n", "letter.pdf"),
])
def test_letter_file_names_are_cleaned_when_stored(app_context, actors, given, kept):
    from portal.membership import operations
    from portal.reference.demo_membership import minimal_pdf
    from tests.membership_helpers import complete_application
    application = complete_application(actors["city_coordinator"])
    operations.save_application(application, {}, actor=actors["city_coordinator"],
                                letter=(given, minimal_pdf()))
    assert application.letter_filename == kept


def test_a_letter_with_a_line_break_in_its_name_still_downloads(app, client, login_as):
    from models.membership import Application
    from portal.extensions import db
    from portal.reference.demo_membership import minimal_pdf
    login_as("city_coordinator")
    with app.test_request_context():
        from portal.auth.operations import find_user_by_email
        from tests.membership_helpers import complete_application
        application = complete_application(find_user_by_email("coordinator@demo.example.org"))
        db.session.commit()
        application_id = application.id
    response = client.post(f"/membership/applications/{application_id}/edit",
                           data={"letter": (__import__("io").BytesIO(minimal_pdf()), "a\r\nb.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/membership/applications/{application_id}")
    with app.app_context():
        stored = db.session.get(Application, application_id).letter_filename
        assert "\r" not in stored and "\n" not in stored
        db.session.get(Application, application_id).letter_filename = "old\r\nname.pdf"  # stored before the fix
        db.session.commit()
    download = client.get(f"/membership/applications/{application_id}/letter")
    assert download.status_code == 200 and "\n" not in download.headers["Content-Disposition"]


@pytest.mark.parametrize("path", ["/cities/%00", "/practices/x%00y", "/search?q=%00", "/api/v1/practices?q=a%00"])
def test_a_nul_character_is_refused_with_a_reason(client, path):
    response = client.get(path)
    assert response.status_code == 400


def test_a_nul_character_in_a_form_is_refused(client, login_as):
    login_as("city_coordinator")
    response = client.post("/account/roles", data={"role": "practitioner", "organisation": "A\x00B",
                                                   "justification": "Long enough reason."})
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)
