"""Who is using Steerco, and with which role (plain Python: the UI and the CLI resolve the
identity; the service layer will check what it may do).

Roles, from least to most: *viewer* (the committee: read, export, present), *project
manager* (reports and uploads for their own projects), *PMO* (all imports, approvals,
rollbacks, meetings) and *admin* (sources, mappings, settings, users). Without sign-in
configured Steerco runs in single-user mode: the one person at the laptop is admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

VIEWER = "viewer"
PROJECT_MANAGER = "project_manager"
PMO = "pmo"
ADMIN = "admin"
ROLES = (VIEWER, PROJECT_MANAGER, PMO, ADMIN)
#: The identity provider's claim that may carry a Steerco role (e.g. an Entra ID app role).
ROLE_CLAIM = "steerco_role"


@dataclass(frozen=True)
class Identity:
    """The person behind a request: who (for the audit trail) and their role and scope."""

    email: str
    name: str
    role: str = VIEWER
    #: A viewer scoped to these portfolios or programmes sees only their projects.
    portfolios: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    #: False in single-user mode (no sign-in configured).
    signed_in: bool = True

    @property
    def label(self) -> str:
        """How the person is named in the history and the audit trail."""
        return self.email or self.name


def single_user(name: str) -> Identity:
    """The one user of an instance without sign-in (the laptop default): admin."""
    return Identity(email="", name=name, role=ADMIN, signed_in=False)


def from_claims(claims: Mapping[str, object]) -> Identity:
    """The identity of a signed-in user from the provider's claims (email, name and, when the
    provider sends one, a Steerco role claim); no role claim means viewer."""
    email = str(claims.get("email") or "")
    name = str(claims.get("name") or email)
    role = str(claims.get(ROLE_CLAIM) or VIEWER)
    return Identity(email=email, name=name, role=role if role in ROLES else VIEWER)
