"""Reference and demo data: read from the YAML files in `data/`, checked, and loaded
idempotently (see docs/data-formats.md)."""
