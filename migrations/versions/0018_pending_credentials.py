"""credentials an issuer sends later (OpenID4VCI deferred issuance)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-09 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('deferred_endpoint', sa.String(length=1000), nullable=False),
    sa.Column('transaction_id', sa.String(length=500), nullable=False),
    sa.Column('access_token_sealed', sa.Text(), nullable=False),
    sa.Column('interval', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('problem', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_pending_credentials_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_credentials'))
    )
    with op.batch_alter_table('pending_credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_credentials_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_credentials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_credentials_owner_id'))
    op.drop_table('pending_credentials')
