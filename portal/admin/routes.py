"""Secretariat tools: deciding role requests, reading the mail outbox."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import mail
from portal.admin import queries
from portal.admin.blueprint import bp
from portal.auth import operations
from portal.auth.routes import role_labels
from portal.domain_errors import DomainError
from portal.membership.forms import TransitionForm


@bp.get("/role-requests")
def role_requests(status=200, error=None):
    return render_template("admin/role_requests.html", grants=queries.role_requests(), form=TransitionForm(),
                           role_labels=role_labels(), error=error), status


@bp.post("/role-requests/<int:grant_id>")
def decide_role(grant_id):
    grant = queries.role_request(grant_id) or abort(404)
    form = TransitionForm()
    decision = request.form.get("decision")
    if not form.validate_on_submit() or decision not in ("grant", "refuse"):
        return role_requests(400, _("Choose to grant or to refuse the role."))
    try:
        operations.decide_role(grant, grant_it=decision == "grant", actor=current_user,
                               comment=form.comment.data)
    except DomainError as error:
        return role_requests(error.status, error.message)
    role = role_labels()[grant.role]
    flash(_("%(name)s now holds the role: %(role)s.", name=grant.user.name, role=role)
          if decision == "grant" else
          _("The request of %(name)s for the role “%(role)s” is refused.", name=grant.user.name, role=role),
          "success")
    return redirect(url_for(".role_requests"))


@bp.get("/mail")
def mail_outbox():
    return render_template("admin/mail_outbox.html", mails=mail.recent_mail(100),
                           shown_mail_body=mail.shown_body,
                           status_label=mail.status_label)
