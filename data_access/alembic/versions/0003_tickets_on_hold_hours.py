"""Tickets' on_hold_hours: hours on hold, left out of resolution time and SLA.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

Schema version 3: the column in the table and in its history (whose columns mirror the
dataset's); the tickets already stored have no hold time (NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))


def upgrade() -> None:
    op.add_column("tickets", sa.Column("on_hold_hours", sa.Float(), nullable=True))
    op.add_column("tickets_history", sa.Column("on_hold_hours", sa.Float(), nullable=True))
    op.execute(_schema_info.update().values(version=3))


def downgrade() -> None:
    for table in ("tickets", "tickets_history"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("on_hold_hours")
    op.execute(_schema_info.update().values(version=2))
