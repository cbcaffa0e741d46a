"""`flask search-reindex`, `flask search-check`, `flask search-apply`."""
import click
from flask import current_app

from portal.extensions import db
from portal.search import documents, sync
from search_index import engine_internals, indexer


def _check_engine():
    """Commands that write the index stop on a Whoosh or jieba the adapter does not know."""
    try:
        engine_internals.check_engine()
    except engine_internals.EngineVersionError as error:
        raise click.ClickException(str(error)) from None


def register_commands(app):
    @app.cli.command("search-reindex")
    @click.option("--procs", default=1, show_default=True, help="Writer processes (2 for big indexes).")
    def search_reindex(procs):
        """Rebuild the search index from the database into a fresh directory, then swap it in."""
        _check_engine()
        total = len(documents.expected_ids())
        with click.progressbar(length=total, label="Indexing", show_pos=True, show_eta=True) as bar:
            count = sync.rebuild(progress=bar.update, procs=procs)
        click.echo(f"{count} documents indexed.")

    @app.cli.command("search-check")
    def search_check():
        """List the documents that differ between the database and the index."""
        outdated = not indexer.schema_is_current(current_app.config["SEARCH_INDEX_DIR"])
        if outdated:
            click.echo("the index was built by an older version of the portal: run flask search-reindex")
        missing, extra = sync.drift()
        for document_id in missing:
            click.echo(f"missing from the index: {document_id}")
        for document_id in extra:
            click.echo(f"in the index but not published: {document_id}")
        pending = db.session.scalar(db.select(db.func.count()).select_from(sync.SearchOutbox))
        click.echo(f"{len(missing)} missing, {len(extra)} extra, {pending} change(s) waiting in the outbox.")
        if missing or extra or outdated:
            raise SystemExit(1)

    @app.cli.command("search-apply")
    def search_apply():
        """Apply the changes waiting in the outbox (after a crash, or a busy index)."""
        _check_engine()
        applied = total = 0
        while True:
            applied = sync.apply_pending(timeout=30)
            total += applied
            if not applied:
                break
        click.echo(f"{total} change(s) applied.")
