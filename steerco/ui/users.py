"""The Users page's form: give a person a role and a scope, or remove them from the table.

Every change goes through ``data_access.writes`` (admins only; recorded before → after)."""

from __future__ import annotations

import streamlit as st

from data_access import access, users, writes
from steerco.i18n import t
from steerco.ui import auth, data
from steerco.ui.text import literal
from steerco.views import users as views

NEW = "new"
DONE_KEY = "users_done"


def _done(message: str) -> None:
    st.session_state[DONE_KEY] = message
    st.rerun()


def announce() -> None:
    """The outcome of the last change, once."""
    message = st.session_state.pop(DONE_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def editor(view: views.UsersView, key: str = "users") -> None:
    """Pick a person (or a new one), set role, scope and mapped projects, save or remove."""
    emails = [e.email for e in view.entries]
    picked = st.selectbox(
        t("Person"),
        [NEW, *emails],
        format_func=lambda e: t("Someone new…") if e == NEW else e,
        key=f"{key}_pick",
    )
    current = view.entry(picked) if picked != NEW else None
    with st.form(f"{key}_form_{picked}", border=True):
        email = (
            st.text_input(t("E-mail (as the identity provider sends it)"), key=f"{key}_email")
            if current is None
            else current.email
        )
        if current is not None:
            st.markdown(t("**{email}**", email=literal(current.email)))
        left, right = st.columns(2)
        name = left.text_input(
            t("Name"), value=current.name if current else "", key=f"{key}_name_{picked}"
        )
        role = right.selectbox(
            t("Role"),
            access.ROLES,
            index=access.ROLES.index(current.role) if current else 0,
            format_func=views.role_label,
            key=f"{key}_role_{picked}",
        )
        portfolios = left.multiselect(
            t("Only these portfolios"),
            sorted({*view.portfolios, *(current.portfolios if current else ())}),
            default=list(current.portfolios) if current else [],
            placeholder=t("All"),
            key=f"{key}_portfolios_{picked}",
        )
        programmes = right.multiselect(
            t("Only these programmes"),
            sorted({*view.programmes, *(current.programmes if current else ())}),
            default=list(current.programmes) if current else [],
            placeholder=t("All"),
            key=f"{key}_programmes_{picked}",
        )
        projects = st.multiselect(
            t("Projects they manage (besides those naming them as project manager)"),
            list(dict.fromkeys([*view.projects, *(current.projects if current else ())])),
            default=list(current.projects) if current else [],
            format_func=lambda pid: view.projects.get(pid, pid),
            placeholder=t("None"),
            key=f"{key}_projects_{picked}",
        )
        st.caption(
            t(
                "Viewers with portfolios or programmes see only those projects, on every page "
                "and in every download. Project managers import for their own projects only."
            )
        )
        saved = st.form_submit_button(t("Save"), type="primary", icon=":material/save:")
    if saved:
        entry = users.Entry(
            email=email,
            role=role,
            name=name,
            portfolios=tuple(portfolios),
            programmes=tuple(programmes),
            projects=tuple(projects),
        )
        try:
            with data.user_errors():
                stored = writes.save_user(data.engine(), auth.identity(), entry)
        except users.UserError as exc:
            st.error(literal(exc), icon=":material/error:")
            return
        _done(
            t(
                "{email} is now {role}.",
                email=literal(stored.email),
                role=views.role_label(stored.role),
            )
        )
    if current is not None and st.button(
        t("Remove {email} from the table", email=literal(current.email)),
        key=f"{key}_remove",
        icon=":material/person_remove:",
    ):
        with data.user_errors():
            writes.remove_user(data.engine(), auth.identity(), current.email)
        _done(t("{email} was removed from the table.", email=literal(current.email)))
