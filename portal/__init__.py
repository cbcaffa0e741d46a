"""The application factory."""
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import models
from portal import (
    config,
    errors,
    form_rendering,
    http_caching,
    i18n,
    input_guard,
    language_of_parts,
    mail,
    page_descriptions,
    permissions,
    security_headers,
    transaction,
    uploads,
    urls,
)
from portal.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True,
                template_folder=os.path.join(ROOT, "templates"),
                static_folder=os.path.join(ROOT, "static"))
    app.request_class = uploads.UploadRequest  # a file over its limit does not lose the form
    os.makedirs(app.instance_path, exist_ok=True)
    urls.install_converters(app)

    app.config.from_mapping(config.from_environment(app.instance_path))
    app.config.from_pyfile("config.py", silent=True)
    if test_config:
        app.config.from_mapping(test_config)
    config.check_production_settings(app.config)
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(ROOT, "translations")

    # First registered, so its after_request hook runs last (portal/http_caching.py).
    http_caching.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"),
                     render_as_batch=True, compare_type=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_template_gettext(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    models.import_all()

    urls.init_app(app)
    input_guard.init_app(app)
    transaction.init_app(app)
    permissions.init_app(app)
    errors.init_app(app)
    security_headers.init_app(app)
    app.after_request(i18n.remember_language)
    app.jinja_env.globals.update(i18n.template_helpers())
    for helpers in (form_rendering, page_descriptions, language_of_parts):
        app.jinja_env.globals.update(helpers.template_helpers())

    from portal import blueprints
    blueprints.register(app, csrf)

    from portal.auth.commands import register_commands as auth_commands
    from portal.reference.commands import register_commands as reference_commands
    reference_commands(app)
    auth_commands(app)
    mail.register_commands(app)
    from portal.notifications.digests import register_commands as digest_commands
    digest_commands(app)
    from portal.monitoring.report_commands import register_commands as report_commands
    report_commands(app)
    from portal.practices.commands import register_commands as practice_commands
    from portal.search.commands import register_commands as search_commands
    practice_commands(app)
    search_commands(app)
    from portal.monitoring.commands import register_commands as monitoring_commands
    monitoring_commands(app)
    from portal.uploads.commands import register_commands as upload_commands
    upload_commands(app)
    from portal.worker.commands import register_commands as worker_commands
    worker_commands(app)
    from portal.search import service as search_service
    search_service.init_app(app)   # stops on a Whoosh or jieba the search adapter does not know
    return app
