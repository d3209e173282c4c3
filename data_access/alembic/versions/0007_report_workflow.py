"""Status reports' workflow: state, a reason per RAG dimension, progress note, options.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

Schema version 7: the columns in the table and its history, and the report events table
(steerco_report_events). The reports already stored were checked the old way, so they are
Approved (and still count on the dashboards).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))

_ADDED = (
    "decision_options",
    "decision_recommendation",
    "overall_reason",
    "schedule_reason",
    "budget_reason",
    "scope_reason",
    "resources_reason",
    "risk_reason",
    "progress_note",
    "state",
)


def upgrade() -> None:
    op.create_table(
        "steerco_report_events",
        sa.Column("event_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index(
        "ix_report_events_report",
        "steerco_report_events",
        ["project_id", "report_date"],
        unique=False,
    )
    op.add_column("status_reports", sa.Column("decision_options", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("decision_recommendation", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("overall_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("schedule_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("budget_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("scope_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("resources_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("risk_reason", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("progress_note", sa.Text(), nullable=True))
    op.add_column("status_reports", sa.Column("state", sa.String(length=255), nullable=True))
    op.add_column("status_reports_history", sa.Column("decision_options", sa.Text(), nullable=True))
    op.add_column(
        "status_reports_history", sa.Column("decision_recommendation", sa.Text(), nullable=True)
    )
    op.add_column("status_reports_history", sa.Column("overall_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("schedule_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("budget_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("scope_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("resources_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("risk_reason", sa.Text(), nullable=True))
    op.add_column("status_reports_history", sa.Column("progress_note", sa.Text(), nullable=True))
    op.add_column(
        "status_reports_history", sa.Column("state", sa.String(length=255), nullable=True)
    )
    for name in ("status_reports", "status_reports_history"):
        reports = sa.table(name, sa.column("state", sa.String))
        op.execute(reports.update().where(reports.c.state.is_(None)).values(state="Approved"))
    op.execute(_schema_info.update().values(version=7))


def downgrade() -> None:
    for table in ("status_reports", "status_reports_history"):
        with op.batch_alter_table(table) as batch:
            for column in _ADDED:
                batch.drop_column(column)
    op.drop_index("ix_report_events_report", table_name="steerco_report_events")
    op.drop_table("steerco_report_events")
    op.execute(_schema_info.update().values(version=6))
