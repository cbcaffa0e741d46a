"""The worker: one process per host (`flask worker`) that does the slow work no request may
wait for. `tasks.py` says what it does and how often; `loop.py` runs those tasks;
`commands.py` is the command."""
