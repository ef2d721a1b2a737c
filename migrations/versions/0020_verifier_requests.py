"""an employer's OpenID4VP request and its answer, kept for a short while (/ask)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 04:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('verifier_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('wallet_hash', sa.String(length=64), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verifier_requests')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_verifier_requests_key_hash')),
    sa.UniqueConstraint('wallet_hash', name=op.f('uq_verifier_requests_wallet_hash'))
    )
    with op.batch_alter_table('verifier_requests', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_verifier_requests_created_at'), ['created_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('verifier_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verifier_requests_created_at'))
    op.drop_table('verifier_requests')
