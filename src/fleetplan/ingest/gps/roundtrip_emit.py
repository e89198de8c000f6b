"""The planned runs' roundtrips (``roundtrip_runs``) as objects, built in bulk.

On a real-shaped log the objects cost more than all the planning: 20,000
``Segment`` and 6,400 ``Roundtrip`` objects with their sha1 ids. Here every
closed roundtrip of every planned run is measured at once (km in NumPy with the
bits of ``sum`` and ``round``: ``exact_sums``; the shortest-roundtrip rule on
microseconds);
objects are made only for the roundtrips kept, column by column, without the
constructors' per-object checks: a planned run's trips are valid segments (a run
with a null or backwards time or a negative km is replayed), so a roundtrip's
end is after its start and its km are not negative.
``emit_run`` then hands one run's share to the vehicle loop, with the same
objects, order and float sums as the trip-by-trip replay.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import repeat
from typing import Any, TypeVar

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.domain import Roundtrip, Segment
from fleetplan.ingest.gps.exact_sums import python_sums, round6
from fleetplan.ingest.gps.gc_pause import lasting_objects
from fleetplan.ingest.gps.roundtrip_loop import Rules, TripTable, VehicleOut
from fleetplan.ingest.gps.state import OpenRoundtrip, VehicleState, roundtrip_ids

T = TypeVar("T")


def bulk_new(cls: type[T], n: int, **columns: Sequence[Any]) -> list[T]:
    """``n`` instances of a slots dataclass from one sequence per field, set slot
    by slot without ``__init__`` (a third of its cost; no ``__post_init__``: the
    caller has checked every row at once)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    if set(columns) != names or any(len(v) != n for v in columns.values()):
        raise ValueError(f"{cls.__name__} needs {n} values of each of {sorted(names)}")
    objects = list(map(cls.__new__, repeat(cls, n)))
    for name, values in columns.items():
        deque(map(getattr(cls, name).__set__, objects, values), maxlen=0)
    return objects


def naive_roundtrip_ids(
    vehicle_ids: list[str], start_us: NDArray[np.int64]
) -> list[str]:
    """``roundtrip_id`` of roundtrips starting at naive times (microseconds
    since 1970): the texts hashed are written by polars for all at once, as
    ``isoformat`` writes them (a fraction only when there is one)."""
    start = pl.Series(start_us, dtype=pl.Int64).cast(pl.Datetime("us"))
    micros = start.dt.microsecond()
    fraction = pl.when(micros != 0).then("." + micros.cast(pl.Utf8).str.zfill(6))
    text = pl.select(
        pl.lit(pl.Series(vehicle_ids, dtype=pl.Utf8))
        + "|"
        + start.dt.to_string("%Y-%m-%dT%H:%M:%S")
        + fraction.otherwise(pl.lit(""))
    ).to_series()
    sha1 = hashlib.sha1
    return [sha1(t).hexdigest()[:16] for t in text.cast(pl.Binary).to_list()]


def _slices(items: list[Any], lo: Sequence[int], hi: Sequence[int]) -> list[Any]:
    return list(map(items.__getitem__, map(slice, lo, hi)))


@dataclass(frozen=True, slots=True)
class BulkRoundtrips:
    """Closed roundtrips of the planned runs. ``closed_km`` every closed one's
    km in order (kept or not), run k's are ``closed_bounds[k]:closed_bounds[k+1]``;
    ``kept`` the objects (bounds ``kept_bounds``); ``short_km`` the km of those
    too short to count (bounds ``short_bounds``)."""

    closed_km: list[float]
    closed_bounds: list[int]
    kept: list[Roundtrip]
    kept_bounds: list[int]
    short_km: list[float]
    short_bounds: list[int]


def _rows(
    first: NDArray[np.int64], last: NDArray[np.int64]
) -> tuple[list[int], list[int]]:
    """The trip rows ``first[i]..last[i]`` of every roundtrip one after the
    other, and where each roundtrip's rows begin in them (and the end)."""
    counts = last - first + 1
    offsets = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    rows = np.arange(offsets[-1]) + np.repeat(first - offsets[:-1], counts)
    return rows.tolist(), offsets.tolist()


def _bounds(run: NDArray[np.int64], n_runs: int) -> list[int]:
    return np.searchsorted(run, np.arange(n_runs + 1)).tolist()  # type: ignore[no-any-return]


def build_bulk(
    first: NDArray[np.int64],
    last: NDArray[np.int64],
    run: NDArray[np.int64],
    n_runs: int,
    vehicles: list[str],
    location_ids: list[str],
    trips: TripTable,
    start_us: NDArray[np.int64],
    end_us: NDArray[np.int64],
    rules: Rules,
) -> BulkRoundtrips:
    """The closed roundtrips ``first[i]..last[i]`` (trip rows) of runs ``run[i]``
    (ascending); run k belongs to ``vehicles[k]`` living at ``location_ids[k]``."""
    kms = trips.kms
    values = trips.km_array
    if values is None:
        values = np.array(kms, dtype=np.float64)
    # km as the replay adds and rounds them (sum, then round(km, 6))
    km_array = round6(python_sums(values, first, last))
    km = km_array.tolist()
    minutes = (end_us[last] - start_us[first]) / 1e6 / 60.0
    settings = rules.settings
    keep = (minutes >= settings.min_roundtrip_min) & (
        km_array >= settings.min_roundtrip_km
    )
    k_idx = np.flatnonzero(keep)
    s_idx = np.flatnonzero(~keep)
    k_first, k_last, k_run = first[k_idx], last[k_idx], run[k_idx]
    # every kept roundtrip's trips, one after the other, picked by row in one
    # C loop per column (the segments share the trip table's objects)
    rows, offs = _rows(k_first, k_last)
    starts, ends = trips.starts, trips.ends

    def chained(column: list[Any]) -> list[Any]:
        return list(map(column.__getitem__, rows))

    with lasting_objects():  # no collection over them, now or after
        segments = bulk_new(
            Segment,
            offs[-1],
            start_time=chained(starts),
            end_time=chained(ends),
            distance_km=chained(kms),
        )
        rt_vehicles = [vehicles[k] for k in k_run.tolist()]
        rt_starts = [starts[i] for i in k_first.tolist()]
        if trips.naive_us:
            ids = naive_roundtrip_ids(rt_vehicles, start_us[k_first])
        else:
            ids = roundtrip_ids(rt_vehicles, rt_starts)
        kept = bulk_new(
            Roundtrip,
            k_idx.size,
            roundtrip_id=ids,
            vehicle_id=rt_vehicles,
            location_id=[location_ids[k] for k in k_run.tolist()],
            start_time=rt_starts,
            end_time=[ends[i] for i in k_last.tolist()],
            distance_km=[km[i] for i in k_idx.tolist()],
            segments=list(map(tuple, _slices(segments, offs[:-1], offs[1:]))),
        )
    return BulkRoundtrips(
        closed_km=km,
        closed_bounds=_bounds(run, n_runs),
        kept=kept,
        kept_bounds=_bounds(k_run, n_runs),
        short_km=[km[i] for i in s_idx.tolist()],
        short_bounds=_bounds(run[s_idx], n_runs),
    )


def emit_run(
    k: int,
    bulk: BulkRoundtrips,
    open_rows: range | None,
    st: VehicleState,
    trips: TripTable,
    rules: Rules,
    out: VehicleOut,
) -> None:
    """Run k's closed roundtrips into ``out`` and ``rules`` (as ``Rules.close``
    adds them, one by one), its open one (trip rows ``open_rows``) into ``st``."""
    location_id = st.home_id or ""
    lo, hi = bulk.closed_bounds[k], bulk.closed_bounds[k + 1]
    for km in bulk.closed_km[lo:hi]:
        out.complete[location_id] += km
    out.closed.extend(bulk.kept[bulk.kept_bounds[k] : bulk.kept_bounds[k + 1]])
    lo, hi = bulk.short_bounds[k], bulk.short_bounds[k + 1]
    rules.short += hi - lo
    for km in bulk.short_km[lo:hi]:
        rules.short_km += km
    if open_rows is not None:
        starts, ends, kms = trips.starts, trips.ends, trips.kms
        segments = [Segment(starts[i], ends[i], kms[i]) for i in open_rows]
        st.open = OpenRoundtrip(location_id, starts[open_rows[0]], segments)
