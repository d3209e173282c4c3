"""Settings for Steerco: defaults from ``default_config.toml``, overridden by a user TOML file.

Lookup order for the user file: the ``path`` argument of :func:`load_settings`, else the file
named by the environment variable ``STEERCO_CONFIG``, else ``steerco.toml`` in the current
working directory if it exists. The user file is deep-merged over the defaults, so it only needs
the keys it changes. Unknown keys and wrong types are refused with a ``ValueError`` naming the
key, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from data_access import schema

DEFAULT_CONFIG_PATH = Path(__file__).with_name("default_config.toml")
ENV_VAR = "STEERCO_CONFIG"
USER_CONFIG_NAME = "steerco.toml"
SUPPORTED_LANGUAGES = ("en", "fr", "nl")
#: Ways to count the as-of month in PV and AC (setting ``month_to_date``).
MONTH_TO_DATE = ("pro_rata", "whole_month")
#: How a reminder e-mail reaches the SMTP server (setting ``smtp.security``).
SMTP_SECURITY = ("none", "starttls", "ssl")
#: The environment variable holding the SMTP password (never a setting: settings are shown).
SMTP_PASSWORD_VAR = "STEERCO_SMTP_PASSWORD"


@dataclass(frozen=True)
class Reporting:
    """Status reporting (docs/reporting.md)."""

    #: The report states the dashboards, the pack and the figures count.
    counted_states: tuple[str, ...] = ("Submitted", "Approved")
    #: Reports are due this many days before the next meeting.
    deadline_days: int = 7


@dataclass(frozen=True)
class Smtp:
    """The mail server for reminders; no host, no e-mail (the late list is copied instead)."""

    host: str = ""
    port: int = 25
    security: str = "none"
    sender: str = ""
    username: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)


@dataclass(frozen=True)
class RagThresholds:
    """Thresholds of the computed RAG (see ``default_config.toml`` for each meaning)."""

    budget_amber_pct: float = 5.0
    budget_red_pct: float = 10.0
    schedule_amber_days: int = 14
    schedule_red_days: int = 45
    spi_amber: float = 0.95
    spi_red: float = 0.85
    high_risk_score: int = 15
    risk_amber_count: int = 1
    risk_red_count: int = 3
    critical_risk_score: int = 20


@dataclass(frozen=True)
class Settings:
    """Application settings."""

    rag: RagThresholds = field(default_factory=RagThresholds)
    stale_report_days: int = 35
    estimate_gap_pct: float = 20.0
    milestone_horizon_days: int = 30
    top_risks: int = 10
    currency: str = "EUR"
    language: str = "en"
    max_upload_mb: int = 50
    #: An import with a proposed mapping (``--auto-map``) that would change or remove more than
    #: this percentage of a dataset's stored rows waits for a confirmation.
    auto_map_confirm_pct: float = 20.0
    sources_file: str = "steerco_sources.toml"
    fiscal_year_start_month: int = 1
    #: The as-of month's plan and actual in PV and AC: "pro_rata" (its elapsed days) or
    #: "whole_month".
    month_to_date: str = "pro_rata"
    #: Phases kept out of the active tiles and totals, and shown apart.
    apart_phases: tuple[str, ...] = ("Closed", "On hold")
    timezone: str = "UTC"  # the organisation's: weeks and months of ticket figures
    source_timezone: str = "UTC"  # of the stored ticket and change timestamps
    reporting: Reporting = field(default_factory=Reporting)
    smtp: Smtp = field(default_factory=Smtp)


_TYPE_NAMES = {int: "integer", float: "number", str: "string"}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FileNotFoundError(f"Configuration file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"Configuration file {path} is not valid TOML: {exc}") from exc


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _coerce(key: str, value: Any, expected: type) -> Any:
    """Check ``value`` against ``expected``; ints are accepted where a number is expected,
    a TOML list of strings where a ``tuple[str, ...]`` is."""
    if get_origin(expected) is tuple:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise ValueError(f"Setting '{key}' must be a list of strings, got {value!r}")
    # bool is a subclass of int in Python but never a valid threshold.
    if isinstance(value, bool):
        raise ValueError(f"Setting '{key}' must be a {_TYPE_NAMES[expected]}, got {value!r}")
    if expected is float and isinstance(value, int | float):
        return float(value)
    if isinstance(value, expected):
        return value
    raise ValueError(f"Setting '{key}' must be a {_TYPE_NAMES[expected]}, got {value!r}")


def _build(cls: type, data: dict[str, Any], prefix: str = "") -> Any:
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in data:
        if key not in known:
            raise ValueError(f"Unknown setting '{prefix}{key}'")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        expected = hints[f.name]
        name = f"{prefix}{f.name}"
        if isinstance(expected, type) and is_dataclass(expected):
            if not isinstance(value, dict):
                raise ValueError(f"Setting '{name}' must be a table ([{name}]), got {value!r}")
            kwargs[f.name] = _build(expected, value, prefix=f"{name}.")
        else:
            kwargs[f.name] = _coerce(name, value, expected)
    return cls(**kwargs)


def _check(settings: Settings) -> None:
    """Refuse values that are well-typed but make no sense together."""
    t = settings.rag
    pairs = [
        ("rag.budget_amber_pct", t.budget_amber_pct, "rag.budget_red_pct", t.budget_red_pct),
        (
            "rag.schedule_amber_days",
            t.schedule_amber_days,
            "rag.schedule_red_days",
            t.schedule_red_days,
        ),
        ("rag.spi_red", t.spi_red, "rag.spi_amber", t.spi_amber),
        ("rag.risk_amber_count", t.risk_amber_count, "rag.risk_red_count", t.risk_red_count),
    ]
    for low_key, low, high_key, high in pairs:
        if low > high:
            raise ValueError(f"Setting '{low_key}' ({low}) must not exceed '{high_key}' ({high})")
    non_negative = {
        "rag.schedule_amber_days": t.schedule_amber_days,
        "rag.high_risk_score": t.high_risk_score,
        "rag.risk_amber_count": t.risk_amber_count,
        "rag.critical_risk_score": t.critical_risk_score,
        "stale_report_days": settings.stale_report_days,
        "milestone_horizon_days": settings.milestone_horizon_days,
        "top_risks": settings.top_risks,
    }
    for key, value in non_negative.items():
        if value < 0:
            raise ValueError(f"Setting '{key}' must not be negative, got {value}")
    if not 1 <= settings.fiscal_year_start_month <= 12:
        raise ValueError(
            "Setting 'fiscal_year_start_month' must be a month number from 1 to 12, "
            f"got {settings.fiscal_year_start_month}"
        )
    if settings.language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"Setting 'language' must be one of {', '.join(SUPPORTED_LANGUAGES)}, "
            f"got {settings.language!r}"
        )
    code = settings.currency
    if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
        raise ValueError(
            "Setting 'currency' must be a 3-letter ISO 4217 code in capitals such as EUR, "
            f"got {settings.currency!r}"
        )
    if settings.month_to_date not in MONTH_TO_DATE:
        raise ValueError(
            f"Setting 'month_to_date' must be one of {', '.join(MONTH_TO_DATE)}, "
            f"got {settings.month_to_date!r}"
        )
    unknown = [p for p in settings.apart_phases if p not in schema.PHASES]
    if unknown:
        raise ValueError(
            f"Setting 'apart_phases' holds unknown phase(s) {', '.join(map(repr, unknown))}; "
            f"the phases are {', '.join(schema.PHASES)}"
        )
    _check_reporting(settings.reporting)
    if settings.smtp.security not in SMTP_SECURITY:
        raise ValueError(
            f"Setting 'smtp.security' must be one of {', '.join(SMTP_SECURITY)}, "
            f"got {settings.smtp.security!r}"
        )
    if not 0 < settings.smtp.port < 65536:
        raise ValueError(f"Setting 'smtp.port' must be a port number, got {settings.smtp.port}")
    _check_zone("timezone", settings.timezone)
    _check_zone("source_timezone", settings.source_timezone)


def _check_reporting(reporting: Reporting) -> None:
    unknown = [s for s in reporting.counted_states if s not in schema.REPORT_STATES]
    if unknown or not reporting.counted_states:
        raise ValueError(
            "Setting 'reporting.counted_states' must list report states among "
            f"{', '.join(schema.REPORT_STATES)}, got {list(reporting.counted_states)!r}"
        )
    if schema.REPORT_DRAFT in reporting.counted_states:
        raise ValueError(
            "Setting 'reporting.counted_states' may not count drafts: a draft is the project "
            "manager's, not yet a report"
        )
    if reporting.deadline_days < 0:
        raise ValueError(
            f"Setting 'reporting.deadline_days' must not be negative, got {reporting.deadline_days}"
        )


def _check_zone(key: str, name: str) -> None:
    """An IANA time zone name the system knows ("Europe/Brussels", "UTC")."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"Setting '{key}' must be an IANA time zone name such as \"Europe/Brussels\" or "
            f'"UTC", got {name!r}'
        ) from None


def _user_config_path(path: str | Path | None) -> Path | None:
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = Path.cwd() / USER_CONFIG_NAME
    return local if local.is_file() else None


def load_settings(path: str | Path | None = None) -> Settings:
    """Load the default settings, deep-merged with the user's TOML file if there is one.

    ``path`` takes precedence over ``STEERCO_CONFIG`` and ``./steerco.toml``. An explicitly
    named file (argument or environment variable) that does not exist raises
    ``FileNotFoundError``; unknown keys, wrong types and inconsistent thresholds raise
    ``ValueError`` naming the key.
    """
    data = _read_toml(DEFAULT_CONFIG_PATH)
    user_path = _user_config_path(path)
    if user_path is not None:
        data = _deep_merge(data, _read_toml(user_path))
    settings = _build(Settings, data)
    _check(settings)
    return settings
