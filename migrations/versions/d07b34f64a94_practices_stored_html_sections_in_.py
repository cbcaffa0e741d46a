"""practices: stored HTML beside Markdown, every section in translations, source, revisions

Revision ID: d07b34f64a94
Revises: c04b23cd1a2a
Create Date: 2026-12-01 10:49:48.658239

Markdown is now rendered once, when it is saved, into `<field>_html` columns; this migration
fills them for existing rows (and the HTML of published versions' snapshots), so no page
renders Markdown per view.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd07b34f64a94'
down_revision = 'c04b23cd1a2a'
branch_labels = None
depends_on = None

MARKDOWN = {
    "practices": ("need", "activities", "partners", "results", "lessons", "body"),
    "practice_translations": ("need", "activities", "partners", "results", "lessons", "body"),
    "posts": ("body",),
    "peer_requests": ("message", "outcome"),
    "adoptions": ("changes", "results"),
}
NEW_TRANSLATION_SECTIONS = ("need", "activities", "partners", "results", "lessons")


def _text_column(name):
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade():
    for table, fields in MARKDOWN.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "practice_translations":
                for field in NEW_TRANSLATION_SECTIONS:
                    batch_op.add_column(_text_column(field))
            for field in fields:
                batch_op.add_column(_text_column(f"{field}_html"))
            if table == "practices":
                batch_op.add_column(sa.Column('source', sa.String(length=500), nullable=True))
                batch_op.add_column(sa.Column('revision_of_id', sa.Integer(), nullable=True))
                batch_op.create_unique_constraint(batch_op.f('uq_practices_revision_of_id'), ['revision_of_id'])
                batch_op.create_foreign_key(batch_op.f('fk_practices_revision_of_id_practices'), 'practices',
                                            ['revision_of_id'], ['id'], ondelete='CASCADE')
                batch_op.create_check_constraint(
                    'revisions_are_drafts',
                    "revision_of_id IS NULL OR status IN ('draft', 'submitted', 'returned')")
    _render_existing_rows()


def _render_existing_rows():
    """Fill the HTML of every existing text, and add it to published versions' snapshots."""
    from models.markdown import render_markdown

    def html(text):
        return str(render_markdown(text)) if text else ""

    connection = op.get_bind()
    metadata = sa.MetaData()
    for table_name, fields in MARKDOWN.items():
        table = sa.Table(table_name, metadata, autoload_with=connection)
        rows = connection.execute(sa.select(table.c.id, *(table.c[f] for f in fields))).all()
        for row in rows:
            values = {f"{field}_html": html(getattr(row, field)) for field in fields}
            if any(values.values()):
                connection.execute(table.update().where(table.c.id == row.id).values(**values))
    versions = sa.Table("practice_versions", metadata, autoload_with=connection)
    for row in connection.execute(sa.select(versions.c.id, versions.c.snapshot)).all():
        snapshot = dict(row.snapshot or {})
        snapshot["html"] = {field: html(snapshot.get(field)) for field in MARKDOWN["practices"]}
        snapshot["translations"] = [
            {**t, "html": {field: html(t.get(field)) for field in MARKDOWN["practices"]}}
            for t in snapshot.get("translations", [])]
        connection.execute(versions.update().where(versions.c.id == row.id).values(snapshot=snapshot))


def downgrade():
    for table, fields in MARKDOWN.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "practices":
                batch_op.drop_constraint(op.f('ck_practices_revisions_are_drafts'), type_='check')
                batch_op.drop_constraint(batch_op.f('fk_practices_revision_of_id_practices'), type_='foreignkey')
                batch_op.drop_constraint(batch_op.f('uq_practices_revision_of_id'), type_='unique')
                batch_op.drop_column('revision_of_id')
                batch_op.drop_column('source')
            for field in fields:
                batch_op.drop_column(f"{field}_html")
            if table == "practice_translations":
                for field in NEW_TRANSLATION_SECTIONS:
                    batch_op.drop_column(field)
