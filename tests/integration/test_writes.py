"""The service layer checks every write against the writer's role and, for a project manager,
the projects the change touches; a refused write changes nothing, says why, and is in the audit
trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa

from data_access import access, audit, schema, users, writes
from data_access.access import AccessRefused, Identity
from data_access.ingest import mapping as mappings
from data_access.ingest import service
from tests.support import store_state
from tests.support.roles import checked_upload, raid_csv

VIEWER = Identity(email="vic@example.org", name="Vic Viewer", role=access.VIEWER)
PMO = Identity(email="pat@example.org", name="Pat PMO", role=access.PMO)
ADMIN = Identity(email="ada@example.org", name="Ada Admin", role=access.ADMIN)
#: Claire Martin manages PRJ-005 (not PRJ-002) in the sample (projects.project_manager).
CLAIRE = Identity(email="claire@example.org", name="Claire Martin", role=access.PROJECT_MANAGER)


def _refusals(engine, actor: str) -> pd.DataFrame:
    with engine.connect() as conn:
        return audit.trail(conn, actor=actor, action=audit.REFUSED)


def test_a_viewer_cannot_import_and_nothing_changes(writable_engine):
    before = store_state.snapshot(writable_engine)
    prepared = checked_upload(writable_engine, raid_csv(("RAID-V-1", "PRJ-002", "Forged")))
    with pytest.raises(AccessRefused) as refused:
        writes.commit_import(writable_engine, VIEWER, prepared, replace_scope=False)
    assert str(refused.value) == (
        "vic@example.org is viewer and may not import data; nothing was changed."
    )
    assert store_state.snapshot(writable_engine) == before
    row = _refusals(writable_engine, "vic@example.org").iloc[0]
    assert row["target"] == "import of raid.csv" and row["detail"] == str(refused.value)


@pytest.mark.parametrize(
    ("who", "attempt", "what"),
    [
        (VIEWER, lambda e, w: writes.rollback(e, w, 1), "roll back an import"),
        (CLAIRE, lambda e, w: writes.rollback(e, w, 1), "roll back an import"),
        (VIEWER, lambda e, w: list(writes.sync(e, w, [])), "pull data from the SQL sources"),
        (CLAIRE, lambda e, w: list(writes.sync(e, w, [])), "pull data from the SQL sources"),
        (
            PMO,
            lambda e, w: writes.save_mapping(
                e, w, mappings.Mapping("projects", {"project_id": "Code"}, name="ERP")
            ),
            "change column mappings",
        ),
        (PMO, lambda e, w: writes.delete_mapping(e, w, "ERP"), "change column mappings"),
        (
            PMO,
            lambda e, w: writes.save_user(e, w, users.Entry("x@example.org", access.ADMIN)),
            "change users and roles",
        ),
    ],
)
def test_each_role_is_refused_what_it_may_not_do(writable_engine, who, attempt, what):
    before = store_state.snapshot(writable_engine)
    with pytest.raises(AccessRefused, match=f"may not {what}; nothing was changed"):
        attempt(writable_engine, who)
    assert store_state.snapshot(writable_engine) == before
    assert len(_refusals(writable_engine, who.email)) == 1


def test_a_project_manager_imports_for_their_own_project(writable_engine):
    prepared = checked_upload(writable_engine, raid_csv(("RAID-C-1", "PRJ-005", "Vendor late")))
    result = writes.commit_import(writable_engine, CLAIRE, prepared, replace_scope=False)
    assert result.outcome == schema.OUTCOME_COMMITTED
    raid = store_state.current(writable_engine, "raid").set_index("raid_id")
    assert raid.loc["RAID-C-1", "project_id"] == "PRJ-005"
    log = store_state.import_log(writable_engine).iloc[0]
    assert log["user_name"] == "claire@example.org"


def test_a_project_manager_cannot_touch_another_project(writable_engine):
    before = store_state.snapshot(writable_engine)
    payload = raid_csv(("RAID-C-2", "PRJ-005", "Mine"), ("RAID-C-3", "PRJ-002", "Not mine"))
    prepared = checked_upload(writable_engine, payload)
    with pytest.raises(AccessRefused) as refused:
        writes.commit_import(writable_engine, CLAIRE, prepared, replace_scope=False)
    assert str(refused.value) == (
        "claire@example.org may import only for their own projects; this change touches "
        "PRJ-002; nothing was changed."
    )
    assert store_state.snapshot(writable_engine) == before
    assert _refusals(writable_engine, "claire@example.org")["detail"].iloc[0] == str(refused.value)


def test_moving_an_item_away_from_another_project_is_touching_it(writable_engine):
    """The old version of a changed row counts: an item of PRJ-002 re-assigned to PRJ-005."""
    raid = store_state.current(writable_engine, "raid")
    theirs = raid.loc[raid["project_id"] == "PRJ-002"].iloc[0]
    prepared = checked_upload(
        writable_engine, raid_csv((theirs["raid_id"], "PRJ-005", "Taken over"))
    )
    with pytest.raises(AccessRefused, match="touches PRJ-002"):
        writes.commit_import(writable_engine, CLAIRE, prepared, replace_scope=False)


def test_a_dataset_of_no_project_is_not_a_project_managers(writable_engine):
    payload = b"service;priority;resolution_hours;target_pct\nService Desk;P1;2;99\n"
    workbook, _ = service.read_upload(payload, "sla.csv")
    prepared = service.check_workbook(writable_engine, workbook, dataset="sla_targets")
    assert prepared.ok, prepared.problems
    with pytest.raises(AccessRefused, match="touches sla_targets, which belong to no project"):
        writes.commit_import(writable_engine, CLAIRE, prepared, replace_scope=False)


def test_the_role_table_maps_a_project_to_a_project_manager(writable_engine, small_frames):
    projects = small_frames["projects"]
    managed = set(projects.loc[projects["project_manager"] == "Claire Martin", "project_id"])
    writes.save_user(
        writable_engine,
        ADMIN,
        users.Entry("claire@example.org", access.PROJECT_MANAGER, projects=("PRJ-002",)),
    )
    with writable_engine.connect() as conn:
        claire = users.resolve(conn, Identity(email="Claire@Example.org", name="Claire Martin"))
        assert users.own_projects(conn, claire) == managed | {"PRJ-002"}
    prepared = checked_upload(writable_engine, raid_csv(("RAID-C-4", "PRJ-002", "Now mine")))
    assert writes.commit_import(writable_engine, claire, prepared, replace_scope=False).outcome == (
        schema.OUTCOME_COMMITTED
    )


def test_pmo_imports_and_rolls_back_anything(writable_engine):
    report = writes.run_import(
        writable_engine, PMO, raid_csv(("RAID-P-1", "PRJ-002", "Any")), "r.csv", replace_scope=False
    )
    assert report.committed
    undone = writes.rollback(writable_engine, PMO, report.result.import_id)
    assert undone.outcome == schema.OUTCOME_ROLLBACK


def test_a_refused_cli_style_import_of_a_project_manager_is_recorded(writable_engine):
    before = store_state.snapshot(writable_engine)
    with pytest.raises(AccessRefused, match="touches PRJ-002"):
        writes.run_import(
            writable_engine, CLAIRE, raid_csv(("RAID-C-5", "PRJ-002", "x")), "r.csv",
            replace_scope=False,
        )  # fmt: skip
    assert store_state.snapshot(writable_engine) == before


def test_an_admin_sets_a_role_with_before_and_after_in_the_trail(writable_engine):
    writes.save_user(writable_engine, ADMIN, users.Entry(" Vic@Example.org ", access.VIEWER))
    writes.save_user(
        writable_engine,
        ADMIN,
        users.Entry("vic@example.org", access.VIEWER, portfolios=("Finance", "Finance", " ")),
    )
    with writable_engine.connect() as conn:
        rows = audit.trail(conn, actor="ada@example.org", action=audit.USER_SAVED)
        assert users.get(conn, "VIC@example.org").portfolios == ("Finance",)
    latest = rows.iloc[0]
    assert latest["target"] == "role of vic@example.org"
    assert json.loads(latest["before"])["portfolios"] == []
    assert json.loads(latest["after"])["portfolios"] == ["Finance"]
    assert writes.remove_user(writable_engine, ADMIN, "vic@example.org")
    assert not writes.remove_user(writable_engine, ADMIN, "vic@example.org")
    with writable_engine.connect() as conn:
        removed = audit.trail(conn, action=audit.USER_REMOVED).iloc[0]
    assert json.loads(removed["before"])["email"] == "vic@example.org"


def test_an_admin_cannot_take_away_their_own_admin_role(writable_engine):
    with pytest.raises(AccessRefused, match="may not take away their own admin role"):
        writes.save_user(writable_engine, ADMIN, users.Entry("ada@example.org", access.PMO))
    with pytest.raises(AccessRefused, match="own admin role"):
        writes.remove_user(writable_engine, ADMIN, "ADA@example.org")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (users.Entry("not an address", access.VIEWER), "'not an address' is not an e-mail"),
        (users.Entry("x@example.org", "owner"), "'owner' is not a role; expected one of"),
    ],
)
def test_an_entry_that_cannot_be_saved_says_which_field(writable_engine, entry, message):
    with pytest.raises(users.UserError, match=message):
        writes.save_user(writable_engine, ADMIN, entry)


def test_the_role_table_wins_over_the_claim_and_unknown_people_keep_it(writable_engine):
    writes.save_user(
        writable_engine,
        ADMIN,
        users.Entry("vic@example.org", access.VIEWER, programmes=("ERP",)),
    )
    claimed_admin = access.from_claims({"email": "Vic@example.org", "steerco_role": "admin"})
    stranger = access.from_claims({"email": "sam@example.org", "steerco_role": "pmo"})
    with writable_engine.connect() as conn:
        vic = users.resolve(conn, claimed_admin)
        assert (vic.role, vic.programmes) == (access.VIEWER, ("ERP",))
        assert users.resolve(conn, stranger).role == access.PMO
        local = access.single_user("me")  # no sign-in: the table is not consulted
        assert users.resolve(conn, local) == local


def test_every_write_path_of_the_pages_goes_through_the_service_layer():
    """No page, widget or command calls the store's writers directly: the role check cannot
    be skipped by one that forgets it."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = ("versioning.commit(", "versioning.rollback(", "sources.sync(")
    writers += ("mappings.save_mapping(", "mappings.delete_mapping(", "service.record_refusal(")
    writers += ("service.commit_prepared(", "service.run_import(", "service.import_path(")
    offenders = [
        f"{path.relative_to(root)}: {w}"
        for folder in ("pages", "steerco")
        for path in (root / folder).rglob("*.py")
        for w in writers
        if w in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_audit_rows_cannot_be_forged_away_by_a_refusal(writable_engine):
    """A refusal is appended like any other row: the trail keeps both the refusal and what
    came before it."""
    with writable_engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar_one()
    with pytest.raises(AccessRefused):
        writes.rollback(writable_engine, VIEWER, 1)
    with writable_engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar_one()
    assert after == count + 1
