"""The transition MILP against brute force and hand-worked instances."""

from __future__ import annotations

import math

import pytest

from fleetplan.domain.charging import ChargeSession
from fleetplan.optimise.transition_instance import (
    Path,
    PathKind,
    PlanLocation,
    PlanVehicle,
    Replacement,
    TransitionInstance,
    plan_cost,
)
from fleetplan.optimise.transition_milp import TransitionParams, solve_transition
from tests.optimise.transition_brute import brute_force, plans_count, random_instance

EXACT = TransitionParams(target_gap=0.0)
SEEDS = range(60)


def _instances() -> list[int]:
    """Seeds whose instance brute force can enumerate quickly (<= 20,000 plans)."""
    return [s for s in SEEDS if plans_count(random_instance(s)) <= 20_000]


def test_enough_brute_force_instances() -> None:
    """At least 30 random instances are compared, some with 5-6 vehicles, some
    with a budget and some infeasible, so the comparison covers every row."""
    seeds = _instances()
    insts = [random_instance(s) for s in seeds]
    assert len(seeds) >= 30
    assert any(len(i.vehicles) >= 5 for i in insts)
    assert any(i.budget_dkk is not None for i in insts)
    assert any(math.isinf(brute_force(i)) for i in insts)
    assert any(loc.max_points is not None for i in insts for loc in i.locations)


@pytest.mark.parametrize("seed", _instances())
def test_milp_equals_brute_force(seed: int) -> None:
    """On <= 6 vehicles and 3 years, the MILP's optimum is the least total over
    every plan (infeasible exactly when no plan is), and its answer priced by
    ``plan_cost`` is feasible and equals its objective."""
    inst = random_instance(seed)
    best = brute_force(inst)
    sol = solve_transition(inst, EXACT)
    if math.isinf(best):
        assert sol.status == "infeasible"
        return
    assert sol.status == "optimal"
    assert sol.cost is not None and sol.cost.feasible
    assert sol.objective_dkk == pytest.approx(best, rel=1e-7, abs=1e-4)
    assert sol.cost.total_dkk == pytest.approx(sol.objective_dkk, rel=1e-9, abs=1e-6)
    assert sol.gap <= 1e-9


def _one(fee: float, change_years: tuple[int, ...] = (0, 1)) -> PlanVehicle:
    # one 3-hour charge in a 6-hour stay: a point of its own, half used
    night = (ChargeSession("v", 18.0, 24.0, 3.0),)
    ev = Replacement("ev", "EV", (30_000.0,) * 2, (5_000.0,) * 2, (0.0,) * 2, night)
    return PlanVehicle(
        vehicle_id="v",
        location=0,
        group=0,
        cost_dkk=(40_000.0, 40_000.0),
        fixed_dkk=(30_000.0, 30_000.0),
        co2e_kg=(3_000.0,) * 2,
        removed_cost_dkk=(8_000.0,) * 2,
        removed_co2e_kg=(0.0,) * 2,
        fee_dkk=(fee, 0.0),
        change_years=change_years,
        replacements=(ev,),
        exempt=False,
    )


def _inst(v: PlanVehicle, need: int, point_dkk: float = 0.0) -> TransitionInstance:
    return TransitionInstance(
        years=(2029, 2030),
        target_index=1,
        discount=(1.0, 1.0),
        vehicles=(v,),
        locations=(PlanLocation("L", need, 0),),
        charge_point_dkk=point_dkk,
    )


def test_hand_worked_fee_delays_replacement() -> None:
    """Undiscounted, keep 40k/yr, EV 35k/yr, a 12k fee to return it in 2029.
    The location needs the vehicle (no phase-out). Replace in 2029: 12 + 35 + 35
    = 82k; in 2030: 40 + 35 = 75k. With a 3k fee: 3 + 70 = 73k, so 2029 wins."""
    late = solve_transition(_inst(_one(12_000.0), need=1), EXACT)
    assert late.choice == (Path(PathKind.REPLACE, 1, 0),)
    assert late.objective_dkk == pytest.approx(75_000.0)
    early = solve_transition(_inst(_one(3_000.0), need=1), EXACT)
    assert early.choice == (Path(PathKind.REPLACE, 0, 0),)
    assert early.objective_dkk == pytest.approx(73_000.0)


def test_hand_worked_phase_out_and_charge_point() -> None:
    """Without need the vehicle goes in 2029 (its km at 8k/yr: 16k). Needed, with
    a 20k charge point: replace in 2029 (35 + 35 + 20 = 90k) beats 2030 (40 + 35
    + 20 = 95k); half a point still needs one whole point."""
    gone = solve_transition(_inst(_one(0.0), need=0, point_dkk=20_000.0), EXACT)
    assert gone.choice == (Path(PathKind.REMOVE, 0),)
    assert gone.objective_dkk == pytest.approx(16_000.0)
    kept = solve_transition(_inst(_one(0.0), need=1, point_dkk=20_000.0), EXACT)
    assert kept.choice == (Path(PathKind.REPLACE, 0, 0),)
    assert kept.cost is not None and kept.cost.new_points == ((1, 0),)
    assert kept.objective_dkk == pytest.approx(90_000.0)


def test_deadline_leaves_no_fossil_vehicle_after_the_target() -> None:
    """A vehicle that may change only after the target year has no plan."""
    inst = TransitionInstance(
        years=(2030, 2031),
        target_index=0,
        discount=(1.0, 1.0),
        vehicles=(_one(0.0, change_years=(1,)),),
        locations=(PlanLocation("L", 0, 0),),
        charge_point_dkk=0.0,
    )
    assert solve_transition(inst, EXACT).status == "infeasible"


def test_plan_cost_flags_a_broken_service_level() -> None:
    """Removing the only vehicle of a location that needs one is priced but
    reported infeasible."""
    inst = _inst(_one(0.0), need=1)
    priced = plan_cost(inst, (Path(PathKind.REMOVE, 0),))
    assert not priced.feasible
    assert priced.violations == (
        "service level at L in 2029",
        "service level at L in 2030",
    )


def _four_evs(charge_h: float) -> TransitionInstance:
    """Four vehicles at one location that needs all four; each can only be
    replaced (in 2030) by an EV parked 18-24 h needing ``charge_h`` hours."""
    vehicles = []
    for i in range(4):
        night = (ChargeSession(f"v{i}", 18.0, 24.0, charge_h),)
        ev = Replacement("ev", "EV", (30_000.0,), (5_000.0,), (0.0,), night)
        vehicles.append(
            PlanVehicle(
                vehicle_id=f"v{i}",
                location=0,
                group=0,
                cost_dkk=(40_000.0,),
                fixed_dkk=(30_000.0,),
                co2e_kg=(3_000.0,),
                removed_cost_dkk=(8_000.0,),
                removed_co2e_kg=(0.0,),
                fee_dkk=(0.0,),
                change_years=(0,),
                replacements=(ev,),
                exempt=False,
            )
        )
    return TransitionInstance(
        years=(2030,),
        target_index=0,
        discount=(1.0,),
        vehicles=tuple(vehicles),
        locations=(PlanLocation("L", 4, 0),),
        charge_point_dkk=10_000.0,
    )


@pytest.mark.parametrize(("charge_h", "points"), [(3.0, 2), (4.0, 4), (1.5, 1)])
def test_evs_charging_in_the_same_six_hours(charge_h: float, points: int) -> None:
    """Four EVs home 18-24 h. 3 h each: two after two on 2 points (6 h each),
    so 4 × 35k + 2 × 10k = 160k; 4 h each: no two fit in 6 h, 4 points, 180k;
    1.5 h each: all four in turn on one point, 150k. The MILP buys exactly the
    points the charge-point rule (the report's ``charger_need``) gives."""
    sol = solve_transition(_four_evs(charge_h), EXACT)
    assert sol.cost is not None and sol.cost.feasible
    assert sol.cost.new_points == ((points,),)
    assert sol.objective_dkk == pytest.approx(4 * 35_000.0 + points * 10_000.0)
