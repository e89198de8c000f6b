"""Number formats per language."""

from __future__ import annotations

from fleetplan.texts.numbers import format_number, format_share


def test_danish_and_english_separators() -> None:
    assert format_number(1234567.891, 1, "da") == "1.234.567,9"
    assert format_number(1234567.891, 1, "en") == "1,234,567.9"
    assert format_number(0.0, 0, "da") == "0"


def test_share_as_percent() -> None:
    """0.625 -> 62.5 %."""
    assert format_share(0.625, "da") == "62,5 %"
    assert format_share(0.625, "en") == "62.5 %"
