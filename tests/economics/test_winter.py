"""EV range by month: one sourced table in the factor set (economics.winter), read
by the simulation, the optimiser and the transition plan alike."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from fleetplan.analytics.rates import candidate_scores
from fleetplan.analytics.transition import transition_plan
from fleetplan.domain import Dataset, Fuel, Location, Period, Roundtrip, Vehicle
from fleetplan.domain import VehicleType as VT
from fleetplan.economics import (
    builtin_factor_sets,
    get_builtin_factor_set,
    monthly_range_factors,
    range_factor_key,
)
from fleetplan.optimise import OptimiseParams, build_instance
from fleetplan.simulate import make_input
from fleetplan.simulate.from_dataset import problem_from_input

DK = get_builtin_factor_set("dk-2025")
JANUARY = DK[range_factor_key(1)]


def test_every_set_has_twelve_sourced_factors() -> None:
    """January 0.80 and July 1.00 in both built-in sets, each value with a unit, a
    year and a source that says it is an estimate."""
    for factor_set in builtin_factor_sets():
        factors = monthly_range_factors(factor_set)
        assert len(factors) == 12
        assert (factors[0], factors[6]) == (0.80, 1.00)
        for month in range(1, 13):
            value = factor_set.values[range_factor_key(month)]
            assert value.unit == "share of WLTP range" and value.year == 2025
            assert "estimate" in value.source and "Geotab" in value.source


def test_a_set_without_the_table_falls_back_and_bad_values_are_refused() -> None:
    """A stored set made before the table gets the built-in values; 1.2 is refused."""
    old = DK.__class__(DK.name, DK.valid_from, {}, DK.description, DK.options)
    assert monthly_range_factors(old) == monthly_range_factors(DK)
    bad = DK.with_values({range_factor_key(2): 1.2}, source="test")
    with pytest.raises(ValueError, match="m02"):
        monthly_range_factors(bad)


EV = Vehicle(
    "E1",
    VT.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=200,
    range_km=300,
    annual_cost_dkk=40_000,
    location_id="L",
    lease_type="operational",
)
CAND = Vehicle(
    "C",
    VT.EV,
    Fuel.ELECTRIC,
    wltp_wh_per_km=150,
    range_km=400,
    annual_cost_dkk=35_000,
    is_candidate=True,
)


def _trip(n: int, start: datetime, km: float) -> Roundtrip:
    return Roundtrip(f"r{n}", "E1", "L", start, start + timedelta(hours=2), km)


DATA = Dataset(
    (Location("L"),),
    (EV, CAND),
    (_trip(1, datetime(2026, 1, 12, 8), 40.0), _trip(2, datetime(2026, 7, 6, 8), 40.0)),
)
PERIOD = Period(datetime(2026, 1, 1), datetime(2026, 8, 1))


@pytest.mark.parametrize("january", [JANUARY, 0.5])
def test_a_january_trips_range_factor_is_the_tables_january_value(
    january: float,
) -> None:
    """Simulation and optimiser: the January trip's range factor is the set's
    January value (0.80, or 0.5 when a municipality edits it), July's 1.00."""
    factors = DK.with_values({range_factor_key(1): january}, source="test")
    inp = make_input(DATA, None, factors, period=PERIOD, factors_explicit=True)
    problem = problem_from_input(inp)
    month_of = {
        tid: s.month
        for tid, s in zip(
            problem.trips.trip_ids, problem.trips.start_times, strict=True
        )
    }
    by_month = {
        month_of[t]: float(f)
        for t, f in zip(problem.trips.trip_ids, problem.range_factor, strict=True)
    }
    assert by_month == {1: january, 7: 1.0}
    inst = build_instance(inp, OptimiseParams())
    assert sorted(inst.problem.range_factor.tolist()) == sorted([january, 1.0])


def test_the_plan_needs_the_january_km_divided_by_the_january_factor() -> None:
    """A petrol car drives 240 km on 12 January: at factor 0.80 it needs 240 ÷ 0.8
    = 300 km of WLTP range, so a 280 km EV no longer fits (the car is kept);
    without the table it needs 240 km and the 280 km EV replaces it."""
    car = Vehicle(
        "F1",
        VT.ICE,
        Fuel.PETROL,
        wltp_km_per_l=20,
        annual_cost_dkk=30_000,
        location_id="L",
        lease_end=date(2027, 3, 31),
    )
    short = Vehicle(
        "S", VT.EV, Fuel.ELECTRIC, wltp_wh_per_km=150, range_km=280, is_candidate=True
    )
    trips = [
        Roundtrip(
            "r1", "F1", "L", datetime(2026, 1, 12, 8), datetime(2026, 1, 12, 16), 240.0
        )
    ]
    scores = candidate_scores([short], DK, 20_000.0)

    def plan(factors: tuple[float, ...] | None) -> tuple[float, str]:
        (step,) = transition_plan(
            [car],
            trips,
            [short],
            scores,
            first_year=2026,
            range_factor_by_month=factors,
        ).steps
        return step.needed_range_km, step.action

    assert plan(monthly_range_factors(DK)) == (pytest.approx(300.0), "keep")
    assert plan(None) == (pytest.approx(240.0), "replace")
