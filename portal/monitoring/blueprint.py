"""Monitoring with the Key Features: cities' data and self-assessment, reporting cycles and
progress reports, profiles and comparisons with peers.

The area's blueprint: its route modules import it and add their pages to it (their paths
are under /cities/<slug>/…, /reports/… and /monitoring/…); `portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("monitoring", __name__)
