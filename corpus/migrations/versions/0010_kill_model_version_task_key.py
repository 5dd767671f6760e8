"""model versions name the queue task that trained them (a redelivered retrain finds its version)

Revision ID: 0010_kill
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_kill'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for versions trained outside the queue (and before it); unique otherwise.
    with op.batch_alter_table('model_versions') as batch:
        batch.add_column(sa.Column('task_key', sa.String(128), nullable=True))
        batch.create_unique_constraint('uq_model_versions_task_key', ['task_key'])


def downgrade() -> None:
    with op.batch_alter_table('model_versions') as batch:
        batch.drop_constraint('uq_model_versions_task_key', type_='unique')
        batch.drop_column('task_key')
