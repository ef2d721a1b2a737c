"""what a share presents of an SD-JWT credential

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Links made before present each credential whole, as they always did.
    with op.batch_alter_table('share_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('presented', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('share_items', schema=None) as batch_op:
        batch_op.drop_column('presented')
