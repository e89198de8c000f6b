"""Brute force over every transition plan of a small instance, written apart from
``transition_instance.plan_cost`` and the MILP: each vehicle's state per year
(fossil, candidate r, gone), the charge points per year (the rule of
``domain.charging`` on the sessions there: the definition, not the MILP's rows),
the service level, the charger cap and the budget, all recomputed here."""

from __future__ import annotations

import itertools
import math

import numpy as np

from fleetplan.domain.charging import ChargeSession, points_needed
from fleetplan.optimise.transition_instance import (
    PlanLocation,
    PlanVehicle,
    Replacement,
    ServiceGroup,
    TransitionInstance,
)

FOSSIL = -1
GONE = -2


def sequences(inst: TransitionInstance, v: PlanVehicle) -> list[tuple[int, ...]]:
    """Every allowed state per year: fossil until a change year, then one
    candidate or gone for good; a non-exempt vehicle is not fossil after the
    target year."""
    n = len(inst.years)
    out = []
    if v.exempt:
        out.append((FOSSIL,) * n)
    for y in v.change_years:
        for state in [*range(len(v.replacements)), GONE]:
            seq = (FOSSIL,) * y + (state,) * (n - y)
            if not v.exempt and FOSSIL in seq[inst.target_index + 1 :]:
                continue
            if not v.exempt and y > inst.target_index:
                continue
            out.append(seq)
    return out


def evaluate(inst: TransitionInstance, plan: tuple[tuple[int, ...], ...]) -> float:
    """Total discounted cost of one plan, ``inf`` when it breaks a constraint."""
    n = len(inst.years)
    total = 0.0
    plug = [[list(loc.today_sessions) for _ in range(n)] for loc in inst.locations]
    present = [[loc.fixed_count] * n for loc in inst.locations]
    in_group = [[g.fixed_count] * n for g in inst.groups]
    spend = [0.0] * n
    for v, seq in zip(inst.vehicles, plan, strict=True):
        for y, state in enumerate(seq):
            changed_now = state != FOSSIL and (y == 0 or seq[y - 1] == FOSSIL)
            fee = v.fee_dkk[y] if changed_now else 0.0
            if state == FOSSIL:
                cost = v.cost_dkk[y]
                spend[y] += v.fixed_dkk[y]
                present[v.location][y] += 1
                in_group[v.group][y] += 1
            elif state == GONE:
                cost = v.removed_cost_dkk[y]
            else:
                r = v.replacements[state]
                cost = r.fixed_dkk[y] + r.variable_dkk[y]
                spend[y] += r.fixed_dkk[y]
                plug[v.location][y].extend(r.sessions)
                present[v.location][y] += 1
                in_group[v.group][y] += 1
            spend[y] += fee
            total += (cost + fee) * inst.discount[y]
    points: list[int] = []  # the year each point is first needed
    for li, loc in enumerate(inst.locations):
        bought = 0
        for y in range(n):
            if present[li][y] < loc.need:
                return math.inf
            want = max(bought, points_needed(plug[li][y]) - loc.points_today)
            if loc.max_points is not None and loc.points_today + want > loc.max_points:
                return math.inf
            points.extend([y] * (want - bought))
            bought = want
    for gi, group in enumerate(inst.groups):
        if any(in_group[gi][y] < group.need for y in range(n)):
            return math.inf
    # each point bought in any year up to when it is needed (early: for a budget)
    best = math.inf
    for years in itertools.product(*(range(y + 1) for y in points)):
        paid = list(spend)
        chargers = 0.0
        for y in years:
            paid[y] += inst.charge_point_dkk
            chargers += inst.charge_point_dkk * inst.discount[y]
        if all(
            cap is None or paid[y] <= cap + 1e-6 * max(1.0, cap)
            for y, cap in enumerate(inst.budget_dkk or ())
        ):
            best = min(best, total + chargers)
    return best


def brute_force(inst: TransitionInstance) -> float:
    """The least total over every plan (``inf``: none is feasible)."""
    options = [sequences(inst, v) for v in inst.vehicles]
    return min(
        (evaluate(inst, plan) for plan in itertools.product(*options)),
        default=math.inf,
    )


def plans_count(inst: TransitionInstance) -> int:
    return math.prod(len(sequences(inst, v)) for v in inst.vehicles)


def _sessions(rng: np.random.Generator, ev: str) -> tuple[ChargeSession, ...]:
    """An EV's stays on two nights (none: not an EV): arrivals 0-5 h into the
    night, 3-9 h stays, charging 1 h to the whole stay, now and then too short."""
    if rng.random() < 0.25:
        return ()
    out = []
    for night in range(2):
        arrive = 24.0 * night + float(rng.integers(0, 6))
        stay = float(rng.integers(3, 10))
        charge = float(rng.integers(1, int(stay) + 1))
        out.append(
            ChargeSession(ev, arrive, arrive + stay, charge, bool(rng.random() < 0.1))
        )
    return tuple(out)


def random_instance(seed: int, years: int = 3) -> TransitionInstance:
    """A small instance: 1-6 vehicles at 1-2 locations in 1-2 outfitting groups,
    0-2 candidates each, leases, fees, charger shares and caps, sometimes a
    budget."""
    rng = np.random.default_rng(seed)
    n_loc = int(rng.integers(1, 3))
    n_veh = int(rng.integers(1, 7))
    n_group = int(rng.integers(1, 3))
    discount = tuple(1.04 ** -(k + 1) for k in range(years))
    vehicles = []
    for _ in range(n_veh):
        reps = []
        for c in range(int(rng.integers(0, 3))):
            fixed = float(rng.integers(20, 60)) * 1_000
            reps.append(
                Replacement(
                    candidate_id=f"c{c}",
                    name=f"c{c}",
                    fixed_dkk=(fixed,) * years,
                    variable_dkk=tuple(
                        float(x) for x in rng.integers(2, 30, years) * 500
                    ),
                    co2e_kg=(100.0,) * years,
                    sessions=_sessions(rng, f"v{len(vehicles)}"),
                )
            )
        start = int(rng.integers(0, years))
        cost = rng.integers(30, 90, years) * 1_000
        vehicles.append(
            PlanVehicle(
                vehicle_id=f"v{len(vehicles)}",
                location=int(rng.integers(0, n_loc)),
                group=int(rng.integers(0, n_group)),
                cost_dkk=tuple(float(x) for x in cost),
                fixed_dkk=tuple(float(x) for x in cost * 0.6),
                co2e_kg=(3_000.0,) * years,
                removed_cost_dkk=tuple(
                    float(x) for x in rng.integers(0, 20, years) * 1_000
                ),
                removed_co2e_kg=(500.0,) * years,
                fee_dkk=tuple(
                    float(rng.integers(0, 30)) * 1_000 if y < start + 1 else 0.0
                    for y in range(years)
                ),
                change_years=tuple(range(start, years)),
                replacements=tuple(reps),
                exempt=not reps,
            )
        )
    locations = []
    for li in range(n_loc):
        here = sum(v.location == li for v in vehicles)
        fixed_count = int(rng.integers(0, 3))
        today = tuple(
            s for e in range(int(rng.integers(0, 3))) for s in _sessions(rng, f"e{e}")
        )
        points = points_needed(today)
        cap = None if rng.random() < 0.6 else points + int(rng.integers(0, 3))
        locations.append(
            PlanLocation(
                location_id=f"L{li}",
                need=int(rng.integers(0, here + fixed_count + 1)),
                fixed_count=fixed_count,
                today_sessions=today,
                points_today=points,
                max_points=cap,
            )
        )
    groups = []
    for gi in range(n_group):
        here = sum(v.group == gi for v in vehicles)
        groups.append(
            ServiceGroup(
                f"G{gi}", int(rng.integers(0, here + 1)), int(rng.integers(0, 2))
            )
        )
    budget = None
    if rng.random() < 0.4:
        budget = tuple(
            float(rng.integers(25, 60)) * 1_000 * n_veh if rng.random() < 0.8 else None
            for _ in range(years)
        )
    return TransitionInstance(
        years=tuple(range(2026, 2026 + years)),
        target_index=int(rng.integers(0, years)),
        discount=discount,
        vehicles=tuple(vehicles),
        locations=tuple(locations),
        charge_point_dkk=float(rng.integers(0, 60)) * 1_000,
        budget_dkk=budget,
        groups=tuple(groups),
    )
