"""Synthetic GPS traces from roundtrips, for tests and benchmarks (seeded).

Each roundtrip's stops lie on a random bearing from home, at
``x_k = 0.45 * min(km driven so far, km still to drive)``, so every segment of
length L joins points at most 0.45·L apart (the step of x between stops is at most
0.45 times the segment). A segment drives a two-leg detour A→C→B of exactly its
length at constant speed. On top: correlated GPS noise while driving (AR(1), as
receivers smooth), scattered drift while parked, a per-vehicle sampling interval
of 1–30 s (or, with ``irregular``, a fresh interval in that range before every
point, as real units report on change of heading and speed), signal gaps
(tunnels) inside segments, and optional ignition and odometer columns (the
odometer counts ``odometer_per_km`` units per km: 1/1.609344 for miles). Parked
vehicles report every ``parked_report_s`` seconds, or not at all when it is None
(units that sleep with the ignition off: gaps of hours between work days).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps.geo import offset_deg
from fleetplan.ingest.gps.readers import POINT_SCHEMA, empty_points


@dataclass(frozen=True, slots=True)
class TraceOptions:
    sample_s: tuple[float, float] = (1.0, 30.0)
    noise_m: float = 4.0
    drift_m: float = 10.0
    parked_report_s: float = 300.0
    tunnel_probability: float = 0.1
    tunnel_s: tuple[float, float] = (40.0, 150.0)
    home_spread_m: float = 40.0
    ignition: bool = False
    odometer: bool = False
    irregular: bool = False
    odometer_per_km: float = 1.0
    report_parked: bool = True


def _ar1(rng: np.random.Generator, n: int, sigma: float, dt_s: float) -> np.ndarray:
    """AR(1) noise with standard deviation sigma and a 30 s correlation time."""
    phi = float(np.exp(-dt_s / 30.0))
    shocks = rng.normal(0.0, sigma * np.sqrt(1.0 - phi * phi), n)
    out = np.empty(n)
    prev = rng.normal(0.0, sigma)
    for i in range(n):  # short per-segment arrays; a recurrence, not per point work
        prev = phi * prev + shocks[i]
        out[i] = prev
    return out


def generate_trace(
    roundtrips: Sequence[Roundtrip],
    homes: Mapping[str, tuple[float, float]],
    seed: int = 0,
    options: TraceOptions | None = None,
) -> pl.DataFrame:
    """Points (``POINT_SCHEMA``) for every vehicle's roundtrips, sorted by vehicle and
    time. ``homes`` maps location id to (lat, lon)."""
    opts = options or TraceOptions()
    rng = np.random.default_rng(seed)
    parts: list[dict[str, np.ndarray]] = []
    by_vehicle: dict[str, list[Roundtrip]] = {}
    for rt in roundtrips:
        by_vehicle.setdefault(rt.vehicle_id, []).append(rt)
    for vehicle_id in sorted(by_vehicle):
        trips = sorted(by_vehicle[vehicle_id], key=lambda r: r.start_time)
        sample_s = float(rng.uniform(*opts.sample_s))
        bay = rng.normal(0.0, opts.home_spread_m / 2.0, 2)  # its parking bay
        odo_km = float(rng.uniform(1_000, 90_000))
        for k, rt in enumerate(trips):
            home_lat, home_lon = homes[rt.location_id]
            segments = rt.segments or (
                Segment(rt.start_time, rt.end_time, rt.distance_km),
            )
            kms = np.array([s.distance_km for s in segments])
            prefix = np.concatenate(([0.0], np.cumsum(kms)))
            stop_x = 0.45 * np.minimum(prefix, prefix[-1] - prefix) * 1000.0
            bearing = rng.uniform(0, 2 * np.pi)
            ux, uy = np.cos(bearing), np.sin(bearing)
            for j, seg in enumerate(segments):
                parts.append(
                    _drive(
                        rng,
                        seg,
                        stop_x[j],
                        stop_x[j + 1],
                        (ux, uy),
                        bay,
                        (home_lat, home_lon),
                        sample_s,
                        odo_km,
                        opts,
                        vehicle_id,
                    )
                )
                odo_km += seg.distance_km
                gap_end = (
                    segments[j + 1].start_time
                    if j + 1 < len(segments)
                    else (trips[k + 1].start_time if k + 1 < len(trips) else None)
                )
                parked_x = stop_x[j + 1]
                parts.append(
                    _park(
                        rng,
                        seg.end_time,
                        gap_end,
                        parked_x,
                        (ux, uy),
                        bay,
                        (home_lat, home_lon),
                        odo_km,
                        opts,
                        vehicle_id,
                    )
                )
    if not parts:
        return empty_points()
    cols = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    frame = pl.DataFrame(cols).with_columns(
        pl.col("time").cast(pl.Datetime("us")),
        pl.col("ignition").cast(pl.Int8),
    )
    if not opts.ignition:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Int8).alias("ignition"))
    if not opts.odometer:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("odometer_km"))
    return frame.select(list(POINT_SCHEMA)).sort(["vehicle_id", "time"])


def _points(vehicle_id, t_us, lat, lon, ignition, odo) -> dict[str, np.ndarray]:
    n = t_us.size
    return {
        "vehicle_id": np.full(n, vehicle_id, dtype=object),
        "time": t_us.astype("datetime64[us]"),
        "lat": lat,
        "lon": lon,
        "ignition": np.full(n, ignition, dtype=np.int8),
        "odometer_km": odo,
    }


def _to_us(value: datetime) -> int:
    return int(np.datetime64(value, "us").astype(np.int64))


def _drive(
    rng: np.random.Generator,
    seg: Segment,
    xa_m: float,
    xb_m: float,
    unit: tuple[float, float],
    bay: np.ndarray,
    home: tuple[float, float],
    sample_s: float,
    odo_km: float,
    opts: TraceOptions,
    vehicle_id: str,
) -> dict[str, np.ndarray]:
    start_us = _to_us(seg.start_time)
    duration_s = (_to_us(seg.end_time) - start_us) / 1e6
    length_m = seg.distance_km * 1000.0
    ux, uy = unit
    a = bay + xa_m * np.array([ux, uy])
    b = bay + xb_m * np.array([ux, uy])
    half = length_m / 2.0
    h = np.sqrt(max(half**2 - (np.linalg.norm(b - a) / 2.0) ** 2, 0.0))
    c = (a + b) / 2.0 + h * np.array([-uy, ux]) * rng.choice([-1.0, 1.0])
    if opts.irregular:
        steps = rng.uniform(*opts.sample_s, int(duration_s / opts.sample_s[0]) + 2)
        t_s = np.concatenate(([0.0], np.cumsum(steps)))
        t_s = np.append(t_s[t_s < duration_s], max(duration_s, 0.0))
    else:
        t_s = np.append(
            np.arange(0.0, max(duration_s, 0.0), sample_s), max(duration_s, 0)
        )
    frac = np.where(duration_s > 0, t_s / max(duration_s, 1e-9), 1.0)
    s_m = frac * length_m
    first = (s_m <= half)[:, None]
    leg1 = a + (c - a) * (s_m / max(half, 1e-9))[:, None]
    leg2 = c + (b - c) * ((s_m - half) / max(half, 1e-9))[:, None]
    pos = np.where(first, leg1, leg2)
    if t_s.size > 1 and rng.random() < opts.tunnel_probability:
        tunnel_s = rng.uniform(*opts.tunnel_s)
        if duration_s > 3 * tunnel_s:
            t0 = rng.uniform(duration_s / 3, 2 * duration_s / 3 - tunnel_s)
            keep = (t_s < t0) | (t_s > t0 + tunnel_s)
            t_s, s_m, pos = t_s[keep], s_m[keep], pos[keep]
    east = pos[:, 0] + _ar1(rng, t_s.size, opts.noise_m, sample_s)
    north = pos[:, 1] + _ar1(rng, t_s.size, opts.noise_m, sample_s)
    lat, lon = offset_deg(home[0], home[1], east, north)
    t_us = start_us + np.round(t_s * 1e6).astype(np.int64)
    odo = (odo_km + s_m / 1000.0) * opts.odometer_per_km
    return _points(vehicle_id, t_us, lat, lon, 1, odo)


def _park(
    rng: np.random.Generator,
    t_from: datetime,
    t_to: datetime | None,
    x_m: float,
    unit: tuple[float, float],
    bay: np.ndarray,
    home: tuple[float, float],
    odo_km: float,
    opts: TraceOptions,
    vehicle_id: str,
) -> dict[str, np.ndarray]:
    from_us = _to_us(t_from)
    to_us = _to_us(t_to) if t_to is not None else from_us + 3_600_000_000
    step_us = int(opts.parked_report_s * 1e6)
    t_us = np.arange(from_us + step_us, to_us - step_us // 10, step_us, dtype=np.int64)
    if not opts.report_parked:
        t_us = t_us[:0]
    base = bay + x_m * np.array(unit)
    east = base[0] + rng.normal(0.0, opts.drift_m / 2.0, t_us.size)
    north = base[1] + rng.normal(0.0, opts.drift_m / 2.0, t_us.size)
    lat, lon = offset_deg(home[0], home[1], east, north)
    odo = np.full(t_us.size, odo_km * opts.odometer_per_km)
    return _points(vehicle_id, t_us, lat, lon, 0, odo)
