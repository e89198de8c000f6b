from __future__ import annotations

import pytest

from fleetplan.config import Settings, get_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "RETENTION_MONTHS", "INACTIVE_DAYS"):
        monkeypatch.delenv(f"FLEETPLAN_{name}", raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///fleetplan.sqlite"
    assert (settings.retention_months, settings.inactive_days) == (24, 14)


def test_environment_overrides_and_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEETPLAN_DATABASE_URL", "postgresql://db/fleet")
    monkeypatch.setenv("FLEETPLAN_INACTIVE_DAYS", "30")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert settings.database_url == "postgresql://db/fleet"
        assert settings.inactive_days == 30
        assert get_settings() is settings  # cached
    finally:
        get_settings.cache_clear()
