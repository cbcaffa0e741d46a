"""What the exchange's states, formats and events are called, in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.exchange.forms import FORMAT_CHOICES

FORMAT_LABELS = dict(FORMAT_CHOICES)
STATE_LABELS = {
    "proposed": _l("waiting for an answer"), "counter_proposed": _l("another period proposed"),
    "accepted": _l("accepted"), "declined": _l("declined"), "withdrawn": _l("withdrawn"),
    "closed": lazy_pgettext("exchange state", "closed"),
}
ADOPTION_LABELS = {"adopted": _l("adopted"), "adapted": _l("adapted")}


def template_helpers():
    from portal.exchange.titles import thread_title, title_of
    from portal.exchange.workflow import WORKFLOW
    return {"peer_request_title": title_of, "thread_title": thread_title,
            "exchange_format_label": lambda v: FORMAT_LABELS.get(v, v),
            "request_state_label": lambda v: STATE_LABELS.get(v, v),
            "request_event_label": WORKFLOW.event_label,
            "adoption_kind_label": lambda v: ADOPTION_LABELS.get(v, v)}
