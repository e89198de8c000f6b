"""Synthetic municipal fleets of any size, for benchmarks.

Shaped like the reference synth sets (``reference/synth_*``, profile "office"):
the same five current models in the same proportions (ID.3 8, Octavia 10, Caddy 5,
Yaris 15, Zoe 12 per 50), the same four candidates (city bike, e-bike, Kona, MG4),
trips on weekdays mostly between 07:00 and 18:00 (about 2.1 per car on a weekday,
0.7 on a weekend day), median about 30 km, 1-4 segments each.

Trips are drawn vectorised per vehicle-day as a chain: the first starts 07:00 plus a
gamma-distributed delay (mean 90 min), each next one starts after the previous end
plus the 10-minute turnaround plus a gamma gap (mean 80 min); trips that would end
after 18:00 are dropped. So a vehicle's trips never overlap.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from fleetplan.demo.catalogue import MODELS, SYNTH_CANDIDATE_KEYS
from fleetplan.demo.fleet import lease_terms, unique_plate
from fleetplan.demo.places import synthetic_locations
from fleetplan.demo.settings import settings_block
from fleetplan.demo.trips import TripArrays, build_roundtrips
from fleetplan.domain import Dataset, LeaseType, Vehicle

SYNTH_MIX: tuple[tuple[str, int], ...] = (
    ("id3", 8),
    ("octavia_tdi", 10),
    ("caddy_tdi", 5),
    ("yaris_10", 15),
    ("zoe", 12),
)
DEPARTMENTS = ("Teknik og Miljø", "Ejendomme", "Socialpsykiatri", "Borgerservice")
ADMINISTRATIONS = ("Teknik og Miljø", "Social og Sundhed", "Borgerservice")
# P(0, 1, 2, 3 trips) on a weekday and on a weekend day
TRIPS_PER_DAY_P = {False: (0.08, 0.2, 0.29, 0.43), True: (0.5, 0.35, 0.12, 0.03)}
DAY_START_MIN = 7 * 60
DAY_END_MIN = 18 * 60
FIRST_DELAY_GAMMA = (2.0, 45.0)  # shape, scale in minutes: mean 90
GAP_GAMMA = (2.0, 40.0)  # mean 80 minutes between trips
TURNAROUND_MIN = 10
REFERENCE_SHIFTS: tuple[dict[str, str | None], ...] = (
    {"start": "07:00", "end": "15:00", "break": "12:00"},
    {"start": "15:00", "end": "23:00", "break": None},
    {"start": "23:00", "end": "07:00", "break": None},
)


def model_counts(n_vehicles: int) -> list[tuple[str, int]]:
    """Largest-remainder split of SYNTH_MIX: 50 -> 8/10/5/15/12, 7 -> 1/1/1/2/2."""
    total = sum(count for _, count in SYNTH_MIX)
    exact = [n_vehicles * count / total for _, count in SYNTH_MIX]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])[
        : n_vehicles - sum(counts)
    ]:
        counts[i] += 1
    return [(key, c) for (key, _), c in zip(SYNTH_MIX, counts, strict=True)]


def _fleet(
    rng: np.random.Generator, n_vehicles: int, location_ids: list[str]
) -> list[Vehicle]:
    keys = [key for key, count in model_counts(n_vehicles) for _ in range(count)]
    keys = [keys[i] for i in rng.permutation(n_vehicles)]
    plates: set[str] = set()
    vehicles = []
    for i, key in enumerate(keys):
        model = MODELS[key]
        lease_type, start, end = lease_terms(rng, bool(rng.random() < 0.2))
        vehicles.append(
            model.vehicle(
                str(i + 1),
                plate=unique_plate(rng, plates),
                location_id=location_ids[i % len(location_ids)],
                department=DEPARTMENTS[int(rng.integers(len(DEPARTMENTS)))],
                administration=ADMINISTRATIONS[int(rng.integers(len(ADMINISTRATIONS)))],
                lease_type=lease_type,
                lease_start=start,
                lease_end=end,
                annual_cost_dkk=round(
                    model.annual_cost_dkk * rng.uniform(0.95, 1.05), -2
                ),
            )
        )
    return vehicles


def _trips(
    rng: np.random.Generator, n_vehicles: int, days: int, start: date
) -> TripArrays:
    weekend = np.array(
        [(start + timedelta(days=d)).weekday() >= 5 for d in range(days)]
    )
    day = np.tile(np.arange(days), n_vehicles)
    vehicle = np.repeat(np.arange(n_vehicles), days)
    cum = np.cumsum(np.array([TRIPS_PER_DAY_P[False], TRIPS_PER_DAY_P[True]]), axis=1)
    u = rng.random(len(day))
    k = (u[:, None] > cum[weekend[day].astype(int)][:, :3]).sum(axis=1)
    starts, durations, wanted = [], [], []
    free_at = DAY_START_MIN + rng.gamma(*FIRST_DELAY_GAMMA, size=len(day))
    for j in range(3):
        duration = np.clip(75 * np.exp(0.5 * rng.standard_normal(len(day))), 15, 200)
        starts.append(free_at)
        durations.append(duration)
        wanted.append((j < k) & (free_at + duration <= DAY_END_MIN))
        free_at = free_at + duration + TURNAROUND_MIN + rng.gamma(*GAP_GAMMA, len(day))
    used = np.column_stack(wanted)
    vd, slot = np.nonzero(used)
    n = len(vd)
    start_min = np.column_stack(starts)[vd, slot]
    duration_min = np.column_stack(durations)[vd, slot]
    start_s = day[vd].astype(np.int64) * 86_400 + np.floor(start_min * 60).astype(
        np.int64
    )
    end_s = start_s + np.floor(duration_min * 60).astype(np.int64)
    km = 30 * np.exp(0.65 * rng.standard_normal(n))
    km = np.round(np.clip(km, 1.0, np.minimum(150.0, duration_min / 60 * 60)), 3)
    return TripArrays(
        vehicle=vehicle[vd],
        location=np.zeros(n, dtype=np.int64),
        start_s=start_s,
        end_s=end_s,
        distance_km=km,
        legs=1 + rng.binomial(3, 0.45, size=n),
        speed_kmh=np.full(n, 45.0),
    )


def build_synthetic_dataset(
    n_vehicles: int,
    days: int,
    *,
    seed: int = 1,
    locations: int = 1,
    start: date = date(2026, 1, 5),
    with_segments: bool = True,
) -> Dataset:
    """A seeded fleet of ``n_vehicles`` cars plus 4 candidates over ``days`` days."""
    if n_vehicles < 1 or days < 1:
        raise ValueError("n_vehicles and days must be >= 1.")
    rng = np.random.default_rng([seed, 7])
    locs = synthetic_locations(locations)
    location_ids = [loc.location_id for loc in locs]
    vehicles = _fleet(rng, n_vehicles, location_ids)
    trips = _trips(rng, n_vehicles, days, start)
    trips = TripArrays(
        trips.vehicle,
        trips.vehicle % len(location_ids),
        *(getattr(trips, name) for name in TripArrays.__slots__[2:]),
    )
    origin = datetime(start.year, start.month, start.day)
    roundtrips = build_roundtrips(
        trips,
        [v.vehicle_id for v in vehicles],
        location_ids,
        origin,
        rng,
        with_segments=with_segments,
    )
    candidates = [
        MODELS[key].vehicle(
            str(n_vehicles + 1 + i), is_candidate=True, lease_type=LeaseType.OPERATIONAL
        )
        for i, key in enumerate(SYNTH_CANDIDATE_KEYS)
    ]
    meta = _meta(n_vehicles, days, seed, locations, start, len(roundtrips), candidates)
    return Dataset(locs, (*vehicles, *candidates), roundtrips, meta)


def _meta(
    n_vehicles: int, days: int, seed: int, locations: int, start: date,
    n_roundtrips: int, candidates: list[Vehicle],
) -> dict[str, Any]:  # fmt: skip
    end = start + timedelta(days=days)
    return {
        "name": f"synth_{n_vehicles}v_{days}d",
        "generator": "fleetplan.demo.synthetic v1",
        "command": {
            "cars": n_vehicles,
            "days": days,
            "locations": locations,
            "seed": seed,
            "profile": "office",
            "start": start.isoformat(),
            "turnaround_min": TURNAROUND_MIN,
        },
        "seed": seed,
        "profile": "office",
        "period": {
            "start": f"{start.isoformat()}T00:00:00",
            "end": f"{end.isoformat()}T00:00:00",
            "days": days,
            "timezone": "Europe/Copenhagen (local, no offset)",
        },
        "counts": {
            "locations": locations,
            "vehicles": n_vehicles,
            "candidate_vehicles": len(candidates),
            "roundtrips": n_roundtrips,
        },
        "candidate_vehicle_ids": [v.vehicle_id for v in candidates],
        "settings": settings_block(REFERENCE_SHIFTS),
    }
