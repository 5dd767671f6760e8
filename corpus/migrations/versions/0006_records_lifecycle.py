"""records lifecycle: filings (category, essential flag, state), legal holds, disposition batches

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No row per existing document is needed: a document without a filing row is filed to its
    # default category (by type, or its parent's), computed from the file plan when asked.
    op.create_table(
        'record_filings',
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('category', sa.String(64), nullable=True),
        sa.Column('filed_by', sa.String(128), nullable=False),
        sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('essential', sa.Boolean(), nullable=False, server_default='0'),
        sa.Column('event_on', sa.String(10), nullable=True),
        sa.Column('state', sa.String(16), nullable=False, server_default='active'),
        sa.Column('state_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('state_by', sa.String(128), nullable=False, server_default=''),
    )
    op.create_table(
        'legal_holds',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(128), nullable=False, unique=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('issuer', sa.String(128), nullable=False),
        sa.Column('placed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('query', sa.Text(), nullable=True),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('released_by', sa.String(128), nullable=False, server_default=''),
    )
    op.create_table(
        'legal_hold_documents',
        sa.Column('hold_id', sa.Integer(), sa.ForeignKey('legal_holds.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('added_by', sa.String(128), nullable=False),
    )
    op.create_index('ix_legal_hold_documents_document_id', 'legal_hold_documents', ['document_id'])
    op.create_table(
        'disposition_batches',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('proposed_by', sa.String(128), nullable=False),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('approved_by', sa.String(128), nullable=True),
        sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('runs', sa.Integer(), nullable=False),
    )
    op.create_table(
        'disposition_items',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('batch_id', sa.Integer(), sa.ForeignKey('disposition_batches.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id', ondelete='CASCADE'), nullable=False),
        sa.Column('action', sa.String(16), nullable=False),
        sa.Column('category', sa.String(64), nullable=False),
        sa.Column('authority', sa.Text(), nullable=False),
        sa.Column('cutoff_date', sa.String(10), nullable=True),
        sa.Column('eligible_date', sa.String(10), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('certificate', sa.Text(), nullable=True),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint('batch_id', 'document_id'),
    )
    op.create_index('ix_disposition_items_batch_id', 'disposition_items', ['batch_id'])
    op.create_index('ix_disposition_items_document_id', 'disposition_items', ['document_id'])


def downgrade() -> None:
    op.drop_table('disposition_items')
    op.drop_table('disposition_batches')
    op.drop_table('legal_hold_documents')
    op.drop_table('legal_holds')
    op.drop_table('record_filings')
