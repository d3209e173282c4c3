"""Who is using Steerco, with which role, and what each role may do (plain Python: the UI
and the CLI resolve the identity; the service layer checks it with :func:`check`).

Roles, from least to most: *viewer* (the committee: read, export, present), *project
manager* (reports and uploads for their own projects), *PMO* (all imports, approvals,
rollbacks, meetings) and *admin* (sources, mappings, settings, users). Without sign-in
configured Steerco runs in single-user mode: the one person at the laptop is admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from data_access.marks import N_

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
    #: A project manager's projects named by the role table (besides those whose
    #: ``project_manager`` is this person).
    projects: tuple[str, ...] = ()
    #: False in single-user mode (no sign-in configured).
    signed_in: bool = True

    @property
    def scoped(self) -> bool:
        """Whether this person sees only some portfolios or programmes."""
        return bool(self.portfolios or self.programmes)

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


# --------------------------------------------------------------------------- what each role may do

#: Actions the service layer checks.
READ = "read"  # pages, drill-downs, downloads, the pack, figures
IMPORT = "import"  # upload or sync data (a project manager: their own projects only)
ROLLBACK = "rollback"
SYNC = "sync"  # pull every configured SQL source (it touches any project: PMO and admin)
MEETINGS = "meetings"  # agenda, decisions, actions, closing a meeting
AUDIT = "audit"  # read the audit trail
MAPPINGS = "mappings"
SOURCES = "sources"
SETTINGS = "settings"
USERS = "users"
REPORT = "report"  # write a status report (a project manager: their own projects only)
APPROVE = "approve"  # approve or return a submitted status report
REMIND = "remind"  # e-mail the late project managers (reporting completeness)

#: Role → the actions it may take (each role may do what the one before it may).
ALLOWED: dict[str, frozenset[str]] = {
    VIEWER: frozenset({READ}),
    PROJECT_MANAGER: frozenset({READ, IMPORT, REPORT}),
    PMO: frozenset({READ, IMPORT, REPORT, APPROVE, REMIND, ROLLBACK, SYNC, MEETINGS, AUDIT}),
    ADMIN: frozenset(
        {
            READ,
            IMPORT,
            REPORT,
            APPROVE,
            REMIND,
            ROLLBACK,
            SYNC,
            MEETINGS,
            AUDIT,
            MAPPINGS,
            SOURCES,
            SETTINGS,
            USERS,
        }
    ),
}
#: Actions that change nothing (a refusal of them does not say "nothing was changed").
READS = frozenset({READ, AUDIT})
#: How a refusal names each role and action.
ROLE_NAMES = {
    VIEWER: N_("viewer"),
    PROJECT_MANAGER: N_("project manager"),
    PMO: N_("PMO"),
    ADMIN: N_("admin"),
}
ACTION_NAMES = {
    READ: N_("read the portfolio"),
    IMPORT: N_("import data"),
    ROLLBACK: N_("roll back an import"),
    SYNC: N_("pull data from the SQL sources"),
    MEETINGS: N_("change a meeting's record"),
    AUDIT: N_("read the audit trail"),
    MAPPINGS: N_("change column mappings"),
    SOURCES: N_("change or pull SQL sources"),
    SETTINGS: N_("change settings"),
    USERS: N_("change users and roles"),
    REPORT: N_("write a status report"),
    APPROVE: N_("approve or return a status report"),
    REMIND: N_("send reminders to project managers"),
}


class AccessRefused(PermissionError):
    """The identity may not do this; the message (for the user) says why."""


def allowed(who: Identity, action: str) -> bool:
    """Whether the role may take the action at all (a project manager's import is then
    limited to their projects: :func:`check`)."""
    return action in ALLOWED.get(who.role, frozenset())


def check(
    who: Identity,
    action: str,
    *,
    projects: set[str] | frozenset[str] = frozenset(),
    own: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Raise :class:`AccessRefused` unless ``who`` may take ``action``; for a project
    manager's import, ``projects`` (those the change touches) must all be in ``own``."""
    if not allowed(who, action):
        outcome = "." if action in READS else "; nothing was changed."
        raise AccessRefused(
            f"{who.label or 'This user'} is {ROLE_NAMES.get(who.role, who.role)} and may not "
            f"{ACTION_NAMES.get(action, action)}{outcome}"
        )
    if who.role == PROJECT_MANAGER and action in (IMPORT, REPORT):
        others = sorted(set(projects) - set(own))
        if others:
            shown = ", ".join(others[:5]) + (
                f" and {len(others) - 5} more" if len(others) > 5 else ""
            )
            raise AccessRefused(
                f"{who.label} may {'report' if action == REPORT else 'import'} only for "
                f"their own projects; this change touches "
                f"{shown}; nothing was changed."
            )


def in_scope(who: Identity, portfolio: object, programme: object) -> bool:
    """Whether a project (by its portfolio and programme) is visible to ``who``: a scoped
    viewer sees only the projects of their portfolios or programmes, everyone else all."""
    if not (who.portfolios or who.programmes):
        return True
    return portfolio in who.portfolios or programme in who.programmes
