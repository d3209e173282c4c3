"""The server's upload limit is the app's: config.toml and the default setting agree, and
the smaller of the setting and the server's limit holds; a setting above it is said, in the
user's language."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from steerco import i18n
from steerco.config import load_settings
from steerco.ui import upload_limit
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


@pytest.fixture
def warned(monkeypatch) -> list[str]:
    """The warnings the Data page shows with the setting at 80 MB and the server at 50 MB."""
    shown: list[str] = []
    monkeypatch.setattr(upload_limit.data, "settings", lambda: SimpleNamespace(max_upload_mb=80))
    monkeypatch.setattr(upload_limit, "server_mb", lambda: 50)
    monkeypatch.setattr(upload_limit.st, "warning", lambda text, **_: shown.append(text))
    yield shown
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize(
    ("language", "start", "end"),
    [
        (
            "fr",
            "Le paramètre max_upload_mb vaut 80 Mo, mais le serveur accepte des fichiers d'au "
            "plus 50 Mo",
            "les fichiers jusqu'à 50 Mo peuvent être téléversés. Augmentez les deux pour "
            "accepter des fichiers plus grands.",
        ),
        (
            "nl",
            "De instelling max_upload_mb is 80 MB, maar de server aanvaardt uploads van "
            "hoogstens 50 MB",
            "bestanden tot 50 MB kunnen worden geüpload. Verhoog beide om grotere bestanden te "
            "aanvaarden.",
        ),
    ],
)
def test_a_setting_above_the_servers_limit_is_said_in_the_users_language(
    warned, language, start, end
):
    i18n.set_language(language)
    upload_limit.warn_if_above_server()
    (text,) = warned
    assert text.startswith(start) and text.endswith(end)
