"""The simulated fleet: vehicles and models with counts, grouped into vehicle types.

A *type* groups vehicle instances whose attributes that matter for feasibility and
per-km cost are identical (kind, fuel, consumption, energy capacity, charger, home
location, outfitting), so the engine decides per type and assigns individual vehicles
afterwards. Fixed cost and allowed km/year stay per instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fleetplan.domain import Vehicle, VehicleType

DEFAULT_CHARGE_KW = 11.0


@dataclass(frozen=True, slots=True)
class FleetEntry:
    """``count`` vehicles like ``vehicle``, at home at ``location_id``.

    The home defaults to the vehicle's own location (candidates have none: then give
    one, or pool the locations).
    """

    vehicle: Vehicle
    count: int = 1
    location_id: str | None = None

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError(
                f"vehicle {self.vehicle.vehicle_id}: count must be >= 0, "
                f"got {self.count}."
            )

    @property
    def home(self) -> str | None:
        return self.location_id or self.vehicle.location_id


@dataclass(frozen=True, slots=True)
class FleetVehicle:
    """One simulated vehicle instance (``vehicle_id`` is unique in the fleet)."""

    vehicle_id: str
    template: Vehicle
    home: str | None


@dataclass(frozen=True, slots=True)
class FleetType:
    """Vehicle instances the engine may treat as interchangeable.

    ``capacity_km`` is the usable energy in km of range (EVs; None = no limit);
    ``charge_km_per_min`` the km of range the home charger adds per parked minute.
    """

    type_id: str
    template: Vehicle
    home: str | None
    vehicles: tuple[FleetVehicle, ...]
    capacity_km: float | None
    charge_km_per_min: float

    @property
    def count(self) -> int:
        return len(self.vehicles)


def capacity_km(vehicle: Vehicle) -> float | None:
    """Range of a full battery in km: ``range_km``, else kWh × 1000 ÷ Wh/km; None
    (no limit) for vehicles without a battery. An EV of unknown range gets 0: it
    takes no trip, as missing metadata is no licence (runs built by ``make_input``
    give it the factor set's stated assumption or refuse it first)."""
    if vehicle.vehicle_type is not VehicleType.EV:
        return None
    if vehicle.range_km:
        return float(vehicle.range_km)
    if vehicle.battery_kwh and vehicle.wltp_wh_per_km:
        return vehicle.battery_kwh * 1000.0 / vehicle.wltp_wh_per_km
    return 0.0


def charge_km_per_min(vehicle: Vehicle, default_charge_kw: float) -> float:
    """km of range per minute at the charger: kW × 1000 ÷ Wh/km ÷ 60.

    11 kW at 156 Wh/km: 11,000 ÷ 156 ÷ 60 = 1.1752 km per minute.
    """
    if vehicle.vehicle_type is not VehicleType.EV or not vehicle.wltp_wh_per_km:
        return 0.0
    kw = vehicle.charge_kw if vehicle.charge_kw else default_charge_kw
    return kw * 1000.0 / vehicle.wltp_wh_per_km / 60.0


def _type_key(entry: FleetEntry, default_charge_kw: float) -> tuple[object, ...]:
    v = entry.vehicle
    return (
        entry.home or "",
        str(v.vehicle_type),
        str(v.fuel),
        v.wltp_km_per_l or 0.0,
        v.wltp_wh_per_km or 0.0,
        -1.0 if capacity_km(v) is None else capacity_km(v),
        charge_km_per_min(v, default_charge_kw),
        v.seats if v.seats is not None else -1,
        bool(v.wheelchair_lift),
        v.child_seats or 0,
    )


def build_fleet_types(
    entries: Sequence[FleetEntry], default_charge_kw: float = DEFAULT_CHARGE_KW
) -> tuple[FleetType, ...]:
    """Expand entries into instances and group them into types (stable order).

    An entry with count 1 keeps the vehicle id; with count n its instances are
    ``id#1`` .. ``id#n``. Ids repeated across entries get a further ``#k`` suffix.
    """
    groups: dict[tuple[object, ...], list[FleetVehicle]] = {}
    templates: dict[tuple[object, ...], FleetEntry] = {}
    used: set[str] = set()
    for entry in entries:
        key = _type_key(entry, default_charge_kw)
        templates.setdefault(key, entry)
        for k in range(1, entry.count + 1):
            base = entry.vehicle.vehicle_id
            vid = base if entry.count == 1 else f"{base}#{k}"
            suffix = 2
            while vid in used:
                vid = f"{base}#{k}#{suffix}" if entry.count > 1 else f"{base}#{suffix}"
                suffix += 1
            used.add(vid)
            groups.setdefault(key, []).append(
                FleetVehicle(vid, entry.vehicle, entry.home)
            )
    types = []
    for index, (key, vehicles) in enumerate(groups.items()):
        template = templates[key].vehicle
        types.append(
            FleetType(
                type_id=f"T{index}",
                template=template,
                home=templates[key].home,
                vehicles=tuple(vehicles),
                capacity_km=capacity_km(template),
                charge_km_per_min=charge_km_per_min(template, default_charge_kw),
            )
        )
    return tuple(types)
