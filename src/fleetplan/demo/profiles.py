"""Daily usage profiles of the demo groups: which trips each group wants on a day.

Each profile takes (rng, day, day_start_s) and returns that day's ``Job`` list.
Times are minutes after local midnight. The shapes:

- pool: 21 bookings on a normal working day (9-10 and 12-13 busiest); their km are
  set after assignment so that exactly 22.5 % are under 6 km (see ``municipality``);
- home care: day shift 07-15 (32 staff on weekdays, 24 on days off, two routes each
  with a break), evening 15-23 (14 / 12 staff), night 23-07 (3 staff);
- minibuses: day care outings in the morning, youth clubs in the afternoon and
  evening (long weekend trips), residential care every day incl. weekends;
- vans: 1-3 trips per crew on working days; roads and parks busiest in summer;
- bikes: short trips, mostly May-September.

Office-like profiles scale with ``workdays.office_activity`` (quiet in July).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from fleetplan.demo.schedule import Job, make_job
from fleetplan.demo.workdays import is_day_off, office_activity

Profile = Callable[[np.random.Generator, date, int], list[Job]]


def _u(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high))


def _lognormal(rng: np.random.Generator, median: float, sigma: float) -> float:
    return float(median * np.exp(sigma * rng.standard_normal()))


def _bike_season(day: date) -> float:
    return 1.0 if 5 <= day.month <= 9 else 0.5


_POOL_HOURS = np.arange(8, 16)
_POOL_WEIGHTS = np.array([8, 14, 12, 9, 11, 10, 7, 4], dtype=float)


def pool(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    """Town-hall pool bookings; km are placeholders set later."""
    n = int(rng.poisson(21 * office_activity(day) if not is_day_off(day) else 0.5))
    hours = rng.choice(_POOL_HOURS, size=n, p=_POOL_WEIGHTS / _POOL_WEIGHTS.sum())
    jobs = []
    for hour in hours:
        start = hour * 60 + _u(rng, 0, 60)
        duration = min(max(_lognormal(rng, 100, 0.5), 35), 300, 19 * 60 - start)
        legs = int(rng.integers(1, 4))
        jobs.append(make_job(rng, t0, start, duration, 10.0, legs, 40))
    return jobs


def visitation(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.poisson(6 * office_activity(day)))
    return [
        make_job(
            rng,
            t0,
            _u(rng, 8 * 60, 14 * 60),
            min(max(_lognormal(rng, 110, 0.4), 40), 240),
            min(max(_lognormal(rng, 18, 0.5), 3), 70),
            int(rng.integers(1, 5)),
            40,
        )
        for _ in range(n)
    ]


def _bikes(
    rng: np.random.Generator, t0: int, n: int, start: tuple[float, float],
    duration: tuple[float, float], km: tuple[float, float], legs: tuple[int, int],
) -> list[Job]:  # fmt: skip
    return [
        make_job(
            rng,
            t0,
            _u(rng, *start),
            _u(rng, *duration),
            _u(rng, *km),
            int(rng.integers(legs[0], legs[1] + 1)),
            14,
        )
        for _ in range(n)
    ]


def townhall_bikes(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.poisson(3 * office_activity(day) * _bike_season(day)))
    return _bikes(rng, t0, n, (540, 840), (30, 120), (2, 9), (1, 2))


def home_care_bikes(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.binomial(2, 0.6 * _bike_season(day)))
    return _bikes(rng, t0, n, (450, 540), (120, 240), (6, 16), (3, 6))


def daycare_bike(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.binomial(1, 0.35 * office_activity(day) * _bike_season(day)))
    return _bikes(rng, t0, n, (570, 630), (60, 180), (2, 8), (1, 3))


def depot_bikes(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.binomial(2, 0.6 * _bike_season(day) * (not is_day_off(day))))
    return _bikes(rng, t0, n, (450, 570), (120, 300), (4, 14), (3, 8))


def _two_routes(
    rng: np.random.Generator, t0: int, first: tuple[float, float],
    route1: tuple[float, float], route2: tuple[float, float], last_end: float,
    km: tuple[float, float], legs: tuple[int, int],
) -> list[Job]:  # fmt: skip
    """One staff member's shift: a route, a 20-45 min break, a second route."""
    start = _u(rng, *first)
    duration = _u(rng, *route1)
    jobs = [
        make_job(rng, t0, start, duration, _u(rng, *km),
                 int(rng.integers(*legs)), 30)
    ]  # fmt: skip
    start2 = start + duration + _u(rng, 20, 45)
    duration2 = min(_u(rng, *route2), last_end - start2)
    if duration2 >= 45:
        jobs.append(
            make_job(rng, t0, start2, duration2, _u(rng, *km) * 0.7,
                     int(rng.integers(*legs)), 30)
        )  # fmt: skip
    return jobs


def home_care(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    off = is_day_off(day)
    jobs: list[Job] = []
    for _ in range((24 if off else 32) + int(rng.integers(-1, 2))):
        jobs += _two_routes(
            rng, t0, (425, 460), (210, 270), (120, 200), 890, (15, 40), (7, 13)
        )
    for _ in range((12 if off else 14) + int(rng.integers(-1, 2))):
        jobs += _two_routes(
            rng, t0, (920, 960), (150, 210), (90, 150), 1370, (10, 30), (5, 10)
        )
    for _ in range(3):
        jobs.append(
            make_job(rng, t0, _u(rng, 1390, 1460), _u(rng, 90, 180),
                     _u(rng, 8, 25), int(rng.integers(2, 5)), 30)
        )  # fmt: skip
        jobs.append(
            make_job(rng, t0, _u(rng, 180, 270), _u(rng, 60, 120),
                     _u(rng, 6, 18), int(rng.integers(2, 4)), 30)
        )  # fmt: skip
    return jobs


def home_nursing(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    off = is_day_off(day)
    jobs = [
        make_job(rng, t0, _u(rng, 480, 525), _u(rng, 300, 380), _u(rng, 30, 70),
                 int(rng.integers(5, 10)), 35)
        for _ in range(3 if off else 5)
    ]  # fmt: skip
    jobs += [
        make_job(rng, t0, _u(rng, 950, 990), _u(rng, 180, 300), _u(rng, 15, 40),
                 int(rng.integers(3, 7)), 35)
        for _ in range(2)
    ]  # fmt: skip
    return jobs


def _outings(
    rng: np.random.Generator, t0: int, n: int, start: tuple[float, float],
    duration: tuple[float, float], median_km: float, legs: int,
) -> list[Job]:  # fmt: skip
    return [
        make_job(rng, t0, _u(rng, *start), _u(rng, *duration),
                 _lognormal(rng, median_km, 0.5), int(rng.integers(1, legs + 1)), 45)
        for _ in range(n)
    ]  # fmt: skip


def daycare_minibus(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.binomial(9, 0.45 * office_activity(day)))
    return _outings(rng, t0, n, (525, 600), (150, 330), 30, 3)


def youth_minibus(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    if is_day_off(day):
        return _outings(rng, t0, int(rng.binomial(7, 0.12)), (540, 660), (360, 600),
                        120, 3)  # fmt: skip
    n = int(rng.binomial(7, 0.35 * office_activity(day)))
    return _outings(rng, t0, n, (840, 1050), (120, 300), 35, 3)


def residential_minibus(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    n = int(rng.binomial(9, 0.3 if is_day_off(day) else 0.5))
    jobs = _outings(rng, t0, n, (570, 840), (60, 240), 20, 4)
    jobs += _outings(rng, t0, int(rng.binomial(n, 0.3)), (900, 1020), (60, 150), 15, 2)
    return jobs


def _crews(
    rng: np.random.Generator, t0: int, crews: int, median_km: float
) -> list[Job]:
    jobs = []
    for _ in range(crews):
        start = _u(rng, 420, 465)
        for _ in range(int(rng.integers(1, 4))):
            duration = _u(rng, 45, 180)
            if start + duration > 930:
                break
            jobs.append(
                make_job(rng, t0, start, duration, _lognormal(rng, median_km, 0.6),
                         int(rng.integers(2, 6)), 35)
            )  # fmt: skip
            start += duration + _u(rng, 15, 60)
    return jobs


def technical(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    return _crews(rng, t0, int(rng.binomial(10, 0.85 * office_activity(day))), 18)


def roads_parks(rng: np.random.Generator, day: date, t0: int) -> list[Job]:
    if is_day_off(day):
        return _outings(rng, t0, int(rng.binomial(18, 0.08)), (420, 540), (120, 300),
                        20, 4)  # fmt: skip
    season = {5: 1.0, 6: 1.0, 7: 0.75, 8: 1.0, 9: 0.9}.get(day.month, 0.8)
    return _crews(rng, t0, int(rng.binomial(18, 0.85 * season)), 22)


PROFILES: dict[str, Profile] = {
    "pool": pool,
    "townhall_bikes": townhall_bikes,
    "visitation": visitation,
    "home_care": home_care,
    "home_care_bikes": home_care_bikes,
    "home_nursing": home_nursing,
    "residential_minibus": residential_minibus,
    "daycare_minibus": daycare_minibus,
    "daycare_bike": daycare_bike,
    "youth_minibus": youth_minibus,
    "technical": technical,
    "roads_parks": roads_parks,
    "depot_bikes": depot_bikes,
}
