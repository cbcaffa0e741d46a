"""Uploaded files (mayors' letters, cover images): kept under UPLOAD_DIR, outside static/,
with random names, and served only through views that have checked permission."""
import os
import re
import unicodedata
import uuid

from flask import abort, current_app, send_file


def save_upload(folder, extension, content):
    """Write `content` under UPLOAD_DIR/folder with a random name; returns the relative path."""
    directory = os.path.join(current_app.config["UPLOAD_DIR"], folder)
    os.makedirs(directory, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    with open(os.path.join(directory, name), "wb") as handle:
        handle.write(content)
    return os.path.join(folder, name)


def clean_filename(name, *, default, extension, max_length=120):
    """A file name as the person gave it, made safe to keep and to send back in a
    Content-Disposition header: no folders, no control characters (a CR/LF would break the
    header), no quotes, the expected extension. Letters and digits of any script stay."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in name)
    name = re.sub(r'["<>:|?*;]+', "", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem = name[:-len(extension) - 1] if name.lower().endswith("." + extension) else name
    stem = stem[:max_length - len(extension) - 1].strip(" .")
    return f"{stem}.{extension}" if stem else default


def send_upload(relative_path, **options):
    """The stored file as a response, or 404 if it is gone."""
    if not relative_path:
        abort(404)
    path = os.path.join(current_app.config["UPLOAD_DIR"], relative_path)
    if not os.path.exists(path):
        abort(404)
    return send_file(path, **options)
