"""The role table (steerco_users): e-mail to role and scope, kept by admins.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Schema version 5.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))


def upgrade() -> None:
    op.create_table(
        "steerco_users",
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("portfolios", sa.Text(), nullable=True),
        sa.Column("programmes", sa.Text(), nullable=True),
        sa.Column("projects", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=255), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )
    op.execute(_schema_info.update().values(version=5))


def downgrade() -> None:
    op.drop_table("steerco_users")
    op.execute(_schema_info.update().values(version=4))
