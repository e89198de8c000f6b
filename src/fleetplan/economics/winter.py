"""EV range by month: the one table the simulation, the optimiser and the transition
plan derate an EV's WLTP range by (``docs/methods.md``, "Winter").

The table lives in the factor set (``ev_range_factor.m01`` … ``m12``, each with unit,
year and source), so a municipality can edit it like any price. A factor set made
before the table existed (an edited copy in the database) falls back to the
built-in values, month by month.
"""

from __future__ import annotations

from fleetplan.domain import FactorSet, FactorValue

MONTHS = tuple(range(1, 13))

_SOURCE = (
    "Fleetplan estimate: Geotab 2020 'To what degree does temperature impact EV "
    "range?' (4,200 EVs, 5.2 M trips: >= 100 % of rated range from 10 to 30 °C, "
    "54 % at -15 °C; linear between) at DMI's 1991-2020 Danish monthly mean "
    "temperature, capped at 1.0 and rounded down to 0.05; Dec-Feb set to NAF/Motor "
    "El Prix winter test 2025 (Norway, about -6 to +8 °C: on average 19.4 % below "
    "WLTP)"
)
# WLTP range share usable per month in Denmark (an estimate, see _SOURCE)
DEFAULT_RANGE_FACTORS: tuple[float, ...] = (
    0.80,  # Jan, DMI mean ≈ 1.5 °C
    0.80,  # Feb ≈ 1.6 °C
    0.85,  # Mar ≈ 3.4 °C
    0.90,  # Apr ≈ 7.2 °C
    1.00,  # May ≈ 11.2 °C
    1.00,  # Jun
    1.00,  # Jul
    1.00,  # Aug
    1.00,  # Sep ≈ 13.5 °C
    0.95,  # Oct ≈ 9.4 °C
    0.90,  # Nov ≈ 5.6 °C
    0.80,  # Dec ≈ 2.7 °C
)


def range_factor_key(month: int) -> str:
    """The factor-set id of a month's range factor (``ev_range_factor.m01``)."""
    if month not in MONTHS:
        raise ValueError(f"month must be 1..12, got {month}.")
    return f"ev_range_factor.m{month:02d}"


def range_factor_values() -> dict[str, FactorValue]:
    """The built-in table as factor-set values."""
    return {
        range_factor_key(m): FactorValue(
            value=f, unit="share of WLTP range", year=2025, source=_SOURCE
        )
        for m, f in zip(MONTHS, DEFAULT_RANGE_FACTORS, strict=True)
    }


def monthly_range_factors(factors: FactorSet | None) -> tuple[float, ...]:
    """The twelve factors (January first) of ``factors``; built-in values where the
    set has none. Each must be in (0, 1]."""
    out = []
    for month, default in zip(MONTHS, DEFAULT_RANGE_FACTORS, strict=True):
        value = default if factors is None else factors.get(range_factor_key(month))
        value = default if value is None else float(value)
        if not 0.0 < value <= 1.0:
            raise ValueError(
                f"{range_factor_key(month)} must be in (0, 1], got {value}."
            )
        out.append(value)
    return tuple(out)
