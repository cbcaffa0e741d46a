"""`flask worker`: run the worker's tasks on this host until stopped (SIGTERM or Ctrl-C)."""
import signal

import click
from flask import current_app

from portal.worker.loop import Worker


def register_commands(app):
    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="Do what is due now, then stop.")
    def worker(once):
        """Keep this host's search index in step, deliver mail, run the scheduled jobs."""
        # The Chinese dictionary loads once, before the first change: else the first practice
        # indexed after a start would wait about a second for it.
        from search_index.analyzers import load_chinese_dictionary
        load_chinese_dictionary(compact=True)
        running = Worker(current_app._get_current_object())
        if once:
            click.echo(f"{running.run_once()} piece(s) of work done.")
            return
        signal.signal(signal.SIGTERM, lambda *_: running.stop())
        click.echo("worker running; stop it with Ctrl-C")
        try:
            running.run()
        except KeyboardInterrupt:
            pass
