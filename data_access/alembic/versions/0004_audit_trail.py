"""The audit trail (steerco_audit), append-only: the database refuses UPDATE and DELETE.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Schema version 4: the table, its index on the time, and the triggers that refuse to change or
delete a row (SQLite: one per statement; PostgreSQL: a plpgsql function and one row trigger),
the same as ``schema.audit``'s ``after_create`` DDL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))

_APPEND_ONLY = "The audit trail is append-only: its rows are never changed or deleted."


def upgrade() -> None:
    op.create_table(
        "steerco_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("audit_id"),
    )
    op.create_index("ix_steerco_audit_at", "steerco_audit", ["at"], unique=False)
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION steerco_audit_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER steerco_audit_append_only BEFORE UPDATE OR DELETE ON steerco_audit "
            "FOR EACH ROW EXECUTE FUNCTION steerco_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER steerco_audit_no_{verb.lower()} BEFORE {verb} ON steerco_audit "
                f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
            )
    op.execute(_schema_info.update().values(version=4))


def downgrade() -> None:
    """Drops the trail, so only while it is empty: an append-only record is not thrown away
    by a downgrade (export it with `steerco audit --json` and empty it by hand first)."""
    rows = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM steerco_audit")).scalar_one()
    if rows:
        raise RuntimeError(
            f"The audit trail has {rows} rows; downgrading below revision 0004 would delete "
            "them. Nothing was changed."
        )
    op.drop_index("ix_steerco_audit_at", table_name="steerco_audit")
    op.drop_table("steerco_audit")  # and, with it, its triggers
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS steerco_audit_append_only()")
    op.execute(_schema_info.update().values(version=3))
