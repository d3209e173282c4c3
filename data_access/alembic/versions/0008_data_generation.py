"""The store's data generation: a counter every write transaction moves.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05

Schema version 8: ``steerco_schema.data_generation``. Every app server keys its cached page
data on it, read from the database, so a write committed through one server (an import, a
rollback, a decision, a role, a status report) is what every other server shows on its next
rerun. A store upgraded to it starts at 0.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))


def upgrade() -> None:
    op.add_column(
        "steerco_schema",
        sa.Column("data_generation", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(_schema_info.update().values(version=8))


def downgrade() -> None:
    with op.batch_alter_table("steerco_schema") as batch:
        batch.drop_column("data_generation")
    op.execute(_schema_info.update().values(version=7))
