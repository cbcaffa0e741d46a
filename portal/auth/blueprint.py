"""Accounts: signing up and in, passwords, roles asked for, notifications.

The area's blueprint: its route modules import it and add their pages to it;
`portal/blueprints.py` registers it."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
