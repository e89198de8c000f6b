"""The ``settings`` block of a generated dataset's meta.json (see data-format.md).

Prices, emission factors, allowance and service level are OS2 FleetOptimiser's
defaults, the same as in the reference synth sets (``reference/factors.md`` gives
their origin: Miljøstyrelsen's TCO tool, Oct 2022).
"""

from __future__ import annotations

from typing import Any

# Home-care shifts in Ballerup (day, evening, night); data-format.md keeps one list
# for every location, so the other locations carry them too.
HOME_CARE_SHIFTS: tuple[dict[str, str | None], ...] = (
    {"start": "07:00", "end": "15:00", "break": "11:30"},
    {"start": "15:00", "end": "23:00", "break": None},
    {"start": "23:00", "end": "07:00", "break": None},
)


def settings_block(shifts: tuple[dict[str, str | None], ...]) -> dict[str, Any]:
    """A complete settings block with OS2's default factors and the given shifts."""
    return {
        "emission_factors_kg_co2e": {
            "electric_per_kwh": 0.09,
            "petrol_per_l": 2.52,
            "diesel_per_l": 2.98,
            "hvo_per_l": 0.894,
        },
        "energy_prices_dkk": {
            "electric_per_kwh": 2.13,
            "petrol_per_l": 12.33,
            "diesel_per_l": 10.83,
            "hvo_per_l": 19.84,
        },
        "co2e_valuation_dkk_per_t": 1500,
        "min_switch_minutes": 10,
        "allowance": {
            "rate_low_km_dkk": 3.7,
            "rate_high_km_dkk": 2.17,
            "threshold_km": 19999,
            "note": "first threshold_km km per year at 3.70 kr/km, km above at 2.17",
        },
        "unallocated_vehicle": {"fuel": "petrol", "km_per_l": 20.0},
        "slack_unallocated_trips": 4,
        "max_undriven_km": 19,
        "bike": {
            "max_km_per_trip": 10,
            "percentage_of_trips": 50,
            "slots": [["08:00", "18:00"]],
            "bike_max_kmh": 8,
            "ebike_max_kmh": 12,
        },
        "shifts": [dict(shift) for shift in shifts],
    }
