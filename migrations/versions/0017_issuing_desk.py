"""the issuing desk: staff grants, credential templates, desk offers

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 01:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('issuer_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer_slug', sa.String(length=100), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_issuer_staff_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issuer_staff')),
    sa.UniqueConstraint('user_id', 'issuer_slug', name='uq_issuer_staff_grant')
    )
    with op.batch_alter_table('issuer_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issuer_staff_user_id'), ['user_id'], unique=False)
    op.create_table('credential_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer_slug', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_templates')),
    sa.UniqueConstraint('issuer_slug', 'key', name='uq_credential_templates_issuer_key')
    )
    with op.batch_alter_table('credential_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_templates_issuer_slug'), ['issuer_slug'], unique=False)
    with op.batch_alter_table('credential_offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('credential_ids', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('template_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('learner_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('issued_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('credential_status', sa.String(length=16), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_credential_offers_template_id_credential_templates'), 'credential_templates', ['template_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_credential_offers_issued_by_id_users'), 'users', ['issued_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('credential_offers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_credential_offers_issued_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_credential_offers_template_id_credential_templates'), type_='foreignkey')
        batch_op.drop_column('credential_status')
        batch_op.drop_column('issued_by_id')
        batch_op.drop_column('learner_name')
        batch_op.drop_column('template_id')
        batch_op.drop_column('credential_ids')
    with op.batch_alter_table('credential_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_templates_issuer_slug'))
    op.drop_table('credential_templates')
    with op.batch_alter_table('issuer_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issuer_staff_user_id'))
    op.drop_table('issuer_staff')
