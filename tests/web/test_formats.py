"""Dates, numbers and plural forms through Babel (issue 16): one date format per
language, the language's separators, and no "1 køretøjer"."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from fleetplan.domain import Dataset, Fuel, Vehicle, VehicleType
from fleetplan.texts.numbers import (
    format_date,
    format_moment,
    format_month,
    format_number,
    format_plain,
    plural_form,
)
from fleetplan.web.register_catalogue import catalogue_rows
from fleetplan.web.translate import catalogue, translate

WEB = Path(__file__).resolve().parents[2] / "src" / "fleetplan" / "web"


def test_danish_and_english_numbers() -> None:
    assert format_plain(36000, "da") == "36.000"
    assert format_plain(21.1, "da") == "21,1"
    assert format_plain(21.1, "en") == "21.1"
    assert format_number(-0.004, 2, "da") == "0,00"  # no "-0,00"
    assert format_number(1_234_567.891, 0, "en") == "1,234,568"


def test_one_date_format_per_language() -> None:
    day = date(2026, 9, 1)
    assert format_date(day, "da") == "01.09.2026"
    assert format_date(day, "en") == "01/09/2026"
    assert format_moment(datetime(2026, 9, 1, 8, 5), "da") == "01.09.2026 08:05"
    assert format_month(day, "da") == "september 2026"
    assert format_month(day, "en") == "September 2026"


def test_no_web_module_writes_a_date_by_hand() -> None:
    """ISO or dd-mm-yyyy written with strftime on a page would be a second format."""
    pattern = re.compile(r"%Y-%m-%d|%d-%m-%Y|%d\.%m\.%Y|%d/%m/%Y")
    offenders = [
        path.name
        for path in WEB.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("key", "count", "da", "en"),
    [
        ("vehicles.count", 1, "1 køretøj", "1 vehicle"),
        ("vehicles.count", 2, "2 køretøjer", "2 vehicles"),
        ("vehicles.count", 0, "0 køretøjer", "0 vehicles"),
        ("use.vehicles", 1, "1 køretøj", "1 vehicle"),
    ],
)
def test_plural_forms(key: str, count: int, da: str, en: str) -> None:
    assert translate("da", key, count=count) == da
    assert translate("en", key, count=count) == en
    assert plural_form(1, "da") == "one" and plural_form(3, "en") == "other"


def test_every_plural_key_has_both_forms_in_both_languages() -> None:
    for language in ("da", "en"):
        texts = catalogue(language)
        stems = {k.rsplit(".", 1)[0] for k in texts if k.endswith((".one", ".other"))}
        for stem in stems:
            assert f"{stem}.one" in texts and f"{stem}.other" in texts, stem
            assert stem not in texts, stem  # a plain key would win over the forms


def test_catalogue_consumption_in_the_page_language() -> None:
    model = Vehicle(
        "C1",
        VehicleType.ICE,
        Fuel.PETROL,
        is_candidate=True,
        wltp_km_per_l=21.1,
        annual_cost_dkk=36000,
    )
    (row,) = catalogue_rows(Dataset((), (model,), ()))
    assert row["consumption"] == "21,1 km/l"
    assert row["annual_cost_dkk"] == 36000  # raw: the table sorts it
