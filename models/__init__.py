"""SQLAlchemy models, one module per area of the portal."""
import importlib

AREAS = ("cities", "framework", "practices", "auth", "audit", "notifications", "membership", "exchange",
         "search", "monitoring", "files", "worker")


def import_all():
    """Register every model on the shared metadata (Alembic and the loaders need them all)."""
    for area in AREAS:
        importlib.import_module(f"models.{area}")
