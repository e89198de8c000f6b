"""Indstillinger's change log in words: every action named in both languages,
old → new per field as the forms name it, local time, no password."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fleetplan.store.audit import ALL_ACTIONS, AuditEntry
from fleetplan.web.audit_panel import audit_rows
from fleetplan.web.translate import catalogue


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_action_has_a_name(language: str) -> None:
    texts = catalogue(language)
    assert [a for a in ALL_ACTIONS if f"audit.action.{a}" not in texts] == []


def _entry(action: str, target: str, detail: dict[str, object]) -> AuditEntry:
    at = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)  # 08:30 in Copenhagen (summer)
    return AuditEntry(1, at, 1, "anna", action, target, detail)


def test_rows_read_as_sentences_in_danish() -> None:
    role = {"role": ["read", "write"], "password": "changed"}
    rows = audit_rows(
        [
            _entry("vehicle.update", "V1", {"make": [None, "Ford"]}),
            _entry("user.update", "carl", role),
            _entry("settings.change", "register.home_radius_m.L1", {"value": [1, 3]}),
            _entry("settings.change", "settings.bike", {"value": [None, {"a": 1}]}),
        ],
        "da",
    )
    assert rows[0]["at"] == "01.07.2026 08:30"
    assert (rows[0]["action"], rows[0]["detail"]) == (
        "Køretøj rettet",
        "Mærke: – → Ford",
    )
    assert rows[1]["detail"] == "Rolle: læser → redaktør; Adgangskode: ændret"
    assert rows[2]["target"] == "Hjemmeradius for lokation L1"
    assert rows[3]["target"] == "Cykelregler"
    english = audit_rows(
        [_entry("vehicle.deactivate", "V1", {"on": "2026-11-01"})], "en"
    )
    assert english[0]["action"] == "Vehicle deactivated"
    assert english[0]["detail"] == "From date: 2026-11-01"
