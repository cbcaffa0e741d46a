"""Each person's start page: where signing in and signing up lead, with their tasks."""
from flask import render_template
from flask_login import current_user

from portal.auth.routes import role_labels
from portal.membership.operations import today
from portal.start import tasks
from portal.start.blueprint import bp


@bp.get("/start")
def index():
    return render_template("start/index.html", tasks=tasks.for_user(current_user, today()),
                           today=today(), role_labels=role_labels())
