"""Check the odometer against the GPS track before trusting it, per trip.

The unit is found per vehicle from the median ratio of odometer to GPS km over its
trips: about 0.62 means miles (converted to km), about 1 means km (the road is a
little longer than the track's chords). A trip whose odometer distance does not
fit its GPS track falls back to the track's km and is counted by reason:

- ``stuck``: the odometer moved far less than the track (or not at all);
- ``backwards``: the odometer went down;
- ``jump``: the odometer moved far more than the track (a reset or a glitch);
- ``unit_unknown``: the vehicle's odometer fits neither km nor miles.

Trips without an odometer at both ends use the track (not counted: no odometer).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from fleetplan.ingest.gps.results import OdometerReport as OdometerReport

KM_PER_MILE = 1.609344
_MIN_TRACK_KM = 0.5  # shorter trips say little about the unit
_MILES = (0.45, 0.88)  # odometer / track ratio of an odometer in miles
_KM = (0.88, 1.8)
_LOW, _HIGH, _SLACK_KM = 0.75, 1.6, 0.5  # a trip's odometer km must fit its track


def _unit_factor(
    code: NDArray[np.int64], ratio: NDArray[np.float64], n_codes: int
) -> tuple[NDArray[np.float64], list[str]]:
    """Km per odometer unit per vehicle code (NaN: unknown, or no ratio) and the
    units found, one per vehicle with a ratio."""
    frame = pl.DataFrame({"v": code, "r": ratio}).filter(pl.col("r").is_finite())
    medians = frame.group_by("v", maintain_order=True).agg(pl.col("r").median())
    factor = np.full(n_codes, np.nan)
    units: list[str] = []
    for v, r in zip(medians["v"].to_list(), medians["r"].to_list(), strict=True):
        if _MILES[0] <= r < _MILES[1]:
            factor[v] = KM_PER_MILE
            units.append("miles")
        elif _KM[0] <= r <= _KM[1]:
            factor[v] = 1.0
            units.append("km")
        else:
            units.append("unknown")
    return factor, units


def trip_distances(
    vehicle: NDArray[Any],
    odo_start: NDArray[np.float64],
    odo_end: NDArray[np.float64],
    track_km: NDArray[np.float64],
) -> tuple[NDArray[np.float64], OdometerReport]:
    """Each trip's km: the checked odometer where it fits, else the track's.
    ``vehicle`` numbers the trips' vehicles (any codes; small integers, such as
    run numbers, are used as they are)."""
    raw = odo_end - odo_start
    has = np.isfinite(raw)
    if not has.any():
        return track_km, OdometerReport()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(
            has & (raw > 0) & (track_km >= _MIN_TRACK_KM), raw / track_km, np.nan
        )
    if vehicle.dtype.kind in "iu" and vehicle.size and vehicle.min() >= 0:
        code = vehicle.astype(np.int64)
    else:
        code = np.unique(vehicle.astype(str), return_inverse=True)[1].ravel()
    factor, unit = _unit_factor(code[has], ratio[has], int(code.max()) + 1)
    scale = factor[code]
    known = has & np.isfinite(scale)
    km = raw * np.where(np.isfinite(scale), scale, 1.0)
    upper = _HIGH * track_km + _SLACK_KM
    backwards = has & (raw < 0)
    # a vehicle whose odometer never moves has no unit: still stuck, not unknown
    barely = np.where(known, km < _LOW * track_km - _SLACK_KM, raw <= 0.1 * track_km)
    stuck = has & ~backwards & barely & (track_km > _SLACK_KM)
    jump = known & (km > upper)
    unknown = has & ~known & ~backwards & ~stuck
    bad = backwards | stuck | jump | unknown
    out = np.where(has & ~bad, km, track_km)
    counts = {
        "stuck": int(stuck.sum()),
        "backwards": int(backwards.sum()),
        "jump": int(jump.sum()),
        "unit_unknown": int(unknown.sum()),
    }
    units: dict[str, int] = {}
    for name in unit:
        units[name] = units.get(name, 0) + 1
    report = OdometerReport(
        units=units,
        fallback={k: v for k, v in counts.items() if v},
        odometer_trips=int(has.sum()),
    )
    return out, report
