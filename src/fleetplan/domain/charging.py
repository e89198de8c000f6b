"""The charge-point rule on plain numbers: how many points a location's plug-in
sessions need.

One rule, two readers: ``analytics.charger_need`` (the report's chargers, from
datetimes) and the transition MILP (``optimise.transition_milp``, from sessions
the caller precomputed), so the plan prices exactly the points the report shows.

A session is one EV's stay at home before a driving day, in hours from a common
origin, and the hours it must charge (energy ÷ min(point kW, its own kW), at most
its stay); ``short`` when the stay cannot give the day's energy (it tops up in
the day). Points = max(the fewest points on which earliest-departure-first
charging, each charge uninterrupted once started, finishes every charge by its
departure; the EVs with a short session, one daytime point each).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EPS_H = 1e-9


@dataclass(frozen=True, slots=True)
class ChargeSession:
    ev: str  # the EV's id (a replacement carries the replaced vehicle's id)
    arrive_h: float
    depart_h: float
    charge_h: float  # hours charging at the point, at most the stay
    short: bool = False


def peak_parked(sessions: Sequence[ChargeSession]) -> int:
    """Most stays overlapping at once (one that ends as another starts: no overlap)."""
    events = sorted(
        [(s.arrive_h, 1) for s in sessions] + [(s.depart_h, -1) for s in sessions]
    )
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def fits_with(sessions: Sequence[ChargeSession], points: int) -> bool:
    """Earliest-departure-first on ``points`` points finishes every charge in time."""
    if not sessions:
        return True
    jobs = sorted((s.arrive_h, s.depart_h, s.charge_h) for s in sessions)
    free = [jobs[0][0]] * points  # when each point is next free
    waiting: list[tuple[float, float]] = []  # (deadline, duration)
    i = 0
    now = jobs[0][0]  # decisions never go back in time: a point idle earlier waits
    while i < len(jobs) or waiting:
        t = max(free[0], now)
        if not waiting:
            t = max(t, jobs[i][0])
        now = t
        while i < len(jobs) and jobs[i][0] <= t + EPS_H:
            heapq.heappush(waiting, (jobs[i][1], jobs[i][2]))
            i += 1
        deadline, duration = heapq.heappop(waiting)
        if t + duration > deadline + EPS_H:
            return False
        heapq.heapreplace(free, t + duration)
    return True


def stays_apart(sessions: Sequence[ChargeSession]) -> list[list[ChargeSession]]:
    """The sessions in groups whose stays overlap in a chain (a night, say);
    groups do not overlap, so each is scheduled alone."""
    groups: list[list[ChargeSession]] = []
    end = -float("inf")
    for s in sorted(sessions, key=lambda s: (s.arrive_h, s.depart_h)):
        if not groups or s.arrive_h >= end:
            groups.append([])
        groups[-1].append(s)
        end = max(end, s.depart_h) if len(groups[-1]) > 1 else s.depart_h
    return groups


def _group_points(sessions: Sequence[ChargeSession]) -> int:
    peak = peak_parked(sessions)
    for points in range(1, peak):
        if fits_with(sessions, points):
            return points
    return peak


def overnight_points(sessions: Sequence[ChargeSession]) -> int:
    """The most points any group of overlapping stays needs: the fewest that fit
    it, at most its peak parked; 0 without sessions."""
    return max((_group_points(g) for g in stays_apart(sessions)), default=0)


def daytime_points(sessions: Sequence[ChargeSession]) -> int:
    """EVs with a short session: each tops up in the day on a point of its own."""
    return len({s.ev for s in sessions if s.short})


def points_needed(sessions: Sequence[ChargeSession]) -> int:
    """Points a location needs for these sessions (see module)."""
    return max(overnight_points(sessions), daytime_points(sessions))


@dataclass(frozen=True, slots=True)
class PlanCharging:
    """The sessions a transition plan counts points from, on one time origin:
    today's EVs per location, and per (fossil vehicle, EV candidate) the
    candidate driving that vehicle's days (``analytics.plan_inputs`` builds it)."""

    today: Mapping[str, tuple[ChargeSession, ...]]
    replacing: Mapping[tuple[str, str], tuple[ChargeSession, ...]]
