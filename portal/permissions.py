"""Who may do what: the one table the views, templates and API consult.

Each endpoint names the permission that guards it in ENDPOINT_PERMISSIONS; each
permission is a rule in RULES. An endpoint missing from the table is closed to everyone,
and `tests/test_permissions.py` fails until it is declared.
"""
from flask import abort, request

# permission name -> rule(user, obj) -> bool. `user` is None for an anonymous visitor.
RULES = {
    "public.view": lambda user, obj=None: True,
}

ENDPOINT_PERMISSIONS = {
    "static": "public.view",
    "home.index": "public.view",
    "home.about": "public.view",
    "framework.commitments": "public.view",
    "framework.commitment": "public.view",
    "framework.key_features": "public.view",
    "framework.key_feature": "public.view",
    "cities.city_list": "public.view",
    "cities.city_profile": "public.view",
    "cities.member_states": "public.view",
    "cities.member_state": "public.view",
}


def current_user():
    """The signed-in user, or None. Accounts arrive with the membership workflow."""
    return None


def can(user, permission, obj=None):
    rule = RULES.get(permission)
    return bool(rule and rule(user, obj))


def enforce_endpoint_permission():
    """Runs before every view: refuse what the table does not allow."""
    if request.endpoint is None:  # no route matched; routing answers 404/405
        return
    permission = ENDPOINT_PERMISSIONS.get(request.endpoint)
    if permission is None or not can(current_user(), permission):
        abort(403)


def init_app(app):
    app.before_request(enforce_endpoint_permission)
    app.jinja_env.globals["can"] = lambda permission, obj=None: can(current_user(), permission, obj)
