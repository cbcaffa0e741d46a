"""The nomination quota holds when several officers endorse at the same moment."""
import threading

import pytest

from models.membership import Application
from models.membership import ApplicationState as S
from portal.domain_errors import Conflict
from portal.extensions import db
from portal.membership import operations
from portal.reference.demo_membership import CALL_TEXTS
from tests.conftest import ROLE_EMAILS
from tests.databases import is_postgresql
from tests.test_membership_workflow import _submitted_us_application


@pytest.mark.skipif(not is_postgresql(), reason="needs a PostgreSQL server (TEST_DATABASE_URL): "
                    "SQLite serialises writers, so there is no race to win")
def test_two_officers_racing_for_the_last_nomination_slot(app, monkeypatch):
    from portal.auth.operations import find_user_by_email
    with app.test_request_context():
        staff = find_user_by_email(ROLE_EMAILS["secretariat"])
        natcom = find_user_by_email(ROLE_EMAILS["natcom_officer"])
        call = operations.open_call(title="Race", opens_on=__import__("datetime").date.today(),
                                    closes_on=__import__("datetime").date.today(),
                                    nomination_quota=1, actor=staff, texts=CALL_TEXTS)
        ids = [_submitted_us_application(call, slug, natcom).id for slug in ("columbus", "boston")]
        db.session.commit()
        natcom_id = natcom.id

    # Both officers see the one free slot before either writes: the database must decide.
    both_looked = threading.Barrier(2, timeout=10)
    real_free_slots = operations.free_nomination_slots

    def free_slots_then_wait(call, state_id):
        slots = real_free_slots(call, state_id)
        both_looked.wait()
        return slots

    monkeypatch.setattr(operations, "free_nomination_slots", free_slots_then_wait)
    outcomes = {}

    def endorse(application_id):
        with app.test_request_context():
            application = db.session.get(Application, application_id)
            officer = db.session.get(type(natcom), natcom_id)
            try:
                operations.transition_application(application, "endorse", actor=officer)
                db.session.commit()
                outcomes[application_id] = "endorsed"
            except Conflict as refusal:
                db.session.rollback()
                outcomes[application_id] = refusal.message
            finally:
                db.session.remove()

    threads = [threading.Thread(target=endorse, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(v == "endorsed" for v in outcomes.values()) == [False, True], outcomes
    assert any("same moment" in v for v in outcomes.values() if v != "endorsed")
    with app.app_context():
        states = sorted(db.session.get(Application, i).state.value for i in ids)
        assert states == [S.endorsed.value, S.submitted.value]


@pytest.mark.skipif(not is_postgresql(), reason="needs a PostgreSQL server (TEST_DATABASE_URL)")
def test_two_saves_of_one_application_at_once_answer_409_not_500(app_with, monkeypatch):
    """The coordinator saves the same new application from two tabs at the same moment: one
    save wins, the other is told to reload; nothing half-written, no broken error page."""
    from tests.conftest import session_token
    from tests.test_membership_pages import columbus_application, form_data, save
    app = app_with(PROPAGATE_EXCEPTIONS=False)   # errors answered as in production

    def tab():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_token(app, ROLE_EMAILS["city_coordinator"])
        return client

    first, second = tab(), tab()
    application_id = columbus_application(app, first, lambda role: first)   # no answers yet
    both_loaded = threading.Barrier(2, timeout=10)
    real_save = operations.save_application

    def save_after_both_loaded(*args, **kwargs):
        both_loaded.wait()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(operations, "save_application", save_after_both_loaded)
    answers = {}

    def save_in(name, client, rating):
        try:
            changes = {f"challenge_{n}": str(rating) for n in range(1, 13)}
            response = save(client, application_id, form_data(app, **changes), letter=None)
            answers[name] = (response.status_code, response.get_data(as_text=True))
        except Exception as error:   # the test client raised: the app did not answer
            answers[name] = (None, repr(error))

    threads = [threading.Thread(target=save_in, args=("one", first, 1)),
               threading.Thread(target=save_in, args=("two", second, 5))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    codes = sorted(str(code) for code, _ in answers.values())
    assert codes in (["302", "302"], ["302", "409"]), answers
    if codes == ["302", "409"]:
        page = next(text for code, text in answers.values() if code == 409)
        assert "changed meanwhile" in page
    with app.app_context():
        found = db.session.get(Application, application_id)
        assert len(found.challenges) == 12 and len({c.rating for c in found.challenges}) == 1
