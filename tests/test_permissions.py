"""Every route declares who may use it, and each role gets exactly what the table allows."""
import pytest

from portal.permissions import ENDPOINT_PERMISSIONS, RULES

# Sample values for URL variables, so every rule can be requested.
SAMPLE_ARGUMENTS = {"number": 1, "code": "1.1.1", "slug": "hume", "iso": "AU",
                    "filename": "css/portal.css"}
# Roles that exist so far; accounts and their roles arrive with the membership workflow.
ROLES = ["anonymous"]


def rules(app):
    return [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]


def test_every_endpoint_declares_its_permission(app):
    undeclared = sorted({rule.endpoint for rule in app.url_map.iter_rules()}
                        - set(ENDPOINT_PERMISSIONS))
    assert undeclared == [], f"add these endpoints to portal/permissions.py: {undeclared}"


def test_every_declared_permission_has_a_rule(app):
    assert set(ENDPOINT_PERMISSIONS.values()) <= set(RULES)
    stale = set(ENDPOINT_PERMISSIONS) - {rule.endpoint for rule in app.url_map.iter_rules()}
    assert stale == set(), f"endpoints declared but not routed: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_allows_on_every_route(app, client, role):
    user = None  # anonymous
    with app.test_request_context():
        from flask import url_for
        for rule in rules(app):
            url = url_for(rule.endpoint, **{a: SAMPLE_ARGUMENTS[a] for a in rule.arguments})
            allowed = RULES[ENDPOINT_PERMISSIONS[rule.endpoint]](user)
            status = client.get(url).status_code
            assert status < 500, url
            assert (status != 403) == allowed, f"{role} on {url}: {status}"


def test_an_undeclared_endpoint_is_closed(app, client):
    app.add_url_rule("/secret", "secret", lambda: "secret")
    response = client.get("/secret")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True).split("<main")[-1].split("</main>")[0].lower() \
        or "not allowed" in response.get_data(as_text=True)
