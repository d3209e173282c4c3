"""A project manager reports and the PMO approves, each signed in through a real OpenID
Connect provider, in Chromium: the PM finds their project pre-filled, turns it Red with a
reason and a new summary, submits; the PMO opens the check, sees what changed, approves; the
Overview's red count has grown by one (the expected count recomputed from the raw tables).

Set ``STEERCO_SHOTS=DIR`` to keep screenshots (1280×720 and 1600×900) of every step.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from data_access import access, users, writes
from data_access import engine as store_engine
from tests.support.browser import (
    Shots,
    assert_no_exception,
    choose,
    click_first_grid_row,
    wait_for_app,
)
from tests.support.oidc_provider import OidcProvider
from tests.support.roles import page_text, people, sign_in, signed_in_app, text_of

pytestmark = pytest.mark.browser

PM_EMAIL = "rita@example.org"
PMO = {"email": "paul@example.org", "name": "Paul PMO", access.ROLE_CLAIM: access.PMO}
OPERATOR = access.single_user("operator")
SIZES = ((1280, 720), (1600, 900))
SUMMARY = "Interfaces late: the vendor lost two developers; recovery plan on Monday."


def _raw(url: str, sql: str) -> pd.DataFrame:
    eng = store_engine.create_engine(url)
    with eng.connect() as conn:
        frame = pd.read_sql(sql, conn)
    eng.dispose()
    return frame


def _red_count(url: str) -> int:
    """Active projects whose latest counted report is Red, in plain pandas."""
    reports = _raw(url, "SELECT project_id, report_date, overall_rag, state FROM status_reports")
    projects = _raw(url, "SELECT project_id, phase FROM projects")
    counted = reports.loc[reports["state"].isin(["Submitted", "Approved"])]
    latest = counted.sort_values("report_date").groupby("project_id").tail(1)
    latest = latest.merge(projects, on="project_id")
    active = ~latest["phase"].isin(["Closed", "On hold"])
    return int(((latest["overall_rag"] == "R") & active).sum())


@pytest.fixture(scope="module")
def store_url(app_store_copy) -> str:
    return app_store_copy("report-db")


@pytest.fixture(scope="module")
def project(store_url) -> tuple[str, str]:
    """A project manager (their name) and one of their active projects not reported Red."""
    reports = _raw(store_url, "SELECT project_id, report_date, overall_rag FROM status_reports")
    latest = reports.sort_values("report_date").groupby("project_id").tail(1)
    projects = _raw(store_url, "SELECT project_id, phase, project_manager FROM projects")
    fit = projects.merge(latest, on="project_id")
    fit = fit.loc[fit["phase"].isin(["Execution", "Planning"]) & (fit["overall_rag"] != "R")]
    row = fit.sort_values("project_id").iloc[0]
    eng = store_engine.create_engine(store_url)
    entry = users.Entry(PM_EMAIL, access.PROJECT_MANAGER, str(row["project_manager"]))
    writes.save_user(eng, OPERATOR, entry)
    eng.dispose()
    return str(row["project_manager"]), str(row["project_id"])


@pytest.fixture(scope="module")
def app(project, store_url, tmp_path_factory):
    with OidcProvider() as provider:
        provider.set_user("rita", {"email": PM_EMAIL, "name": project[0]})
        provider.set_user("paul", PMO)
        folder = tmp_path_factory.mktemp("report-secrets")
        with signed_in_app(provider, store_url, folder) as server:
            yield server


def _tile(page, label: str) -> int:
    tile = page.get_by_test_id("stMetric").filter(has_text=label).first
    return int(re.sub(r"\D", "", text_of(tile.get_by_test_id("stMetricValue"))))


def test_a_manager_reports_red_the_pmo_approves_and_the_overview_counts_it(
    browser, app, store_url, project
):
    _, project_id = project
    red_before = _red_count(store_url)
    with people(browser) as person:
        pm, pmo = person(), person()
        sign_in(pmo, app, "paul")
        assert _tile(pmo, "Red projects") == red_before

        sign_in(pm, app, "rita", path="/report", title="Status reports")
        shots = Shots(pm, "report")
        text = page_text(pm)
        assert f"{project_id} ·" in text, text[text.find("Status reports") :][:600]
        assert "What Steerco computes" in text
        shots("pre-filled", SIZES)
        choose(pm, "Overall", "Red")
        wait_for_app(pm)
        pm.get_by_label("Overall: why Red? *").fill("The vendor is three weeks late.")
        summary = pm.get_by_label("Summary", exact=True)
        summary.fill(SUMMARY)
        summary.press("Tab")  # a text area is sent when it loses focus
        wait_for_app(pm)
        pm.get_by_role("button", name="Submit to the PMO").click()
        pm.get_by_text("submitted to the PMO.").wait_for()
        assert_no_exception(pm)
        shots("submitted", SIZES)

        pmo.goto(app.url("/report?rpt_sections=PMO+check"))
        wait_for_app(pmo)
        check = Shots(pmo, "report-check")
        click_first_grid_row(pmo, pmo.get_by_test_id("stDataFrame").first)
        pmo.get_by_text("What it changes since the last approved report").wait_for()
        wait_for_app(pmo)
        changes = page_text(pmo)
        assert project_id in changes
        check("changes", SIZES)
        pmo.get_by_role("button", name="Approve").click()
        pmo.get_by_text("approved.").wait_for()
        assert_no_exception(pmo)

        pmo.goto(app.url("/"))
        wait_for_app(pmo)
        assert _tile(pmo, "Red projects") == _red_count(store_url) == red_before + 1
        states = _raw(
            store_url,
            f"SELECT state, summary FROM status_reports WHERE project_id = '{project_id}' "
            "ORDER BY report_date DESC LIMIT 1",
        ).iloc[0]
        assert (states["state"], states["summary"]) == ("Approved", SUMMARY)
