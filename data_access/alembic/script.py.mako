"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

Schema version ${int(up_revision)}: every revision also sets steerco_schema's version row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None

_schema_info = sa.table("steerco_schema", sa.column("version", sa.Integer))


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    op.execute(_schema_info.update().values(version=${int(up_revision)}))


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
    op.execute(_schema_info.update().values(version=${int(down_revision)}))
