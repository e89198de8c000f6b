"""Seeded random allocation instances where charge, km budgets and bike days bind.

Each instance has 1–4 days, 1–3 locations (pooled with a transfer time in about
half of those with several), and 2–5 vehicles: always a short-range EV (40–150 km)
on a slow charger (2.3–3.7 kW, so 11–26 km of range per hour: a short night does
not fill it), always a petrol car whose allowed km/year leaves it 15–50 % of the
trips' km over the period, a bike or e-bike with a daily km limit from three
vehicles on, and more of any kind after that. Trips mix short rides inside the bike
slot (08:00–18:00, ridable at bike speed), day trips, evening trips and
early-morning trips (so that an EV's night is short), the car trips' km scaled
to the first EV's range. A third of the instances lie in January (the winter
range factor of ``ProblemParams``).

Prices make every vehicle cheaper than the external option (15 kr + 2.2 kr/km), a
bike cheaper than an EV and an EV cheaper than a petrol car, so each limit that
stops a cheaper vehicle from taking a trip raises the optimum.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from fleetplan.domain import Fuel, Period, Roundtrip, RunSettings, Vehicle, VehicleType
from fleetplan.simulate.fleet import FleetEntry
from fleetplan.simulate.problem import AllocationProblem, ProblemParams, build_problem

SMALL_TRIPS = (4, 12)
LARGE_TRIPS = (15, 40)
EXTERNAL_FIXED_DKK = 15.0
EXTERNAL_DKK_PER_KM = 2.2
BIKE_KMH = 8.0  # the default BikeRules' bike speed: rides slower than this fit both


def cost_per_km(vehicle: Vehicle) -> float:
    """Energy + CO2e per km: bikes < EVs < petrol cars < the external option."""
    if vehicle.vehicle_type is VehicleType.EV:
        return 0.3 + (vehicle.wltp_wh_per_km or 150.0) / 1000.0
    if vehicle.vehicle_type is VehicleType.BIKE:
        return 0.05
    if vehicle.vehicle_type is VehicleType.EBIKE:
        return 0.08
    return 0.8 + 10.0 / (vehicle.wltp_km_per_l or 15.0)


def external_cost(km: float, start: datetime, end: datetime, *_: object) -> float:
    """By km only (later arguments, such as the vehicle that drove the trip, are
    ignored)."""
    return EXTERNAL_FIXED_DKK + EXTERNAL_DKK_PER_KM * km


@dataclass(frozen=True)
class Instance:
    """Roundtrips, fleet and settings of one random instance."""

    seed: int
    roundtrips: tuple[Roundtrip, ...]
    fleet: tuple[FleetEntry, ...]
    period: Period
    params: ProblemParams

    def problem(self) -> AllocationProblem:
        return build_problem(
            self.roundtrips,
            self.fleet,
            current_vehicles=(),
            settings=RunSettings(turnaround_min=5.0),
            period=self.period,
            cost_per_km=cost_per_km,
            external_cost=external_cost,
            params=self.params,
        )


# (share, first start, last start (hours), duration range (min), km range: for
# car trips as shares of the first EV's range, so that two of them in a day
# often drain it)
_TRIP_KINDS = {
    "bike": (0.35, 8.0, 16.0, (30, 150), (1.5, 9.5)),
    "day": (0.35, 7.0, 16.0, (30, 150), (0.3, 0.9)),
    "evening": (0.15, 17.0, 21.0, (60, 180), (0.3, 0.9)),
    "early": (0.15, 5.0, 7.5, (30, 180), (0.3, 0.9)),
}


def _trip(
    rng: random.Random, k: int, day: datetime, location: str, range_km: float
) -> Roundtrip:
    kinds = list(_TRIP_KINDS)
    kind = rng.choices(kinds, weights=[_TRIP_KINDS[x][0] for x in kinds])[0]
    _, first, last, (dmin, dmax), (kmin, kmax) = _TRIP_KINDS[kind]
    start_min = 5 * rng.randint(int(first * 12), int(last * 12))
    duration = 5 * rng.randint(dmin // 5, dmax // 5)
    if kind == "bike":
        duration = min(duration, 18 * 60 - start_min)
        kmax = min(kmax, BIKE_KMH * duration / 60.0)
    else:
        kmin, kmax = max(5.0, kmin * range_km), kmax * range_km
    km = round(rng.uniform(kmin, kmax), 1)
    start = day + timedelta(minutes=start_min)
    # each roundtrip its own driver: a shared one would shorten the turnaround
    # to the gap it had between trips
    return Roundtrip(
        f"r{k}",
        f"driver{k}",
        location,
        start,
        start + timedelta(minutes=duration),
        km,
    )


def _vehicle(
    rng: random.Random,
    k: int,
    kind: str,
    home: str,
    budget_km: float,
    days: int,
    range_km: float,
) -> Vehicle:
    allowed = round(budget_km * 365.0 / days, 3)
    if kind == "ev":
        return Vehicle(
            f"ev{k}",
            VehicleType.EV,
            Fuel.ELECTRIC,
            wltp_wh_per_km=round(rng.uniform(160.0, 250.0), 1),
            range_km=range_km,
            charge_kw=round(rng.uniform(2.3, 3.7), 2),
            location_id=home,
            km_per_year_allowed=allowed if rng.random() < 0.3 else None,
        )
    if kind == "ice":
        return Vehicle(
            f"ice{k}",
            VehicleType.ICE,
            Fuel.PETROL,
            wltp_km_per_l=round(rng.uniform(12.0, 22.0), 1),
            location_id=home,
            km_per_year_allowed=allowed,
        )
    return Vehicle(
        f"{kind}{k}",
        VehicleType.EBIKE if kind == "ebike" else VehicleType.BIKE,
        Fuel.NONE,
        range_km=round(rng.uniform(4.0, 10.0), 1),
        location_id=home,
    )


def _ev_range(rng: random.Random) -> float:
    return round(rng.triangular(40.0, 150.0, 50.0), 1)


def generate(seed: int, large: bool = False) -> Instance:
    """The instance of ``seed`` (4–12 trips, or 15–40 when ``large``)."""
    rng = random.Random(seed * 2 + int(large))
    low, high = LARGE_TRIPS if large else SMALL_TRIPS
    n_trips = rng.randint(low, high)
    days = rng.randint(1, max(1, min(4, n_trips // 4)))
    month = rng.choice([1, 3, 5])
    origin = datetime(2026, month, rng.randint(1, 20))
    locations = [f"L{k + 1}" for k in range(rng.randint(1, 3))]
    pooled = len(locations) > 1 and rng.random() < 0.5
    params = ProblemParams(
        transfer_min=float(rng.choice([10, 20, 30, 45])) if pooled else None,
        transfer_cost_dkk=float(rng.choice([0, 5, 10])) if pooled else 0.0,
    )
    first_range = _ev_range(rng)
    roundtrips = tuple(
        _trip(
            rng,
            k,
            origin + timedelta(days=rng.randrange(days)),
            rng.choices(locations, weights=[3, 1, 1][: len(locations)])[0],
            first_range,
        )
        for k in range(n_trips)
    )
    total_km = sum(r.distance_km for r in roundtrips)
    n_vehicles = rng.choice([2, 3, 3, 4, 4, 5])
    kinds = ["ev", "ice", rng.choice(["bike", "ebike"])][:n_vehicles]
    kinds += rng.choices(["ev", "ice", "bike", "ebike"], k=n_vehicles - len(kinds))
    # the first EV and the bike at the busiest location, the others anywhere
    homes = [
        locations[0] if k in (0, 2) else rng.choice(locations)
        for k in range(n_vehicles)
    ]
    fleet = tuple(
        FleetEntry(
            _vehicle(
                rng,
                k,
                kind,
                homes[k],
                rng.uniform(0.15, 0.5) * total_km,
                days,
                first_range if k == 0 else _ev_range(rng),
            )
        )
        for k, kind in enumerate(kinds)
    )
    period = Period(origin, origin + timedelta(days=days))
    return Instance(seed, roundtrips, fleet, period, params)
