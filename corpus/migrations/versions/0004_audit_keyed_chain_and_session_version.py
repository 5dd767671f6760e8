"""audit: chain version per event (1 = unkeyed sha256, 2 = HMAC); users: session version

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing events keep their unkeyed hashes (version 1); new ones are keyed (version 2).
    with op.batch_alter_table('audit_events') as batch:
        batch.add_column(sa.Column('chain_version', sa.Integer(), nullable=False, server_default='1'))
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_version')
    with op.batch_alter_table('audit_events') as batch:
        batch.drop_column('chain_version')
