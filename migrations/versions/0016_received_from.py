"""where a credential was received from by OpenID4VCI

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 01:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_from', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_column('received_from')
