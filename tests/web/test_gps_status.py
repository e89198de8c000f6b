"""The GPS section's summary in words, in Danish and English, and the ingest
catalogue in step with the error codes."""

from __future__ import annotations

import importlib

import pytest

from fleetplan.ingest.gps.errors import MESSAGES, WARNINGS
from fleetplan.web.gps_status import error_text, summary_lines

# the module, not the function fleetplan.web re-exports under the same name
tr = importlib.import_module("fleetplan.web.translate")

SUMMARY = {
    "source": "file:trucks.csv",
    "kind": "points",
    "time_zone": "Europe/Copenhagen",
    "rows_read": 1200,
    "dropped": {"invalid_position": 3, "vehicle_not_registered": 40},
    "trips": 31,
    "roundtrips_added": 9,
    "roundtrips_updated": 2,
    "short_roundtrips": 4,
    "short_km": 1.2,
    "gaps_split": 1,
    "gaps_flagged": 0,
    "odometer": {"units": {"miles": 3}, "fallback_trips": {"stuck": 2}},
    "vehicles_skipped": 1,
    "skipped_vehicles": [{"vehicle_id": "x9", "reason": "not_registered"}],
    "warnings": [
        {"code": "unknown_columns", "params": {"file": "t.csv", "columns": "driver"}}
    ],
    "settings": {
        "home_radius_m": 150.0,
        "home_radius_source": "locations",
        "location_radius_m": {"yard": 500.0},
        "min_roundtrip_min": 5.0,
        "min_roundtrip_km": 1.0,
        "max_gap_h": 6.0,
        "gap_action": "split",
    },
    "error": None,
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "da",
            [
                "1200 rækker",
                "køretøj ikke i registret: 40",
                "9 rundture tilføjet",
                "4 rundture kortere end 5 min",
                "miles (omregnet til km) (3)",
                "stået stille: 2",
                "x9 (ikke i registret)",
                "yard 500 m",
                "driver bruges ikke",
            ],
        ),
        (
            "en",
            [
                "1200 rows",
                "vehicle not in the register: 40",
                "9 roundtrips added",
                "4 roundtrips shorter than 5 min",
                "miles (converted to km) (3)",
                "stuck: 2",
                "x9 (not in the register)",
                "yard 500 m",
                "driver are not used",
            ],
        ),
    ],
)
def test_summary_in_words(
    monkeypatch: pytest.MonkeyPatch, language: str, expected: list[str]
) -> None:
    monkeypatch.setattr(tr, "current_language", lambda: language)
    text = " | ".join(summary_lines(SUMMARY))
    for part in expected:
        assert part in text


def test_error_is_translated_from_its_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tr, "current_language", lambda: "da")
    summary = {
        "error": {
            "code": "ragged",
            "params": {"file": "a.csv", "line": 7, "cells": 5, "columns": 4},
        }
    }
    assert error_text(summary, None) == (
        "a.csv, linje 7: linjen har 5 værdier, men overskriften har 4; tjek "
        "skilletegn og anførselstegn på linjen."
    )


def test_ingest_catalogue_has_every_code_and_its_english_text() -> None:
    english = tr.catalogue("en")
    for code, text in MESSAGES.items():
        assert english[f"gps.err.{code}"] == text
    for code, text in WARNINGS.items():
        assert english[f"gps.warn.{code}"] == text
    danish = tr.catalogue("da")
    assert all(f"gps.err.{code}" in danish for code in MESSAGES)
