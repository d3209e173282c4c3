"""What the Users page shows: the role table and the choices its form offers, for admins.

Reading the table is the right to change it (:data:`data_access.access.USERS`): ``build``
checks it, so the page, a link or a forged request get the same refusal. Changes go through
``data_access.writes.save_user`` / ``remove_user`` (checked again, recorded in the audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Connection

from data_access import access, queries, users
from data_access.access import Identity
from steerco.i18n import N_, t
from steerco.views import display
from steerco.views.display import Columns

COLUMNS: Columns = {
    N_("E-mail"): ("email", "text"),
    N_("Name"): ("name", "text"),
    N_("Role"): ("role_label", "text"),
    N_("Sees"): ("sees", "text"),
    N_("Projects managed (mapped)"): ("projects_text", "text"),
    N_("Changed by"): ("updated_by", "text"),
    N_("Changed"): ("updated_at", "datetime"),
}


@dataclass
class UsersView:
    entries: list[users.Entry]
    table: pd.DataFrame
    portfolios: list[str]  # the form's choices
    programmes: list[str]
    projects: dict[str, str]  # project_id → "id · name"
    summary: str

    @property
    def is_empty(self) -> bool:
        return not self.entries

    def entry(self, email: str) -> users.Entry | None:
        return next((e for e in self.entries if e.email == email), None)


def role_label(role: str) -> str:
    return t(access.ROLE_NAMES.get(role, role))


def _sees(portfolios: list[str], programmes: list[str]) -> str:
    if not (portfolios or programmes):
        return t("every project")
    parts = []
    if portfolios:
        parts.append(t("portfolios {names}", names=", ".join(portfolios)))
    if programmes:
        parts.append(t("programmes {names}", names=", ".join(programmes)))
    return t(" or ").join(parts)


def build(conn: Connection, who: Identity) -> UsersView:
    """The role table and the form's choices, if ``who`` may change roles (admins)."""
    access.check(who, access.USERS)
    stored = users.frame(conn)
    rows = stored.assign(
        role_label=stored["role"].map(role_label),
        sees=[_sees(p, g) for p, g in zip(stored["portfolios"], stored["programmes"], strict=True)],
        projects_text=stored["projects"].map(", ".join),
        name=stored["name"].fillna(""),
    )
    options = queries.filter_options(conn)
    names = queries.portfolio_names(conn)
    return UsersView(
        entries=users.entries(conn),
        table=display.select(rows, COLUMNS),
        portfolios=options["portfolio"],
        programmes=options["programme"],
        projects=dict(
            zip(names["project_id"], names["project_id"] + " · " + names["name"], strict=True)
        ),
        summary=t(
            "{n} person(s) named in the role table. Anyone else who signs in has the role "
            "their identity provider sends (claim steerco_role), else viewer. A role change "
            "applies at the person's next click.",
            n=len(stored),
        ),
    )
