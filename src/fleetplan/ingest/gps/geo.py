"""Great-circle distances on NumPy arrays (WGS84 sphere approximation), and the
registered home points they are measured to."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray

from fleetplan.domain import Location
from fleetplan.ingest.gps.block_pool import run_blocks

EARTH_RADIUS_M = 6_371_008.8

# Points per block of whole vehicles, for the per-point passes of a large log:
# a block's dozen arrays stay in memory the allocator reuses, where arrays as
# long as the log cost fresh pages (page faults were a quarter of the ingest's
# CPU) and memory traffic. 65,536 rather than 16,384: fewer NumPy calls per
# point, so on two threads (``block_pool``) less time holding the GIL (the
# drive flags 16.7 ms on one thread, 19.3 ms at 16,384; 12-14 ms on two, where
# 16,384 gained nothing); 262,144 is slower again.
BLOCK_POINTS = 1 << 16


def haversine_m(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Distance in metres between two arrays of positions (degrees), element-wise."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1))
    a = np.sin(dp / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def offset_deg(
    lat0: float, lon0: float, east_m: ArrayLike, north_m: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Positions ``east_m``/``north_m`` metres from (lat0, lon0), flat-earth locally."""
    east = np.asarray(east_m, dtype=np.float64)
    north = np.asarray(north_m, dtype=np.float64)
    dlat = np.degrees(north / EARTH_RADIUS_M)
    dlon = np.degrees(east / (EARTH_RADIUS_M * np.cos(np.radians(lat0))))
    return lat0 + dlat, lon0 + dlon


def step_m(
    lat1: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
    cos_lat1: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Distance in metres between nearby positions (equirectangular): within
    0.2 % of the haversine up to 100 km, at a fraction of its cost, which matters
    for the per-point steps of a large log. ``cos_lat1`` (the cosine of ``lat1``,
    computed once per log) saves the one trigonometric call left. In place
    after the two differences: fresh temporaries of a large log cost page
    faults more than the arithmetic."""
    k = np.pi / 180.0
    if cos_lat1 is None:
        cos_lat1 = np.cos((lat1 + lat2) * (k / 2.0))
    x = np.subtract(lon2, lon1)
    y = np.subtract(lat2, lat1)
    if not isinstance(x, np.ndarray) or not isinstance(y, np.ndarray):
        x = x * cos_lat1
        return EARTH_RADIUS_M * k * np.sqrt(x * x + y * y)  # type: ignore[no-any-return]
    x *= cos_lat1
    return _metres_in_place(x, y)


def _metres_in_place(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> NDArray[np.float64]:
    """R·k·sqrt(x² + y²) into ``x`` (``y`` is overwritten): the last steps of
    ``step_m`` and ``step_m_between``, in one order so both give the same bits."""
    np.multiply(x, x, out=x)
    np.multiply(y, y, out=y)
    x += y
    np.sqrt(x, out=x)
    x *= EARTH_RADIUS_M * (np.pi / 180.0)
    return x


def step_m_between(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    cos_lat: NDArray[np.float64],
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    out: NDArray[np.float64],
    spare: NDArray[np.float64],
    scratch: NDArray[np.float64],
) -> NDArray[np.float64]:
    """``step_m(lat[i], lon[i], lat[j], lon[j], cos_lat[i])`` into ``out``, with
    the same arithmetic in the same order (so the same bits), gathering into the
    caller's buffers ``spare`` and ``scratch`` instead of seven new arrays as
    long as the log."""
    np.take(lon, j, out=out, mode="clip")  # valid indices: "clip" is unbuffered
    out -= np.take(lon, i, out=scratch, mode="clip")
    np.take(lat, j, out=spare, mode="clip")
    spare -= np.take(lat, i, out=scratch, mode="clip")
    out *= np.take(cos_lat, i, out=scratch, mode="clip")
    return _metres_in_place(out, spare)


def cosines(lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """cos(lat) for degrees, in blocks on the pool's threads
    (``block_pool.run_blocks``): each block starts a multiple of
    ``BLOCK_POINTS`` from the array's start, so NumPy's vector loops see the
    same alignment and tail as over the whole array (the same bits)."""
    cos = np.empty_like(lat)

    def work(lo: int, hi: int) -> None:
        np.cos(np.radians(lat[lo:hi], out=cos[lo:hi]), out=cos[lo:hi])

    run_blocks([*range(0, lat.size, BLOCK_POINTS), lat.size], work)
    return cos


def vehicle_groups(frame: pl.DataFrame) -> NDArray[np.int64]:
    """A number per run of equal ``vehicle_id`` in a frame sorted by vehicle:
    integer comparisons instead of a NumPy array of Python strings."""
    return frame["vehicle_id"].rle_id().to_numpy().astype(np.int64)


def block_bounds(group: NDArray[np.int64], size: int) -> list[int]:
    """Row bounds of blocks of whole runs of ``group``, each the first run start
    at or after a multiple of ``size`` (a run longer than that is one block)."""
    n = group.size
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1], True])  # and n
    cuts = np.unique(starts[np.searchsorted(starts, np.arange(size, n, size))])
    return [0, *cuts[cuts < n].tolist(), n]


class HomeIndex:
    """Registered home points (locations with a position and their parking points)."""

    def __init__(self, locations: Sequence[Location]) -> None:
        ids: list[str] = []
        owner: list[int] = []
        lats: list[float] = []
        lons: list[float] = []
        for loc in locations:
            points = [(p.lat, p.lon) for p in loc.parking_points]
            if loc.lat is not None and loc.lon is not None:
                points.insert(0, (loc.lat, loc.lon))
            if not points:
                continue
            ids.append(loc.location_id)
            for lat, lon in points:
                owner.append(len(ids) - 1)
                lats.append(lat)
                lons.append(lon)
        self.location_ids = tuple(ids)
        self._owner = np.asarray(owner, dtype=np.int64)
        self._lat = np.asarray(lats, dtype=np.float64)
        self._lon = np.asarray(lons, dtype=np.float64)

    def distances_m(
        self, lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """(n positions × n locations): distance to each location's nearest point."""
        out = np.full((lat.size, len(self.location_ids)), np.inf)
        for k in range(self._owner.size):
            d = haversine_m(lat, lon, self._lat[k], self._lon[k])
            col = self._owner[k]
            out[:, col] = np.minimum(out[:, col], d)
        return out
