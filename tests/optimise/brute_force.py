"""An independent oracle for tiny fleet-mix instances: enumerate every count vector
and, for each, every assignment of trips to models (or external).

A set of trips fits on n vehicles of a model when at most n of their busy
intervals ``[start, end + turnaround)`` overlap at any moment; here that is
checked by greedy interval colouring in start order (optimal for intervals), not by
cliques. Costs are recomputed from ``economics`` directly: per trip km × (energy +
societal CO2e) rate, or the cheapest external option + its CO2e at the CO2 price;
yearly = period × 365 ÷ period days; fixed cost per vehicle per year.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from fleetplan.domain import FactorKey, Fuel, Roundtrip, Vehicle
from fleetplan.economics import external_options, usage_rates
from fleetplan.simulate import SimulationInput


@dataclass(frozen=True, slots=True)
class Model:
    """One model: a template vehicle, today's count and the count range."""

    vehicle: Vehicle
    today: int
    upper: int


@dataclass(frozen=True, slots=True)
class Outcome:
    counts: tuple[int, ...]
    cost_dkk: float
    co2e_kg: float
    unallocated: int


def colours_needed(intervals: Sequence[tuple[float, float]]) -> int:
    """Fewest vehicles for half-open intervals (greedy colouring in start order)."""
    free_at: list[float] = []
    for start, end in sorted(intervals):
        for k, t in enumerate(free_at):
            if t <= start:
                free_at[k] = end
                break
        else:
            free_at.append(end)
    return len(free_at)


def enumerate_fleets(
    inp: SimulationInput,
    trips: Sequence[Roundtrip],
    models: Sequence[Model],
    *,
    max_unallocated: int | None = None,
    max_undriven_km: float | None = None,
    min_fossil_free_share: float = 0.0,
) -> list[tuple[Outcome, list[tuple[float, float, int]]]]:
    """Every count vector with, per vector, all (cost, CO2e, unallocated) options.

    Each option is one assignment meeting the service level; a vector with none is
    left out.
    """
    factors = inp.factors
    co2_price = factors[FactorKey.CO2_PRICE_DKK_PER_T]
    annual = 365.0 / inp.period.days
    turnaround = inp.settings.turnaround_min
    rates = []
    for m in models:
        r = usage_rates(m.vehicle, factors)
        rates.append(
            (
                r.energy_cost_dkk_per_km + r.societal_co2e_cost_dkk_per_km,
                r.co2e_kg_per_km,
            )
        )
    externals = []
    for t in trips:
        # the option with the least cost + valued CO2e (the trips are cars'; the
        # factor sets these tests use have yearly_multiplier 1)
        o = min(
            (
                x
                for x in external_options(
                    t.distance_km,
                    t.start_time,
                    t.end_time,
                    factors,
                    private_car_fuel=Fuel(inp.settings.private_car_fuel),
                )
                if x.kind in inp.external_kinds
            ),
            key=lambda x: x.cost_dkk + x.co2e_kg / 1000.0 * co2_price,
        )
        externals.append((o.cost_dkk + o.co2e_kg / 1000.0 * co2_price, o.co2e_kg))
    origin = min(t.start_time for t in trips)

    def minutes(t: Roundtrip) -> tuple[float, float]:
        s = (t.start_time - origin).total_seconds() / 60.0
        e = (t.end_time - origin).total_seconds() / 60.0
        return s, e + turnaround

    options: list[tuple[tuple[int, ...], float, float, int]] = []
    for assign in itertools.product(range(len(models) + 1), repeat=len(trips)):
        left = [i for i, a in enumerate(assign) if a == len(models)]
        if max_unallocated is not None and len(left) > max_unallocated:
            continue
        if max_undriven_km is not None and any(
            trips[i].distance_km > max_undriven_km for i in left
        ):
            continue
        need = tuple(
            colours_needed([minutes(trips[i]) for i, a in enumerate(assign) if a == m])
            for m in range(len(models))
        )
        cost = kg = 0.0
        for i, a in enumerate(assign):
            if a == len(models):
                cost += externals[i][0]
                kg += externals[i][1]
            else:
                cost += trips[i].distance_km * rates[a][0]
                kg += trips[i].distance_km * rates[a][1]
        options.append((need, annual * cost, annual * kg, len(left)))
    out = []
    for counts in itertools.product(*(range(m.upper + 1) for m in models)):
        total = sum(counts)
        green = sum(
            c for c, m in zip(counts, models, strict=True) if not m.vehicle.is_fossil
        )
        if total and green < min_fossil_free_share * total - 1e-9:
            continue
        if not total and min_fossil_free_share > 0:
            continue
        fixed = sum(
            c * (m.vehicle.annual_cost_dkk or 0.0)
            for c, m in zip(counts, models, strict=True)
        )
        fits = [
            (fixed + cost, kg, left)
            for need, cost, kg, left in options
            if all(n <= c for n, c in zip(need, counts, strict=True))
        ]
        if fits:
            out.append((Outcome(counts, 0.0, 0.0, 0), fits))
    return out


def best_by_weight(
    fleets: list[tuple[Outcome, list[tuple[float, float, int]]]],
    weight: float,
    ref_cost_dkk: float,
    ref_co2e_kg: float,
) -> list[Outcome]:
    """Each count vector as the optimiser operates it at the weight (its least
    weighted assignment; ties: least cost), scored there, best vector first."""
    a = weight / 10.0

    def value(cost: float, kg: float) -> float:
        return (1 - a + 0.01) * cost / ref_cost_dkk + (a + 0.01) * kg / ref_co2e_kg

    best = []
    for outcome, fits in fleets:
        cost, kg, left = min(fits, key=lambda f: (round(value(f[0], f[1]), 12), f[0]))
        best.append(Outcome(outcome.counts, cost, kg, left))
    return sorted(best, key=lambda o: value(o.cost_dkk, o.co2e_kg))


def weighted(o: Outcome, weight: float, ref_cost: float, ref_kg: float) -> float:
    a = weight / 10.0
    return (1 - a + 0.01) * o.cost_dkk / ref_cost + (a + 0.01) * o.co2e_kg / ref_kg
