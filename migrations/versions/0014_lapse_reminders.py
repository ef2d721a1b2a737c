"""lapse reminders by e-mail

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lapse_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('credential_id', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['credential_id'], ['credentials.id'], name=op.f('fk_lapse_reminders_credential_id_credentials'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_lapse_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lapse_reminders')),
    sa.UniqueConstraint('credential_id', 'valid_until', name='uq_lapse_reminders_credential_valid_until')
    )
    with op.batch_alter_table('lapse_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lapse_reminders_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('lapse_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lapse_reminders_user_id'))
    op.drop_table('lapse_reminders')
