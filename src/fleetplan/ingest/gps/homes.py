"""Suggest home locations from where vehicles stay long, to register a location or
a parking point (the positions are returned to the caller, never stored here).

Stays are the times between a vehicle's trips (and before its first and after its
last trip in the data) of at least ``min_stay_h``, placed where the earlier trip
ended. They are binned on a grid of ``cell_m`` metres; a candidate scores the stay
hours in its cell and the 8 around it, and its position is the stay-weighted mean
there. Greedy: the best cell, then the best one not touching an earlier pick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from fleetplan.domain import Location
from fleetplan.ingest.gps.clean import clean_points
from fleetplan.ingest.gps.geo import HomeIndex
from fleetplan.ingest.gps.settings import GpsSettings
from fleetplan.ingest.gps.trips import points_to_trips


@dataclass(frozen=True, slots=True)
class HomeCandidate:
    lat: float
    lon: float
    vehicles: int
    stay_h: float
    nearest_location_id: str | None
    distance_m: float | None


def _stays(points: pl.DataFrame, trips: pl.DataFrame) -> pl.DataFrame:
    """One row per stay: vehicle_id, lat, lon, stay_h."""
    span = points.group_by("vehicle_id").agg(
        pl.col("time").first().alias("first_time"),
        pl.col("time").last().alias("last_time"),
        pl.col("lat").median().alias("lat"),
        pl.col("lon").median().alias("lon"),
    )
    ordered = trips.sort("vehicle_id", "start_time")
    between = ordered.with_columns(
        pl.col("start_time").shift(-1).over("vehicle_id").alias("next_start")
    ).join(span.select("vehicle_id", "last_time"), on="vehicle_id")
    after = between.select(
        "vehicle_id",
        pl.col("end_lat").alias("lat"),
        pl.col("end_lon").alias("lon"),
        (pl.coalesce("next_start", "last_time") - pl.col("end_time")).alias("stay"),
    )
    first_trips = ordered.group_by("vehicle_id").agg(pl.all().first())
    before = first_trips.join(
        span.select("vehicle_id", "first_time"), on="vehicle_id"
    ).select(
        "vehicle_id",
        pl.col("start_lat").alias("lat"),
        pl.col("start_lon").alias("lon"),
        (pl.col("start_time") - pl.col("first_time")).alias("stay"),
    )
    idle = span.join(
        trips.select("vehicle_id").unique(), on="vehicle_id", how="anti"
    ).select(
        "vehicle_id",
        "lat",
        "lon",
        (pl.col("last_time") - pl.col("first_time")).alias("stay"),
    )
    return pl.concat([after, before, idle]).select(
        "vehicle_id",
        "lat",
        "lon",
        (pl.col("stay").dt.total_seconds() / 3600).alias("stay_h"),
    )


def suggest_homes(
    points: pl.DataFrame,
    locations: Sequence[Location] = (),
    settings: GpsSettings | None = None,
    *,
    min_stay_h: float = 2.0,
    cell_m: float = 100.0,
    top: int = 3,
) -> list[HomeCandidate]:
    """Up to ``top`` places where vehicles stay long, best first."""
    settings = settings or GpsSettings()
    cleaned, _ = clean_points(points, settings.max_speed_kmh)
    if cleaned.height == 0:
        return []
    stays = _stays(cleaned, points_to_trips(cleaned, settings)).filter(
        pl.col("stay_h") >= min_stay_h
    )
    if stays.height == 0:
        return []
    lat = stays["lat"].to_numpy()
    lon = stays["lon"].to_numpy()
    weight = stays["stay_h"].to_numpy()
    vehicles = stays["vehicle_id"].to_numpy()
    m_per_deg = 111_195.0
    row = np.floor(lat * m_per_deg / cell_m).astype(np.int64)
    col = np.floor(lon * m_per_deg * np.cos(np.radians(lat.mean())) / cell_m).astype(
        np.int64
    )
    cells = sorted(set(zip(row.tolist(), col.tolist(), strict=True)))
    taken: set[tuple[int, int]] = set()
    homes = HomeIndex(locations)
    out: list[HomeCandidate] = []
    for _ in range(top):
        best, best_score = None, 0.0
        for r, c in cells:
            if (r, c) in taken:
                continue
            near = (np.abs(row - r) <= 1) & (np.abs(col - c) <= 1)
            score = float(weight[near].sum())
            if score > best_score:
                best, best_score = (r, c), score
        if best is None:
            break
        near = (np.abs(row - best[0]) <= 1) & (np.abs(col - best[1]) <= 1)
        c_lat = float(np.average(lat[near], weights=weight[near]))
        c_lon = float(np.average(lon[near], weights=weight[near]))
        nearest_id, distance = None, None
        if homes.location_ids:
            d = homes.distances_m(np.array([c_lat]), np.array([c_lon]))[0]
            k = int(np.argmin(d))
            nearest_id, distance = homes.location_ids[k], float(d[k])
        out.append(
            HomeCandidate(
                c_lat,
                c_lon,
                len(set(vehicles[near].tolist())),
                best_score,
                nearest_id,
                distance,
            )
        )
        taken |= {
            (best[0] + i, best[1] + j)
            for i in (-2, -1, 0, 1, 2)
            for j in (-2, -1, 0, 1, 2)
        }
    return out
