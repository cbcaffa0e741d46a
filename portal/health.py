"""`/healthz`: what a load balancer or an operator asks a host. It answers 200 with JSON when
the database answers, and 503 when it does not; it says how far this host's search index has
followed the change log (`behind`: entries not applied yet; `rebuild_needed`: the log no longer
holds what this index lacks, or the index was built by an older version of the portal,
`schema_outdated`: run `flask search-reindex`). It only reads."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from portal.extensions import db
from portal.http_caching import never_shared
from portal.search import sync

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@never_shared
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:   # any failure to reach the database is what this page reports
        db.session.rollback()
        return jsonify({"database": "unreachable"}), 503
    return jsonify({"database": "ok", **sync.status()})
