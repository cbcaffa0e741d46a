"""The home and about pages.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("home", __name__)
