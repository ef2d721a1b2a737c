"""answers the learner sent to verifiers (OpenID4VP)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('presentations_made',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=2048), nullable=False),
    sa.Column('verifier_name', sa.String(length=2048), nullable=False),
    sa.Column('claimed_name', sa.String(length=80), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disclosed', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_presentations_made_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presentations_made'))
    )
    with op.batch_alter_table('presentations_made', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presentations_made_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('presentations_made', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presentations_made_owner_id'))
    op.drop_table('presentations_made')
