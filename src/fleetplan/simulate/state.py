"""Per-vehicle state while allocating in time order: busy until, charge, km used,
and each bike's km on each day (a bike's ``range_km`` is its most km per day)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fleetplan.simulate.energy import SOC_TOL_KM
from fleetplan.simulate.problem import AllocationProblem

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TIME_DECIMALS = 6  # minutes are rounded so that equal times compare equal
MINUTES_PER_DAY = 1440.0


def day_of(problem: AllocationProblem, i: int) -> int:
    """The day of trip i's start, counted from the period's first midnight."""
    return int(problem.trips.start_min[i] // MINUTES_PER_DAY)


def daily_cap_km(template_range_km: float | None, is_bike: bool) -> float:
    """A bike's or e-bike's most km per day (its ``range_km``), else no limit."""
    return float(template_range_km) if is_bike and template_range_km else np.inf


@dataclass(slots=True)
class FleetState:
    """Arrays over the fleet's vehicle instances (in type order).

    ``cap_km`` is inf for vehicles without an energy limit, ``budget_km`` inf
    without a km limit, ``day_cap_km`` inf but for bikes with a daily limit, whose
    km per day are kept in ``day_km`` (a mapping (vehicle, day) → km).
    ``last_end`` is the end of the last trip (charging starts).
    """

    vehicle_ids: tuple[str, ...]
    type_of: IntArray
    cap_km: FloatArray
    rate_km_per_min: FloatArray
    budget_km: FloatArray
    free_at: FloatArray
    last_end: FloatArray
    soc_km: FloatArray
    km_used: FloatArray
    day_cap_km: FloatArray
    day_km: dict[tuple[int, int], float]

    @classmethod
    def initial(cls, problem: AllocationProblem, limit_km: bool) -> FleetState:
        ids: list[str] = []
        type_of: list[int] = []
        cap: list[float] = []
        rate: list[float] = []
        budget: list[float] = []
        day_cap: list[float] = []
        years = problem.period.days / 365.0
        for t, ftype in enumerate(problem.types):
            for fv in ftype.vehicles:
                ids.append(fv.vehicle_id)
                type_of.append(t)
                cap.append(np.inf if ftype.capacity_km is None else ftype.capacity_km)
                rate.append(ftype.charge_km_per_min)
                allowed = fv.template.km_per_year_allowed
                budget.append(allowed * years if (limit_km and allowed) else np.inf)
                day_cap.append(daily_cap_km(fv.template.range_km, fv.template.is_bike))
        n = len(ids)
        cap_arr = np.asarray(cap, dtype=np.float64)
        return cls(
            vehicle_ids=tuple(ids),
            type_of=np.asarray(type_of, dtype=np.int64),
            cap_km=cap_arr,
            rate_km_per_min=np.asarray(rate, dtype=np.float64),
            budget_km=np.asarray(budget, dtype=np.float64),
            free_at=np.full(n, -np.inf),
            last_end=np.full(n, -np.inf),
            soc_km=cap_arr.copy(),
            km_used=np.zeros(n),
            day_cap_km=np.asarray(day_cap, dtype=np.float64),
            day_km={},
        )

    def copy(self) -> FleetState:
        return FleetState(
            self.vehicle_ids,
            self.type_of,
            self.cap_km,
            self.rate_km_per_min,
            self.budget_km,
            self.free_at.copy(),
            self.last_end.copy(),
            self.soc_km.copy(),
            self.km_used.copy(),
            self.day_cap_km,
            dict(self.day_km),
        )

    def fits_days(self, problem: AllocationProblem, v: int, g: IntArray) -> bool:
        """Whether vehicle v can add trips g within its daily km limit."""
        if not np.isfinite(self.day_cap_km[v]) or len(g) == 0:
            return True
        days = (problem.trips.start_min[g] // MINUTES_PER_DAY).astype(np.int64)
        km = problem.trips.distance_km[g]
        for d in np.unique(days).tolist():
            used = self.day_km.get((v, d), 0.0) + float(km[days == d].sum())
            if used > self.day_cap_km[v] + 1e-9:
                return False
        return True

    def day_room_km(self, problem: AllocationProblem, v: int, i: int) -> float:
        """km vehicle v may still drive on trip i's day (inf: no daily limit)."""
        cap = float(self.day_cap_km[v])
        if not np.isfinite(cap):
            return cap
        return cap - self.day_km.get((v, day_of(problem, i)), 0.0)

    def charge_at(self, v: int, minute: float, range_factor: float) -> float:
        """Charge of vehicle v at ``minute`` if it stays parked until then."""
        cap = self.cap_km[v] * range_factor
        if not np.isfinite(cap):
            return float("inf")
        if not np.isfinite(self.last_end[v]):
            return float(min(cap, self.soc_km[v]))
        gained = self.rate_km_per_min[v] * max(0.0, minute - self.last_end[v])
        return float(min(cap, self.soc_km[v] + gained))

    def serve(self, problem: AllocationProblem, v: int, i: int) -> None:
        """Record that vehicle v serves trip i (caller checked feasibility)."""
        t = int(self.type_of[v])
        trips = problem.trips
        rf = float(problem.range_factor[i])
        if np.isfinite(self.cap_km[v]):
            self.soc_km[v] = self.charge_at(v, float(trips.start_min[i]), rf) - float(
                trips.distance_km[i]
            )
        self.last_end[v] = float(trips.end_min[i])
        self.free_at[v] = round(
            float(trips.end_min[i] + problem.busy_after_min[i, t]), TIME_DECIMALS
        )
        self.km_used[v] += float(trips.distance_km[i])
        if np.isfinite(self.day_cap_km[v]):
            key = (v, day_of(problem, i))
            self.day_km[key] = self.day_km.get(key, 0.0) + float(trips.distance_km[i])

    def serve_many(
        self, problem: AllocationProblem, vehicles: IntArray, trips_idx: IntArray
    ) -> None:
        """``serve`` for each pair in turn (trips in time order), its arithmetic
        on plain floats read once: a block's bookkeeping without a NumPy scalar
        per field and trip (the same values: the same IEEE operations)."""
        trips = problem.trips
        v_all = np.asarray(vehicles, dtype=np.int64)
        i_all = np.asarray(trips_idx, dtype=np.int64)
        after = problem.busy_after_min[i_all, self.type_of[v_all]]
        for v, i, start, end, km, rf, busy_after, ev, bike in zip(
            v_all.tolist(),
            i_all.tolist(),
            trips.start_min[i_all].tolist(),
            trips.end_min[i_all].tolist(),
            trips.distance_km[i_all].tolist(),
            problem.range_factor[i_all].tolist(),
            after.tolist(),
            np.isfinite(self.cap_km[v_all]).tolist(),
            np.isfinite(self.day_cap_km[v_all]).tolist(),
            strict=True,
        ):
            if ev:  # ``charge_at`` inline, on floats
                cap = float(self.cap_km[v]) * rf
                last = float(self.last_end[v])
                soc = float(self.soc_km[v])
                if math.isfinite(last):
                    gained = float(self.rate_km_per_min[v]) * max(0.0, start - last)
                    soc += gained
                self.soc_km[v] = min(cap, soc) - km
            self.last_end[v] = end
            self.free_at[v] = round(end + busy_after, TIME_DECIMALS)
            self.km_used[v] += km
            if bike:
                key = (v, day_of(problem, i))
                self.day_km[key] = self.day_km.get(key, 0.0) + km

    def fits(self, problem: AllocationProblem, v: int, i: int) -> bool:
        """Vehicle v is free for trip i and has the charge and km budget for it."""
        t = int(self.type_of[v])
        if not problem.feasible[i, t]:
            return False
        busy_start = round(
            float(problem.trips.start_min[i] - problem.busy_before_min[i, t]),
            TIME_DECIMALS,
        )
        if self.free_at[v] > busy_start:
            return False
        km = float(problem.trips.distance_km[i])
        if self.km_used[v] + km > self.budget_km[v] + 1e-9:
            return False
        if km > self.day_room_km(problem, v, i) + 1e-9:
            return False
        charge = self.charge_at(
            v, float(problem.trips.start_min[i]), float(problem.range_factor[i])
        )
        return charge - km >= -SOC_TOL_KM

    def may_fit(self, problem: AllocationProblem, i: int) -> npt.NDArray[np.bool_]:
        """``fits`` for every vehicle at once, loosened by a hair so that it never
        says no where ``fits`` says yes (a filter before ``fits``: with thousands of
        vehicles one test each in Python is too slow)."""
        t = self.type_of
        ok = problem.feasible[i, t].copy()
        start = float(problem.trips.start_min[i])
        ok &= self.free_at <= start - problem.busy_before_min[i, t] + 1e-5
        km = float(problem.trips.distance_km[i])
        ok &= self.km_used + km <= self.budget_km + 1e-6
        for v in np.flatnonzero(np.isfinite(self.day_cap_km) & ok).tolist():
            ok[v] = km <= self.day_room_km(problem, v, i) + 1e-6
        limited = np.isfinite(self.cap_km)
        if limited.any():
            cap = self.cap_km[limited] * float(problem.range_factor[i])
            soc = self.soc_km[limited]
            last = self.last_end[limited]
            parked = np.isfinite(last)
            gained = np.zeros(len(soc))
            gained[parked] = self.rate_km_per_min[limited][parked] * np.maximum(
                0.0, start - last[parked]
            )
            charge = np.minimum(cap, soc + gained)
            ok[limited] &= charge - km >= -SOC_TOL_KM - 1e-6
        return ok
