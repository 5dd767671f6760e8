"""saved views (with shares and per-user visits) and document notes

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'document_notes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('document_id', sa.Integer(), sa.ForeignKey('documents.id', ondelete='CASCADE'), nullable=False),
        sa.Column('author', sa.String(128), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('deleted_by', sa.String(128), nullable=False, server_default=''),
    )
    op.create_index('ix_document_notes_document_id', 'document_notes', ['document_id'])
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('owner', sa.String(128), nullable=False),
        sa.Column('name', sa.String(128), nullable=False),
        sa.Column('query', sa.Text(), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('sort', sa.String(32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('owner', 'name'),
    )
    op.create_index('ix_saved_views_owner', 'saved_views', ['owner'])
    op.create_table(
        'saved_view_shares',
        sa.Column('view_id', sa.Integer(), sa.ForeignKey('saved_views.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('principal_kind', sa.String(8), primary_key=True),
        sa.Column('principal', sa.String(128), primary_key=True),
    )
    op.create_table(
        'saved_view_visits',
        sa.Column('view_id', sa.Integer(), sa.ForeignKey('saved_views.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('user', sa.String(128), primary_key=True),
        sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_document_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('saved_view_visits')
    op.drop_table('saved_view_shares')
    op.drop_table('saved_views')
    op.drop_index('ix_document_notes_document_id', 'document_notes')
    op.drop_table('document_notes')
