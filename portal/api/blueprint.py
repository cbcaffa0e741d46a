"""The API (read-only JSON under /api/v1) and the open-data page and download.

The area's blueprints: `routes.py` adds the API's endpoints to `bp`, `open_data.py` its page,
download and export command to `open_data`; `portal/blueprints.py` registers both."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
open_data = Blueprint("open_data", __name__, cli_group=None)
