"""What may replace a trip the fleet does not serve: taxi, rental or allowance.

Per vehicle category (of the vehicle that drove the trip) and per department, a
set of allowed external options; an empty set means none (the trip must be served
by the fleet, or it stays unserved). Defaults (docs/methods.md, "What may replace
a trip"):

- car, bike, e-bike, cargo bike: taxi, rental, allowance;
- van: rental (a taxi or an employee's own car does not carry tools and materials;
  vans are rented by the day);
- minibus: taxi and rental (a maxi-taxi or a rented minibus);
- truck, special vehicle: none.

Whatever the rules say, the allowance (an employee's own car) is never allowed for
a trip that needs a wheelchair lift or more than ``PRIVATE_CAR_MAX_SEATS`` seats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from fleetplan.domain.category import category_of
from fleetplan.domain.vehicle import Vehicle, VehicleCategory

TAXI = "taxi"
RENTAL = "rental"
ALLOWANCE = "allowance"
EXTERNAL_KINDS: tuple[str, ...] = (TAXI, RENTAL, ALLOWANCE)
PRIVATE_CAR_MAX_SEATS = 5

_C = VehicleCategory
_ALL = frozenset(EXTERNAL_KINDS)

DEFAULT_BY_CATEGORY: Mapping[VehicleCategory, frozenset[str]] = MappingProxyType(
    {
        _C.CAR: _ALL,
        _C.VAN: frozenset({RENTAL}),
        _C.MINIBUS: frozenset({TAXI, RENTAL}),
        _C.TRUCK: frozenset(),
        _C.SPECIAL: frozenset(),
        _C.BIKE: _ALL,
        _C.EBIKE: _ALL,
        _C.CARGO_BIKE: _ALL,
    }
)


def _check(kinds: frozenset[str]) -> None:
    unknown = kinds - _ALL
    if unknown:
        raise ValueError(
            f"unknown external options {sorted(unknown)}; use {EXTERNAL_KINDS}."
        )


@dataclass(frozen=True, slots=True)
class ExternalRules:
    """Allowed external options per category, overridden per department.

    ``by_category`` replaces the default of the categories it names;
    ``by_department`` (department name -> kinds) replaces the category's set for
    every trip driven by a vehicle of that department.
    """

    by_category: Mapping[VehicleCategory, frozenset[str]] = field(default_factory=dict)
    by_department: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kinds in (*self.by_category.values(), *self.by_department.values()):
            _check(frozenset(kinds))

    def __hash__(self) -> int:
        return hash(
            (
                frozenset((c, frozenset(k)) for c, k in self.by_category.items()),
                frozenset((d, frozenset(k)) for d, k in self.by_department.items()),
            )
        )

    def for_category(self, category: VehicleCategory) -> frozenset[str]:
        return frozenset(self.by_category.get(category, DEFAULT_BY_CATEGORY[category]))

    def allowed(self, driver: Vehicle | None) -> frozenset[str]:
        """The options allowed for a trip that ``driver`` drove (None: unknown
        vehicle, every option)."""
        if driver is None:
            return _ALL
        department = driver.department or ""
        if department in self.by_department:
            kinds = frozenset(self.by_department[department])
        else:
            kinds = self.for_category(category_of(driver))
        if driver.wheelchair_lift or (driver.seats or 0) > PRIVATE_CAR_MAX_SEATS:
            kinds -= {ALLOWANCE}
        return kinds


def parse_kinds(text: str) -> frozenset[str]:
    """``"taxi,rental"`` (or ``"none"``/empty) as a set of kinds (ValueError if an
    unknown kind is named)."""
    parts = {p.strip().lower() for p in (text or "").split(",") if p.strip()}
    parts.discard("none")
    kinds = frozenset(parts)
    _check(kinds)
    return kinds
