"""The secretariat's tools.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
