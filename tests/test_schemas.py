"""One schema per thing users write, checked where the rule lives: a practice through its
operation and through the import ("line N: reason", never a database error, on SQLite and
PostgreSQL alike: run this file with TEST_DATABASE_URL too), an application through
save_application without its form, a peer request and an adoption through their operations."""
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from models.practices import Practice
from models.reference_numbers import COMMITMENT_NUMBERS, YEAR_MAX, YEAR_MIN
from portal.cities.queries import city_by_slug
from portal.domain_errors import Invalid, InvalidFields
from portal.exchange import adoptions, peer_requests
from portal.extensions import db
from portal.membership import operations as membership
from portal.practices import operations
from tests.conftest import complete_practice_line
from tests.membership_helpers import city, open_call
from tests.test_practice_schema import data


def problems_of_create(actor, **changes):
    with pytest.raises(InvalidFields) as error:
        operations.create_practice(data(**changes), actor=actor)
    db.session.rollback()
    return {(p.field, p.message) for p in error.value.problems}


@pytest.mark.parametrize("changes, field, message", [
    ({"organisation": "O" * 300}, "organisation", "Organisation: at most 200 characters (now 300)."),
    ({"start_year": YEAR_MIN - 1}, "start_year", "The start year must be between 1900 and 2100."),
    ({"start_year": "2020"}, "start_year", "Start year: must be a whole number."),
    ({"ongoing": "yes"}, "ongoing", "Still ongoing: must be true or false."),
    ({"commitments": "1,2"}, "commitments", "Commitments it serves (at least one): must be a list."),
    ({"commitments": [0]}, "commitments", "Commitments are numbered 1 to 12."),
    ({"target_groups": "adults"}, "target_groups", "Target groups: must be a list."),
    ({"language": "de"}, "language", "Choose the language the practice is written in."),
    ({"translations": [{"language": "zh", "title": "标题", "summary": 5}]}, "translations.zh.summary",
     "Summary in Chinese: must be text."),
    ({"translations": {"language": "zh", "title": "标题", "summary": "摘要"}}, "translations",
     "Translations: must be a list."),
])
def test_the_operation_names_each_problem_of_a_practice(app_context, actors, changes, field, message):
    assert problems_of_create(actors["practitioner"], **changes) == {(field, message)}


def test_a_draft_keeps_its_limits_but_not_what_publication_needs(app_context, actors):
    practice = operations.create_practice(data(need="", commitments=[]), actor=actors["practitioner"])
    assert practice.id is not None
    with pytest.raises(InvalidFields) as error:
        operations.submit_practice(practice, actor=actors["practitioner"])
    assert {p.field for p in error.value.problems} == {"need", "commitments"}


def import_file(runner, tmp_path, **changes):
    line = complete_practice_line({"external_id": "schema-test", "title": "Schema test",
                                   "summary": "x", "language": "en", "country": "US",
                                   "city": "Columbus", "commitments": [1], **changes})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    return runner.invoke(args=["practices-import", str(path)])


@pytest.mark.parametrize("changes, reason", [
    ({"organisation": "O" * 300}, "'organisation': Organisation: at most 200 characters (now 300)."),
    ({"title": "T" * 301}, "'title': Title: at most 300 characters (now 301)."),
    ({"url": "https://example.org/" + "x" * 500}, "'url': Link to more information: at most 500 characters"),
    ({"external_id": "e" * 121}, "'external_id': external_id: at most 120 characters (now 121)."),
    ({"city": "C" * 161}, "'city': City: at most 160 characters (now 161)."),
    ({"translation": {"language": "zh", "title": "标" * 301, "summary": "摘要"}},   # the older format
     "'translation.title': Title in Chinese: at most 300 characters (now 301)."),
    ({"translations": [{"language": "zh", "title": "标题", "summary": "摘要"},
                       {"language": "fr", "title": "T" * 301, "summary": "Résumé"}]},
     "'translations.fr.title': Title in French: at most 300 characters (now 301)."),
    ({"translations": [{"language": "xx", "title": "Title", "summary": "Summary"}]},
     "'translations.0.language': Choose the language of the translation: one of en, fr, es, ru, ar, zh."),
    ({"translation": {"language": "zh", "title": "标题", "summary": "摘要"}, "translations": []},
     "give 'translations' (a list) or the older 'translation' (one object), not both"),
    ({"organisation": "Library\x00"}, "'organisation': Organisation: contains a NUL character"),
    ({"year": YEAR_MAX + 1}, "'year': The start year must be between 1900 and 2100."),
    ({"year": "2020"}, "'year': Start year: must be a whole number."),
    ({"commitments": "1"}, "'commitments': Commitments it serves (at least one): must be a list."),
    ({"key_features": "2.2.1"}, "'key_features': Key features it relates to (optional): must be a list."),
    ({"ongoing": 1}, "'ongoing': Still ongoing: must be true or false."),
    ({"demo": "yes"}, "'demo': demo: must be true or false."),
    ({"translation": ["zh"]}, "'translation': Translation: must be an object."),
    ({"translation": {"language": "zh", "title": "标题", "summary": "摘要", "notes": "x"}},
     "'translation.notes': notes: unknown key."),
])
def test_a_bad_line_is_a_reason_on_its_line_on_every_database(app, runner, tmp_path, changes, reason):
    """The import reports 'line N: reason' and writes nothing, on SQLite and PostgreSQL: a
    300-character organisation used to reach PostgreSQL's column and end in a traceback."""
    result = import_file(runner, tmp_path, **changes)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code != 0
    assert f"line 1: {reason}" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id)).filter_by(external_id="schema-test")) == 0


def test_a_good_line_still_imports(app, runner, tmp_path):
    result = import_file(runner, tmp_path, organisation="O" * 200, year=YEAR_MIN)
    assert result.exit_code == 0, result.output


@pytest.fixture
def draft_application(app_context, actors):
    coordinator = actors["city_coordinator"]
    return membership.start_application(open_call(), city("columbus"), actor=coordinator), coordinator


@pytest.mark.parametrize("answers, field", [
    ({"population": 0}, "population"),
    ({"population": 100_000_001}, "population"),
    ({"data_year": 1989}, "data_year"),
    ({"data_year": YEAR_MAX + 1}, "data_year"),
    ({"area_km2": 0}, "area_km2"),
    ({"schooling_years_women": 26}, "schooling_years_women"),
    ({"gdp_per_capita_city_usd": -1}, "gdp_per_capita_city_usd"),
    ({"mayor_title": "M" * 81}, "mayor_title"),       # a String(80) column: PostgreSQL refused it
    ({"contact_email": "x" * 255}, "contact_email"),
    ({"population": "many"}, "population"),
    ({"expertise": [max(COMMITMENT_NUMBERS) + 1]}, "expertise"),
    ({"challenges": {1: 6}}, "challenges"),
])
def test_save_application_checks_the_ranges_without_the_form(draft_application, answers, field):
    application, coordinator = draft_application
    with pytest.raises(InvalidFields) as error:
        membership.save_application(application, answers, actor=coordinator)
    assert [p.field for p in error.value.problems] == [field]


def test_an_application_range_is_said_in_words(draft_application):
    application, coordinator = draft_application
    with pytest.raises(Invalid, match=r"Population must be between 1 and 100000000\."):
        membership.save_application(application, {"population": 0}, actor=coordinator)
    membership.save_application(application, {"population": 1, "schooling_years_men": 25},
                                actor=coordinator)
    assert application.population == 1


def test_the_form_shows_the_schema_s_ranges(app):
    from portal.membership.forms import ApplicationForm
    from portal.membership.schema import NUMBERS
    with app.test_request_context():
        form = ApplicationForm()
        for name, (low, high, _places) in NUMBERS.items():
            number_range = next(v for v in form[name].validators if hasattr(v, "min"))
            assert (number_range.min, number_range.max) == (low, high), name


@pytest.fixture
def espoo_coordinator(app_context):
    """A coordinator of Espoo (a member city, like Hume)."""
    from models.auth import Role
    from portal.auth import operations as accounts
    user = accounts.create_account(name="Espoo coordinator", email="espoo.schema@example.org",
                                   password="a long enough password", verified=True)
    accounts.grant_role(user, Role.city_coordinator, city=city_by_slug("espoo"))
    db.session.flush()
    return user


SOON = dt.date.today() + dt.timedelta(days=30)


@pytest.mark.parametrize("changes, message", [
    ({"message": "x" * 5001}, "Write a message of at most 5000 characters."),
    ({"message": "   "}, "Write a message of at most 5000 characters."),
    ({"format": "letter"}, "Choose a format for the exchange."),
    ({"period_start": SOON - dt.timedelta(days=60)}, "The period cannot start in the past."),
    ({"period_end": SOON + dt.timedelta(days=400)}, "Propose a period of at most a year."),
    ({"period_end": None}, "Give the first and last day of the period."),
])
def test_a_peer_request_is_checked_by_its_schema(espoo_coordinator, changes, message):
    from models.framework import Commitment
    data = {"format": "study_visit", "period_start": SOON, "period_end": SOON + dt.timedelta(days=2),
            "message": "We would like to see your learning festival.",
            "commitment": db.session.scalar(select(Commitment).filter_by(number=3)), **changes}
    with pytest.raises(Invalid) as error:
        peer_requests.request_exchange(city_by_slug("espoo"), city_by_slug("hume"), data,
                                       actor=espoo_coordinator)
    assert error.value.message == message


@pytest.mark.parametrize("changes, message", [
    ({"year": YEAR_MIN - 1}, "The year must be between 1900 and 2100."),
    ({"year": YEAR_MAX + 1}, "The year must be between 1900 and 2100."),
    ({"changes": "x" * 5001}, "Say what the city changed (or that it changed nothing)."),
    ({"results": ""}, "Say what happened after the city took it up."),
    ({"kind": "copied"}, "Say whether the city adopted the practice as it was or adapted it."),
])
def test_an_adoption_is_checked_by_its_schema(make_practice, espoo_coordinator, changes, message):
    slug = make_practice(city="hume", title="Hume learning festival", commitments=(10,))
    practice = db.session.scalar(select(Practice).filter_by(slug=slug))
    data = {"kind": "adapted", "changes": "Held in winter.", "results": "Many visitors.", "year": 2024,
            **changes}
    with pytest.raises(Invalid) as error:
        adoptions.record_adoption(practice, city_by_slug("espoo"), data, actor=espoo_coordinator)
    assert error.value.message == message
    adopted = adoptions.record_adoption(practice, city_by_slug("espoo"),
                                        {"kind": "adapted", "changes": " Held in winter. ",
                                         "results": "Many visitors.", "year": YEAR_MAX},
                                        actor=espoo_coordinator)
    assert adopted.changes == "Held in winter."


# --- A call for membership: one schema for open_call and the form ----------------------------

CALL = {"title": "Call 2027", "opens_on": dt.date(2027, 1, 1), "closes_on": dt.date(2027, 3, 1),
        "nomination_quota": 3, "decision_window_days": 30}


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"nomination_quota": 51}, "nomination_quota", "between 1 and 50"),
    ({"nomination_quota": 0}, "nomination_quota", "between 1 and 50"),
    ({"decision_window_days": 366}, "decision_window_days", "between 1 and 365"),
    ({"closes_on": dt.date(2026, 12, 31)}, "", "close on or after the day it opens"),
    ({"title": "x" * 201}, "title", "at most 200 characters"),
    ({"texts": {"description_en": "", "eligibility_en": "Any city."}}, "description_en", "in English"),
    ({"texts": {"description_en": "About.", "eligibility_en": "Any.", "description_zh": "长" * 4001}},
     "description_zh", "under 4000 characters"),
])
def test_open_call_refuses_what_the_call_schema_refuses(app_context, actors, changes, field, says):
    from models.membership import Call
    values = {**CALL, "texts": {"description_en": "About.", "eligibility_en": "Any city."}, **changes}
    before = db.session.scalar(select(func.count(Call.id)))
    with pytest.raises(InvalidFields) as raised:
        membership.open_call(actor=actors["secretariat"], **values)
    assert [(p.field, says in p.message) for p in raised.value.problems] == [(field, True)]
    assert db.session.scalar(select(func.count(Call.id))) == before


def test_the_call_form_takes_its_ranges_from_the_schema(app):
    from portal.membership.forms import CallForm
    from portal.membership.schema import CALL_NUMBERS
    with app.test_request_context():
        form = CallForm(meta={"csrf": False})
        for name, (low, high) in CALL_NUMBERS.items():
            limits = [v for v in form[name].validators if hasattr(v, "min")]
            assert [(v.min, v.max) for v in limits] == [(low, high)]
