"""Test databases: built once per session from the real migrations and loaders, then
copied for each test, so every test starts from the same committed state and commits for
real.

SQLite (the default): the template is a file, copied per test. PostgreSQL: set
TEST_DATABASE_URL to a server's maintenance database (for example
postgresql+psycopg://portal:portal@127.0.0.1:5432/postgres); the template is a database,
and each test gets `CREATE DATABASE … TEMPLATE …`.
"""
import os
import shutil
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def is_postgresql():
    return TEST_DATABASE_URL.startswith("postgresql")


class SQLiteDatabases:
    def __init__(self, directory):
        self.directory = directory

    def template_url(self, name):
        return "sqlite:///" + os.path.join(self.directory, f"template-{name}.sqlite3")

    def copy(self, name):
        source = make_url(self.template_url(name)).database
        target = os.path.join(self.directory, f"test-{uuid.uuid4().hex}.sqlite3")
        shutil.copyfile(source, target)
        return "sqlite:///" + target

    def drop(self, url):
        os.remove(make_url(url).database)

    def drop_templates(self):
        pass


class PostgreSQLDatabases:
    def __init__(self):
        self.server = make_url(TEST_DATABASE_URL)
        self.engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.prefix = f"portal_test_{os.getpid()}"
        self.templates = []

    def _url(self, database):
        return self.server.set(database=database).render_as_string(hide_password=False)

    def template_url(self, name):
        database = f"{self.prefix}_tpl_{name}"
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        self.templates.append(database)
        return self._url(database)

    def copy(self, name):
        database = f"{self.prefix}_{uuid.uuid4().hex[:12]}"
        with self.engine.connect() as conn:
            conn.execute(text(
                f'CREATE DATABASE "{database}" TEMPLATE "{self.prefix}_tpl_{name}"'))
        return self._url(database)

    def drop(self, url):
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))

    def drop_templates(self):
        for database in self.templates:
            with self.engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        self.engine.dispose()
