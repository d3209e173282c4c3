"""Alembic's environment and revisions for Steerco's store (see ``data_access.migrations``)."""
