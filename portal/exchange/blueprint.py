"""Peer exchange: discussions, peer-learning requests, adoptions, clusters.

The area's blueprint and what its pages share: the posting limit and the template helpers
(labels, the Markdown hint). Its route modules (`routes.py`, `cluster_routes.py`,
`network_routes.py`, `request_routes.py`) import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint, current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.exchange import labels
from portal.exchange.forms import MARKDOWN_HINT
from portal.extensions import limiter

bp = Blueprint("exchange", __name__)


@bp.record_once
def register_template_helpers(state):
    state.app.jinja_env.globals["markdown_hint"] = MARKDOWN_HINT
    state.app.jinja_env.globals.update(labels.template_helpers())


def _post_rate():
    return current_app.config["POST_RATE_LIMIT"]


def _account_key():
    """Posting limits count per account (per address for the anonymous, who cannot post)."""
    return f"account:{current_user.id}" if current_user.is_authenticated else get_remote_address()


posting_limit = limiter.limit(_post_rate, key_func=_account_key, methods=["POST"])
