"""The secretariat's moderation queue.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
