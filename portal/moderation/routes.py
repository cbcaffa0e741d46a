"""The secretariat's moderation queue: reported posts to hide or restore, accounts to suspend
or reinstate."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import confirmation
from portal.domain_errors import DomainError
from portal.exchange import queries as exchange
from portal.moderation import operations, queries
from portal.moderation.blueprint import bp


@bp.get("/")
def queue(error=None, status=200):
    return render_template("moderation/queue.html", reported=queries.queue(), error=error,
                           decided=queries.recently_decided()), status


@bp.post("/posts/<int:post_id>")
def decide_post(post_id):
    post = exchange.post(post_id) or abort(404)
    action = request.form.get("action")
    decisions = {"hide": operations.hide_post, "restore": operations.restore_post}
    if action not in decisions:
        return queue(_("Choose to hide or to restore the post."), 400)
    try:
        decisions[action](post, actor=current_user, comment=request.form.get("comment"))
    except DomainError as error:
        return queue(error.message, error.status)
    flash(_("The post is hidden.") if action == "hide" else _("The post is visible again."), "success")
    return redirect(url_for(".queue"))


@bp.post("/accounts/<int:user_id>")
def suspend(user_id):
    user = queries.account(user_id) or abort(404)
    action = request.form.get("action")
    if action not in ("suspend", "reinstate"):
        return queue(_("Choose to suspend or to reinstate the account."), 400)
    if action == "suspend":
        page = confirmation.ask(
            action=_("Suspend the account"), subject=user.name,
            consequence=_("%(name)s will be signed out at once and will no longer be able to sign "
                          "in, post or receive notifications, until the secretariat reinstates "
                          "the account.", name=user.name), cancel_url=url_for(".queue"))
        if page is not None:
            return page
    change = operations.suspend_user if action == "suspend" else operations.reinstate_user
    try:
        change(user, actor=current_user, reason=request.form.get("reason"))
    except DomainError as error:
        return queue(error.message, error.status)
    flash(_("%(name)s's account is suspended.", name=user.name) if action == "suspend"
          else _("%(name)s's account is active again.", name=user.name), "success")
    return redirect(url_for(".queue"))
