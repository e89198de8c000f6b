"""Build the transition plan's instance from a fleet, its trips and a factor set.

Per fossil vehicle and horizon year (``first_year`` to the later of the target
year and ``horizon_end``, 2035):

- *kept*: its TCO row of that calendar year (``economics.tco``: fixed cost,
  energy at the year's price development) at its own yearly km, plus its CO2e
  (well-to-wheel km × WTW/km, or life cycle: + production ÷ service life years,
  ``economics.lifecycle``) valued at the CO2 price;
- *replaced* by candidate c: c's row at the vehicle's km, for every fossil-free,
  non-bike candidate that can do its work: an EV when the day-by-day suitability
  says so (``suitable``, the caller's ``analytics.ev_suitability``: every day's
  km within its winter-derated range after its real time at home, body and
  outfitting); another fuel by the rule's tests (``analytics.transition``:
  needed range, lift, seats, cargo);
- *removed*: its km driven by the vehicles left at the replacement's per-km
  energy and CO2e (the cheapest fitting one; its own when none fits), no fixed cost;
- a change before the lease-end year costs the early-return fee in that year
  (``optimise.contracts``: the user's figure, else the factor set's share of the
  remaining payments; an owned vehicle's annuity just stops: its residual value);
  a lease the user does not let go may change from its lease-end year on (at the
  latest in the target year, then with the fee); one past its end is kept at its
  own yearly cost while that is cheaper;
- an EV replacement brings its plug-in sessions (``charging``: the candidate
  driving the vehicle's days, from the caller's ``analytics.plan_inputs``), and
  the points per location and year are the charge-point rule on the sessions
  there (``domain.charging``), as the report counts them.

Per location: the peak number of vehicles away at once (``analytics.peaks``,
all of today's vehicles there) is the service level, and per outfitting group
(location + lift, > 5 seats, cargo: the rule's ``group_peaks``) its own peak, so
a minibus is not phased out on the strength of spare small cars; fossil-free
vehicles stay.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from fleetplan.analytics.transition import (
    daily_km,
    needed_range_km,
    outfitting_fits,
    range_covers,
)
from fleetplan.domain import FactorKey, FactorSet, Roundtrip, Vehicle, VehicleType
from fleetplan.domain.charging import PlanCharging
from fleetplan.economics import (
    EconKey,
    lifecycle_co2e_kg_per_year,
    monthly_range_factors,
    tco,
    usage_rates,
)
from fleetplan.optimise.contracts import ContractTerms, must_stay, termination_fee_dkk
from fleetplan.optimise.transition_instance import (
    PlanVehicle,
    Replacement,
    TransitionInstance,
)
from fleetplan.optimise.transition_sites import charge_point_price_dkk, service_sites


class Co2eView(StrEnum):
    """Which CO2e the plan values (the user's choice)."""

    WTW = "wtw"  # well-to-wheel use phase
    LCA = "lca"  # well-to-wheel use + production spread over the service life


@dataclass(frozen=True, slots=True)
class TransitionSettings:
    """The plan's inputs. ``budget_dkk_per_year`` caps each year's fixed costs
    (lease or annuity) of today's fossil vehicles and what replaces them, plus
    early-return fees and charge points bought that year (None: no cap), and
    ``budget_dkk_by_year`` the named years (it wins over the yearly figure);
    ``max_points`` caps charge points per location id (where it names none,
    ``max_points_per_location``: every location); ``charge_point_dkk``
    None takes the factor set's price (0 when the set has none)."""

    target_year: int = 2030
    horizon_end: int = 2035
    co2e_view: Co2eView = Co2eView.WTW
    co2_price_dkk_per_t: float | None = None
    range_percentile: float = 95.0
    charger_kw: float = 11.0
    overnight_h: float = 12.0
    charge_point_dkk: float | None = None
    budget_dkk_per_year: float | None = None
    budget_dkk_by_year: Mapping[int, float] = field(default_factory=dict)
    max_points: Mapping[str, int] = field(default_factory=dict)
    max_points_per_location: int | None = None
    terms: ContractTerms = field(default_factory=ContractTerms)

    def __post_init__(self) -> None:
        if self.horizon_end < self.target_year:
            raise ValueError("horizon_end must be >= target_year.")
        if self.charger_kw <= 0 or not 0 < self.overnight_h <= 24:
            raise ValueError("charger_kw must be > 0 and overnight_h in (0, 24].")
        for name in ("co2_price_dkk_per_t", "charge_point_dkk", "budget_dkk_per_year"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}.")


class _Costs:
    """Per-year cost rows of a vehicle doing some km (one place for the maths)."""

    def __init__(self, factors: FactorSet, settings: TransitionSettings, n: int):
        self.factors = factors
        self.n = n
        self.view = settings.co2e_view
        price = settings.co2_price_dkk_per_t
        if price is None:
            price = factors.get(FactorKey.CO2_PRICE_DKK_PER_T, 0.0) or 0.0
        self.per_kg = float(price) / 1000.0

    def co2e_kg(self, vehicle: Vehicle, km: float) -> float:
        if self.view is Co2eView.LCA:
            return lifecycle_co2e_kg_per_year(vehicle, self.factors, km)
        return km * usage_rates(vehicle, self.factors).co2e_wtw_kg_per_km

    def rows(
        self, vehicle: Vehicle, km: float
    ) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
        """(fixed, energy + valued CO2e, CO2e) per year; ValueError without data."""
        result = tco(vehicle, km, self.factors, years=self.n)
        co2e = self.co2e_kg(vehicle, km)
        fixed = tuple(r.fixed_dkk for r in result.rows)
        var = tuple(r.energy_dkk + co2e * self.per_kg for r in result.rows)
        return fixed, var, (co2e,) * self.n

    def use_rows(
        self, vehicle: Vehicle, km: float
    ) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """(energy + valued CO2e, CO2e) per year of km driven by ``vehicle`` on top
        of its own: use phase only (its production is counted once, by itself)."""
        result = tco(vehicle, km, self.factors, years=self.n)
        co2e = km * usage_rates(vehicle, self.factors).co2e_wtw_kg_per_km
        var = tuple(r.energy_dkk + co2e * self.per_kg for r in result.rows)
        return var, (co2e,) * self.n


def build_transition_instance(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    candidates: Sequence[Vehicle],
    factors: FactorSet,
    yearly_km: Mapping[str, float],
    *,
    first_year: int,
    settings: TransitionSettings | None = None,
    charging: PlanCharging | None = None,
    suitable: Mapping[str, Collection[str]] | None = None,
) -> TransitionInstance:
    """The instance of today's fleet (``vehicles`` that are not candidates).

    ``charging`` gives the plug-in sessions (None: no EV needs a point) and
    ``suitable`` per fossil vehicle the EV candidates that can do its work
    (None: the needed range instead); both computed by the caller."""
    charging = charging or PlanCharging({}, {})
    s = settings or TransitionSettings()
    years = tuple(range(first_year, max(s.target_year, s.horizon_end) + 1))
    n = len(years)
    target = min(max(s.target_year, first_year), years[-1]) - first_year
    rate = float(factors.get(EconKey.DISCOUNT_RATE, 0.0) or 0.0)
    discount = tuple((1.0 + rate) ** -(k + 1) for k in range(n))
    costs = _Costs(factors, s, n)
    current = [v for v in vehicles if not v.is_candidate]
    days = daily_km(roundtrips, monthly_range_factors(factors))
    need = {
        v.vehicle_id: needed_range_km(days.get(v.vehicle_id, []), s.range_percentile)
        for v in current
    }
    usable = [c for c in candidates if not c.is_fossil and not c.is_bike]
    caps = {
        loc: cap
        for loc in {v.location_id or "" for v in current}
        if (cap := s.max_points.get(loc, s.max_points_per_location)) is not None
    }
    sites = service_sites(current, roundtrips, charging.today, caps)
    plan = [
        _vehicle(
            v,
            sites.where[v.vehicle_id],
            usable,
            need,
            yearly_km,
            years,
            target,
            costs,
            factors,
            s,
            charging,
            suitable,
        )
        for v in current
        if v.is_fossil
    ]
    budget = tuple(s.budget_dkk_by_year.get(y, s.budget_dkk_per_year) for y in years)
    return TransitionInstance(
        years=years,
        target_index=target,
        discount=discount,
        vehicles=tuple(plan),
        locations=sites.locations,
        charge_point_dkk=(
            s.charge_point_dkk
            if s.charge_point_dkk is not None
            else charge_point_price_dkk(factors, s.charger_kw)
        ),
        budget_dkk=budget if any(b is not None for b in budget) else None,
        groups=sites.groups,
    )


def _vehicle(
    v: Vehicle,
    where: tuple[int, int],  # (location, outfitting group) indices
    usable: Sequence[Vehicle],
    need: Mapping[str, float],
    yearly_km: Mapping[str, float],
    years: tuple[int, ...],
    target: int,
    costs: _Costs,
    factors: FactorSet,
    s: TransitionSettings,
    charging: PlanCharging,
    suitable: Mapping[str, Collection[str]] | None,
) -> PlanVehicle:
    km = yearly_km.get(v.vehicle_id, 0.0)
    try:
        fixed, var, co2e = costs.rows(v, km)
    except ValueError:  # no consumption: its fixed cost only (data quality lists it)
        fixed = (v.annual_cost_dkk or 0.0,) * len(years)
        var = co2e = (0.0,) * len(years)
    options: list[Replacement] = []
    by_id: dict[str, Vehicle] = {}
    fit = None if suitable is None else suitable.get(v.vehicle_id, ())
    for c in usable:
        ev = c.vehicle_type is VehicleType.EV
        if ev and fit is not None:
            if c.vehicle_id not in fit:
                continue
        elif not (range_covers(c, need[v.vehicle_id]) and outfitting_fits(c, v)):
            continue
        try:
            c_fixed, c_var, c_co2e = costs.rows(c, km)
        except ValueError:
            continue  # no consumption in the catalogue: it cannot be priced
        plug = charging.replacing.get((v.vehicle_id, c.vehicle_id), ()) if ev else ()
        by_id[c.vehicle_id] = c
        options.append(Replacement(c.vehicle_id, c.name, c_fixed, c_var, c_co2e, plug))
    if options:
        sub = min(
            options,
            key=lambda r: (
                sum(costs.use_rows(by_id[r.candidate_id], km)[0]),
                r.candidate_id,
            ),
        )
        removed_cost, removed_co2e = costs.use_rows(by_id[sub.candidate_id], km)
    else:
        removed_cost, removed_co2e = var, co2e
    first = years[0]
    terms = s.terms
    stay_until = first
    if v.lease_end is not None and must_stay(
        v, replace(terms, as_of=date(first, 1, 1))
    ):
        stay_until = (
            v.lease_end.year if not options else min(v.lease_end.year, years[target])
        )
    change = tuple(y - first for y in years if y >= stay_until)
    fee = tuple(
        0.0
        if v.lease_end is not None and y >= v.lease_end.year
        else termination_fee_dkk(v, factors, replace(terms, as_of=date(y, 1, 1)))
        for y in years
    )
    return PlanVehicle(
        vehicle_id=v.vehicle_id,
        location=where[0],
        group=where[1],
        cost_dkk=tuple(f + x for f, x in zip(fixed, var, strict=True)),
        fixed_dkk=fixed,
        co2e_kg=co2e,
        removed_cost_dkk=removed_cost,
        removed_co2e_kg=removed_co2e,
        fee_dkk=fee,
        change_years=change,
        replacements=tuple(options),
        exempt=not options,
    )
