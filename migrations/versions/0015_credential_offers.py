"""OpenID4VCI credential offers and spent nonces

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 01:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credential_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer_slug', sa.String(length=100), nullable=False),
    sa.Column('configuration_ids', sa.Text(), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('tx_code_hash', sa.String(length=255), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('redeemed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('access_token_hash', sa.String(length=64), nullable=True),
    sa.Column('access_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('issued_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_offers')),
    sa.UniqueConstraint('access_token_hash', name=op.f('uq_credential_offers_access_token_hash')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_credential_offers_code_hash'))
    )
    op.create_table('spent_nonces',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_spent_nonces'))
    )
    with op.batch_alter_table('spent_nonces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spent_nonces_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('spent_nonces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spent_nonces_expires_at'))
    op.drop_table('spent_nonces')
    op.drop_table('credential_offers')
