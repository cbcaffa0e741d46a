"""Several portal hosts over one database, as an operator runs them (docs/deployment.md):
PostgreSQL and Redis shared, three hosts each with gunicorn, a worker and an index of its own,
and nginx in front. `cluster.py` starts and stops the parts, `web.py` is a small browser,
`traffic.py` drives changes through nginx and looks at each host directly. The test
(test_multihost.py) and the benchmark (bench/multihost_lag.py) use the same pieces."""
