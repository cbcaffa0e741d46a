"""Moderation: anyone signed in reports a post with a reason; a post reported by enough
people (REPORTS_TO_HIDE) is hidden until the secretariat reviews it; the secretariat hides or
restores posts and suspends or reinstates accounts. Every decision is audited."""
import datetime as dt

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from models.base import utcnow
from models.exchange import HiddenReason, PostReport
from portal import audit
from portal.auth import sessions, tokens
from portal.auth.operations import staff_users
from portal.domain_errors import Conflict, Invalid
from portal.exchange import rules
from portal.extensions import db
from portal.notifications.operations import notify
from portal.permissions import check


def report_post(post, reason, *, actor):
    check(actor, "post.report", post)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say what is wrong with this post."))
    if len(reason) > rules.MAX_REPORT_REASON_LENGTH:
        raise Invalid(_("Keep the reason under %(n)s characters.", n=rules.MAX_REPORT_REASON_LENGTH))
    if db.session.scalar(select(PostReport.id).where(PostReport.post_id == post.id,
                                                     PostReport.reporter_id == actor.id)):
        raise Conflict(_("You have already reported this post."))
    report = PostReport(post=post, reporter=actor, reason=reason)
    db.session.add(report)
    db.session.flush()
    audit.record(post, "post.report", actor, comment=reason)
    threshold = current_app.config.get("REPORTS_TO_HIDE", rules.DEFAULT_REPORTS_TO_HIDE)
    counted = [r for r in post.open_reports() if counts_toward_hiding(r.reporter)]
    if not post.is_hidden and len(counted) >= threshold:
        post.hidden_at, post.hidden_reason = utcnow(), HiddenReason.reports
        audit.record(post, "post.hide_on_reports", None, comment=str(len(counted)))
        notify(staff_users(), "report.threshold", {"user": post.author.name, "title": post.thread},
               endpoint="moderation.queue")
    return report


def counts_toward_hiding(reporter):
    """Reports hide a post on their own only when they come from established accounts: a
    confirmed address and an account some days old (REPORTER_MIN_ACCOUNT_DAYS), so that a few
    throwaway accounts cannot silence anyone. Every report still reaches the secretariat's
    queue."""
    if reporter is None or reporter.is_suspended or reporter.email_verified_at is None:
        return False
    days = current_app.config.get("REPORTER_MIN_ACCOUNT_DAYS", rules.DEFAULT_REPORTER_MIN_ACCOUNT_DAYS)
    created = reporter.created_at if reporter.created_at.tzinfo else \
        reporter.created_at.replace(tzinfo=dt.timezone.utc)
    return utcnow() - created >= dt.timedelta(days=days)


def hide_post(post, *, actor, comment=None):
    check(actor, "moderation.review")
    if post.is_hidden and post.hidden_reason is HiddenReason.moderator:
        raise Conflict(_("This post is already hidden."))
    post.hidden_at, post.hidden_reason, post.reviewed_at = utcnow(), HiddenReason.moderator, utcnow()
    _resolve_reports(post)
    audit.record(post, "post.hide", actor, comment=comment)
    db.session.flush()


def restore_post(post, *, actor, comment=None):
    """Show the post again (or keep it shown) and close its reports."""
    check(actor, "moderation.review")
    post.hidden_at = post.hidden_reason = None
    post.reviewed_at = utcnow()
    _resolve_reports(post)
    audit.record(post, "post.restore", actor, comment=comment)
    db.session.flush()


def _resolve_reports(post):
    for report in post.open_reports():
        report.resolved_at = utcnow()


def suspend_user(user, *, actor, reason):
    """A suspended account cannot sign in, and its holder receives no notification."""
    check(actor, "moderation.review")
    if user.id == actor.id:
        raise Conflict(_("You cannot suspend your own account."))
    if user.is_suspended:
        raise Conflict(_("This account is already suspended."))
    check(actor, "account.suspend", user)   # what is left of the rule: an administrator's account
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give the reason for the suspension; it is kept in the audit log."))
    user.is_suspended = True
    sessions.end_all_sessions(user)
    tokens.revoke(user)   # a reset link sent before must not work after a reinstatement
    audit.record(user, "user.suspend", actor, changes={"is_suspended": (False, True)}, comment=reason)
    db.session.flush()


def reinstate_user(user, *, actor, reason=None):
    check(actor, "moderation.review")
    if not user.is_suspended:
        raise Conflict(_("This account is not suspended."))
    check(actor, "account.reinstate", user)
    user.is_suspended = False
    audit.record(user, "user.reinstate", actor, changes={"is_suspended": (True, False)}, comment=reason)
    db.session.flush()
