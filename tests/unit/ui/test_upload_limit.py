"""The server's upload limit is the app's: config.toml and the default setting agree, and
the smaller of the setting and the server's limit holds."""

from __future__ import annotations

import tomllib
from pathlib import Path

from steerco.config import load_settings
from steerco.ui.upload_limit import effective_mb

ROOT = Path(__file__).resolve().parents[3]


def test_the_server_accepts_no_larger_upload_than_the_default_setting_promises():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    default_setting = load_settings(ROOT / "steerco" / "default_config.toml").max_upload_mb
    assert config["server"]["maxUploadSize"] == default_setting == 50


def test_the_effective_limit_is_the_smaller_of_setting_and_server():
    assert effective_mb(50, 50) == 50
    assert effective_mb(20, 50) == 20  # a setting may lower the limit
    assert effective_mb(80, 50) == 50  # never raise it above the server's
