"""`flask search-reindex`, `search-check`, `search-apply`, `search-housekeeping`."""
import os

import click
from flask import current_app

from portal.search import change_log, sync
from search_index import engine_internals, indexer, storage


def _check_engine():
    """Commands that write the index stop on a Whoosh or jieba the adapter does not know."""
    try:
        engine_internals.check_engine()
    except engine_internals.EngineVersionError as error:
        raise click.ClickException(str(error)) from None


def register_commands(app):
    @app.cli.command("search-reindex")
    @click.option("--procs", default=1, show_default=True, help="Writer processes (2 for big indexes).")
    @click.option("--nice", "niceness", default=10, show_default=True,
                  help="Lower CPU priority (0-19), so that this host's requests go first; 0 keeps it.")
    @click.option("--pace", default=1.0, show_default=True, type=click.FloatRange(0.05, 1.0),
                  help="Share of the time the rebuild works (0.5: pauses as long as it works), "
                       "for a host whose cores its requests and database share.")
    def search_reindex(procs, niceness, pace):
        """Rebuild this host's search index from the database into a fresh directory, then
        swap it in (searches go on meanwhile, on the old one, which the worker keeps following)."""
        _check_engine()
        if niceness:
            os.nice(max(0, min(19, niceness)))   # its worker processes inherit it
        from portal.search import documents
        total = len(documents.expected_ids())
        try:
            with click.progressbar(length=total, label="Indexing", show_pos=True, show_eta=True) as bar:
                count = sync.rebuild(progress=bar.update, procs=procs, pace=pace)
        except storage.RebuildRunning as running:
            raise click.ClickException(str(running)) from None
        click.echo(f"{count} documents indexed.")

    @app.cli.command("search-check")
    def search_check():
        """List the documents that differ between the database and this host's index."""
        outdated = not indexer.schema_is_current(current_app.config["SEARCH_INDEX_DIR"])
        if outdated:
            click.echo("the index was built by an older version of the portal: run flask search-reindex")
        status = sync.status()
        if status["rebuild_needed"] and not status["schema_outdated"]:
            click.echo("the change log no longer holds what this index lacks: run flask search-reindex")
        missing, extra = sync.drift()
        for document_id in missing:
            click.echo(f"missing from the index: {document_id}")
        for document_id in extra:
            click.echo(f"in the index but not published: {document_id}")
        click.echo(f"{len(missing)} missing, {len(extra)} extra; the index has applied the change log up to "
                   f"{status['index_position']} of {status['log_position']} ({status['behind']} waiting).")
        if missing or extra or outdated or status["rebuild_needed"]:
            raise SystemExit(1)

    @app.cli.command("search-apply")
    def search_apply():
        """Apply the change-log entries this host's index has not applied (the worker does it
        continuously; this is for a host without one)."""
        _check_engine()
        try:
            total = sync.follow_all(timeout=30, skip_outdated=False)
        except sync.RebuildNeeded as reason:
            raise click.ClickException(f"{reason}: run flask search-reindex") from None
        click.echo(f"{total} change(s) applied.")

    @app.cli.command("search-housekeeping")
    @click.option("--forget", "forget", metavar="HOST", default=None,
                  help="Stop keeping entries for a host that is gone for good (its name in `--list`).")
    @click.option("--list", "listing", is_flag=True, help="List the hosts and how far each has applied the log.")
    def search_housekeeping(forget, listing):
        """Remove the change-log entries every host has applied, and those older than
        SEARCH_LOG_RETENTION_DAYS (the worker runs this daily, SCHEDULE_SEARCH_HOUSEKEEPING)."""
        if listing:
            for host, done_through, seen_at in change_log.hosts():
                click.echo(f"{host}\tapplied up to {done_through}\tlast seen {seen_at:%Y-%m-%d %H:%M} UTC")
            return
        if forget is not None:
            if not change_log.forget(forget):
                raise click.ClickException(f"no host named {forget!r}; see --list")
            click.echo(f"{forget} forgotten.")
        click.echo(f"{change_log.housekeeping()} entries removed; the log now starts after "
                   f"{change_log.removed_through()}.")
