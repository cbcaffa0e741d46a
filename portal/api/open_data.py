"""The "Open data" page (what the API, the feeds and the download offer, with example links
and licences) and the full download of published practices as JSON Lines.

The download is a file written by `flask open-data-export` (the worker runs it daily, or cron):
building it reads every published practice, which no anonymous request should wait for.
The page says when the file was last written, or that it is not there yet."""
import datetime as dt
import os

import click
from flask import abort, current_app, render_template, send_file

from portal.api.blueprint import open_data as bp
from portal.framework import queries as framework
from portal.practices import queries as practices
from portal.practices.importing import export_lines
from portal.practices.rules import LICENCE_LABELS

EXPORT_NAME = "practices.jsonl"


def export_path():
    return os.path.join(current_app.config["OPEN_DATA_DIR"], EXPORT_NAME)


def export_file():
    """(size in bytes, written at) of the published download, or None."""
    path = export_path()
    if not os.path.exists(path):
        return None
    stat = os.stat(path)
    return stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc)


@bp.get("/open-data")
def page():
    latest = practices.latest_published(limit=1)
    return render_template("api/open_data.html", commitments=framework.all_commitments(),
                           example=latest[0] if latest else None, export=export_file(),
                           licences=LICENCE_LABELS)


@bp.get(f"/open-data/{EXPORT_NAME}")
def practices_jsonl():
    if export_file() is None:
        abort(404)
    return send_file(export_path(), mimetype="application/jsonl", max_age=3600,
                     download_name=EXPORT_NAME, conditional=True)


@bp.cli.command("open-data-export")
def open_data_export():
    """Write every published practice as JSON Lines where /open-data/practices.jsonl serves it."""
    count = write_export()
    click.echo(f"{count} practices written to {export_path()}.")


def write_export():
    """Write the download; returns the number of practices. (The worker runs it daily:
    portal/worker/schedule.py.)"""
    path = export_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial, count = path + ".partial", 0
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        with open(partial, "w", encoding="utf-8") as out:
            for line in export_lines():
                out.write(line + "\n")
                count += 1
    os.replace(partial, path)   # readers never see a half-written file
    return count
