"""Which external options may take a trip, by category and department."""

from __future__ import annotations

import pytest

from fleetplan.domain import ExternalRules, Fuel, Vehicle, VehicleCategory, VehicleType
from fleetplan.domain.external_rules import parse_kinds

C = VehicleCategory
ALL = frozenset({"taxi", "rental", "allowance"})


def vehicle(**kw: object) -> Vehicle:
    return Vehicle("v", VehicleType.ICE, Fuel.DIESEL, **kw)  # type: ignore[arg-type]


def test_defaults_by_category() -> None:
    """Car: all three; van: rental; minibus (9 seats): taxi and rental; truck and
    special vehicle: none; e-bike: all three; unknown vehicle: all three."""
    rules = ExternalRules()
    assert rules.allowed(vehicle(seats=5)) == ALL
    assert rules.allowed(vehicle(seats=2, cargo_m3=3.3)) == {"rental"}
    assert rules.allowed(vehicle(seats=9)) == {"taxi", "rental"}
    assert rules.allowed(vehicle(category=C.TRUCK)) == frozenset()
    assert rules.allowed(vehicle(category=C.SPECIAL)) == frozenset()
    assert rules.allowed(Vehicle("e", VehicleType.EBIKE, Fuel.NONE)) == ALL
    assert rules.allowed(None) == ALL


def test_no_allowance_for_a_lift_or_more_than_five_seats() -> None:
    """Even where the rules allow it, a trip needing a lift or 6+ seats cannot go
    to an employee's own car: a 7-seat car (category car) keeps taxi and rental."""
    rules = ExternalRules()
    assert rules.allowed(vehicle(seats=7)) == {"taxi", "rental"}
    assert rules.allowed(vehicle(seats=4, wheelchair_lift=True)) == {"taxi", "rental"}
    minibus = ExternalRules({C.MINIBUS: ALL})
    assert minibus.allowed(vehicle(seats=5, category=C.MINIBUS)) == ALL
    assert minibus.allowed(vehicle(seats=8)) == {"taxi", "rental"}


def test_department_replaces_the_category_rule() -> None:
    """Vej og Park: taxi only, for its cars and vans alike; other departments
    keep the category's set; a category rule replaces its default."""
    rules = ExternalRules(
        {C.VAN: frozenset({"rental", "taxi"})},
        {"Vej og Park": frozenset({"taxi"})},
    )
    assert rules.allowed(vehicle(department="Vej og Park", cargo_m3=3.0)) == {"taxi"}
    assert rules.allowed(vehicle(department="Vej og Park")) == {"taxi"}
    assert rules.allowed(vehicle(department="Skole", cargo_m3=3.0)) == {
        "rental",
        "taxi",
    }


def test_parse_kinds_and_unknown_kind() -> None:
    assert parse_kinds(" taxi, Rental ") == {"taxi", "rental"}
    assert parse_kinds("none") == frozenset()
    with pytest.raises(ValueError, match="bus"):
        parse_kinds("taxi,bus")
    with pytest.raises(ValueError, match="bus"):
        ExternalRules({C.CAR: frozenset({"bus"})})
