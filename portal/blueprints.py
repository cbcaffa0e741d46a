"""Every area's pages: its blueprint (`portal/<area>/blueprint.py`) and the route modules
that add pages to it. The app factory registers them here, so a route module never imports
another to get its pages loaded (no import cycles between route modules)."""
from portal.admin import routes as admin_routes  # noqa: F401  (each import adds pages to its blueprint)
from portal.admin.blueprint import bp as admin
from portal.api import indicator_routes  # noqa: F401
from portal.api import open_data as open_data_routes  # noqa: F401
from portal.api import routes as api_routes  # noqa: F401
from portal.api.blueprint import bp as api
from portal.api.blueprint import open_data
from portal.auth import routes as auth_routes  # noqa: F401
from portal.auth.blueprint import bp as auth
from portal.cities import routes as cities_routes  # noqa: F401
from portal.cities.blueprint import bp as cities
from portal.exchange import cluster_routes, network_routes, request_routes  # noqa: F401
from portal.exchange import routes as exchange_routes  # noqa: F401
from portal.exchange.blueprint import bp as exchange
from portal.framework import routes as framework_routes  # noqa: F401
from portal.framework.blueprint import bp as framework
from portal.health import bp as health
from portal.home import routes as home_routes  # noqa: F401
from portal.home.blueprint import bp as home
from portal.membership import routes as membership_routes  # noqa: F401
from portal.membership.blueprint import bp as membership
from portal.moderation import routes as moderation_routes  # noqa: F401
from portal.moderation.blueprint import bp as moderation
from portal.monitoring import (
    assessment_routes,  # noqa: F401
    report_routes,  # noqa: F401
)
from portal.monitoring import csv_routes as monitoring_csv_routes  # noqa: F401
from portal.monitoring import entry_routes as monitoring_entry_routes  # noqa: F401
from portal.monitoring import profile_routes as monitoring_profile_routes  # noqa: F401
from portal.monitoring.blueprint import bp as monitoring
from portal.practices import reading_routes as practices_reading_routes  # noqa: F401
from portal.practices import routes as practices_routes  # noqa: F401
from portal.practices.blueprint import bp as practices
from portal.search import routes as search_routes  # noqa: F401
from portal.search.blueprint import bp as search
from portal.start import routes as start_routes  # noqa: F401
from portal.start.blueprint import bp as start

BLUEPRINTS = (home, framework, cities, auth, membership, admin, practices, search, api, open_data,
              exchange, moderation, start, monitoring, health)
# The API only reads (GET), so there is no write to forge and no CSRF token to ask for. It
# does read the session cookie: a private thread (/api/v1/threads/<id>) is shown to its
# signed-in participants; a caller without a session gets the public data only.
NO_CSRF = (api,)


def register(app, csrf):
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for blueprint in NO_CSRF:
        csrf.exempt(blueprint)
