"""The migration that stores rendered HTML fills it for rows written before it (on SQLite
and PostgreSQL alike)."""
import datetime as dt

import sqlalchemy as sa
from flask_migrate import upgrade

from portal.extensions import db
from tests.conftest import make_app

BEFORE = "c234b54ab840"


def test_existing_practices_and_versions_get_their_html(databases, tmp_path):
    url = databases.template_url("before-stored-html")
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(revision=BEFORE)
        now = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO regions (id, code, position, name_en, name_zh) VALUES (1, 'r', 1, 'R', 'R')"))
            connection.execute(sa.text(
                "INSERT INTO member_states (id, iso, region_id, name_en, name_zh) VALUES (1, 'FI', 1, 'F', 'F')"))
            connection.execute(sa.text(
                "INSERT INTO cities (id, slug, name_en, name_zh, member_state_id,"
                " description_en, description_zh, is_demo)"
                " VALUES (1, 'espoo', 'Espoo', '埃斯波', 1, '', '', false)"))
            connection.execute(sa.text(
                "INSERT INTO practices (id, slug, language, title, summary, city_id, kind, status, need, body,"
                " activities, partners, results, lessons, ongoing, target_groups,"
                " licence, is_demo, created_at, updated_at)"
                " VALUES (1, 'old', 'en', 'Old', 'Old one.', 1, 'practice', 'draft', 'A **need**.',"
                " '| a |\n|---|\n| 1 |',"
                " '', '', '', '', true, '[]', 'CC-BY-4.0', false, :now, :now)"), {"now": now})
            connection.execute(sa.text(
                "INSERT INTO practice_versions (id, practice_id, number, published_at, snapshot)"
                " VALUES (1, 1, 1, :now, :snapshot)"),
                {"now": now, "snapshot": '{"need": "*then*", "translations": [{"language": "zh", "body": "**旧**"}]}'})
        upgrade()
        with db.engine.connect() as connection:
            need_html, body_html = connection.execute(sa.text(
                "SELECT need_html, body_html FROM practices WHERE id = 1")).one()
            snapshot = connection.execute(
                sa.select(sa.table("practice_versions", sa.column("snapshot", sa.JSON)))).scalar()
        assert need_html == "<p>A <strong>need</strong>.</p>\n" and "<table>" in body_html
        assert snapshot["html"]["need"] == "<p><em>then</em></p>\n"
        assert snapshot["translations"][0]["html"]["body"] == "<p><strong>旧</strong></p>\n"
        db.session.remove()
        db.engine.dispose()
