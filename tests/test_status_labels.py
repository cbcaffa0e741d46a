"""A status label shared by things of different genders (a practice, a progress report, an
application, a peer-learning request) agrees with each in French, Spanish and Russian: the
labels carry a message context per thing (`lazy_pgettext`), so each is translated on its own."""
import pytest
from flask_babel import force_locale

from models.membership import ApplicationState
from models.monitoring import ReportState
from models.practices import PracticeStatus
from portal.exchange.workflow import WORKFLOW as REQUESTS
from portal.membership.workflow import STATE_LABELS as APPLICATION_STATES
from portal.monitoring.workflow import STATE_LABELS as REPORT_STATES
from portal.practices.rules import STATUS_LABELS as PRACTICE_STATUSES
from portal.practices.workflow import WORKFLOW as PRACTICES


def labels():
    return {
        "practice published": PRACTICE_STATUSES[PracticeStatus.published],
        "practice published (event)": PRACTICES.event_label("practice.publish"),
        "report published": REPORT_STATES[ReportState.published],
        "report accepted": REPORT_STATES[ReportState.accepted],
        "request accepted (event)": REQUESTS.event_label("peer_request.accept"),
        "application withdrawn": APPLICATION_STATES[ApplicationState.withdrawn],
        "request withdrawn (event)": REQUESTS.event_label("peer_request.withdraw"),
    }


@pytest.mark.parametrize("language,expected", [
    ("en", {"practice published": "Published", "report published": "Published",
            "report accepted": "Accepted", "request accepted (event)": "Accepted",
            "application withdrawn": "Withdrawn", "request withdrawn (event)": "Withdrawn"}),
    # une pratique publiée, un rapport publié et accepté, une demande acceptée
    ("fr", {"practice published": "Publiée", "practice published (event)": "Publiée",
            "report published": "Publié", "report accepted": "Accepté",
            "request accepted (event)": "Acceptée"}),
    # una práctica publicada, un informe publicado y aceptado, una propuesta aceptada
    ("es", {"practice published": "Publicada", "report published": "Publicado",
            "report accepted": "Aceptado", "request accepted (event)": "Aceptada"}),
    # практика опубликована, отчёт опубликован; заявка отозвана, запрос отозван
    ("ru", {"practice published": "Опубликована", "report published": "Опубликован",
            "application withdrawn": "Отозвана", "request withdrawn (event)": "Отозван"}),
])
def test_shared_status_labels_agree_with_what_they_describe(app, language, expected):
    with app.test_request_context("/"), force_locale(language):
        shown = {name: str(label) for name, label in labels().items()}
    assert {name: shown[name] for name in expected} == expected

