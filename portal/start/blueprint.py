"""Each person's start page.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("start", __name__)
