"""reviewer corrections of metadata: field_corrections, and who confirmed a field's value

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fields') as batch:
        batch.add_column(sa.Column('confirmed_by', sa.String(length=128), nullable=True))
        batch.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('field_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('normalized', sa.Text(), nullable=True),
    sa.Column('previous', sa.Text(), nullable=True),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=128), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_field_corrections_document_id'), 'field_corrections', ['document_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_field_corrections_document_id'), table_name='field_corrections')
    op.drop_table('field_corrections')
    with op.batch_alter_table('fields') as batch:
        batch.drop_column('confirmed_at')
        batch.drop_column('confirmed_by')
