"""``steerco serve`` (steerco/ui/serve.py): Streamlit's options pass through unchanged, and the
warm-up waits for Streamlit's runtime rather than filling a cache no page reads."""

from __future__ import annotations

import sys

from steerco import cli
from steerco.ui import serve


def test_every_option_after_serve_goes_to_streamlit(monkeypatch):
    seen = {}
    monkeypatch.setattr(serve, "main", lambda args: seen.setdefault("args", list(args)) and 0)
    assert cli.main(["serve", "--server.port", "8599", "--server.headless", "true"]) == 0
    assert seen["args"] == ["--server.port", "8599", "--server.headless", "true"]


def test_serve_runs_streamlit_on_the_app_with_the_options(monkeypatch):
    from streamlit.web import cli as streamlit_cli

    monkeypatch.setenv("STEERCO_WARM_UP", "off")  # no thread in a unit test
    ran = {}

    def fake_main(prog_name: str) -> None:
        ran["argv"] = list(sys.argv)
        raise SystemExit(0)

    monkeypatch.setattr(streamlit_cli, "main", fake_main)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert serve.main(["--server.port", "8599"]) == 0
    assert ran["argv"] == ["streamlit", "run", str(serve.APP), "--server.port", "8599"]
    assert serve.APP.name == "app.py" and serve.APP.is_file()


def test_without_a_running_runtime_the_warm_up_gives_up_and_says_so(caplog):
    assert not serve.runtime_running()
    with caplog.at_level("WARNING", logger=serve.__name__):
        assert serve.warm_when_running(wait=0.2, poll=0.05) is False
    assert "did not start" in caplog.text


def test_preload_imports_what_the_pages_import():
    import sys

    assert serve.preload() >= 40
    for name in ("steerco.ui.operations", "steerco.charts.operations", "steerco.views.finance"):
        assert name in sys.modules
