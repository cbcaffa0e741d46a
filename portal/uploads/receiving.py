"""Receiving an uploaded file without losing the form.

A file over its limit must not cost the person the rest of the form (a bare 413 page would).
So the request body may be larger than any file limit (MAX_CONTENT_LENGTH), every field is
parsed, and each uploaded file is received into a `ReceivedFile` that keeps at most
UPLOAD_KEEP_BYTES of it while counting all its bytes: the form's `FileSize` validator
(portal/form_fields.py) then puts "too large" on the file field, and the page comes back
with every other answer."""
import io
import os
import re
import unicodedata

from flask import Request, current_app

DEFAULT_KEEP_BYTES = 4 * 1024 * 1024   # more than any file limit: what is beyond is counted, not kept


class ReceivedFile(io.BytesIO):
    """An uploaded file as the form parser writes it: the first `keep` bytes, and the size
    of the whole (`received`)."""

    def __init__(self, keep):
        super().__init__()
        self.keep = keep
        self.received = 0

    def write(self, data):
        self.received += len(data)
        room = self.keep - self.getbuffer().nbytes
        if room > 0:
            super().write(bytes(data[:room]))
        return len(data)


class UploadRequest(Request):
    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return ReceivedFile(current_app.config.get("UPLOAD_KEEP_BYTES", DEFAULT_KEEP_BYTES))


def uploaded(storage):
    """(file name, content) of a file chosen in a form, or None if none was chosen. A file
    larger than what is kept (UPLOAD_KEEP_BYTES) is refused rather than stored cut short."""
    if not (storage and storage.filename):
        return None
    content = storage.read()
    if len(content) < received_size(storage):
        from flask_babel import gettext as _

        from portal.domain_errors import Invalid
        raise Invalid(_("The file is too large."))
    return storage.filename, content


def received_size(storage):
    """The size in bytes of an uploaded file (werkzeug FileStorage) as it was sent."""
    stream = getattr(storage, "stream", None)
    if isinstance(stream, ReceivedFile):
        return stream.received
    position = stream.tell()
    size = stream.seek(0, os.SEEK_END)
    stream.seek(position)
    return size


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
