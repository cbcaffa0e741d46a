"""calls say what they are about and who may apply

Four texts on calls (description and eligibility, English and Chinese), empty for calls that
exist already (`flask load-demo` fills the demo calls' texts in).

Revision ID: c04b23cd1a2a
Revises: 22d331cc4e54
Create Date: 2026-12-01 10:55:40.071883

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c04b23cd1a2a'
down_revision = '22d331cc4e54'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_en', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('description_zh', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('eligibility_en', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('eligibility_zh', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_column('eligibility_zh')
        batch_op.drop_column('eligibility_en')
        batch_op.drop_column('description_zh')
        batch_op.drop_column('description_en')
