"""Absolute links, always on the portal's configured address (PORTAL_BASE_URL).

A link that leaves the page (a mail, a feed, the API's `url` fields, `hreflang` alternates)
must never be built from the request's `Host` header, which the client chooses: a reset asked
for with `Host: attacker.example` would otherwise mail a link to that host. Every absolute
link goes through `absolute_url_for`; `trusted_hosts` is the list of hosts the portal answers
for (anything else gets 400, see `check_host`)."""
from urllib.parse import quote, urlsplit

from flask import Response, current_app, has_request_context, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter
from werkzeug.sansio.utils import host_is_trusted

# Ids are INTEGER columns (32 bits on PostgreSQL): a number beyond that names nothing.
MAX_ID = 2**31 - 1

# Development and tests are reached on the loopback names too.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def base_url():
    return current_app.config["BASE_URL"].rstrip("/")


def absolute_url_for(endpoint, *, _anchor=None, **values):
    """`url_for(endpoint, **values)` as an absolute URL on the configured base address,
    inside a request or not (commands, the worker)."""
    if endpoint.startswith(".") and has_request_context() and request.blueprint:
        endpoint = request.blueprint + endpoint
    current_app.inject_url_defaults(endpoint, values)
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return url + "#" + quote(_anchor) if _anchor else url


def absolute_url(path):
    """A path of this site (such as `request.full_path`) on the configured base address."""
    return base_url() + "/" + path.lstrip("/")


def is_local_path(target):
    """Whether `target` is a path on this site ("/practices/x"), not a link elsewhere
    ("//evil.example", "https://…", "/\\evil.example"): safe to redirect to."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    # Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    # "/\t/evil.example" would become "//evil.example".
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def trusted_hosts(config):
    """The base URL's host, those in PORTAL_TRUSTED_HOSTS, and, outside production, the
    loopback names."""
    hosts = [urlsplit(config["BASE_URL"]).hostname or ""]
    hosts += [h.strip() for h in config.get("EXTRA_TRUSTED_HOSTS", "").split(",") if h.strip()]
    if config["PORTAL_ENV"] != "production":
        hosts += LOCAL_HOSTS
    return [h for h in dict.fromkeys(hosts) if h]


def check_host():
    """Before every request: refuse a Host header the portal does not answer for. The answer
    is plain text: with an untrusted host Flask builds no URL adapter, so no page can render."""
    host = request.environ.get("HTTP_HOST") or request.environ.get("SERVER_NAME", "")
    if not host_is_trusted(host, current_app.config["TRUSTED_HOSTS"]):
        return Response(_("This address does not belong to the portal.") + "\n", 400,
                        mimetype="text/plain")


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in a route matches only numbers a column can hold; a larger one is a 404,
    never a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install_converters(app):
    """Before any route is added."""
    app.url_map.converters["int"] = BoundedIntegerConverter


def init_app(app):
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    app.jinja_env.globals["absolute_url_for"] = absolute_url_for   # feed links, open-data examples
    app.before_request(check_host)
