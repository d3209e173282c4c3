"""Alembic's environment for Steerco's store.

Configured in code by ``data_access.migrations.config``: the connection to migrate comes in
``config.attributes["connection"]`` and the revisions run inside its transaction (the caller
commits, with the version row and, on SQLite, after the backup). No alembic.ini, no URL here.
"""

from __future__ import annotations

from alembic import context

from data_access import migrations, schema

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Steerco's migrations run on a connection Steerco opens: use `steerco db upgrade` "
        "(data_access.migrations), not the alembic command."
    )

context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    version_table=migrations.VERSION_TABLE,
    **migrations.COMPARE_OPTIONS,
)
with context.begin_transaction():
    context.run_migrations()
