"""The Audit page: the PMO and admins read who changed what; anyone else is told why not."""

from __future__ import annotations

import pytest

from data_access import access
from data_access import engine as store_engine
from data_access.ingest import service
from steerco.views import audit as views
from tests.support import apptest

AUDIT = "pages/audit.py"
NEW_RISK = (
    "raid_id;project_id;type;title;probability;impact;status\n"
    "RAID-AUD-2;PRJ-002;Risk;Key architect leaves;3;4;Open\n"
)


def test_the_single_user_reads_every_write_with_its_author(app_env):
    eng = store_engine.create_engine(app_env)
    report = service.run_import(
        eng, NEW_RISK.encode(), "risk.csv", user_name="ann@example.org", replace_scope=False
    )
    eng.dispose()
    assert report.committed
    at = apptest.open_page(AUDIT)
    apptest.no_error(at)
    table = at.dataframe[0].value  # display tables carry no widget key in AppTest
    newest = table.iloc[0]
    assert (newest["Who"], newest["What"]) == ("ann@example.org", "import")
    assert newest["On"] == f"import #{report.result.import_id}"
    assert set(table["What"]) == {"import"}  # the sample's loads and the import
    at.selectbox(key="audit_action").set_value("rollback").run()
    assert any("Nothing recorded" in i.value for i in at.info)


def test_a_viewer_has_no_audit_page_and_a_forged_request_is_refused(app_env, monkeypatch):
    viewer = access.Identity("vera@example.org", "Vera", access.VIEWER)
    apptest.act_as(monkeypatch, viewer)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        apptest.open_page(AUDIT)  # not listed for a viewer: no page to open
    eng = store_engine.create_engine(app_env)
    with eng.connect() as conn, pytest.raises(access.AccessRefused) as refused:
        views.build(conn, viewer)  # what a forged request would reach
    eng.dispose()
    assert str(refused.value) == ("vera@example.org is viewer and may not read the audit trail.")
