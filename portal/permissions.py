"""Who may do what: the one table the views, templates and API consult.

Each endpoint names the permission that guards it in ENDPOINT_PERMISSIONS; each permission
is a rule in RULES, `rule(user, obj=None)`. Called without an object a rule answers "may
this user ever do this" (used to guard endpoints and show menus); with an object it answers
for that object. `user` is None for an anonymous visitor. An endpoint missing from the table
is closed to everyone, and `tests/test_permissions.py` fails until it is declared.

Three ways in, one rule behind each name: a view calls `require(name, obj)` (403 or sign
in), an operation calls `check(actor, name, obj)` (raises NotAllowed with the reason in
REFUSALS), a template asks `can(name, obj)` or is handed `allowed_actions(...)` by its view.
"""
from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models.auth import GrantStatus, Role
from models.membership import ApplicationState
from portal.domain_errors import NotAllowed

STAFF = (Role.secretariat, Role.administrator)
EDITABLE_STATES = (ApplicationState.draft, ApplicationState.returned,
                   ApplicationState.info_requested)


def _always(user, obj=None):
    return True


def _signed_in(user, obj=None):
    return user is not None


def _role(*roles):
    def rule(user, obj=None):
        return user is not None and user.has_role(*roles)
    return rule


def _coordinates(user, city_id):
    return user is not None and city_id in user.coordinated_city_ids()


def _speaks_for_state(user, state_id):
    return user is not None and state_id in user.natcom_state_ids()


def _apply(user, city=None):
    if city is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, city.id)


def _view_application(user, application=None):
    if application is None:
        return _role(Role.city_coordinator, Role.natcom_officer, *STAFF)(user)
    if _coordinates(user, application.city_id):
        return True
    if application.state is ApplicationState.draft:
        return False
    return (_speaks_for_state(user, application.city.member_state_id)
            or _role(*STAFF)(user))


def _edit_application(user, application=None):
    if application is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, application.city_id) and application.state in EDITABLE_STATES


def _coordinate_application(user, application=None):
    if application is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, application.city_id)


def _nominate(user, application=None):
    if application is None:
        return _role(Role.natcom_officer)(user)
    return _speaks_for_state(user, application.city.member_state_id)


def _publish_practice(user, practice=None):
    if practice is None:
        return _role(Role.city_coordinator, *STAFF)(user)
    return _role(*STAFF)(user) or _coordinates(user, practice.city_id)


def _edit_practice(user, practice=None):
    if practice is None:
        return _role(Role.practitioner, Role.city_coordinator, *STAFF)(user)
    if _publish_practice(user, practice):
        return True
    return (user is not None and practice.author_id == user.id
            and practice.status.value in ("draft", "returned", "unpublished"))


def _view_practice(user, practice=None):
    if practice is None or practice.status.value == "published":
        return True
    return user is not None and (practice.author_id == user.id or _publish_practice(user, practice))


def _revise_practice(user, practice=None):
    """An author who may not change a published practice directly opens a new version of
    it (one at a time), which is submitted and published like a draft."""
    if practice is None:
        return _role(Role.practitioner, Role.city_coordinator)(user)
    return (user is not None and practice.author_id == user.id
            and practice.status.value == "published" and practice.revision is None
            and not _publish_practice(user, practice))


def _delete_practice(user, practice=None):
    if practice is None:
        return _role(Role.practitioner, Role.city_coordinator, *STAFF)(user)
    return _publish_practice(user, practice) or (
        user is not None and practice.author_id == user.id and practice.status.value == "draft")


def _ask_question(user, practice=None):
    return user is not None and (practice is None or practice.status.value == "published")


def _participates(user, thread):
    return user is not None and any(p.user_id == user.id for p in thread.participants)


def _view_thread(user, thread=None):
    if thread is None:
        return True
    if thread.practice is not None:
        # Questions on a practice are read by those who may read the practice: once it is
        # no longer published, no longer by everyone.
        return _view_practice(user, thread.practice)
    if not thread.is_private:
        return True
    if _participates(user, thread):
        return True
    # The secretariat reads a private thread only once a message in it has been reported.
    return _role(*STAFF)(user) and any(post.reports for post in thread.posts)


def _discuss_in_cluster(user, cluster=None):
    """People holding a role for one of the cluster's cities, and the secretariat."""
    if user is None:
        return False
    if cluster is None or _role(*STAFF)(user):
        return True
    members = {m.city_id for m in cluster.memberships}
    return any(g.city_id in members for g in user.granted() if g.city_id)


def _post_in_thread(user, thread=None):
    if user is None:
        return False
    if thread is None:
        return True
    if thread.is_private:
        return _participates(user, thread) and thread.request.state.value == "accepted"
    if thread.practice is not None:
        return thread.practice.status.value == "published"
    if thread.cluster is not None:
        return _discuss_in_cluster(user, thread.cluster)
    return True


def _mark_answer(user, post=None):
    if post is None:
        return user is not None
    thread = post.thread
    if user is None or thread.practice is None:
        return False
    return (thread.author_id == user.id or thread.practice.author_id == user.id
            or _coordinates(user, thread.practice.city_id))


def _invite(user, thread=None):
    if thread is None:
        return user is not None
    return thread.is_private and _participates(user, thread)


def _report_post(user, post=None):
    if post is None:
        return user is not None
    return user is not None and post.author_id != user.id and _view_thread(user, post.thread)


def _read_post(user, post=None):
    """A hidden post stays readable by its author and the secretariat."""
    if post is None or not post.is_hidden:
        return True
    return user is not None and (post.author_id == user.id or _role(*STAFF)(user))


def _view_request(user, peer_request=None):
    """A peer-learning request is the two cities' business (and of those added to its thread)."""
    if peer_request is None:
        return user is not None
    if user is None:
        return False
    if any(_coordinates(user, city_id) for city_id in (peer_request.from_city_id, peer_request.to_city_id)):
        return True
    return peer_request.thread is not None and _participates(user, peer_request.thread)


def _join_cluster(user, city=None):
    """A coordinator joins (or takes out of) a cluster only the cities they coordinate."""
    if city is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, city.id)


def _adopts_another_citys(practice, city):
    """A city cannot adopt its own practice."""
    return practice.city_id != city.id


def _record_adoption(user, target=None):
    """`target` is (practice, city): a coordinator records, for their city, that it took up
    another city's practice."""
    if target is None:
        return _role(Role.city_coordinator)(user)
    practice, city = target
    return _coordinates(user, city.id) and _adopts_another_citys(practice, city)


def _write_for_city(user, city=None):
    """Authors write practices for the cities their roles are tied to; the secretariat for any."""
    if city is None or user is None:
        return user is not None
    return user.has_role(*STAFF) or city.id in {g.city_id for g in user.granted() if g.city_id}


def _offer_adoption(user, practice=None):
    """Who is offered to record that their city took up a practice: a coordinator of another
    city than the practice's."""
    if practice is None:
        return _role(Role.city_coordinator)(user)
    return _role(Role.city_coordinator)(user) and not _coordinates(user, practice.city_id)


def _ask_city_for_exchange(user, city=None):
    """Who is offered to ask a member city for a peer-learning exchange: a coordinator of
    another city."""
    if city is None:
        return _role(Role.city_coordinator)(user)
    return city.is_member and _role(Role.city_coordinator)(user) and not _coordinates(user, city.id)


def _decide_role(user, grant=None):
    """The secretariat decides a role request while it waits for an answer."""
    if grant is None or not _role(*STAFF)(user):
        return _role(*STAFF)(user)
    return grant.status is GrantStatus.requested


def _suspend(user, account=None):
    """The secretariat suspends an active account other than their own; only an
    administrator suspends an administrator."""
    if account is None or not _role(*STAFF)(user):
        return _role(*STAFF)(user)
    return (account.id != user.id and not account.is_suspended
            and (not account.has_role(Role.administrator) or user.has_role(Role.administrator)))


def _reinstate(user, account=None):
    if account is None or not _role(*STAFF)(user):
        return _role(*STAFF)(user)
    return account.is_suspended


def _ask_on_behalf_of(user, from_city=None):
    """A coordinator asks another city for an exchange on behalf of a city they coordinate."""
    if from_city is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, from_city.id)


def _answer_request(user, peer_request=None):
    """The city that must answer (the one that did not make the last proposal)."""
    if peer_request is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, peer_request.awaiting_city_id)


def _withdraw_request(user, peer_request=None):
    if peer_request is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, peer_request.from_city_id)


def _close_request(user, peer_request=None):
    if peer_request is None:
        return _role(Role.city_coordinator)(user)
    return any(_coordinates(user, city_id) for city_id in (peer_request.from_city_id, peer_request.to_city_id))


def _in_data_team(user, city_id):
    return user is not None and city_id in user.data_team_city_ids()


def _edit_city_data(user, city=None):
    """A city's data and self-assessment are entered by its team: its coordinators and the
    data officers they appoint."""
    if city is None:
        return _role(Role.city_coordinator, Role.data_officer)(user)
    return _in_data_team(user, city.id)


def _view_city_drafts(user, city=None):
    """Unpublished data of a city: its team, its National Commission and the secretariat."""
    if city is None:
        return _role(Role.city_coordinator, Role.data_officer, Role.natcom_officer, *STAFF)(user)
    return (_in_data_team(user, city.id) or _speaks_for_state(user, city.member_state_id)
            or _role(*STAFF)(user))


def _appoint_data_officer(user, city=None):
    if city is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, city.id)


REPORT_PUBLIC_STATES = ("accepted", "published")
REPORT_EDITABLE_STATES = ("draft", "returned")


def _view_report(user, report=None):
    """A progress report: the city's team, its National Commission and the secretariat; once
    accepted, everyone (its narrative is public)."""
    if report is None or report.state.value in REPORT_PUBLIC_STATES:
        return True
    return _view_city_drafts(user, report.city)


def _write_report(user, report=None):
    """A city's coordinators write its report while it is a draft or returned to them."""
    if report is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, report.city_id) and report.state.value in REPORT_EDITABLE_STATES


def _start_report(user, city=None):
    if city is None:
        return _role(Role.city_coordinator)(user)
    return _coordinates(user, city.id)


RULES = {
    "public.view": _always,
    "account.use": _signed_in,
    "role.decide": _role(*STAFF),
    "mail.read": _role(*STAFF),
    "call.manage": _role(*STAFF),
    "membership.dashboard": _role(*STAFF),
    "application.create": _apply,
    "application.view": _view_application,
    "application.edit": _edit_application,
    "application.withdraw": _coordinate_application,
    "application.nominate": _nominate,
    "application.review": _role(*STAFF),
    "practice.create": _role(Role.practitioner, Role.city_coordinator),
    "practice.view": _view_practice,
    "practice.edit": _edit_practice,
    "practice.submit": _edit_practice,
    "practice.publish": _publish_practice,
    "practice.delete": _delete_practice,
    "practice.revise": _revise_practice,
    "question.ask": _ask_question,
    "thread.view": _view_thread,
    "thread.post": _post_in_thread,
    "thread.invite": _invite,
    "answer.mark": _mark_answer,
    "post.report": _report_post,
    "post.read": _read_post,
    "moderation.review": _role(*STAFF),
    "exchange.request": _role(Role.city_coordinator),
    "cluster.manage": _role(*STAFF),
    "cluster.join": _join_cluster,
    "cluster.discuss": _discuss_in_cluster,
    "exchange.view_request": _view_request,
    "exchange.ask_city": _ask_city_for_exchange,
    "practice.write_for_city": _write_for_city,
    "adoption.record": _record_adoption,
    "adoption.offer": _offer_adoption,
    "account.suspend": _suspend,
    "account.reinstate": _reinstate,
    "peer_request.create": _ask_on_behalf_of,
    "peer_request.answer": _answer_request,
    "peer_request.withdraw": _withdraw_request,
    "peer_request.close": _close_request,
    "city_data.edit": _edit_city_data,
    "city_data.view_drafts": _view_city_drafts,
    "data_officer.appoint": _appoint_data_officer,
    "cycle.manage": _role(*STAFF),
    "monitoring.dashboard": _role(*STAFF),
    "report.view": _view_report,
    "report.start": _start_report,
    "report.write": _write_report,
    "report.review": _role(*STAFF),
}


def _refuse_adoption(user, target):
    if target is not None and not _adopts_another_citys(*target):
        return _l("A city cannot adopt its own practice; choose another city's practice.")
    return _l("Only a coordinator of the city can record what it adopted.")


# What an operation says when `check` refuses: a message, or `message(user, obj)` when the
# reason depends on which part of the rule failed. A permission not listed says DEFAULT_REFUSAL.
DEFAULT_REFUSAL = _l("You may not do this.")
REFUSALS = {
    "role.decide": _l("Only the network secretariat decides role requests."),
    "call.manage": _l("Only the network secretariat opens calls for membership."),
    "practice.write_for_city": _l("You can write practices for your own city only."),
    "cluster.manage": _l("Only the network secretariat configures clusters."),
    "cluster.join": _l("Only a coordinator of the city can do this on its behalf."),
    "cluster.discuss": _l("Discussions are for the people of the cluster's cities."),
    "adoption.record": _refuse_adoption,
    "question.ask": _l("Questions can be asked on published practices only."),
    "thread.post": _l("You cannot write in this discussion."),
    "answer.mark": _l("Only the person who asked and the practice's team can mark answers."),
    "thread.invite": _l("Only the people in this exchange can add someone to it."),
    "post.report": _l("You cannot report this post."),
    "moderation.review": _l("Only the network secretariat moderates posts."),
    "account.suspend": _l("Only an administrator can suspend an administrator."),
    "account.reinstate": _l("Only the network secretariat moderates posts."),
    "city_data.edit": _l("Only the city's coordinators and data officers enter its data."),
    "city_data.view_drafts": _l("This city's data is not published yet."),
    "data_officer.appoint": _l("Only a coordinator of the city appoints its data officers."),
    "cycle.manage": _l("Only the network secretariat opens reporting cycles."),
    "report.start": _l("Only a coordinator of the city writes its progress report."),
    "report.write": _l("Only the city's coordinators change its report, while it is a draft or returned to them."),
    "report.review": _l("Only the network secretariat reviews progress reports."),
}

ENDPOINT_PERMISSIONS = {
    "static": "public.view",
    "home.index": "public.view",
    "home.about": "public.view",
    "health.healthz": "public.view",
    "framework.commitments": "public.view",
    "framework.commitment": "public.view",
    "framework.key_features": "public.view",
    "framework.key_feature": "public.view",
    "cities.city_list": "public.view",
    "cities.city_map": "public.view",
    "cities.city_profile": "public.view",
    "cities.member_states": "public.view",
    "cities.member_state": "public.view",
    "monitoring.key_features_profile": "public.view",
    "monitoring.measurement_point": "public.view",
    "monitoring.coverage": "monitoring.dashboard",
    # Accounts
    "auth.signup": "public.view",
    "auth.signup_sent": "public.view",
    "auth.confirm_sign_up": "public.view",
    "auth.login": "public.view",
    "auth.logout": "account.use",
    "auth.forgot_password": "public.view",
    "auth.reset_password": "public.view",
    "auth.account": "account.use",
    "auth.change_password": "account.use",
    "auth.end_other_sessions": "account.use",
    "start.index": "account.use",
    "auth.request_role": "account.use",
    "auth.notifications_page": "account.use",
    "auth.open_notification": "account.use",
    "auth.read_notifications": "account.use",
    "auth.notification_settings": "account.use",
    # Secretariat tools
    "admin.role_requests": "role.decide",
    "admin.decide_role": "role.decide",
    "admin.mail_outbox": "mail.read",
    # Membership
    "membership.overview": "public.view",
    "membership.new_call": "call.manage",
    "membership.call": "public.view",
    "membership.start_application": "application.create",
    "membership.application": "application.view",
    "membership.edit_application": "application.edit",
    "membership.letter": "application.view",
    "membership.transition": "application.view",
    "membership.nominations": "application.nominate",
    "membership.review_queue": "application.review",
    "membership.dashboard": "membership.dashboard",
    "membership.export_applications": "membership.dashboard",
    # Practices, search, open data
    "practices.new_practice": "practice.create",
    "practices.practice": "practice.view",
    "practices.cover": "practice.view",
    "practices.edit_practice": "practice.edit",
    "practices.transition": "account.use",
    "practices.review_queue": "practice.publish",
    "practices.revise": "practice.revise",
    "practices.versions_list": "practice.view",
    "practices.version": "practice.view",
    "practices.guide": "public.view",
    "practices.mine": "account.use",
    "practices.feed": "public.view",
    "practices.commitment_feed": "public.view",
    "search.search": "public.view",
    "search.practices": "public.view",
    "api.practices_list": "public.view",
    "api.practice": "public.view",
    "api.openapi": "public.view",
    "api.thread": "public.view",   # private threads answer 404 to those outside them
    "api.indicators": "public.view",        # published data only (portal/monitoring/api_queries.py)
    "api.indicator": "public.view",
    "api.city_indicators": "public.view",
    "open_data.page": "public.view",
    "open_data.practices_jsonl": "public.view",
    # Monitoring: the indicators' CSV (the template of a draft year also asks city_data.view_drafts
    # of the city; the downloads hold published values only)
    "monitoring.indicators_csv": "public.view",
    "monitoring.city_indicators_csv": "public.view",
    "monitoring.csv_template": "public.view",
    "monitoring.csv_upload": "city_data.edit",
    # Peer exchange
    "exchange.ask_question": "question.ask",
    "exchange.thread": "thread.view",
    "exchange.reply": "thread.post",
    "exchange.mark_answer": "answer.mark",
    "exchange.add_participant": "thread.invite",
    "exchange.report_post": "post.report",
    "exchange.request_exchange": "exchange.request",
    "exchange.dashboard": "exchange.request",
    "exchange.peer_request": "exchange.view_request",
    "exchange.answer_request": "exchange.view_request",
    "exchange.propose_period": "exchange.view_request",
    "exchange.close_request": "exchange.view_request",
    "exchange.record_adoption": "adoption.record",
    "exchange.transfers": "public.view",
    "exchange.clusters_list": "public.view",
    "exchange.cluster": "public.view",
    "exchange.new_cluster": "cluster.manage",
    "exchange.edit_cluster": "cluster.manage",
    "exchange.cluster_membership": "cluster.join",
    "exchange.start_discussion": "cluster.discuss",
    # Monitoring: self-assessment, reporting cycles and progress reports
    "monitoring.self_assessment": "city_data.view_drafts",   # a POST needs city_data.edit
    "monitoring.cycles": "cycle.manage",
    "monitoring.new_cycle": "cycle.manage",
    "monitoring.city_reports": "city_data.view_drafts",
    "monitoring.start_report": "report.start",
    "monitoring.report": "report.view",
    "monitoring.print_report": "report.view",
    "monitoring.edit_report": "report.write",
    "monitoring.report_transition": "report.view",         # each action checks its own rule
    "monitoring.reports_overview": "monitoring.dashboard",
    # Moderation
    "moderation.queue": "moderation.review",
    "moderation.decide_post": "moderation.review",
    "moderation.suspend": "moderation.review",
    # Monitoring: entering a city's data (the views check the rule again for the city)
    "monitoring.city_data": "city_data.view_drafts",
    "monitoring.data_year": "city_data.view_drafts",
    "monitoring.focus_area_data": "city_data.view_drafts",
    "monitoring.save_focus_area": "city_data.edit",
    "monitoring.publish_year": "city_data.edit",
    "monitoring.data_history": "public.view",   # a draft's: the city's team, Commission, secretariat
    "monitoring.data_team": "data_officer.appoint",
    "monitoring.appoint_data_officer": "data_officer.appoint",
    "monitoring.remove_data_officer": "data_officer.appoint",
}


def user_or_none():
    return current_user if current_user and current_user.is_authenticated else None


def can(user, permission, obj=None):
    rule = RULES.get(permission)
    return bool(rule and (rule(user, obj) if obj is not None else rule(user)))


def check(actor, permission, obj=None):
    """In an operation: raise NotAllowed, with the reason a person can read, unless the rule
    named `permission` lets `actor` do this (to `obj`)."""
    if not can(actor, permission, obj):
        refusal = REFUSALS.get(permission, DEFAULT_REFUSAL)
        raise NotAllowed(str(refusal(actor, obj) if callable(refusal) else refusal))


def allowed_actions(user, obj, *permissions):
    """The names among `permissions` that `user` may do to `obj`, for a view to hand to its
    template (which then never works a rule out itself)."""
    return frozenset(name for name in permissions if can(user, name, obj))


def require(permission, obj=None):
    """In a view: stop with 403 (or send an anonymous visitor to sign in)."""
    if not can(user_or_none(), permission, obj):
        _refuse()


def _refuse():
    from portal.extensions import login_manager
    if user_or_none() is None:
        abort(login_manager.unauthorized())
    abort(403)


def enforce_endpoint_permission():
    """Runs before every view: refuse what the table does not allow."""
    if request.endpoint is None:  # no route matched; routing answers 404/405
        return
    permission = ENDPOINT_PERMISSIONS.get(request.endpoint)
    if permission is None:
        abort(403)
    if not can(user_or_none(), permission):
        _refuse()


def init_app(app):
    app.before_request(enforce_endpoint_permission)
    app.jinja_env.globals["can"] = lambda permission, obj=None: can(user_or_none(), permission, obj)
