"""Baseline: the schema of the previous release (version 2).

Revision ID: 0002
Revises:
Create Date: 2026-11-21

Every dataset table with its history table (row versions: the system columns _import_id and
_valid_from, the history's _ended_import_id and _valid_to), the import log with its rollback
links and per-dataset summary, the saved column mappings and the schema version row, exactly
as Steerco's schema version 2 made them (data_access/schema.py at fbc4b50..7a0ee74^). A store
made by that release is stamped here; a store migrated from nothing starts here.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = None
branch_labels = None
depends_on = None

_schema_info = sa.table(
    "steerco_schema",
    sa.column("id", sa.Integer),
    sa.column("version", sa.Integer),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    op.create_table(
        "allocations",
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("planned_days", sa.Float(), nullable=True),
        sa.Column("actual_days", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("resource", "project_id", "month"),
    )
    op.create_index("ix_allocations_project", "allocations", ["project_id"], unique=False)
    op.create_table(
        "allocations_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=True),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("month", sa.Date(), nullable=True),
        sa.Column("planned_days", sa.Float(), nullable=True),
        sa.Column("actual_days", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_allocations_history_ended", "allocations_history", ["_ended_import_id"], unique=False
    )
    op.create_index(
        "ix_allocations_history_key",
        "allocations_history",
        ["resource", "project_id", "month"],
        unique=False,
    )
    op.create_table(
        "capacity",
        sa.Column("resource", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("team", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=255), nullable=True),
        sa.Column("sourcing", sa.String(length=255), nullable=True),
        sa.Column("capacity_days", sa.Float(), nullable=True),
        sa.Column("day_rate", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("resource", "month"),
    )
    op.create_table(
        "capacity_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("resource", sa.String(length=64), nullable=True),
        sa.Column("month", sa.Date(), nullable=True),
        sa.Column("team", sa.String(length=255), nullable=True),
        sa.Column("role", sa.String(length=255), nullable=True),
        sa.Column("sourcing", sa.String(length=255), nullable=True),
        sa.Column("capacity_days", sa.Float(), nullable=True),
        sa.Column("day_rate", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_capacity_history_ended", "capacity_history", ["_ended_import_id"], unique=False
    )
    op.create_index(
        "ix_capacity_history_key", "capacity_history", ["resource", "month"], unique=False
    )
    op.create_table(
        "changes",
        sa.Column("change_id", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=255), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.Column("planned_start", sa.DateTime(), nullable=True),
        sa.Column("implemented_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=True),
        sa.Column("caused_incident", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("change_id"),
    )
    op.create_index("ix_changes_implemented", "changes", ["implemented_at"], unique=False)
    op.create_table(
        "changes_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_id", sa.String(length=64), nullable=True),
        sa.Column("service", sa.String(length=255), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.Column("planned_start", sa.DateTime(), nullable=True),
        sa.Column("implemented_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=255), nullable=True),
        sa.Column("caused_incident", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_changes_history_ended", "changes_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_changes_history_key", "changes_history", ["change_id"], unique=False)
    op.create_table(
        "contracts",
        sa.Column("contract_id", sa.String(length=64), nullable=False),
        sa.Column("vendor", sa.String(length=255), nullable=False),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("service", sa.String(length=255), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("annual_value", sa.Float(), nullable=True),
        sa.Column("spend_to_date", sa.Float(), nullable=True),
        sa.Column("sla_performance_pct", sa.Float(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("renewal_notice_date", sa.Date(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("contract_id"),
    )
    op.create_table(
        "contracts_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contract_id", sa.String(length=64), nullable=True),
        sa.Column("vendor", sa.String(length=255), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("service", sa.String(length=255), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("annual_value", sa.Float(), nullable=True),
        sa.Column("spend_to_date", sa.Float(), nullable=True),
        sa.Column("sla_performance_pct", sa.Float(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("renewal_notice_date", sa.Date(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_contracts_history_ended", "contracts_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_contracts_history_key", "contracts_history", ["contract_id"], unique=False)
    op.create_table(
        "demand",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("requester", sa.String(length=255), nullable=True),
        sa.Column("department", sa.String(length=255), nullable=True),
        sa.Column("submitted_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("value_score", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.Integer(), nullable=True),
        sa.Column("risk_reduction", sa.Integer(), nullable=True),
        sa.Column("effort_days", sa.Float(), nullable=True),
        sa.Column("cost_estimate", sa.Float(), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_table(
        "demand_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("requester", sa.String(length=255), nullable=True),
        sa.Column("department", sa.String(length=255), nullable=True),
        sa.Column("submitted_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("value_score", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.Integer(), nullable=True),
        sa.Column("risk_reduction", sa.Integer(), nullable=True),
        sa.Column("effort_days", sa.Float(), nullable=True),
        sa.Column("cost_estimate", sa.Float(), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index("ix_demand_history_ended", "demand_history", ["_ended_import_id"], unique=False)
    op.create_index("ix_demand_history_key", "demand_history", ["request_id"], unique=False)
    op.create_table(
        "financials",
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("expense_type", sa.String(length=64), nullable=False),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("forecast", sa.Float(), nullable=True),
        sa.Column("committed", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("project_id", "period", "category", "expense_type"),
    )
    op.create_index("ix_financials_period", "financials", ["period"], unique=False)
    op.create_table(
        "financials_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("period", sa.Date(), nullable=True),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("expense_type", sa.String(length=64), nullable=True),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.Column("forecast", sa.Float(), nullable=True),
        sa.Column("committed", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_financials_history_ended", "financials_history", ["_ended_import_id"], unique=False
    )
    op.create_index(
        "ix_financials_history_key",
        "financials_history",
        ["project_id", "period", "category", "expense_type"],
        unique=False,
    )
    op.create_table(
        "meetings",
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("committee", sa.String(length=255), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("meeting_date"),
    )
    op.create_table(
        "meetings_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("committee", sa.String(length=255), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_meetings_history_ended", "meetings_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_meetings_history_key", "meetings_history", ["meeting_date"], unique=False)
    op.create_table(
        "milestones",
        sa.Column("milestone_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("forecast_date", sa.Date(), nullable=True),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("is_gate", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("milestone_id"),
    )
    op.create_index("ix_milestones_project", "milestones", ["project_id"], unique=False)
    op.create_table(
        "milestones_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("milestone_id", sa.String(length=64), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("baseline_date", sa.Date(), nullable=True),
        sa.Column("forecast_date", sa.Date(), nullable=True),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("is_gate", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_milestones_history_ended", "milestones_history", ["_ended_import_id"], unique=False
    )
    op.create_index(
        "ix_milestones_history_key", "milestones_history", ["milestone_id"], unique=False
    )
    op.create_table(
        "projects",
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("programme", sa.String(length=255), nullable=True),
        sa.Column("portfolio", sa.String(length=255), nullable=True),
        sa.Column("sponsor", sa.String(length=255), nullable=True),
        sa.Column("project_manager", sa.String(length=255), nullable=True),
        sa.Column("phase", sa.String(length=255), nullable=False),
        sa.Column("methodology", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.String(length=255), nullable=True),
        sa.Column("strategic_objective", sa.String(length=255), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("baseline_end_date", sa.Date(), nullable=True),
        sa.Column("forecast_end_date", sa.Date(), nullable=True),
        sa.Column("approved_budget", sa.Float(), nullable=True),
        sa.Column("percent_complete", sa.Float(), nullable=True),
        sa.Column("business_value", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("project_id"),
    )
    op.create_table(
        "projects_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("programme", sa.String(length=255), nullable=True),
        sa.Column("portfolio", sa.String(length=255), nullable=True),
        sa.Column("sponsor", sa.String(length=255), nullable=True),
        sa.Column("project_manager", sa.String(length=255), nullable=True),
        sa.Column("phase", sa.String(length=255), nullable=True),
        sa.Column("methodology", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.String(length=255), nullable=True),
        sa.Column("strategic_objective", sa.String(length=255), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("baseline_end_date", sa.Date(), nullable=True),
        sa.Column("forecast_end_date", sa.Date(), nullable=True),
        sa.Column("approved_budget", sa.Float(), nullable=True),
        sa.Column("percent_complete", sa.Float(), nullable=True),
        sa.Column("business_value", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_projects_history_ended", "projects_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_projects_history_key", "projects_history", ["project_id"], unique=False)
    op.create_table(
        "raid",
        sa.Column("raid_id", sa.String(length=64), nullable=False),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=255), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.Column("raised_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("for_committee", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("raid_id"),
    )
    op.create_index("ix_raid_project", "raid", ["project_id"], unique=False)
    op.create_table(
        "raid_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("raid_id", sa.String(length=64), nullable=True),
        sa.Column("project_id", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("probability", sa.Integer(), nullable=True),
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=255), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("raised_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("closed_date", sa.Date(), nullable=True),
        sa.Column("for_committee", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index("ix_raid_history_ended", "raid_history", ["_ended_import_id"], unique=False)
    op.create_index("ix_raid_history_key", "raid_history", ["raid_id"], unique=False)
    op.create_table(
        "sla_targets",
        sa.Column("service", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.String(length=64), nullable=False),
        sa.Column("response_hours", sa.Float(), nullable=True),
        sa.Column("resolution_hours", sa.Float(), nullable=False),
        sa.Column("target_pct", sa.Float(), nullable=False),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("service", "priority"),
    )
    op.create_table(
        "sla_targets_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("service", sa.String(length=64), nullable=True),
        sa.Column("priority", sa.String(length=64), nullable=True),
        sa.Column("response_hours", sa.Float(), nullable=True),
        sa.Column("resolution_hours", sa.Float(), nullable=True),
        sa.Column("target_pct", sa.Float(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_sla_targets_history_ended", "sla_targets_history", ["_ended_import_id"], unique=False
    )
    op.create_index(
        "ix_sla_targets_history_key", "sla_targets_history", ["service", "priority"], unique=False
    )
    op.create_table(
        "status_reports",
        sa.Column("project_id", sa.String(length=64), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("overall_rag", sa.String(length=255), nullable=True),
        sa.Column("schedule_rag", sa.String(length=255), nullable=True),
        sa.Column("budget_rag", sa.String(length=255), nullable=True),
        sa.Column("scope_rag", sa.String(length=255), nullable=True),
        sa.Column("resources_rag", sa.String(length=255), nullable=True),
        sa.Column("risk_rag", sa.String(length=255), nullable=True),
        sa.Column("percent_complete", sa.Float(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("achievements", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("decisions_required", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("project_id", "report_date"),
    )
    op.create_index("ix_status_reports_date", "status_reports", ["report_date"], unique=False)
    op.create_table(
        "status_reports_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=64), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("overall_rag", sa.String(length=255), nullable=True),
        sa.Column("schedule_rag", sa.String(length=255), nullable=True),
        sa.Column("budget_rag", sa.String(length=255), nullable=True),
        sa.Column("scope_rag", sa.String(length=255), nullable=True),
        sa.Column("resources_rag", sa.String(length=255), nullable=True),
        sa.Column("risk_rag", sa.String(length=255), nullable=True),
        sa.Column("percent_complete", sa.Float(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("achievements", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("decisions_required", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_status_reports_history_ended",
        "status_reports_history",
        ["_ended_import_id"],
        unique=False,
    )
    op.create_index(
        "ix_status_reports_history_key",
        "status_reports_history",
        ["project_id", "report_date"],
        unique=False,
    )
    op.create_table(
        "steerco_imports",
        sa.Column("import_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("datasets", sa.Text(), nullable=True),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("rows_removed", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("rollback_of", sa.Integer(), nullable=True),
        sa.Column("rolled_back_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("import_id"),
    )
    op.create_table(
        "steerco_mappings",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("dataset", sa.String(length=64), nullable=False),
        sa.Column("spec", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(length=255), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "steerco_schema",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tickets",
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        sa.Column("service", sa.String(length=255), nullable=False),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.String(length=255), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=True),
        sa.Column("reopened_count", sa.Integer(), nullable=True),
        sa.Column("assignment_group", sa.String(length=255), nullable=True),
        sa.Column("root_cause", sa.String(length=255), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("made_sla", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("ticket_id"),
    )
    op.create_index("ix_tickets_resolved", "tickets", ["resolved_at"], unique=False)
    op.create_index("ix_tickets_service_opened", "tickets", ["service", "opened_at"], unique=False)
    op.create_table(
        "tickets_history",
        sa.Column("_version_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(length=64), nullable=True),
        sa.Column("service", sa.String(length=255), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("priority", sa.String(length=255), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("first_response_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=255), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=True),
        sa.Column("reopened_count", sa.Integer(), nullable=True),
        sa.Column("assignment_group", sa.String(length=255), nullable=True),
        sa.Column("root_cause", sa.String(length=255), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("made_sla", sa.Boolean(), nullable=True),
        sa.Column("_import_id", sa.Integer(), nullable=True),
        sa.Column("_valid_from", sa.DateTime(), nullable=True),
        sa.Column("_ended_import_id", sa.Integer(), nullable=False),
        sa.Column("_valid_to", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("_version_id"),
    )
    op.create_index(
        "ix_tickets_history_ended", "tickets_history", ["_ended_import_id"], unique=False
    )
    op.create_index("ix_tickets_history_key", "tickets_history", ["ticket_id"], unique=False)
    op.execute(_schema_info.insert().values(id=1, version=2, created_at=datetime.now()))


def downgrade() -> None:
    """Drop every table of the baseline (the whole store: for development and tests)."""
    op.drop_table("tickets_history")
    op.drop_table("tickets")
    op.drop_table("steerco_schema")
    op.drop_table("steerco_mappings")
    op.drop_table("steerco_imports")
    op.drop_table("status_reports_history")
    op.drop_table("status_reports")
    op.drop_table("sla_targets_history")
    op.drop_table("sla_targets")
    op.drop_table("raid_history")
    op.drop_table("raid")
    op.drop_table("projects_history")
    op.drop_table("projects")
    op.drop_table("milestones_history")
    op.drop_table("milestones")
    op.drop_table("meetings_history")
    op.drop_table("meetings")
    op.drop_table("financials_history")
    op.drop_table("financials")
    op.drop_table("demand_history")
    op.drop_table("demand")
    op.drop_table("contracts_history")
    op.drop_table("contracts")
    op.drop_table("changes_history")
    op.drop_table("changes")
    op.drop_table("capacity_history")
    op.drop_table("capacity")
    op.drop_table("allocations_history")
    op.drop_table("allocations")
