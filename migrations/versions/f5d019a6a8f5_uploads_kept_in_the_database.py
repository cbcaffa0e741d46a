"""Uploads kept in the database (stored_files), so that every web host serves them.

Records keep naming their file as before (applications.letter_path, practices.cover_image_path):
the key of a stored file is the path it had under UPLOAD_DIR ("letters/<hex>.pdf"). The bytes of
files that earlier versions wrote to disk are moved by `flask uploads-to-database`, run on each
host that kept uploads, after this migration (docs/uploads.md).

Revision ID: f5d019a6a8f5
Revises: eb40354420ae
Create Date: 2026-12-01 21:11:18.214465

"""
import sqlalchemy as sa
from alembic import op

revision = 'f5d019a6a8f5'
down_revision = 'eb40354420ae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_files')),
        sa.UniqueConstraint('key', name=op.f('uq_stored_files_key')),
    )


def downgrade():
    op.drop_table('stored_files')
