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
        "SEARCH_PER_PAGE": 20,
        # How long a writer waits for the index lock before leaving its work in the outbox.
        "SEARCH_WRITE_TIMEOUT": float(os.environ.get("SEARCH_WRITE_TIMEOUT", "5")),
        # Posting lists kept in memory per worker (least recently used dropped beyond it).
        "SEARCH_CACHE_MB": int(os.environ.get("SEARCH_CACHE_MB", "16")),
        # Where the portal is reached, for links in mail sent outside a request (CLI).
        # Where the portal is reached: every absolute link (mail, feeds, API) is built on it,
        # and requests for any other host are refused (portal/urls.py).
        "BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "EXTRA_TRUSTED_HOSTS": os.environ.get("PORTAL_TRUSTED_HOSTS", ""),
        # Uploads (the mayor's letters) live outside static/, served only through checks.
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", os.path.join(instance_path, "uploads")),
        # Where `flask open-data-export` writes the download of every practice.
        "OPEN_DATA_DIR": os.environ.get("OPEN_DATA_DIR", os.path.join(instance_path, "open-data")),
        # A request may be larger than any file limit, so that a file over its limit comes
        # back as an error on its field with the rest of the form (portal/uploads.py).
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "PASSWORD_RESET_MAX_AGE": 3600,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        # Mail: with no MAIL_SERVER, mail is kept in the outbox (flask mail-outbox).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER",
                                              "Learning Cities Network <no-reply@localhost>"),
        # Rate limits are counted per process unless a shared store is given (e.g. redis://).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Peer exchange: how fast one account may post, and how many reports hide a post.
        "POST_RATE_LIMIT": os.environ.get("POST_RATE_LIMIT", "10 per minute;60 per hour"),
        "REPORTS_TO_HIDE": int(os.environ.get("REPORTS_TO_HIDE", "3")),
    }


def check_production_settings(config):
    """Refuse to serve production with the development secret key."""
    if config["PORTAL_ENV"] == "production" and config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError(
            "PORTAL_ENV=production needs a SECRET_KEY of its own in the environment."
        )
