"""The files every host can serve: rows of `stored_files`, added to the session of the record
that points at them, so that both are committed together or not at all."""
import hashlib
import io
import uuid

from flask import abort, request, send_file
from sqlalchemy import select

from models.files import StoredFile
from portal.extensions import db

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
                 "webp": "image/webp"}


def content_type_of(key):
    """The content type a key's extension stands for, or None for one the portal never stores."""
    return CONTENT_TYPES.get(key.rpartition(".")[2].lower()) if "." in key else None


def stored_file(key, content):
    """A new row for `content` under `key` (not yet in the session)."""
    return StoredFile(key=key, content_type=content_type_of(key), size=len(content),
                      sha256=hashlib.sha256(content).hexdigest(), content=content)


def save_upload(folder, extension, content):
    """Keep `content` under a random key "folder/<hex>.extension" and return the key, which the
    caller stores on its record. Nothing is written until the request's commit."""
    if extension not in CONTENT_TYPES:
        raise ValueError(f"no content type for .{extension}")
    key = f"{folder}/{uuid.uuid4().hex}.{extension}"
    db.session.add(stored_file(key, content))
    return key


def find(key):
    """The row under `key` (its bytes are read when `.content` is first used), or None."""
    return db.session.scalar(select(StoredFile).where(StoredFile.key == key))


def send_upload(key, *, mimetype=None, as_attachment=False, download_name=None, max_age=None):
    """The stored file as a response, or 404 if there is none. It carries its content type, an
    ETag (its SHA-256), and unless `max_age` makes it public, `Cache-Control: private,
    no-cache`: a browser may keep it but asks again, through the permission check, each time;
    asking again with the ETag costs a 304 without reading the bytes."""
    if not key or not (found := find(key)):
        abort(404)
    unchanged = request.if_none_match.contains_weak(found.sha256)
    content = b"" if unchanged else found.content
    response = send_file(io.BytesIO(content), mimetype=mimetype or found.content_type,
                         as_attachment=as_attachment, download_name=download_name,
                         etag=found.sha256, last_modified=found.created_at, max_age=max_age,
                         conditional=True)
    if not max_age:
        response.cache_control.public = False
        response.cache_control.private = True
        response.cache_control.no_cache = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
