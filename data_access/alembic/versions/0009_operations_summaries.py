"""The Operations summaries: ticket and change figures per day, kept at import.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

Schema version 9: ``steerco_ops_opened``, ``steerco_ops_resolved``, ``steerco_ops_durations``,
``steerco_ops_changes`` and ``steerco_summaries`` (the zones their days were cut in). The
tables are created empty and unmarked; ``store.create_schema`` fills them from the tickets and
changes in the same transaction as the upgrade (``summaries.rebuild``), and until they are
filled the Operations page reads the tickets themselves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))
_TEXT = sa.String(length=255)
_TABLES = ("steerco_ops_opened", "steerco_ops_resolved", "steerco_ops_durations",
           "steerco_ops_changes")  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "steerco_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_zone", sa.String(length=64), nullable=False),
        sa.Column("source_zone", sa.String(length=64), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "steerco_ops_opened",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", _TEXT),
        sa.Column("priority", _TEXT),
        sa.Column("category", _TEXT),
        sa.Column("tickets", sa.Integer(), nullable=False),
    )
    counts = ("resolved", "judged", "met", "escalated", "reopened", "first_contact")
    op.create_table(
        "steerco_ops_resolved",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", _TEXT),
        sa.Column("priority", _TEXT),
        sa.Column("root_cause", _TEXT),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in counts),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("sat_sum", sa.Float(), nullable=False),
        sa.Column("sat_n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "steerco_ops_durations",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", _TEXT),
        sa.Column("priority", _TEXT),
        sa.Column("ms", sa.Float(), nullable=False),
    )
    op.create_table(
        "steerco_ops_changes",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service", _TEXT),
        sa.Column("type", _TEXT),
        sa.Column("outcome", _TEXT),
        sa.Column("caused_incident", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
    )
    for table in _TABLES:
        op.create_index(f"ix_{table}_day", table, ["day"])
    op.execute(_schema_info.update().values(version=9))


def downgrade() -> None:
    for table in _TABLES:
        op.drop_index(f"ix_{table}_day", table_name=table)
        op.drop_table(table)
    op.drop_table("steerco_summaries")
    op.execute(_schema_info.update().values(version=8))
