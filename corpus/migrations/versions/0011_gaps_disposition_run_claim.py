"""a disposition batch names the process running it (one run at a time, whichever machine)

Revision ID: 0011_gaps
Revises: 0010_kill
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_gaps'
down_revision = '0010_kill'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('disposition_batches') as batch:
        batch.add_column(sa.Column('run_holder', sa.String(160), nullable=True))
        batch.add_column(sa.Column('run_renewed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('disposition_batches') as batch:
        batch.drop_column('run_renewed_at')
        batch.drop_column('run_holder')
