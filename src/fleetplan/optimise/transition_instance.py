"""The multi-year transition plan as numbers, and the one cost function of a plan.

An instance holds, per fossil vehicle and horizon year, what keeping it, each
fossil-free replacement that can do its work and phasing it out cost (fixed +
energy + valued CO2e, undiscounted, in kr), plus the per-location service level
and the plug-in sessions its charge points are counted from. ``plan_cost``
prices a choice (one path per vehicle); the MILP
(``transition_milp``) is built from the same path costs, so its objective is the
total ``plan_cost`` reports for its answer.

A vehicle's *path* is one of: ``keep`` (it stays fossil all horizon: only a vehicle
no candidate fits, ``exempt``), ``replace`` by candidate r in change year y (the
new vehicle counts from y on, as ``analytics.plan_outlook`` does) or ``remove`` in
year y (its km are driven by the vehicles left; ``removed_cost_dkk``). Changing
before the lease ends costs its fee in that year (``fee_dkk``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fleetplan.domain.charging import ChargeSession, points_needed


class PathKind(StrEnum):
    KEEP = "keep"
    REPLACE = "replace"
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class Replacement:
    """A fossil-free candidate doing one vehicle's work; per horizon year."""

    candidate_id: str
    name: str
    fixed_dkk: tuple[float, ...]  # lease or annuity: what the budget counts
    variable_dkk: tuple[float, ...]  # energy + valued CO2e at the vehicle's km
    co2e_kg: tuple[float, ...]
    # its plug-in sessions at the vehicle's home, driving the vehicle's days
    # (``domain.charging``; the caller computes them: empty for a non-EV)
    sessions: tuple[ChargeSession, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanVehicle:
    """A fossil vehicle of today's fleet and its options; tuples are per year."""

    vehicle_id: str
    location: int  # index into ``TransitionInstance.locations``
    group: int  # index into ``TransitionInstance.groups`` (its outfitting class)
    cost_dkk: tuple[float, ...]  # kept: fixed + energy + valued CO2e
    fixed_dkk: tuple[float, ...]  # kept: its lease or annuity (the budget counts it)
    co2e_kg: tuple[float, ...]
    removed_cost_dkk: tuple[float, ...]  # phased out: its km driven by others
    removed_co2e_kg: tuple[float, ...]
    fee_dkk: tuple[float, ...]  # one-off cost of a change in that year
    change_years: tuple[int, ...]  # year indices a change may happen in
    replacements: tuple[Replacement, ...]
    exempt: bool  # no candidate fits: may stay fossil after the target year


@dataclass(frozen=True, slots=True)
class PlanLocation:
    location_id: str
    need: int  # vehicles the peak needs at once
    fixed_count: int  # vehicles the plan does not touch (fossil-free today)
    today_sessions: tuple[ChargeSession, ...] = ()  # today's EVs' plug-ins
    points_today: int = 0  # ``points_needed(today_sessions)``: in place today
    max_points: int | None = None  # charger capacity (grid, space); None: no cap
    evs_today: int = 0  # today's EVs there (reported with the charge points)


@dataclass(frozen=True, slots=True)
class ServiceGroup:
    """Vehicles of one location and outfitting class (lift, > 5 seats, cargo),
    which stand in for each other: the rule's groups (``analytics.transition``)."""

    group_id: str
    need: int  # the group's vehicles away at once at its peak
    fixed_count: int  # its vehicles the plan does not touch


@dataclass(frozen=True, slots=True)
class TransitionInstance:
    years: tuple[int, ...]
    target_index: int  # index of the target year in ``years``
    discount: tuple[float, ...]  # (1+r)^-k for year index k-1
    vehicles: tuple[PlanVehicle, ...]
    locations: tuple[PlanLocation, ...]
    charge_point_dkk: float  # one-off, per point added
    budget_dkk: tuple[float | None, ...] | None = None  # per year; None: no cap
    groups: tuple[ServiceGroup, ...] = ()  # service level per outfitting class

    def __post_init__(self) -> None:
        n = len(self.years)
        if len(self.discount) != n or not 0 <= self.target_index < n:
            raise ValueError("discount and target_index must match the years.")
        if self.charge_point_dkk < 0:
            raise ValueError("charge_point_dkk must be >= 0.")
        if self.budget_dkk is not None and len(self.budget_dkk) != n:
            raise ValueError("budget_dkk must have one entry per year.")


@dataclass(frozen=True, slots=True)
class Path:
    kind: PathKind
    year: int | None = None  # year index of the change
    replacement: int | None = None  # index into the vehicle's replacements


@dataclass(frozen=True, slots=True)
class PathYears:
    """One vehicle on one path, per year (undiscounted)."""

    cost_dkk: tuple[float, ...]  # incl. the fee in the change year
    co2e_kg: tuple[float, ...]
    spend_dkk: tuple[float, ...]  # counted by the budget: fixed cost + fee
    present: tuple[bool, ...]  # still a vehicle of its location
    sessions: tuple[tuple[ChargeSession, ...], ...]  # plug-ins it adds that year


def paths(inst: TransitionInstance, v: PlanVehicle) -> list[Path]:
    """Every path of a vehicle: keep (exempt only), or per allowed change year a
    replacement or removal; non-exempt vehicles change by the target year."""
    out = [Path(PathKind.KEEP)] if v.exempt else []
    for y in v.change_years:
        if not v.exempt and y > inst.target_index:
            continue
        out.extend(Path(PathKind.REPLACE, y, r) for r in range(len(v.replacements)))
        out.append(Path(PathKind.REMOVE, y))
    return out


def path_years(inst: TransitionInstance, v: PlanVehicle, p: Path) -> PathYears:
    n = len(inst.years)
    cost, co2e, spend, present = [], [], [], []
    plug: list[tuple[ChargeSession, ...]] = []
    for y in range(n):
        changed = p.kind is not PathKind.KEEP and p.year is not None and y >= p.year
        fee = v.fee_dkk[y] if p.kind is not PathKind.KEEP and y == p.year else 0.0
        if not changed:
            row = (v.cost_dkk[y], v.co2e_kg[y], v.fixed_dkk[y], True, ())
        elif p.kind is PathKind.REMOVE:
            row = (v.removed_cost_dkk[y], v.removed_co2e_kg[y], 0.0, False, ())
        else:
            r = v.replacements[p.replacement or 0]
            row = (
                r.fixed_dkk[y] + r.variable_dkk[y],
                r.co2e_kg[y],
                r.fixed_dkk[y],
                True,
                r.sessions,
            )
        cost.append(row[0] + fee)
        co2e.append(row[1])
        spend.append(row[2] + fee)
        present.append(row[3])
        plug.append(row[4])
    return PathYears(
        tuple(cost), tuple(co2e), tuple(spend), tuple(present), tuple(plug)
    )


def path_cost_dkk(inst: TransitionInstance, years: PathYears) -> float:
    """Discounted cost of one vehicle's path."""
    return sum(c * d for c, d in zip(years.cost_dkk, inst.discount, strict=True))


@dataclass(frozen=True, slots=True)
class PlanCost:
    """A choice priced: the objective the MILP minimises and its parts."""

    vehicles_dkk: float  # discounted
    chargers_dkk: float  # discounted
    new_points: tuple[tuple[int, ...], ...]  # per location: points added by year
    co2e_kg: float  # undiscounted, over the horizon
    feasible: bool
    violations: tuple[str, ...]

    @property
    def total_dkk(self) -> float:
        return self.vehicles_dkk + self.chargers_dkk


def plan_cost(
    inst: TransitionInstance,
    choice: tuple[Path, ...],
    bought: tuple[tuple[int, ...], ...] | None = None,
) -> PlanCost:
    """Price a choice (one path per vehicle) and check its constraints: the
    charge points each year's EVs need by the one rule (``domain.charging``, the
    report's ``charger_need``), the service level, the charger cap and the
    yearly budget. Points are bought when first needed (the cheapest schedule,
    later is discounted more) unless ``bought`` gives the points added per
    location and year (earlier, to keep a year's budget): then too few is a
    violation."""
    n = len(inst.years)
    m = len(inst.locations)
    vehicles = 0.0
    co2e = 0.0
    plug = [[list(loc.today_sessions) for _ in range(n)] for loc in inst.locations]
    count = [[float(loc.fixed_count) for _ in range(n)] for loc in inst.locations]
    in_group = [[float(g.fixed_count) for _ in range(n)] for g in inst.groups]
    spend = [0.0] * n
    for v, p in zip(inst.vehicles, choice, strict=True):
        yrs = path_years(inst, v, p)
        vehicles += path_cost_dkk(inst, yrs)
        co2e += sum(yrs.co2e_kg)
        for y in range(n):
            plug[v.location][y].extend(yrs.sessions[y])
            count[v.location][y] += yrs.present[y]
            if inst.groups:
                in_group[v.group][y] += yrs.present[y]
            spend[y] += yrs.spend_dkk[y]
    bad: list[str] = []
    chargers = 0.0
    added: list[tuple[int, ...]] = []
    for li in range(m):
        loc = inst.locations[li]
        total = 0
        row = []
        needed = 0
        for y in range(n):
            # sessions are only ever added, so an unchanged count is an unchanged set
            if y == 0 or len(plug[li][y]) != len(plug[li][y - 1]):
                needed = max(0, points_needed(plug[li][y]) - loc.points_today)
            new = max(0, needed - total) if bought is None else bought[li][y]
            total += new
            if total < needed:
                bad.append(f"charge points at {loc.location_id} in {inst.years[y]}")
            row.append(new)
            chargers += inst.charge_point_dkk * new * inst.discount[y]
            spend[y] += inst.charge_point_dkk * new
            if loc.max_points is not None and loc.points_today + total > loc.max_points:
                bad.append(f"charger cap at {loc.location_id} in {inst.years[y]}")
            if count[li][y] < loc.need:
                bad.append(f"service level at {loc.location_id} in {inst.years[y]}")
        added.append(tuple(row))
    for gi, group in enumerate(inst.groups):
        for y in range(n):
            if in_group[gi][y] < group.need:
                bad.append(f"service level of {group.group_id} in {inst.years[y]}")
    if inst.budget_dkk is not None:
        for y, cap in enumerate(inst.budget_dkk):
            if cap is not None and spend[y] > cap + 1e-6 * max(1.0, cap):
                bad.append(f"budget in {inst.years[y]}")
    return PlanCost(vehicles, chargers, tuple(added), co2e, not bad, tuple(bad))
