"""Configuration read from the environment, with safe development defaults.

`create_app` layers: these defaults, then `instance/config.py` if present, then the
`test_config` mapping given by the tests.
"""
import os

DEV_SECRET_KEY = "dev-only-secret-key-change-me"


def default_database_url(instance_path):
    return "sqlite:///" + os.path.join(instance_path, "portal.sqlite3")


def from_environment(instance_path):
    """Return the settings that come from environment variables."""
    env = os.environ.get("PORTAL_ENV", "development")
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", default_database_url(instance_path)
        ),
        "SEARCH_INDEX_DIR": os.environ.get(
            "SEARCH_INDEX_DIR", os.path.join(instance_path, "search-index")
        ),
        "DATA_DIR": os.environ.get(
            "PORTAL_DATA_DIR",
            os.path.join(os.path.dirname(os.path.dirname(__file__)), "data"),
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("en", "zh"),
        "LANGUAGE_COOKIE": "lang",
        "CITIES_PER_PAGE": 24,
    }


def check_production_settings(config):
    """Refuse to serve production with the development secret key."""
    if config["PORTAL_ENV"] == "production" and config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError(
            "PORTAL_ENV=production needs a SECRET_KEY of its own in the environment."
        )
