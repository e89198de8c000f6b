"""The ``settings`` block of a dataset's meta.json -> run settings and factor values.

Two spellings exist: the neutral one (see data-format.md) and OS2 FleetOptimiser's
Danish keys (``pris_el``, ``el_udledning`` ...) as in ``os2_fixture_298``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

from fleetplan.domain import BikeRules, FactorKey, RunSettings, Shift
from fleetplan.ingest.external_settings import META_KEY as META_EXTERNAL_KEY
from fleetplan.ingest.external_settings import external_rules_from_block

# OS2's emission factors are one number per fuel (Miljøstyrelsen's TCO tool, a
# well-to-wheel basis); they set the well-to-wheel keys only, so tank-to-wheel keeps
# the factor set's own values (electricity: 0 at the tailpipe).
_NEUTRAL_FACTORS: dict[tuple[str, str], tuple[str, ...]] = {
    ("energy_prices_dkk", "electric_per_kwh"): (FactorKey.PRICE_ELECTRIC_DKK_PER_KWH,),
    ("energy_prices_dkk", "petrol_per_l"): (FactorKey.PRICE_PETROL_DKK_PER_L,),
    ("energy_prices_dkk", "diesel_per_l"): (FactorKey.PRICE_DIESEL_DKK_PER_L,),
    ("energy_prices_dkk", "hvo_per_l"): (FactorKey.PRICE_HVO_DKK_PER_L,),
    ("emission_factors_kg_co2e", "electric_per_kwh"): (
        FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH,
    ),
    ("emission_factors_kg_co2e", "petrol_per_l"): (FactorKey.CO2E_WTW_PETROL_KG_PER_L,),
    ("emission_factors_kg_co2e", "diesel_per_l"): (FactorKey.CO2E_WTW_DIESEL_KG_PER_L,),
    ("emission_factors_kg_co2e", "hvo_per_l"): (FactorKey.CO2E_WTW_HVO_KG_PER_L,),
    ("allowance", "rate_low_km_dkk"): (FactorKey.ALLOWANCE_LOW_DKK_PER_KM,),
    ("allowance", "rate_high_km_dkk"): (FactorKey.ALLOWANCE_HIGH_DKK_PER_KM,),
    ("allowance", "threshold_km"): (FactorKey.ALLOWANCE_THRESHOLD_KM,),
    ("unallocated_vehicle", "km_per_l"): (FactorKey.PRIVATE_CAR_KM_PER_L,),
}

_OS2_FACTORS: dict[str, tuple[str, ...]] = {
    "pris_el": (FactorKey.PRICE_ELECTRIC_DKK_PER_KWH,),
    "pris_benzin": (FactorKey.PRICE_PETROL_DKK_PER_L,),
    "pris_diesel": (FactorKey.PRICE_DIESEL_DKK_PER_L,),
    "pris_hvo": (FactorKey.PRICE_HVO_DKK_PER_L,),
    "el_udledning": (FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH,),
    "benzin_udledning": (FactorKey.CO2E_WTW_PETROL_KG_PER_L,),
    "diesel_udledning": (FactorKey.CO2E_WTW_DIESEL_KG_PER_L,),
    "hvo_udledning": (FactorKey.CO2E_WTW_HVO_KG_PER_L, FactorKey.CO2E_TTW_HVO_KG_PER_L),
    "vaerdisaetning_tons_co2": (FactorKey.CO2_PRICE_DKK_PER_T,),
    "low": (FactorKey.ALLOWANCE_LOW_DKK_PER_KM,),
    "high": (FactorKey.ALLOWANCE_HIGH_DKK_PER_KM,),
    "distance_threshold": (FactorKey.ALLOWANCE_THRESHOLD_KM,),
    "undriven_wltp": (FactorKey.PRIVATE_CAR_KM_PER_L,),
}

_OS2_FUELS = {"benzin": "petrol", "diesel": "diesel", "el": "electric"}


def _hhmm(text: str) -> time:
    return time.fromisoformat(text if len(text) > 5 else f"{text}:00")


def settings_block(meta: Mapping[str, Any]) -> Mapping[str, Any]:
    block = meta.get("settings")
    return block if isinstance(block, Mapping) else {}


def factor_overrides_with_keys(meta: Mapping[str, Any]) -> dict[str, tuple[float, str]]:
    """Factor values the dataset's settings block fixes, by ``FactorKey``, each with
    the meta key it came from (``energy_prices_dkk.petrol_per_l``, ``pris_el``)."""
    block = settings_block(meta)
    out: dict[str, tuple[float, str]] = {}
    for (group, key), targets in _NEUTRAL_FACTORS.items():
        sub = block.get(group)
        if isinstance(sub, Mapping) and sub.get(key) is not None:
            for target in targets:
                out[target] = (float(sub[key]), f"{group}.{key}")
    if block.get("co2e_valuation_dkk_per_t") is not None:
        out[FactorKey.CO2_PRICE_DKK_PER_T] = (
            float(block["co2e_valuation_dkk_per_t"]),
            "co2e_valuation_dkk_per_t",
        )
    for key, targets in _OS2_FACTORS.items():
        if block.get(key) is not None:
            for target in targets:
                out[target] = (float(block[key]), key)
    return out


def factor_overrides_from_meta(meta: Mapping[str, Any]) -> dict[str, float]:
    """Factor values the dataset's settings block fixes, by ``FactorKey``."""
    return {k: v for k, (v, _) in factor_overrides_with_keys(meta).items()}


# run setting -> the meta keys that set it (neutral spelling first, then OS2's)
RUN_SETTING_META_KEYS: dict[str, tuple[str, ...]] = {
    "turnaround_min": ("min_switch_minutes", "sub_time"),
    "slack_unallocated_trips": ("slack_unallocated_trips", "slack"),
    "max_undriven_km": ("max_undriven_km", "max_undriven"),
    "private_car_fuel": ("unallocated_vehicle.fuel", "undriven_type"),
    "bike.max_km_per_trip": ("bike.max_km_per_trip",),
    "bike.slots": ("bike.slots",),
    "bike.bike_max_kmh": ("bike.bike_max_kmh",),
    "bike.ebike_max_kmh": ("bike.ebike_max_kmh",),
    "bike.percentage_of_trips": ("bike.percentage_of_trips",),
    "shifts": ("shifts",),
}


def run_setting_meta_key(meta: Mapping[str, Any], setting: str) -> str | None:
    """The meta key that sets run setting ``setting`` (None: the block has none)."""
    block = settings_block(meta)
    for path in RUN_SETTING_META_KEYS[setting]:
        node: Any = block
        for part in path.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is not None:
            return path
    return None


def run_settings_from_meta(
    meta: Mapping[str, Any], *, use_shifts: bool = True, base: RunSettings | None = None
) -> RunSettings:
    """Run settings from the settings block, falling back to ``base`` (or defaults)."""
    base = base or RunSettings()
    block = settings_block(meta)
    turnaround = block.get("min_switch_minutes", block.get("sub_time"))
    slack = block.get("slack_unallocated_trips", block.get("slack"))
    max_undriven = block.get("max_undriven_km", block.get("max_undriven"))
    fuel = base.private_car_fuel
    if isinstance(block.get("unallocated_vehicle"), Mapping):
        fuel = block["unallocated_vehicle"].get("fuel", fuel)
    elif block.get("undriven_type"):
        fuel = _OS2_FUELS.get(block["undriven_type"], block["undriven_type"])

    bike = base.bike
    raw_bike = block.get("bike")
    if isinstance(raw_bike, Mapping):
        slots = tuple(
            (_hhmm(start), _hhmm(end)) for start, end in raw_bike.get("slots", [])
        )
        bike = BikeRules(
            max_km_per_trip=float(
                raw_bike.get("max_km_per_trip", bike.max_km_per_trip)
            ),
            slots=slots or bike.slots,
            bike_max_kmh=float(raw_bike.get("bike_max_kmh", bike.bike_max_kmh)),
            ebike_max_kmh=float(raw_bike.get("ebike_max_kmh", bike.ebike_max_kmh)),
            percentage_of_trips=float(
                raw_bike.get("percentage_of_trips", bike.percentage_of_trips)
            ),
        )

    shifts = base.shifts
    if use_shifts and isinstance(block.get("shifts"), list):
        shifts = tuple(
            Shift(
                start=_hhmm(s["start"]),
                end=_hhmm(s["end"]),
                break_at=_hhmm(s["break"]) if s.get("break") else None,
            )
            for s in block["shifts"]
        )
    if not use_shifts:
        shifts = ()
    return RunSettings(
        turnaround_min=float(turnaround)
        if turnaround is not None
        else base.turnaround_min,
        slack_unallocated_trips=int(slack)
        if slack is not None
        else base.slack_unallocated_trips,
        max_undriven_km=float(max_undriven)
        if max_undriven is not None
        else base.max_undriven_km,
        bike=bike,
        shifts=shifts,
        private_car_fuel=str(fuel),
        external=external_rules_from_block(block)
        if META_EXTERNAL_KEY in block
        else base.external,
    )
