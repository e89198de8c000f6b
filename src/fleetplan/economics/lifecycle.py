"""Life-cycle CO2e: production of body and battery spread over km, plus use.

Production = body by size class (Klimarådet 5.4–10.6 t by size; Pedal Me LCA for
vans and cargo bikes; ECF 2011 for bikes) + battery kWh × kg CO2e/kWh (IVL 2019,
61–106 kg/kWh; the sets use the midpoint 83.5). It is spread over the lifetime km
(given, or yearly km × service life of 15 years, Danmarks Statistik) and the
use-phase well-to-wheel CO2e per km is added (the strategy's LCA view).
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from fleetplan.domain import FactorSet, Fuel, Vehicle, VehicleType
from fleetplan.economics.energy import usage_rates
from fleetplan.economics.keys import EconKey


class SizeClass(StrEnum):
    SMALL_CAR = "small_car"
    MEDIUM_CAR = "medium_car"
    VAN = "van"
    MINIBUS = "minibus"
    BIKE = "bike"
    CARGO_BIKE = "cargo_bike"


_BODY_KEY: dict[SizeClass, str] = {
    SizeClass.SMALL_CAR: EconKey.PRODUCTION_SMALL_CAR_KG,
    SizeClass.MEDIUM_CAR: EconKey.PRODUCTION_MEDIUM_CAR_KG,
    SizeClass.VAN: EconKey.PRODUCTION_VAN_KG,
    SizeClass.MINIBUS: EconKey.PRODUCTION_MINIBUS_KG,
    SizeClass.BIKE: EconKey.PRODUCTION_BIKE_KG,
    SizeClass.CARGO_BIKE: EconKey.PRODUCTION_CARGO_BIKE_KG,
}

MINIBUS_MIN_SEATS = 8
VAN_MIN_CARGO_M3 = 2.0
SMALL_CAR_MAX_SEATS = 4
_KWH_IN_MODEL = re.compile(r"(\d+(?:[.,]\d+)?)\s*kWh", re.IGNORECASE)


def size_class(vehicle: Vehicle) -> SizeClass:
    """The production size class from the register's outfitting fields.

    Bikes with ``cargo_m3 > 0`` are cargo bikes; cars with >= 8 seats or a
    wheelchair lift are minibuses, with ``cargo_m3 >= 2`` vans, with <= 4 seats
    small cars; every other car is a medium car.
    """
    cargo_m3 = vehicle.cargo_m3 or 0.0
    if vehicle.is_bike:
        return SizeClass.CARGO_BIKE if cargo_m3 > 0 else SizeClass.BIKE
    if (vehicle.seats or 0) >= MINIBUS_MIN_SEATS or vehicle.wheelchair_lift:
        return SizeClass.MINIBUS
    if cargo_m3 >= VAN_MIN_CARGO_M3:
        return SizeClass.VAN
    if vehicle.seats is not None and vehicle.seats <= SMALL_CAR_MAX_SEATS:
        return SizeClass.SMALL_CAR
    return SizeClass.MEDIUM_CAR


def battery_kwh(vehicle: Vehicle, factors: FactorSet) -> float:
    """Traction battery size: the register's ``battery_kwh``, else "NN kWh" in the
    model name, else (EVs) design range × Wh/km ÷ 1000, else (e-bikes) the set's
    e-bike battery; 0 for bikes and combustion cars."""
    if vehicle.battery_kwh is not None:
        return vehicle.battery_kwh
    if vehicle.vehicle_type is VehicleType.BIKE:
        return 0.0
    match = _KWH_IN_MODEL.search(vehicle.model or "")
    if match and (vehicle.fuel is Fuel.ELECTRIC or vehicle.wltp_wh_per_km):
        return float(match.group(1).replace(",", "."))
    if vehicle.vehicle_type is VehicleType.EBIKE:
        return factors[EconKey.EBIKE_BATTERY_KWH]
    if vehicle.vehicle_type is VehicleType.EV and vehicle.wltp_wh_per_km:
        return factors[EconKey.EV_DESIGN_RANGE_KM] * vehicle.wltp_wh_per_km / 1000.0
    return 0.0


def production_co2e_kg(vehicle: Vehicle, factors: FactorSet) -> float:
    """Production CO2e: the register's figure, else body + battery kWh × kg/kWh."""
    if vehicle.production_co2e_kg is not None:
        return vehicle.production_co2e_kg
    body_kg = factors[_BODY_KEY[size_class(vehicle)]]
    per_kwh = factors[EconKey.BATTERY_PRODUCTION_KG_PER_KWH]
    return body_kg + battery_kwh(vehicle, factors) * per_kwh


def service_life_km(
    factors: FactorSet,
    *,
    lifetime_km: float | None = None,
    yearly_km: float | None = None,
) -> float:
    """Km the production is spread over: given, else km/year × service-life years."""
    if lifetime_km is not None:
        return lifetime_km
    per_year = (
        yearly_km if yearly_km is not None else factors[EconKey.DEFAULT_YEARLY_KM]
    )
    return per_year * factors[EconKey.SERVICE_LIFE_YEARS]


def lifecycle_co2e_kg_per_km(
    vehicle: Vehicle,
    factors: FactorSet,
    *,
    lifetime_km: float | None = None,
    yearly_km: float | None = None,
) -> float:
    """Production ÷ lifetime km + use-phase well-to-wheel CO2e per km.

    ``math.inf`` when the vehicle drives no km (an idle vehicle scores worst).
    """
    km = service_life_km(factors, lifetime_km=lifetime_km, yearly_km=yearly_km)
    if km <= 0:
        return math.inf
    use = usage_rates(vehicle, factors).co2e_wtw_kg_per_km
    return production_co2e_kg(vehicle, factors) / km + use


def lifecycle_co2e_kg_per_year(
    vehicle: Vehicle, factors: FactorSet, yearly_km: float
) -> float:
    """Production ÷ service-life years + yearly km × use-phase WTW CO2e per km."""
    production = production_co2e_kg(vehicle, factors)
    use = usage_rates(vehicle, factors).co2e_wtw_kg_per_km
    return production / factors[EconKey.SERVICE_LIFE_YEARS] + yearly_km * use
