"""The demo municipality: a seeded, Ballerup-shaped fleet with six months of trips.

``build_demo_dataset(seed)`` returns 5 locations, 120 current vehicles (see
``fleet``), 14 candidate models (see ``catalogue``) and the roundtrips with segments
of 2026-05-01 to 2026-10-31 (local times), shaped by ``profiles``: busy weekdays,
quiet weekends, holidays (Ascension, Whit Monday, Grundlovsdag) and a quiet July.

Data-quality problems planted on purpose (also listed in ``meta["planted_problems"]``):

- ``lease_ended``: the first home-care car (vehicle "21") has a lease that ended on
  2025-08-31, yet it drives until the end of the data;
- ``location_changed``: the first roads-and-parks van (vehicle "101") is registered
  at the town hall (location "1"), but all its trips start at the Måløv depot ("5");
- ``inactive``: the first visitation car (vehicle "16") has no trips after
  2026-09-23, the last five weeks of the data (a GPS fault or an idle car).

Every other lease ends after today (2026-11-24). Same seed, same dataset.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from fleetplan.demo import places
from fleetplan.demo.catalogue import CANDIDATE_KEYS, CATALOGUE_SOURCES, MODELS
from fleetplan.demo.fleet import FleetGroup, build_fleet
from fleetplan.demo.profiles import PROFILES
from fleetplan.demo.schedule import Job, assign
from fleetplan.demo.settings import HOME_CARE_SHIFTS, settings_block
from fleetplan.demo.trips import TripArrays, build_roundtrips
from fleetplan.domain import Dataset, LeaseType, Vehicle

START = date(2026, 5, 1)
DAYS = 184  # 2026-05-01 .. 2026-10-31
SHORT_TRIP_KM = 6.0
POOL_SHORT_SHARE = 0.225  # strategy (seed 000): 20-25 % of pool trips under 6 km
LEASE_ENDED_ON = date(2025, 8, 31)
INACTIVE_FROM = date(2026, 9, 24)


def _planted(groups: dict[str, FleetGroup]) -> dict[str, str]:
    return {
        "lease_ended": groups["home_care"].vehicle_ids[0],
        "location_changed": groups["roads_parks"].vehicle_ids[0],
        "inactive": groups["visitation"].vehicle_ids[0],
    }


def _pool_km(
    rng: np.random.Generator, jobs: list[tuple[int, Job]]
) -> list[tuple[int, Job]]:
    """Give exactly round(22.5 %) of the pool's trips 1-5.9 km, the rest >= 6.5 km."""
    n = len(jobs)
    short = np.zeros(n, dtype=bool)
    short[rng.choice(n, size=round(POOL_SHORT_SHARE * n), replace=False)] = True
    out = []
    for (vehicle, job), is_short in zip(jobs, short, strict=True):
        if is_short:
            km = rng.uniform(1.0, 5.9)
        else:
            cap = job.duration_s / 3600.0 * job.speed_kmh * 0.85
            km = min(max(22.0 * np.exp(0.6 * rng.standard_normal()), 6.5), cap)
        out.append((vehicle, replace(job, distance_km=round(float(km), 3))))
    return out


def _drive(
    seed: int,
    groups: list[FleetGroup],
    origin: datetime,
    inactive_vehicle: str,
    location_index: dict[str, int],
) -> tuple[TripArrays, int]:
    rows: list[tuple[int, int, Job]] = []
    dropped = 0
    cutoff = {int(inactive_vehicle): (INACTIVE_FROM - START).days * 86_400}
    for number, group in enumerate(groups):
        rng = np.random.default_rng([seed, 1, number])
        profile = PROFILES[group.spec.profile]
        vehicles = [int(v) for v in group.vehicle_ids]
        busy: dict[int, int] = {}
        assigned: list[tuple[int, Job]] = []
        for offset in range(DAYS):
            day_jobs = [
                job
                for job in profile(rng, START + timedelta(days=offset), offset * 86_400)
                if job.start_s + job.duration_s <= DAYS * 86_400
            ]
            got, lost = assign(
                day_jobs,
                vehicles,
                rng,
                active_until_s=cutoff,
                busy_until=busy,
                preference=group.spec.preference,
            )
            assigned += got
            dropped += lost
        if group.spec.profile == "pool":
            assigned = _pool_km(rng, assigned)
        loc = location_index[group.spec.location_id]
        rows += [(vehicle, loc, job) for vehicle, job in assigned]
    arrays = TripArrays(
        vehicle=np.array([v - 1 for v, _, _ in rows], dtype=np.int64),
        location=np.array([loc for _, loc, _ in rows], dtype=np.int64),
        start_s=np.array([j.start_s for _, _, j in rows], dtype=np.int64),
        end_s=np.array([j.start_s + j.duration_s for _, _, j in rows], dtype=np.int64),
        distance_km=np.array([j.distance_km for _, _, j in rows]),
        legs=np.array([j.legs for _, _, j in rows], dtype=np.int64),
        speed_kmh=np.array([j.speed_kmh for _, _, j in rows]),
    )
    return arrays, dropped


def _candidates(first_id: int) -> list[Vehicle]:
    return [
        MODELS[key].vehicle(
            str(first_id + i), is_candidate=True, lease_type=LeaseType.OPERATIONAL
        )
        for i, key in enumerate(CANDIDATE_KEYS)
    ]


def build_demo_dataset(seed: int = 2750) -> Dataset:
    """The demo municipality (deterministic for a given ``seed``)."""
    vehicles, group_list = build_fleet(np.random.default_rng([seed, 0]))
    groups = {g.spec.profile: g for g in group_list}
    planted = _planted(groups)
    by_id = {v.vehicle_id: v for v in vehicles}
    by_id[planted["lease_ended"]] = replace(
        by_id[planted["lease_ended"]],
        lease_type=LeaseType.OPERATIONAL,
        lease_start=date(2021, 9, 1),
        lease_end=LEASE_ENDED_ON,
    )
    by_id[planted["location_changed"]] = replace(
        by_id[planted["location_changed"]], location_id=places.TOWN_HALL
    )
    vehicles = [by_id[v.vehicle_id] for v in vehicles]
    location_ids = [loc.location_id for loc in places.DEMO_LOCATIONS]
    origin = datetime(START.year, START.month, START.day)
    arrays, dropped = _drive(
        seed,
        group_list,
        origin,
        planted["inactive"],
        {loc: i for i, loc in enumerate(location_ids)},
    )
    roundtrips = build_roundtrips(
        arrays,
        [v.vehicle_id for v in vehicles],
        location_ids,
        origin,
        np.random.default_rng([seed, 2]),
    )
    candidates = _candidates(len(vehicles) + 1)
    meta = _meta(seed, vehicles, candidates, roundtrips, planted, dropped)
    return Dataset(
        locations=places.DEMO_LOCATIONS,
        vehicles=(*vehicles, *candidates),
        roundtrips=roundtrips,
        meta=meta,
    )


def _meta(
    seed: int,
    vehicles: list[Vehicle],
    candidates: list[Vehicle],
    roundtrips: tuple[Any, ...],
    planted: dict[str, str],
    dropped: int,
) -> dict[str, Any]:
    km = [r.distance_km for r in roundtrips]
    end = START + timedelta(days=DAYS)
    fleet_mix: dict[str, int] = {}
    for v in (*vehicles, *candidates):
        label = v.name + (" (candidate)" if v.is_candidate else "")
        fleet_mix[label] = fleet_mix.get(label, 0) + 1
    return {
        "name": "ballerup_demo",
        "generator": "fleetplan.demo v1",
        "source": "synthetic demo shaped like Ballerup Kommune (seeds 000, 002)",
        "seed": seed,
        "period": {
            "start": f"{START.isoformat()}T00:00:00",
            "end": f"{end.isoformat()}T00:00:00",
            "days": DAYS,
            "timezone": "Europe/Copenhagen (local, no offset)",
        },
        "counts": {
            "locations": len(places.DEMO_LOCATIONS),
            "vehicles": len(vehicles),
            "candidate_vehicles": len(candidates),
            "roundtrips": len(roundtrips),
            "segments": sum(len(r.segments) for r in roundtrips),
            "roundtrips_dropped_no_free_car": dropped,
        },
        "stats": {
            "total_km": round(sum(km), 1),
            "median_km": round(statistics.median(km), 2) if km else 0.0,
            "fossil_share": round(
                sum(v.is_fossil for v in vehicles) / len(vehicles), 3
            ),
        },
        "fleet_mix": fleet_mix,
        "candidate_vehicle_ids": [v.vehicle_id for v in candidates],
        "catalogue_sources": CATALOGUE_SOURCES,
        "candidate_cost_sources": {
            v.vehicle_id: MODELS[key].cost_source
            for v, key in zip(candidates, CANDIDATE_KEYS, strict=True)
        },
        "planted_problems": [
            {
                "kind": "lease_ended",
                "vehicle_id": planted["lease_ended"],
                "detail": f"lease ended {LEASE_ENDED_ON}, still drives to the end",
            },
            {
                "kind": "location_changed",
                "vehicle_id": planted["location_changed"],
                "registered_location_id": places.TOWN_HALL,
                "trips_location_id": places.DEPOT,
                "detail": "registered at the town hall, drives from the depot",
            },
            {
                "kind": "inactive",
                "vehicle_id": planted["inactive"],
                "last_trip_before": INACTIVE_FROM.isoformat(),
                "detail": "no trips in the last five weeks (GPS fault or idle)",
            },
        ],
        "settings": settings_block(HOME_CARE_SHIFTS),
        "shift_note": "home-care shifts (day, evening, night) at every location",
    }
