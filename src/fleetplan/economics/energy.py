"""Energy use, energy cost and CO2e per km of a vehicle (use phase).

Energy use follows Miljøstyrelsen's TCO tool: litres = km ÷ km/l; kWh = km × Wh/km
÷ 1000. CO2e = energy × factor, tank-to-wheel and well-to-wheel kept apart
(electricity is 0 tank-to-wheel). A plug-in hybrid (a combustion vehicle with both
``wltp_km_per_l`` and ``wltp_wh_per_km``) drives the share ``phev.electric_share`` of
its km on electricity and the rest on its fuel.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleetplan.domain import FactorKey, FactorSet, Fuel, Vehicle, VehicleType
from fleetplan.economics.keys import EconKey, EconOption
from fleetplan.economics.method import (
    co2e_basis,
    electric_co2e_year1,
    price_development,
    yearly_multiplier,
)

LIQUID_FUEL_KEYS: dict[Fuel, tuple[str, str, str]] = {
    # fuel: (price, well-to-wheel factor, tank-to-wheel factor)
    Fuel.PETROL: (
        FactorKey.PRICE_PETROL_DKK_PER_L,
        FactorKey.CO2E_WTW_PETROL_KG_PER_L,
        FactorKey.CO2E_TTW_PETROL_KG_PER_L,
    ),
    Fuel.DIESEL: (
        FactorKey.PRICE_DIESEL_DKK_PER_L,
        FactorKey.CO2E_WTW_DIESEL_KG_PER_L,
        FactorKey.CO2E_TTW_DIESEL_KG_PER_L,
    ),
    Fuel.HVO: (
        FactorKey.PRICE_HVO_DKK_PER_L,
        FactorKey.CO2E_WTW_HVO_KG_PER_L,
        FactorKey.CO2E_TTW_HVO_KG_PER_L,
    ),
}


@dataclass(frozen=True, slots=True)
class UsageRates:
    """Per-km rates of one vehicle under one factor set.

    ``energy_unit``/``energy_per_km`` give the main energy carrier ("kWh" for EVs and
    e-bikes, "l" for combustion vehicles and plug-in hybrids, "none" for bikes);
    ``electric_kwh_per_km`` and ``fuel_l_per_km`` give both parts of a plug-in hybrid.
    The two cost rates are already evaluated by the set's method (OS2 set: ÷ 1.04).
    ``co2e_basis`` says which of TTW/WTW the societal cost and ``co2e_kg_per_km`` use.
    """

    energy_unit: str
    energy_per_km: float
    energy_cost_dkk_per_km: float
    co2e_ttw_kg_per_km: float
    co2e_wtw_kg_per_km: float
    societal_co2e_cost_dkk_per_km: float
    electric_kwh_per_km: float = 0.0
    fuel_l_per_km: float = 0.0
    co2e_basis: str = EconOption.BASIS_WTW

    @property
    def co2e_kg_per_km(self) -> float:
        """CO2e per km on the set's basis (what is reported and valued)."""
        if self.co2e_basis == EconOption.BASIS_TTW:
            return self.co2e_ttw_kg_per_km
        return self.co2e_wtw_kg_per_km


def consumption_per_km(vehicle: Vehicle, factors: FactorSet) -> tuple[float, float]:
    """``(kWh/km, l/km)`` of a vehicle; raises ``ValueError`` naming a missing WLTP."""
    kwh = (vehicle.wltp_wh_per_km or 0.0) / 1000.0
    if vehicle.vehicle_type is VehicleType.BIKE:
        return 0.0, 0.0
    if vehicle.vehicle_type is VehicleType.EBIKE:  # fuel may be "none" or "electric"
        return kwh, 0.0
    if vehicle.fuel is Fuel.NONE:
        return 0.0, 0.0
    if vehicle.fuel is Fuel.ELECTRIC:
        if vehicle.vehicle_type is VehicleType.EV and not vehicle.wltp_wh_per_km:
            raise ValueError(
                f"vehicle {vehicle.vehicle_id}: an electric vehicle needs "
                "wltp_wh_per_km > 0; fill it in the vehicle register."
            )
        return kwh, 0.0
    if not vehicle.wltp_km_per_l:
        raise ValueError(
            f"vehicle {vehicle.vehicle_id}: a {vehicle.fuel} vehicle needs "
            "wltp_km_per_l > 0; fill it in the vehicle register."
        )
    litres = 1.0 / vehicle.wltp_km_per_l
    if kwh > 0:  # plug-in hybrid
        share = float(factors.get(EconKey.PHEV_ELECTRIC_SHARE, 0.0) or 0.0)
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"phev.electric_share must be in [0, 1], got {share}.")
        return share * kwh, (1.0 - share) * litres
    return 0.0, litres


def usage_rates(vehicle: Vehicle, factors: FactorSet) -> UsageRates:
    """Energy, cost and CO2e per km of ``vehicle`` in year 1 of the set's method.

    energy cost/km = Σ_carrier use/km × price × M(g_carrier), where M is
    ``yearly_multiplier`` (OS2 set: 1/1.04); societal cost/km = CO2e/km (the set's
    basis) × CO2 price × M(0).
    """
    kwh_per_km, l_per_km = consumption_per_km(vehicle, factors)
    cost = 0.0
    ttw = 0.0
    wtw = 0.0
    if kwh_per_km > 0:
        price = factors[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH]
        growth = price_development(factors, Fuel.ELECTRIC)
        cost += kwh_per_km * price * yearly_multiplier(factors, growth)
        ttw += kwh_per_km * electric_co2e_year1(
            factors, FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH
        )
        wtw += kwh_per_km * electric_co2e_year1(
            factors, FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH
        )
    if l_per_km > 0:
        price_key, wtw_key, ttw_key = LIQUID_FUEL_KEYS[vehicle.fuel]
        growth = price_development(factors, vehicle.fuel)
        cost += l_per_km * factors[price_key] * yearly_multiplier(factors, growth)
        ttw += l_per_km * factors[ttw_key]
        wtw += l_per_km * factors[wtw_key]
    basis = co2e_basis(factors)
    valued = ttw if basis == EconOption.BASIS_TTW else wtw
    co2_price = factors[FactorKey.CO2_PRICE_DKK_PER_T]
    societal = valued / 1000.0 * co2_price * yearly_multiplier(factors)
    if l_per_km > 0:
        unit, per_km = "l", l_per_km
    elif kwh_per_km > 0:
        unit, per_km = "kWh", kwh_per_km
    else:
        unit, per_km = "none", 0.0
    return UsageRates(
        energy_unit=unit,
        energy_per_km=per_km,
        energy_cost_dkk_per_km=cost,
        co2e_ttw_kg_per_km=ttw,
        co2e_wtw_kg_per_km=wtw,
        societal_co2e_cost_dkk_per_km=societal,
        electric_kwh_per_km=kwh_per_km,
        fuel_l_per_km=l_per_km,
        co2e_basis=basis,
    )
