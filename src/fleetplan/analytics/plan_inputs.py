"""What the transition plan's engines read from the simulation schedule: which
EV candidates can do each fossil vehicle's work, and the plug-in sessions its
charge points are counted from.

Both come from the same analyses the reports show, so the rule, the MILP and
the report agree:

- ``suitable``: per fossil vehicle the EV candidates ``ev_suitability`` passes
  (every day's km within the winter-derated range after its real time at home,
  body and outfitting);
- ``charging``: today's EVs' sessions per home location, and per (fossil
  vehicle, EV candidate) the candidate driving the vehicle's days
  (``charger_need.plug_ins``: energy and stay per day, the first day's stay
  ``overnight_h``), as hours from one origin (``domain.charging``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fleetplan.analytics.charger_need import PlugIn, as_sessions, plug_ins
from fleetplan.analytics.ev_suitability import ev_suitability
from fleetplan.analytics.home_dwell import home_days
from fleetplan.domain import Roundtrip, Vehicle, VehicleType
from fleetplan.domain.charging import ChargeSession, PlanCharging


@dataclass(frozen=True, slots=True)
class PlanInputs:
    suitable: dict[str, frozenset[str]]  # fossil vehicle id -> EV candidate ids
    charging: PlanCharging


def plan_inputs(
    vehicles: Sequence[Vehicle],
    roundtrips: Sequence[Roundtrip],
    candidates: Sequence[Vehicle],
    *,
    charger_kw: float = 11.0,
    overnight_h: float = 12.0,
    range_factor_by_month: Sequence[float] | None = None,
) -> PlanInputs:
    """Suitability and sessions of a selection (see module)."""
    rows = ev_suitability(
        vehicles,
        roundtrips,
        candidates,
        range_factor_by_month=range_factor_by_month,
        charger_kw=charger_kw,
    )
    suitable = {r.vehicle_id: frozenset(r.suitable) for r in rows}
    at_home = home_days(roundtrips)
    evs = [c for c in candidates if c.vehicle_type is VehicleType.EV]
    today: dict[str, list[PlugIn]] = defaultdict(list)
    replacing: dict[tuple[str, str], list[PlugIn]] = {}
    for v in vehicles:
        if v.is_candidate:
            continue
        days = at_home.get(v.vehicle_id, [])
        if v.vehicle_type is VehicleType.EV:
            today[v.location_id or ""].extend(
                plug_ins(
                    v,
                    days,
                    range_factor_by_month=range_factor_by_month,
                    fallback_h=overnight_h,
                )
            )
        elif v.is_fossil:  # only the candidates it may be replaced by
            for c in (c for c in evs if c.vehicle_id in suitable.get(v.vehicle_id, ())):
                replacing[(v.vehicle_id, c.vehicle_id)] = plug_ins(
                    c,
                    days,
                    range_factor_by_month=range_factor_by_month,
                    fallback_h=overnight_h,
                )
    every = [p for group in (*today.values(), *replacing.values()) for p in group]
    origin = min((p.arrive for p in every), default=None)

    def hours(group: list[PlugIn]) -> tuple[ChargeSession, ...]:
        # durations at a ``charger_kw`` point: min(point, the EV's own kW) as
        # ``charger_need`` charges them whatever the location's strongest EV
        return tuple(as_sessions(group, charger_kw, origin))

    return PlanInputs(
        suitable,
        PlanCharging(
            {loc: hours(g) for loc, g in today.items()},
            {key: hours(g) for key, g in replacing.items()},
        ),
    )
