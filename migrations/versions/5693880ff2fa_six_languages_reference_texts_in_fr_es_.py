"""six languages: reference texts in French, Spanish, Russian and Arabic; practices in any of the six

Every translated text of the reference data (regions, Member States, commitments and their
actions, the Declaration and its Call for Action, the Key Features tree), of cities, clusters
and calls gets a column per new language; `load-reference` fills those of the reference data.
Practices and their translations may be in any of the six languages.

Revision ID: 5693880ff2fa
Revises: c569af5d64be
Create Date: 2026-12-02 14:01:44.719045

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5693880ff2fa'
down_revision = 'c569af5d64be'
branch_labels = None
depends_on = None

NEW_LANGUAGES = ("fr", "es", "ru", "ar")
# Frozen here (not read from the models), as a migration must be.
TEXTS = {
    "calls": {"description": sa.Text, "eligibility": sa.Text},
    "cities": {"name": lambda: sa.String(160), "description": sa.Text},
    "clusters": {"name": lambda: sa.String(160), "description": sa.Text},
    "commitment_actions": {"text": sa.Text},
    "commitments": {"title": lambda: sa.String(200), "summary": sa.Text},
    "declaration": {"title": lambda: sa.String(300), "place": lambda: sa.String(200),
                    "summary": sa.Text},
    "declaration_calls_to_action": {"text": sa.Text},
    "focus_areas": {"title": lambda: sa.String(200)},
    "key_feature_areas": {"title": lambda: sa.String(200), "description": sa.Text},
    "key_features": {"title": lambda: sa.String(300)},
    "measurement_points": {"name": lambda: sa.String(300), "definition": sa.Text},
    "member_states": {"name": lambda: sa.String(120)},
    "regions": {"name": lambda: sa.String(100)},
}
SIX = "language IN ('en', 'fr', 'es', 'ru', 'ar', 'zh')"
TWO = "language IN ('en', 'zh')"


def _language_check(table, condition):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_language_known"), type_="check")
        batch_op.create_check_constraint("language_known", condition)


def upgrade():
    for table, fields in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field, column_type in fields.items():
                for language in NEW_LANGUAGES:
                    batch_op.add_column(sa.Column(f"{field}_{language}", column_type(),
                                                  server_default="", nullable=False))
    for table in ("practices", "practice_translations"):
        _language_check(table, SIX)


def downgrade():
    bind = op.get_bind()
    for table in ("practices", "practice_translations"):
        if bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE NOT ({TWO})")).scalar():
            raise RuntimeError(f"{table} has rows in French, Spanish, Russian or Arabic: "
                               "export and remove them before going back to two languages")
        _language_check(table, TWO)
    for table, fields in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for field in fields:
                for language in NEW_LANGUAGES:
                    batch_op.drop_column(f"{field}_{language}")
