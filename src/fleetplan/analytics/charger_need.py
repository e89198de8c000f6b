"""Charge points per location from when its EVs are parked and what they need.

The plug-in schedule (``plug_ins``): each EV, each day it drives, plugs in at home
from its arrival the evening before to that day's first departure (``home_dwell``)
and needs the day's energy, km × Wh/km ÷ 1000 ÷ f(month) (winter raises the energy
per km as it lowers the range: ``economics.winter``), at most its battery (the rest,
``topup_kwh``, it must charge in the day). Where the data shows no arrival (its
first day), it is assumed to have parked ``fallback_h`` hours. It charges at p =
min(point kW, its own ``charge_kw``) for energy ÷ p hours, or its whole stay when
that is too short; both kinds of shortfall count in ``short_sessions``.

The rule (``charge_points``): the fewest points m for which plugging the waiting EVs
in by earliest departure first, each charge uninterrupted once started, finishes
every charge by its EV's departure. m never exceeds the most EVs parked at once
needing charge (``peak_parked``): with that many each EV gets a point at arrival.
So EVs share a point in sequence when their stays leave room: four EVs home in the
same 6 hours that need 3 h each share 2 points; needing 4 h each, they need 4.

Sharing in sequence needs someone to move the plug or points with several outlets
and load management; with ``shared=False`` every EV parked at once gets its own
point (m = ``peak_parked``).

kW per point = min(the location's charger kW, the strongest on-board charger
among its EVs); grid connection peak = points × kW per point (all charging at once,
as they may within a shared window); cost = points × the factor set's price per
installed point + peak kW × its grid-connection price per kW.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fleetplan.analytics.home_dwell import HomeDay
from fleetplan.domain import Vehicle, charging
from fleetplan.domain.charging import ChargeSession

EPS_H = 1e-9


@dataclass(frozen=True, slots=True)
class PlugIn:
    """One EV's stay at home before a driving day and the energy it must take."""

    vehicle_id: str
    day: date
    arrive: datetime
    depart: datetime
    energy_kwh: float
    max_kw: float  # its on-board charger (inf: not limited)
    topup_kwh: float = 0.0  # the day's energy beyond its battery

    def is_short(self, kw: float) -> bool:
        """The stay at a ``kw`` point cannot give the day's energy."""
        stay_kwh = min(kw, self.max_kw) * self.parked_h
        return self.topup_kwh > EPS_H or self.energy_kwh > stay_kwh + EPS_H

    @property
    def parked_h(self) -> float:
        return max(0.0, (self.depart - self.arrive).total_seconds() / 3600.0)


@dataclass(frozen=True, slots=True)
class LocationChargers:
    location_id: str
    evs: int
    sessions: int
    charge_points: int
    peak_parked: int
    kw_per_point: float
    grid_peak_kw: float
    short_sessions: int
    cost_dkk: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "location_id": self.location_id,
            "evs": self.evs,
            "sessions": self.sessions,
            "charge_points": self.charge_points,
            "peak_parked": self.peak_parked,
            "kw_per_point": self.kw_per_point,
            "grid_peak_kw": round(self.grid_peak_kw, 1),
            "short_sessions": self.short_sessions,
            "cost_dkk": round(self.cost_dkk, 2),
        }


def plug_ins(
    ev: Vehicle,
    days: Sequence[HomeDay],
    *,
    range_factor_by_month: Sequence[float] | None = None,
    fallback_h: float = 12.0,
) -> list[PlugIn]:
    """The EV ``ev`` driving ``days`` (its own, or those of the vehicle it
    replaces: the sessions carry that vehicle's id)."""
    wh = ev.wltp_wh_per_km or 0.0
    battery = ev.battery_kwh or ((ev.range_km or 0.0) * wh / 1000.0) or math.inf
    out = []
    for d in days:
        factor = (
            range_factor_by_month[d.day.month - 1] if range_factor_by_month else 1.0
        )
        need = d.km * wh / 1000.0 / factor
        energy = min(battery, need)
        if energy <= 0:
            continue
        arrive = d.arrive or d.depart - timedelta(hours=fallback_h)
        out.append(
            PlugIn(
                d.vehicle_id,
                d.day,
                arrive,
                d.depart,
                energy,
                ev.charge_kw or math.inf,
                need - energy,
            )
        )
    return out


def _hours(t: datetime, origin: datetime) -> float:
    return (t - origin).total_seconds() / 3600.0


def as_sessions(
    sessions: Sequence[PlugIn], kw: float, origin: datetime | None = None
) -> list[ChargeSession]:
    """Plug-ins as the rule's numbers (``domain.charging``): hours from ``origin``
    (the earliest arrival when omitted) and hours charging at a ``kw`` point."""
    if not sessions:
        return []
    start = origin or min(s.arrive for s in sessions)
    out = []
    for s in sessions:  # PlugIn.parked_h and is_short inlined: many sessions
        arrive = _hours(s.arrive, start)
        depart = _hours(s.depart, start)
        parked = max(0.0, depart - arrive)
        p = min(kw, s.max_kw)
        short = s.topup_kwh > EPS_H or s.energy_kwh > p * parked + EPS_H
        out.append(
            ChargeSession(
                s.vehicle_id, arrive, depart, min(parked, s.energy_kwh / p), short
            )
        )
    return out


def peak_parked(sessions: Sequence[PlugIn]) -> int:
    """Most stays overlapping at once (one that ends as another starts: no overlap)."""
    return charging.peak_parked(as_sessions(sessions, 1.0))


def fits_with(sessions: Sequence[PlugIn], points: int, kw: float) -> bool:
    """Earliest-departure-first on ``points`` points finishes every charge in time
    (a session too long for its own stay only has to fill that stay)."""
    return charging.fits_with(as_sessions(sessions, kw), points)


def charge_points(sessions: Sequence[PlugIn], kw: float) -> int:
    """The fewest points that fit (see module); 0 without sessions."""
    return charging.overnight_points(as_sessions(sessions, kw))


def location_chargers(
    location_id: str,
    sessions: Sequence[PlugIn],
    *,
    charger_kw: float = 11.0,
    point_dkk: float = 0.0,
    grid_dkk_per_kw: float = 0.0,
    shared: bool = True,
) -> LocationChargers:
    """Points, kW, grid peak and cost for one location's plug-in schedule."""
    if charger_kw <= 0:
        raise ValueError(f"charger_kw must be > 0, got {charger_kw}.")
    onboard = max((s.max_kw for s in sessions), default=charger_kw)
    kw = min(charger_kw, onboard)
    points = charge_points(sessions, kw) if shared else peak_parked(sessions)
    short = sum(s.is_short(kw) for s in sessions)
    grid = points * kw
    return LocationChargers(
        location_id=location_id,
        evs=len({s.vehicle_id for s in sessions}),
        sessions=len(sessions),
        charge_points=points,
        peak_parked=peak_parked(sessions),
        kw_per_point=kw,
        grid_peak_kw=grid,
        short_sessions=short,
        cost_dkk=points * point_dkk + grid * grid_dkk_per_kw,
    )


@dataclass(frozen=True, slots=True)
class ChargerNeed:
    location_id: str
    evs: int
    overnight_points: int
    daytime_points: int
    kw_per_point: float = 0.0
    grid_peak_kw: float = 0.0  # points × kW per point: all charging at once
    peak_parked: int = 0  # most EVs parked at once needing charge
    cost_dkk: float = 0.0  # all points: installation + grid connection

    @property
    def points(self) -> int:
        return max(self.overnight_points, self.daytime_points)

    def to_dict(self) -> dict[str, Any]:
        return {
            "location_id": self.location_id,
            "evs": self.evs,
            "overnight_points": self.overnight_points,
            "daytime_points": self.daytime_points,
            "charge_points": self.points,
            "kw_per_point": self.kw_per_point,
            "grid_peak_kw": round(self.grid_peak_kw, 1),
            "peak_parked": self.peak_parked,
            "cost_dkk": round(self.cost_dkk, 2),
        }


def charger_need(
    location_id: str,
    evs: Sequence[tuple[Vehicle, Sequence[HomeDay]]],
    charger_kw: float = 11.0,
    overnight_h: float = 12.0,
    *,
    range_factor_by_month: Sequence[float] | None = None,
    point_dkk: float = 0.0,
    grid_dkk_per_kw: float = 0.0,
) -> ChargerNeed:
    """A transition plan's need at one location from ``(ev, the days it drives)``
    pairs: overnight points by the rule above; daytime points = the EVs with a
    short stay (they top up in the day, one point each); points = the larger;
    grid peak and cost for those points."""
    sessions = [
        s
        for ev, days in evs
        for s in plug_ins(
            ev,
            days,
            range_factor_by_month=range_factor_by_month,
            fallback_h=overnight_h,
        )
    ]
    need = location_chargers(
        location_id,
        sessions,
        charger_kw=charger_kw,
        point_dkk=point_dkk,
        grid_dkk_per_kw=grid_dkk_per_kw,
    )
    daytime = charging.daytime_points(as_sessions(sessions, need.kw_per_point))
    points = max(need.charge_points, daytime)
    return ChargerNeed(
        location_id,
        len(evs),
        need.charge_points,
        daytime,
        kw_per_point=need.kw_per_point,
        grid_peak_kw=points * need.kw_per_point,
        peak_parked=need.peak_parked,
        cost_dkk=points * (point_dkk + need.kw_per_point * grid_dkk_per_kw),
    )
