"""Settings: defaults, user overrides and refused input."""

from __future__ import annotations

from pathlib import Path

import pytest

from steerco.config import RagThresholds, Settings, load_settings


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No STEERCO_CONFIG and an empty working directory unless a test sets them."""
    monkeypatch.delenv("STEERCO_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


def _write(tmp_path: Path, text: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.rag == RagThresholds(
        budget_amber_pct=5.0,
        budget_red_pct=10.0,
        schedule_amber_days=14,
        schedule_red_days=45,
        spi_amber=0.95,
        spi_red=0.85,
        high_risk_score=15,
        risk_amber_count=1,
        risk_red_count=3,
        critical_risk_score=20,
    )
    assert settings.stale_report_days == 35
    assert settings.milestone_horizon_days == 30
    assert settings.top_risks == 10
    assert settings.currency == "EUR"
    assert settings.language == "en"


def test_user_file_overrides_one_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "[rag]\nbudget_red_pct = 12.5\n")
    settings = load_settings(path)
    assert settings.rag.budget_red_pct == 12.5
    # Everything else keeps its default (deep merge, not replacement of [rag]).
    assert settings.rag.budget_amber_pct == 5.0
    assert settings.rag.spi_red == 0.85
    assert settings.stale_report_days == 35


def test_int_accepted_for_float(tmp_path: Path) -> None:
    settings = load_settings(_write(tmp_path, "[rag]\nbudget_amber_pct = 6\n"))
    assert settings.rag.budget_amber_pct == 6.0
    assert isinstance(settings.rag.budget_amber_pct, float)


def test_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, 'language = "fr"\n', name="env.toml")
    monkeypatch.setenv("STEERCO_CONFIG", str(path))
    assert load_settings().language == "fr"


def test_cwd_file(tmp_path: Path) -> None:
    _write(tmp_path, "top_risks = 5\n", name="steerco.toml")
    assert load_settings().top_risks == 5


def test_path_argument_beats_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STEERCO_CONFIG", str(_write(tmp_path, "top_risks = 5\n", "env.toml")))
    assert load_settings(_write(tmp_path, "top_risks = 7\n", "arg.toml")).top_risks == 7


def test_unknown_top_level_key_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="stale_days"):
        load_settings(_write(tmp_path, "stale_days = 10\n"))


def test_unknown_rag_key_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"rag\.budget_amber"):
        load_settings(_write(tmp_path, "[rag]\nbudget_amber = 3.0\n"))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ('[rag]\nschedule_amber_days = "two weeks"\n', r"rag\.schedule_amber_days.*integer"),
        ("[rag]\nschedule_amber_days = 14.5\n", r"rag\.schedule_amber_days.*integer"),
        ("[rag]\nspi_red = true\n", r"rag\.spi_red.*number"),
        ("currency = 978\n", r"currency.*string"),
        ("rag = 3\n", r"rag.*table"),
    ],
)
def test_wrong_type_raises(tmp_path: Path, text: str, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        load_settings(_write(tmp_path, text))


def test_inconsistent_thresholds_raise(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="budget_amber_pct"):
        load_settings(_write(tmp_path, "[rag]\nbudget_amber_pct = 15.0\n"))


def test_unsupported_language_raises(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="language"):
        load_settings(_write(tmp_path, 'language = "de"\n'))


@pytest.mark.parametrize("code", ["eur", "EU", "EURO", "E1R", "ÉUR", "", "€"])
def test_currency_must_be_three_capital_letters(tmp_path: Path, code: str) -> None:
    with pytest.raises(ValueError, match=r"'currency' must be a 3-letter ISO 4217 code"):
        load_settings(_write(tmp_path, f'currency = "{code}"\n'))


def test_currency_takes_any_iso_code(tmp_path: Path) -> None:
    assert load_settings(_write(tmp_path, 'currency = "CHF"\n')).currency == "CHF"


def test_time_zones_default_to_utc_and_take_iana_names(tmp_path: Path) -> None:
    assert (load_settings().timezone, load_settings().source_timezone) == ("UTC", "UTC")
    text = 'timezone = "Europe/Brussels"\nsource_timezone = "America/New_York"\n'
    settings = load_settings(_write(tmp_path, text))
    assert (settings.timezone, settings.source_timezone) == ("Europe/Brussels", "America/New_York")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('timezone = "Europe/Bruxelles"\n', "timezone"),
        ('timezone = "CET+1"\n', "timezone"),
        ('source_timezone = "../etc/passwd"\n', "source_timezone"),
        ('source_timezone = ""\n', "source_timezone"),
    ],
)
def test_unknown_time_zone_is_refused_with_its_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ValueError, match=rf"Setting '{key}' must be an IANA time zone name"):
        load_settings(_write(tmp_path, text))


def test_month_to_date_and_apart_phases_are_read_and_checked(tmp_path: Path) -> None:
    assert load_settings().month_to_date == "pro_rata"
    assert load_settings().apart_phases == ("Closed", "On hold")
    text = 'month_to_date = "whole_month"\napart_phases = ["Closed"]\n'
    settings = load_settings(_write(tmp_path, text))
    assert (settings.month_to_date, settings.apart_phases) == ("whole_month", ("Closed",))
    with pytest.raises(ValueError, match="'month_to_date' must be one of pro_rata, whole_month"):
        load_settings(_write(tmp_path, 'month_to_date = "weekly"\n'))
    with pytest.raises(ValueError, match="'apart_phases' holds unknown phase"):
        load_settings(_write(tmp_path, 'apart_phases = ["Closed", "Archived"]\n'))
    with pytest.raises(ValueError, match="'apart_phases' must be a list of strings"):
        load_settings(_write(tmp_path, 'apart_phases = "Closed"\n'))


def test_invalid_toml_raises_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not valid TOML"):
        load_settings(_write(tmp_path, "rag = [\n"))


def test_missing_explicit_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "nope.toml")


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(AttributeError):
        settings.top_risks = 3  # type: ignore[misc]
