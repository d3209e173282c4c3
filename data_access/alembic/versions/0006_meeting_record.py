"""The committee's record: decisions, actions, meeting records, meetings' chair and attendees.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Schema version 6: the decisions and actions datasets (with their history tables), the meeting
records (steerco_meeting_records: state, edited agenda, frozen content and pack), and the
meetings' chair and attendees in the table and its history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))

_MEETING_COLUMNS = ("chair", "attendees")


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("action_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=255), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("decision_id", sa.String(length=255), nullable=True),
        sa.Column("raised_meeting", sa.Date(), nullable=False),
        sa.Column("closed_meeting", sa.Date(), nullable=True),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("action_id"),
    )
    op.create_table(
        "actions_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("owner", sa.String(length=255), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("decision_id", sa.String(length=255), nullable=True),
        sa.Column("raised_meeting", sa.Date(), nullable=True),
        sa.Column("closed_meeting", sa.Date(), nullable=True),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_actions_history_ended", "actions_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_actions_history_key", "actions_history", ["action_id"], unique=False)
    op.create_table(
        "decisions",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("options", sa.Text(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("decision_id"),
    )
    op.create_table(
        "decisions_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("options", sa.Text(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_decisions_history_ended", "decisions_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_decisions_history_key", "decisions_history", ["decision_id"], unique=False)
    op.create_table(
        "steerco_meeting_records",
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("opened_by", sa.String(length=255), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=255), nullable=True),
        sa.Column("frozen", sa.Text(), nullable=True),
        sa.Column("pack", sa.LargeBinary(), nullable=True),
        sa.Column("pack_sha256", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("meeting_date"),
    )
    op.add_column("meetings", sa.Column("chair", sa.String(length=255), nullable=True))
    op.add_column("meetings", sa.Column("attendees", sa.Text(), nullable=True))
    op.add_column("meetings_history", sa.Column("chair", sa.String(length=255), nullable=True))
    op.add_column("meetings_history", sa.Column("attendees", sa.Text(), nullable=True))
    op.execute(_schema_info.update().values(version=6))


def downgrade() -> None:
    for table in ("meetings", "meetings_history"):
        with op.batch_alter_table(table) as batch:
            for column in _MEETING_COLUMNS:
                batch.drop_column(column)
    op.drop_table("steerco_meeting_records")
    for name in ("decisions", "actions"):
        op.drop_index(f"ix_{name}_history_key", table_name=f"{name}_history")
        op.drop_index(f"ix_{name}_history_ended", table_name=f"{name}_history")
        op.drop_table(f"{name}_history")
        op.drop_table(name)
    op.execute(_schema_info.update().values(version=5))
