"""occupational profiles

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('occupational_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['registered_issuers.id'], name=op.f('fk_occupational_profiles_owner_id_registered_issuers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occupational_profiles')),
    sa.UniqueConstraint('slug', name=op.f('uq_occupational_profiles_slug'))
    )
    with op.batch_alter_table('occupational_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_occupational_profiles_owner_id'), ['owner_id'], unique=False)
    # Links made before were shared without a profile.
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_shares_profile_id_occupational_profiles'), 'occupational_profiles', ['profile_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('shares', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_shares_profile_id_occupational_profiles'), type_='foreignkey')
        batch_op.drop_column('profile_id')
    with op.batch_alter_table('occupational_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occupational_profiles_owner_id'))
    op.drop_table('occupational_profiles')
