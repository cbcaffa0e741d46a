"""Notifications keep what they are about (by reference), to name it in the reader's language

Revision ID: 22d331cc4e54
Revises: 6dea601327ff
Create Date: 2026-12-01 10:53:41.455322

Existing notifications keep their texts (`params`), which stay the fallback; where the link
they carry says what they were about (an application, a practice, a thread, a request), that
is recorded in `subjects` too, so that they also read in the reader's language.
"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '22d331cc4e54'
down_revision = '6dea601327ff'
branch_labels = None
depends_on = None

notifications = sa.table("notifications", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                         sa.column("params", sa.JSON), sa.column("link", sa.String),
                         sa.column("subjects", sa.JSON))
LINKS = {"application": re.compile(r"^/membership/applications/(\d+)"),
         "practice": re.compile(r"^/practices/([^/?#]+)"),
         "thread": re.compile(r"^/threads/(\d+)"),
         "peer_request": re.compile(r"^/exchanges/(\d+)")}


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subjects', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(notifications)).mappings().all():
        subjects = _subjects_of(connection, row["kind"], row["params"] or {}, row["link"] or "")
        if subjects:
            connection.execute(notifications.update().where(notifications.c.id == row["id"])
                               .values(subjects=subjects))


def _subjects_of(connection, kind, params, link):
    def one(sql, **values):
        return connection.execute(sa.text(sql), values).first()

    found = {name: pattern.match(link) for name, pattern in LINKS.items()}
    subjects = {}
    if found["application"]:
        row = one("SELECT city_id, call_id FROM applications WHERE id = :id", id=int(found["application"][1]))
        if row:
            subjects.update(city=["city", row[0]], call=["call", row[1]])
    elif found["practice"]:
        row = one("SELECT id, city_id FROM practices WHERE slug = :slug", slug=found["practice"][1])
        if row:
            subjects["title"] = ["practice", row[0]]
            if kind == "practice.submitted":
                subjects["city"] = ["city", row[1]]
            elif "city" in params:  # an adoption: the city that took the practice up
                city = one("SELECT id FROM cities WHERE name_en = :name", name=params["city"])
                if city:
                    subjects["city"] = ["city", city[0]]
    elif found["thread"]:
        row = one("SELECT id, practice_id, cluster_id FROM threads WHERE id = :id", id=int(found["thread"][1]))
        if row:
            subjects["title"] = ["practice", row[1]] if kind == "question.asked" else ["thread", row[0]]
            if kind == "cluster.discussion" and row[2]:
                subjects["cluster"] = ["cluster", row[2]]
    elif found["peer_request"]:
        row = one("SELECT id FROM peer_requests WHERE id = :id", id=int(found["peer_request"][1]))
        city = one("SELECT id FROM cities WHERE name_en = :name", name=params.get("city", ""))
        if row:
            subjects["title"] = ["peer_request", row[0]]
        if city:
            subjects["city"] = ["city", city[0]]
    return {name: ref for name, ref in subjects.items() if name in params and ref[1] is not None}


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('subjects')
