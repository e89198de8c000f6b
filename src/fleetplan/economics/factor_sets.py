"""The built-in factor sets: ``dk-2025`` (default) and ``os2-defaults``.

Every value carries unit, year and source (``../shared/reference/factors.md`` lists
them). ``os2-defaults`` reproduces OS2 FleetOptimiser's ``simulation_settings``
defaults and its method (one year discounted at 4 %, annualisation over the data
span, the declining electricity projection); values OS2 does not have (taxi, rental,
life cycle, TTW factors) are taken from ``dk-2025`` with their own sources.
"""

from __future__ import annotations

from datetime import date

from fleetplan.domain import FactorKey, FactorSet, FactorValue
from fleetplan.economics.keys import EconKey, EconOption
from fleetplan.economics.winter import range_factor_values

DEFAULT_FACTOR_SET_NAME = "dk-2025"
OS2_FACTOR_SET_NAME = "os2-defaults"

_OS2 = "OS2FleetOptimiser simulation_settings defaults"
_OS2_TCO = (
    "Miljøstyrelsen TCO tool for vehicles (as in OS2FleetOptimiser's TCO calculator)"
)
_Q8 = "Q8 emission factors 2022, validated by Energistyrelsen"
_NIR = "derived: DK NIR 2022 emission factors × heating value × density"
_PUMP_2025 = (
    "Drivkraft Danmark, average list prices at the pump 2025 (approximate yearly "
    "mean as recalled offline: check drivkraftdanmark.dk); incl. 25 % VAT and taxes"
)
_EL_2025 = (
    "Fleetplan estimate for 2025, incl. 25 % VAT: Nord Pool DK spot ≈ 0.60 + net "
    "company and Energinet tariffs ≈ 0.40 + supplier ≈ 0.12 + elafgift 0.727 kr/kWh "
    "(Skatteministeriet, 2025 rate), × 1.25; use the municipality's own contract"
)
_GRID_2025 = (
    "Energistyrelsen/Energinet, Klimaregnskab for el and Miljødeklaration 2024 "
    "(published 2025; consumption-based): about 0.07 kg CO2e/kWh as "
    "recalled offline, down from Green Power Denmark's 0.096 for 2023; check the "
    "current declaration"
)
_CHARGER = (
    "Fleetplan estimate 2025, excl. VAT (municipalities recover it through "
    "momsudligningsordningen): "
)
_SKAT = "Skatterådet, statens takster for kørselsgodtgørelse 2025"
_TAXI = "Færdselsstyrelsen, landsdækkende prisloft for taxikørsel 2024 (fstyr.dk)"
_TAXI_HOURS = "Færdselsstyrelsen prisloft: weekday tariff Mon–Fri 06–18"
_ESTIMATE = "Fleetplan estimate (no published figure found); override per municipality"


def _v(value: float, unit: str, year: int | None, source: str) -> FactorValue:
    return FactorValue(value=value, unit=unit, year=year, source=source)


def _common_values() -> dict[str, FactorValue]:
    """Taxi, rental, life-cycle, TCO-method, charger and EV range-by-month values
    shared by both sets."""
    return {
        **range_factor_values(),
        EconKey.DISCOUNT_RATE: _v(0.04, "1/yr", 2021, _OS2_TCO),
        EconKey.PRICE_DEVELOPMENT_PETROL: _v(0.0139, "1/yr", 2021, _OS2_TCO),
        EconKey.PRICE_DEVELOPMENT_DIESEL: _v(0.0145, "1/yr", 2021, _OS2_TCO),
        EconKey.PRICE_DEVELOPMENT_ELECTRIC: _v(0.0167, "1/yr", 2021, _OS2_TCO),
        EconKey.PRICE_DEVELOPMENT_HVO: _v(0.01, "1/yr", 2021, _OS2_TCO),
        EconKey.PHEV_ELECTRIC_SHARE: _v(
            0.5,
            "share of km",
            2022,
            "Fleetplan assumption between ICCT 2022 real-world shares (company "
            "cars ≈ 11–15 %, private cars ≈ 45–49 %); set per fleet",
        ),
        EconKey.TAXI_DAY_START_DKK: _v(90.48, "DKK/trip", 2024, _TAXI),
        EconKey.TAXI_DAY_DKK_PER_KM: _v(13.57, "DKK/km", 2024, _TAXI),
        EconKey.TAXI_DAY_DKK_PER_H: _v(452.40, "DKK/h", 2024, _TAXI),
        EconKey.TAXI_EVENING_START_DKK: _v(101.79, "DKK/trip", 2024, _TAXI),
        EconKey.TAXI_EVENING_DKK_PER_KM: _v(19.23, "DKK/km", 2024, _TAXI),
        EconKey.TAXI_EVENING_DKK_PER_H: _v(508.94, "DKK/h", 2024, _TAXI),
        EconKey.TAXI_DAY_FIRST_HOUR: _v(6, "h", 2024, _TAXI_HOURS),
        EconKey.TAXI_DAY_LAST_HOUR: _v(18, "h", 2024, _TAXI_HOURS),
        EconKey.TAXI_KM_PER_L: _v(
            20.0, "km/l", 2022, "assumed an average petrol car, as " + _OS2
        ),
        EconKey.RENTAL_DKK_PER_DAY: _v(500.0, "DKK/day", 2025, _ESTIMATE),
        EconKey.RENTAL_INCLUDED_KM_PER_DAY: _v(
            100.0, "km/day", 2025, "Danish rental terms: 100–150 free km/day (low end)"
        ),
        EconKey.RENTAL_EXTRA_DKK_PER_KM: _v(
            2.1, "DKK/km", 2025, "Danish rental terms: 1.2–3.0 kr/km (midpoint)"
        ),
        EconKey.RENTAL_KWH_PER_KM: _v(
            0.17, "kWh/km", 2025, "Fleetplan assumption: compact EV, WLTP ≈ 170 Wh/km"
        ),
        EconKey.PRODUCTION_SMALL_CAR_KG: _v(
            5_400.0,
            "kg CO2e",
            2020,
            "Klimarådet: car production excl. battery 5.4–10.6 t by size (small)",
        ),
        EconKey.PRODUCTION_MEDIUM_CAR_KG: _v(
            8_000.0, "kg CO2e", 2020, "derived: midpoint of Klimarådet's 5.4–10.6 t"
        ),
        EconKey.PRODUCTION_MINIBUS_KG: _v(
            10_600.0, "kg CO2e", 2020, "Klimarådet: 10.6 t, the largest size"
        ),
        EconKey.PRODUCTION_VAN_KG: _v(
            7_500.0,
            "kg CO2e",
            2021,
            "Pedal Me LCA: diesel van 7,500 kg (e-van 8,800 kg)",
        ),
        EconKey.PRODUCTION_BIKE_KG: _v(
            96.0,
            "kg CO2e",
            2011,
            "ECF 2011, Quantifying CO2 savings of cycling (5 g/km × 19,200 km)",
        ),
        EconKey.PRODUCTION_CARGO_BIKE_KG: _v(280.0, "kg CO2e", 2021, "Pedal Me LCA"),
        EconKey.BATTERY_PRODUCTION_KG_PER_KWH: _v(
            83.5, "kg CO2e/kWh", 2019, "IVL 2019 (C444): NMC 61–106 kg/kWh, midpoint"
        ),
        EconKey.EV_DESIGN_RANGE_KM: _v(
            300.0, "km", 2023, "Lejre Kommune: home-care EVs need >= 300 km range"
        ),
        EconKey.EBIKE_BATTERY_KWH: _v(0.5, "kWh", 2025, _ESTIMATE),
        EconKey.ASSUMED_EV_RANGE_KM: _v(
            200.0,
            "km",
            2025,
            "Fleetplan estimate, low on purpose: WLTP range of the smallest EVs "
            "and vans in Danish municipal fleets (about 200 km, e.g. a 40 kWh "
            "Nissan e-NV200); used only for EVs with no range in the register",
        ),
        EconKey.SERVICE_LIFE_YEARS: _v(
            15.0, "yr", 2023, "Danmarks Statistik: a new car lasts about 15 years"
        ),
        EconKey.DEFAULT_YEARLY_KM: _v(
            15_000.0, "km/yr", 2025, _ESTIMATE + "; pass the vehicle's own km"
        ),
        EconKey.CHARGE_POINT_DKK: _v(
            30_000.0,
            "DKK/point",
            2025,
            _CHARGER
            + "a 11-22 kW AC point for a fleet site, hardware 8,000-15,000 kr plus "
            "installation, cabling and groundwork 10,000-25,000 kr (Danish "
            "suppliers' published ranges), midpoint; replace with the tender price",
        ),
        EconKey.CHARGER_GRID_DKK_PER_KW: _v(
            1_000.0,
            "DKK/kW",
            2025,
            _CHARGER
            + "the net company's connection fee (tilslutningsbidrag) per ampere of "
            "main fuse at 3 × 400 V (1 A ≈ 0.69 kW), about 700 kr/A; check the "
            "local net company's price list",
        ),
        EconKey.LEASE_EARLY_TERMINATION_SHARE: _v(
            0.5,
            "share of remaining payments",
            2025,
            _ESTIMATE
            + ": lessors charge the remaining payments less their resale gain;"
            " read the contract and set the fee per vehicle",
        ),
    }


def _dk_2025() -> FactorSet:
    values = _common_values()
    values.update(
        {
            FactorKey.PRICE_ELECTRIC_DKK_PER_KWH: _v(2.31, "DKK/kWh", 2025, _EL_2025),
            FactorKey.PRICE_PETROL_DKK_PER_L: _v(
                13.60, "DKK/l", 2025, _PUMP_2025 + " (Blyfri 95 E10)"
            ),
            FactorKey.PRICE_DIESEL_DKK_PER_L: _v(
                12.60, "DKK/l", 2025, _PUMP_2025 + " (diesel B7)"
            ),
            FactorKey.PRICE_HVO_DKK_PER_L: _v(
                19.84, "DKK/l", 2022, _OS2 + " (no newer Danish HVO price found)"
            ),
            FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH: _v(
                0.07, "kg CO2e/kWh", 2024, _GRID_2025
            ),
            FactorKey.CO2E_WTW_PETROL_KG_PER_L: _v(
                2.71, "kg CO2e/l", 2022, _Q8 + " (E10)"
            ),
            FactorKey.CO2E_WTW_DIESEL_KG_PER_L: _v(
                3.24, "kg CO2e/l", 2022, _Q8 + " (B7)"
            ),
            FactorKey.CO2E_WTW_HVO_KG_PER_L: _v(
                0.24, "kg CO2e/l", 2022, _Q8 + " (HVO100)"
            ),
            FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH: _v(
                0.0, "kg CO2e/kWh", 2025, "definition: no tailpipe emissions"
            ),
            FactorKey.CO2E_TTW_PETROL_KG_PER_L: _v(2.25, "kg CO2/l", 2022, _NIR),
            FactorKey.CO2E_TTW_DIESEL_KG_PER_L: _v(2.57, "kg CO2/l", 2022, _NIR),
            FactorKey.CO2E_TTW_HVO_KG_PER_L: _v(
                0.0,
                "kg CO2e/l",
                2022,
                "IPCC convention: biogenic CO2 counts 0 at the tailpipe",
            ),
            FactorKey.CO2_PRICE_DKK_PER_T: _v(
                1_500.0, "DKK/t", 2020, "Klimarådet 2020 (2030 shadow price level)"
            ),
            FactorKey.ALLOWANCE_LOW_DKK_PER_KM: _v(3.81, "DKK/km", 2025, _SKAT),
            FactorKey.ALLOWANCE_HIGH_DKK_PER_KM: _v(2.23, "DKK/km", 2025, _SKAT),
            FactorKey.ALLOWANCE_THRESHOLD_KM: _v(20_000.0, "km/yr", 2025, _SKAT),
            FactorKey.PRIVATE_CAR_KM_PER_L: _v(
                20.0, "km/l", 2022, _OS2 + " (undriven_wltp)"
            ),
            EconKey.EVALUATION_YEARS: _v(
                4.0, "yr", 2021, _OS2_TCO + ", default period"
            ),
        }
    )
    return FactorSet(
        name=DEFAULT_FACTOR_SET_NAME,
        valid_from=date(2025, 1, 1),
        values=values,
        description=(
            "Denmark 2025: 2025 pump prices and electricity price incl. VAT, charge "
            "points and grid connection excl. VAT, Q8/Energistyrelsen well-to-wheel "
            "factors, grid 2024 (published 2025), Skatterådet 2025 allowance, taxi "
            "price cap 2024; TCO over 4 years at 4 % as an equivalent annual amount; "
            "annualised over the period."
        ),
        options={
            EconOption.ANNUALISATION: EconOption.ANNUALISATION_PERIOD,
            EconOption.YEARLY_VALUE: EconOption.YEARLY_ANNUITY,
            EconOption.CO2E_BASIS: EconOption.BASIS_WTW,
            EconOption.ELECTRIC_PROJECTION: EconOption.PROJECTION_NONE,
        },
    )


def _os2_defaults() -> FactorSet:
    values = _common_values()
    values.update(
        {
            FactorKey.PRICE_ELECTRIC_DKK_PER_KWH: _v(2.13, "DKK/kWh", 2022, _OS2),
            FactorKey.PRICE_PETROL_DKK_PER_L: _v(12.33, "DKK/l", 2022, _OS2),
            FactorKey.PRICE_DIESEL_DKK_PER_L: _v(10.83, "DKK/l", 2022, _OS2),
            FactorKey.PRICE_HVO_DKK_PER_L: _v(19.84, "DKK/l", 2022, _OS2),
            FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH: _v(0.09, "kg CO2e/kWh", 2022, _OS2),
            FactorKey.CO2E_WTW_PETROL_KG_PER_L: _v(2.52, "kg CO2e/l", 2022, _OS2),
            FactorKey.CO2E_WTW_DIESEL_KG_PER_L: _v(2.98, "kg CO2e/l", 2022, _OS2),
            FactorKey.CO2E_WTW_HVO_KG_PER_L: _v(0.894, "kg CO2e/l", 2022, _OS2),
            FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH: _v(
                0.0, "kg CO2e/kWh", 2022, "definition: no tailpipe emissions"
            ),
            FactorKey.CO2E_TTW_PETROL_KG_PER_L: _v(
                2.52, "kg CO2e/l", 2022, _OS2 + " (one number per fuel)"
            ),
            FactorKey.CO2E_TTW_DIESEL_KG_PER_L: _v(
                2.98, "kg CO2e/l", 2022, _OS2 + " (one number per fuel)"
            ),
            FactorKey.CO2E_TTW_HVO_KG_PER_L: _v(
                0.894, "kg CO2e/l", 2022, _OS2 + " (one number per fuel)"
            ),
            FactorKey.CO2_PRICE_DKK_PER_T: _v(1_500.0, "DKK/t", 2022, _OS2),
            FactorKey.ALLOWANCE_LOW_DKK_PER_KM: _v(3.70, "DKK/km", 2022, _OS2),
            FactorKey.ALLOWANCE_HIGH_DKK_PER_KM: _v(2.17, "DKK/km", 2022, _OS2),
            FactorKey.ALLOWANCE_THRESHOLD_KM: _v(20_000.0, "km/yr", 2022, _OS2),
            FactorKey.PRIVATE_CAR_KM_PER_L: _v(20.0, "km/l", 2022, _OS2),
            EconKey.EVALUATION_YEARS: _v(
                1.0, "yr", 2022, _OS2 + " (one year, discounted at 4 %)"
            ),
        }
    )
    return FactorSet(
        name=OS2_FACTOR_SET_NAME,
        valid_from=date(2022, 10, 1),
        values=values,
        description=(
            "OS2 FleetOptimiser defaults (origin: Miljøstyrelsen's TCO tool for "
            "transport services, Oct 2022): energy and CO2e cost of one year ÷ 1.04, "
            "el 0.09 → 0.089 kg/kWh in year 1, annualised over the data span."
        ),
        options={
            EconOption.ANNUALISATION: EconOption.ANNUALISATION_DATA_SPAN,
            EconOption.YEARLY_VALUE: EconOption.YEARLY_DISCOUNTED_MEAN,
            EconOption.CO2E_BASIS: EconOption.BASIS_WTW,
            EconOption.ELECTRIC_PROJECTION: EconOption.PROJECTION_OS2,
        },
    )


def builtin_factor_sets() -> list[FactorSet]:
    """The sets Fleetplan ships, the default (``dk-2025``) first."""
    return [_dk_2025(), _os2_defaults()]


def get_builtin_factor_set(name: str) -> FactorSet:
    """A built-in set by name; ``KeyError`` lists the names there are."""
    for factor_set in builtin_factor_sets():
        if factor_set.name == name:
            return factor_set
    names = ", ".join(s.name for s in builtin_factor_sets())
    raise KeyError(f"unknown factor set {name!r}; built-in sets: {names}.")
