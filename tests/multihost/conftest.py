"""The cluster the multi-host tests share (one per module: starting it takes a while).

It needs PostgreSQL (TEST_DATABASE_URL), nginx and redis-server. Without them the tests are
skipped, except under REQUIRE_SERVERS=1 (CI), where a missing nginx or Redis is an error; on a
SQLite run they are always skipped, since several hosts over one SQLite file is not a
deployment the portal supports."""
import os

import pytest

from tests.multihost import traffic
from tests.multihost.cluster import Cluster, Database, missing_servers

POOL = 24        # practices the concurrent drivers work on
LAG_POOL = 4     # practices the visibility measurement works on


@pytest.fixture(scope="module")
def cluster(request, tmp_path_factory):
    missing = missing_servers()
    if missing:
        on_sqlite = not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
        if os.environ.get("REQUIRE_SERVERS") == "1" and not on_sqlite:
            pytest.fail("the multi-host test needs " + ", ".join(missing))
        pytest.skip("the multi-host test needs " + ", ".join(missing))
    # A fresh copy of the session's loaded database: built by the real migrations and the
    # reference and demo loaders (tests/conftest.py), with the demo's mail still waiting.
    databases = request.getfixturevalue("databases")   # only once it is known to be needed
    url = databases.copy("loaded")
    database = Database(url, lambda: databases.drop(url))
    directory = tmp_path_factory.mktemp("multihost")
    running = Cluster(str(directory), database, hosts=3)
    try:
        running.start_parts()
        pools = traffic.import_pools(running.hosts[0], {"multihost": POOL, "lag": LAG_POOL})
        running.pool, running.lag_pool = pools["multihost"], pools["lag"]
        running.start_hosts()
        yield running
    finally:
        running.stop()
        database.drop()
