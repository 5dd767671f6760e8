"""ingest items name the worker that handled each file (host:pid, or in-process)

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows written before it: NULL, shown as an empty cell (they ran in-process, unrecorded).
    with op.batch_alter_table('ingest_items') as batch:
        batch.add_column(sa.Column('worker', sa.String(128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('ingest_items') as batch:
        batch.drop_column('worker')
