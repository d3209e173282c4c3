"""What each role may do: hand-written expectations for every role and action."""

from __future__ import annotations

import pytest

from data_access import access
from data_access.access import AccessRefused, Identity, check

VIEWER = Identity("v@example.org", "Vera", access.VIEWER)
PM = Identity("pm@example.org", "Pieter", access.PROJECT_MANAGER)
PMO = Identity("pmo@example.org", "Paula", access.PMO)
ADMIN = Identity("admin@example.org", "Ada", access.ADMIN)

EXPECTED = {
    #          read  import rollback meetings audit mappings sources settings users
    "viewer": (1, 0, 0, 0, 0, 0, 0, 0, 0),
    "project_manager": (1, 1, 0, 0, 0, 0, 0, 0, 0),
    "pmo": (1, 1, 1, 1, 1, 0, 0, 0, 0),
    "admin": (1, 1, 1, 1, 1, 1, 1, 1, 1),
}
ACTIONS = (
    access.READ,
    access.IMPORT,
    access.ROLLBACK,
    access.MEETINGS,
    access.AUDIT,
    access.MAPPINGS,
    access.SOURCES,
    access.SETTINGS,
    access.USERS,
)


@pytest.mark.parametrize("who", [VIEWER, PM, PMO, ADMIN], ids=lambda w: w.role)
def test_each_role_may_take_exactly_its_actions(who):
    granted = tuple(int(access.allowed(who, action)) for action in ACTIONS)
    assert granted == EXPECTED[who.role]


def test_a_refusal_names_who_their_role_and_what_was_refused():
    with pytest.raises(AccessRefused) as refused:
        check(VIEWER, access.ROLLBACK)
    assert str(refused.value) == (
        "v@example.org is viewer and may not roll back an import; nothing was changed."
    )


def test_a_project_manager_imports_only_for_their_own_projects():
    check(PM, access.IMPORT, projects={"PRJ-001"}, own={"PRJ-001", "PRJ-002"})
    with pytest.raises(AccessRefused, match="touches PRJ-003, PRJ-004; nothing"):
        check(PM, access.IMPORT, projects={"PRJ-001", "PRJ-004", "PRJ-003"}, own={"PRJ-001"})
    many = {f"PRJ-{i:03}" for i in range(10, 18)}
    with pytest.raises(AccessRefused, match="PRJ-014 and 3 more"):
        check(PM, access.IMPORT, projects=many, own=set())
    check(PMO, access.IMPORT, projects=many, own=set())  # the PMO imports for anyone


def test_an_unknown_role_may_do_nothing():
    nobody = Identity("x@example.org", "X", "superuser")
    assert not access.allowed(nobody, access.READ)


def test_a_scoped_viewer_sees_only_their_portfolios_or_programmes():
    scoped = Identity(
        "c@example.org", "C", access.VIEWER, portfolios=("Finance",), programmes=("ERP",)
    )
    assert access.in_scope(scoped, "Finance", "CRM")
    assert access.in_scope(scoped, "IT", "ERP")
    assert not access.in_scope(scoped, "IT", "CRM")
    assert access.in_scope(VIEWER, "IT", "CRM")  # not scoped: everything


def test_claims_give_the_role_only_when_it_is_a_known_one():
    assert access.from_claims({"email": "a@x.org", "steerco_role": "pmo"}).role == access.PMO
    assert access.from_claims({"email": "a@x.org", "steerco_role": "root"}).role == access.VIEWER
    assert access.from_claims({"email": "a@x.org"}).role == access.VIEWER
    assert access.single_user("ann").role == access.ADMIN
