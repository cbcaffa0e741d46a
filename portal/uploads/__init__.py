"""Uploaded files (mayors' letters, cover images): received without losing the form
(`receiving`), kept in the database that every web host shares (`store`, docs/uploads.md), with
random keys, and served only through views that have checked permission.

`save_upload` and `send_upload` are the one way in and out; `flask uploads-to-database`
(`commands`) moves files that earlier versions kept under UPLOAD_DIR."""
from portal.uploads.receiving import (  # noqa: F401
    ReceivedFile,
    UploadRequest,
    clean_filename,
    received_size,
    uploaded,
)
from portal.uploads.store import save_upload, send_upload  # noqa: F401
