"""canonical entities

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:09:40.791394
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('canonical_entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('first_year', sa.Integer(), nullable=True),
    sa.Column('last_year', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('canonical_entities', schema=None) as batch_op:
        batch_op.create_index('ix_canonical_type_name', ['type', 'name'], unique=False)

    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canonical_id', sa.Integer(), nullable=True))
        batch_op.alter_column('source', existing_type=sa.String(length=32), type_=sa.String(length=128))
        batch_op.create_index('ix_entities_canonical', ['canonical_id'], unique=False)
        batch_op.create_foreign_key('fk_entities_canonical', 'canonical_entities', ['canonical_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_constraint('fk_entities_canonical', type_='foreignkey')
        batch_op.drop_index('ix_entities_canonical')
        batch_op.drop_column('canonical_id')
        batch_op.alter_column('source', existing_type=sa.String(length=128), type_=sa.String(length=32))

    with op.batch_alter_table('canonical_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_canonical_type_name')

    op.drop_table('canonical_entities')
