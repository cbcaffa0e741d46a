"""Membership: calls, applications, nominations, the dashboard.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("membership", __name__, url_prefix="/membership")
