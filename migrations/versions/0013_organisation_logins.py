"""sign-in with an organisation's account

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 23:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_logins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_logins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_logins')),
    sa.UniqueConstraint('issuer', 'subject', name='uq_organisation_logins_issuer_subject')
    )
    with op.batch_alter_table('organisation_logins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_logins_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('organisation_logins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_logins_user_id'))
    op.drop_table('organisation_logins')
