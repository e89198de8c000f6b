"""Model classes: grouping, count ranges and instance costs."""

from __future__ import annotations

from fleetplan.optimise import CurrentMode, OptimiseParams, build_instance
from tests.optimise.helpers import car, dataset, ev, make


def test_classes_of_the_tiny_town() -> None:
    """3 identical Yaris form one class (reduce: 0..3 at 30,000 kr each); the Zoe
    candidate may reach the peak overlap 3 (r1, r2, r3 at 9:30) at 34,000 kr."""
    inst = build_instance(make(dataset()), OptimiseParams())
    yaris, zoe = inst.classes
    assert (yaris.label, yaris.current_count, yaris.fixed_dkk) == (
        "Toyota Yaris",
        3,
        (30_000.0,) * 3,
    )
    assert (zoe.label, zoe.current_count, zoe.fixed_dkk) == (
        "Renault Zoe",
        0,
        (34_000.0,) * 3,
    )
    assert not yaris.fossil_free and zoe.fossil_free


def test_free_mode_adds_at_the_dearest_current_cost_and_keep_goes_first() -> None:
    """Yaris at 20,000 / 30,000 today; free: a third at 30,000 (the dearest);
    keeping c2 (30,000) puts it first."""
    ds = dataset(current=(car("c1", 20_000.0), car("c2", 30_000.0)), candidates=(ev(),))
    free = build_instance(make(ds), OptimiseParams(current=CurrentMode.FREE))
    assert free.classes[0].fixed_dkk == (20_000.0, 30_000.0, 30_000.0)
    kept = build_instance(make(ds), OptimiseParams(keep=frozenset({"c2"})))
    assert kept.classes[0].fixed_dkk == (30_000.0, 20_000.0)
    assert kept.classes[0].keep_count == 1
    assert [v.vehicle_id for v in kept.classes[0].current] == ["c2", "c1"]


def test_annual_factor_and_trip_costs() -> None:
    """One day: annual = 365; trip r1 (40 km) on the Yaris costs 40 × its rate."""
    from fleetplan.economics import usage_rates

    inp = make(dataset())
    inst = build_instance(inp, OptimiseParams())
    assert inst.annual == 365.0
    r = usage_rates(car("c1"), inp.factors)
    i = inst.problem.trips.trip_ids.index("r1")
    rate = r.energy_cost_dkk_per_km + r.societal_co2e_cost_dkk_per_km
    assert inst.trip_cost_dkk[i, 0] == 40.0 * rate
    assert inst.trip_co2e_kg[i, 0] == 40.0 * r.co2e_kg_per_km
