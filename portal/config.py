"""Configuration read from the environment, with safe development defaults.

`create_app` layers: these defaults, then `instance/config.py` if present, then the
`test_config` mapping given by the tests.
"""
import os
import secrets

from models.base import LANGUAGES

MIN_SECRET_KEY_LENGTH = 32


def default_database_url(instance_path):
    return "sqlite:///" + os.path.join(instance_path, "portal.sqlite3")


def from_environment(instance_path):
    """Return the settings that come from environment variables."""
    env = os.environ.get("PORTAL_ENV", "development")
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or (
            None if env == "production" else development_secret_key(instance_path)),
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
        "LANGUAGES": LANGUAGES,
        "LANGUAGE_COOKIE": "lang",
        "CITIES_PER_PAGE": 24,
        "SEARCH_PER_PAGE": 20,
        # How long a writer waits for the index lock before leaving its work in the change log.
        "SEARCH_WRITE_TIMEOUT": float(os.environ.get("SEARCH_WRITE_TIMEOUT", "5")),
        # The search change log (portal/search/sync.py): how long a missing entry number may
        # still be a transaction that has not committed; how long entries are kept for a host
        # that is down (past it, that host rebuilds its index); whether the worker then
        # rebuilds by itself; this host's name in the log (default: machine name and index folder).
        "SEARCH_LOG_GRACE_SECONDS": float(os.environ.get("SEARCH_LOG_GRACE_SECONDS", "300")),
        "SEARCH_LOG_RETENTION_DAYS": float(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "7")),
        "SEARCH_AUTO_REBUILD": os.environ.get("SEARCH_AUTO_REBUILD", "0") == "1",
        "SEARCH_HOST_ID": os.environ.get("SEARCH_HOST_ID", ""),
        # Posting lists kept in memory per worker (least recently used dropped beyond it).
        "SEARCH_CACHE_MB": int(os.environ.get("SEARCH_CACHE_MB", "16")),
        # Where the portal is reached, for links in mail sent outside a request (CLI).
        # Where the portal is reached: every absolute link (mail, feeds, API) is built on it,
        # and requests for any other host are refused (portal/urls.py).
        "BASE_URL": os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000"),
        "EXTRA_TRUSTED_HOSTS": os.environ.get("PORTAL_TRUSTED_HOSTS", ""),
        # Proxies in front of the portal whose X-Forwarded-For / -Proto headers are believed
        # (1 behind nginx); 0 believes none, so a client cannot pretend to be another.
        "PROXY_HOPS": int(os.environ.get("PORTAL_PROXY_HOPS", "0")),
        # Where earlier versions kept uploads on disk: `flask uploads-to-database` moves them
        # into the database (portal/uploads/), where every host serves them.
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", os.path.join(instance_path, "uploads")),
        # Where `flask open-data-export` writes the download of every practice.
        "OPEN_DATA_DIR": os.environ.get("OPEN_DATA_DIR", os.path.join(instance_path, "open-data")),
        # A request may be larger than any file limit, so that a file over its limit comes
        # back as an error on its field with the rest of the form (portal/uploads.py).
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        # Mail: with no MAIL_SERVER, mail is delivered as .eml files to MAILBOX_DIR.
        "MAILBOX_DIR": os.environ.get("MAILBOX_DIR", os.path.join(instance_path, "mailbox")),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER",
                                              "Learning Cities Network <no-reply@localhost>"),
        # When the worker runs each scheduled job (portal/worker/schedule.py), in UTC:
        # "daily HH:MM", "weekly DAY HH:MM" or "off" (where cron runs the command instead).
        "SCHEDULE_DAILY_DIGESTS": os.environ.get("SCHEDULE_DAILY_DIGESTS", "daily 06:00"),
        "SCHEDULE_WEEKLY_DIGESTS": os.environ.get("SCHEDULE_WEEKLY_DIGESTS", "weekly monday 06:00"),
        "SCHEDULE_REPORT_REMINDERS": os.environ.get("SCHEDULE_REPORT_REMINDERS", "daily 07:00"),
        "SCHEDULE_PURGE_EXPIRED": os.environ.get("SCHEDULE_PURGE_EXPIRED", "daily 03:00"),
        "SCHEDULE_OPEN_DATA_EXPORT": os.environ.get("SCHEDULE_OPEN_DATA_EXPORT", "daily 04:00"),
        "SCHEDULE_SEARCH_HOUSEKEEPING": os.environ.get("SCHEDULE_SEARCH_HOUSEKEEPING", "daily 03:30"),
        # Rate limits are counted per process unless a shared store is given (e.g. redis://).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # The deployment says it is one process on one host (one gunicorn worker): the only
        # case where production may count rate limits in memory (check_production_settings).
        "SINGLE_PROCESS": os.environ.get("PORTAL_SINGLE_PROCESS", "") in ("1", "true", "yes"),
        # A store that does not answer: each process counts in memory until it is back, so
        # sign-in stays limited and no request fails (docs/deploy.md, "Rate limits").
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        # Peer exchange: how fast one account may post, and how many reports hide a post.
        "POST_RATE_LIMIT": os.environ.get("POST_RATE_LIMIT", "10 per minute;60 per hour"),
        "REPORTS_TO_HIDE": int(os.environ.get("REPORTS_TO_HIDE", "3")),
        # Reports count toward hiding only from confirmed accounts at least this many days old.
        "REPORTER_MIN_ACCOUNT_DAYS": int(os.environ.get("REPORTER_MIN_ACCOUNT_DAYS", "7")),
    }


def development_secret_key(instance_path):
    """Outside production, a random key made once for this checkout (instance/secret-key),
    never a key written in the source, which anyone could use to forge a session."""
    path = os.path.join(instance_path, "secret-key")
    try:
        with open(path) as handle:
            key = handle.read().strip()
        if len(key) >= MIN_SECRET_KEY_LENGTH:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key


def check_production_settings(config):
    """Refuse to serve production without a secret key of its own, or with rate limits that
    each process counts on its own when there is more than one process."""
    if config["PORTAL_ENV"] != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "PORTAL_ENV=production (the default under gunicorn) needs SECRET_KEY in the "
            f"environment: a random value of at least {MIN_SECRET_KEY_LENGTH} characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'.")
    check_rate_limit_storage(config)


def check_rate_limit_storage(config):
    """`memory://` counts per process: behind a load balancer, or with several gunicorn
    workers, an attacker gets the limit once per process. Production accepts it only when the
    deployment says it is a single process (PORTAL_SINGLE_PROCESS=1, with one worker)."""
    in_memory = (config.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://")
    workers = os.environ.get("WEB_CONCURRENCY", "")
    if in_memory and not config.get("SINGLE_PROCESS"):
        raise RuntimeError(
            "PORTAL_ENV=production counts rate limits in memory (RATELIMIT_STORAGE_URI=memory://), "
            "so each process and each host would count on its own. Give a store they share, "
            "e.g. RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0, or, for one process on one "
            "host, say so with PORTAL_SINGLE_PROCESS=1 (and WEB_CONCURRENCY=1).")
    if in_memory and workers.isdigit() and int(workers) > 1:
        raise RuntimeError(
            f"PORTAL_SINGLE_PROCESS=1 says the portal is one process, but WEB_CONCURRENCY={workers} "
            "starts several: give RATELIMIT_STORAGE_URI a shared store (redis://...), or set "
            "WEB_CONCURRENCY=1.")
