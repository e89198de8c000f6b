"""Absurd values in the vehicle form are refused with a Danish message naming
the form's field, and nothing is saved (issue 16: one set of input rules)."""

from __future__ import annotations

import pytest

from fleetplan.api import AppServices, Role
from fleetplan.web.register_form import changed_fields, form_defaults, save_vehicle
from tests.web.test_register_pages import _user, store  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        (
            "annual_cost_dkk",
            "1e308",
            "Årlig omkostning, kr. skal være mellem 0 og 5.000.000",
        ),
        ("km_per_year_allowed", "1e20", "Tilladt km/år skal være mellem 0 og 200.000"),
        ("seats", "tre", "Siddepladser skal være et helt tal, men er «tre»"),
        ("seats", "-3", "Siddepladser skal være mellem 0 og 100, men er -3"),
        (
            "lease_end",
            "2999-01-01",
            "Leasing slutter (ÅÅÅÅ-MM-DD) skal være en dato i årene 2000–2100",
        ),
        ("wltp_km_per_l", "mange", "WLTP km/l skal være et tal, men er «mange»"),
    ],
)
def test_an_absurd_value_is_refused_and_nothing_saved(
    store: AppServices,  # noqa: F811
    field: str,
    typed: str,
    expected: str,
) -> None:
    writer = _user(store, Role.WRITE)
    vehicle = store.load_dataset().vehicle("V1")
    before = form_defaults(vehicle)
    outcome = save_vehicle(writer, "V1", "", before, {**before, field: typed})
    assert not outcome.ok
    assert outcome.field == field
    assert outcome.message.startswith(expected), outcome.message
    assert store.load_dataset().vehicle("V1") == vehicle  # nothing saved
    created = save_vehicle(
        writer,
        None,
        "V9",
        {},
        {"vehicle_type": "ice", "fuel": "diesel", "location_id": "L1", field: typed},
    )
    assert not created.ok
    assert "V9" not in {v.vehicle_id for v in store.load_dataset().vehicles}


def test_a_danish_decimal_comma_is_a_number_not_a_change(
    store: AppServices,  # noqa: F811
) -> None:
    writer = _user(store, Role.WRITE)
    before = form_defaults(store.load_dataset().vehicle("V1"))
    after = {**before, "wltp_km_per_l": "21,5", "annual_cost_dkk": "45.000,0"}
    assert save_vehicle(writer, "V1", "", before, after).ok
    saved = store.load_dataset().vehicle("V1")
    assert (saved.wltp_km_per_l, saved.annual_cost_dkk) == (21.5, 45_000.0)
    shown = form_defaults(saved)
    assert changed_fields(shown, {**shown, "wltp_km_per_l": "21.5"}) == {}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3", 3),
        (2, 2),
        ("0", 0),
        ("-3", "Antal skal være mellem 0 og 500, men er -3"),
        ("tre", "Antal skal være et helt tal, men er «tre»"),
        ("", "Antal mangler"),
        (None, "Antal mangler"),
        ("2.5", "Antal skal være et helt tal"),
        ("100000", "Antal skal være mellem 0 og 500, men er 100000"),
    ],
)
def test_a_count_in_the_fleet_table_is_refused_not_read_as_zero(
    typed: object, expected: int | str
) -> None:
    """Issue 16: -3 or "tre" in Antal became 0 and removed the vehicle."""
    from fleetplan.web.simulation_form import _count

    got = _count(typed)
    if isinstance(expected, int):
        assert got == expected
    else:
        assert isinstance(got, str) and got.startswith(expected), got
