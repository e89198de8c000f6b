"""EV state of charge carried from trip to trip, in km of range.

A vehicle recharges at home while parked (between one trip's end and the next one's
start) at ``rate`` km of range per minute, up to its usable range ``cap`` × the
season's range factor; a trip uses its km. The charge never goes below 0.

The state after a sequence is a Lindley recursion, so the charge at the end of trip k
is the minimum over the windows that start at a moment the battery was full (the
start of some trip j) or at the sequence's start:
``cap_j + rate·(end_k − start_j − Σ dur_i) − Σ km_i ≥ 0``. Each window is one linear
cut on the trips a vehicle serves (``Σ_i y_i (km_i + rate·dur_i) ≤ cap_j +
rate·(end_k − start_j)``), which the engine adds when a window is violated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

SOC_TOL_KM = 1e-6


@dataclass(frozen=True, slots=True)
class SocCheck:
    """Charge after each trip; ``violation`` is the first trip whose charge < 0
    (-1 = none) and ``window_start`` the trip the violated window starts at (-1 =
    the sequence's start)."""

    soc_after_km: FloatArray
    violation: int
    window_start: int


def simulate_soc(
    soc0_km: float,
    t0_min: float,
    cap_km: float,
    rate_km_per_min: float,
    start_min: FloatArray,
    end_min: FloatArray,
    distance_km: FloatArray,
    range_factor: FloatArray,
) -> SocCheck:
    """Charge along trips in time order, starting at ``soc0_km`` at ``t0_min``.

    >>> import numpy as np
    >>> c = simulate_soc(100.0, 0.0, 100.0, 1.0, np.array([10.0, 70.0]),
    ...                  np.array([40.0, 100.0]), np.array([80.0, 60.0]), np.ones(2))
    >>> c.soc_after_km.tolist(), c.violation
    ([20.0, -10.0], 1)

    (100 → 100 − 80 = 20 at minute 40; +30 km charged by minute 70 = 50; 50 − 60 = −10.)
    """
    soc = soc0_km
    t = t0_min
    window = -1
    out = [0.0] * len(start_min)
    violation = -1
    violated_window = -1
    # plain floats: the same IEEE arithmetic as NumPy's scalars, 3 × faster here
    for k, (rf, s, e, km) in enumerate(
        zip(
            np.asarray(range_factor, dtype=np.float64).tolist(),
            np.asarray(start_min, dtype=np.float64).tolist(),
            np.asarray(end_min, dtype=np.float64).tolist(),
            np.asarray(distance_km, dtype=np.float64).tolist(),
            strict=True,
        )
    ):
        cap_k = cap_km * rf
        parked = s - t
        charged = soc + (rate_km_per_min * parked if parked > 0 else 0.0)
        if not math.isfinite(charged):
            charged = cap_k
        if charged >= cap_k:
            charged = cap_k
            window = k
        soc = charged - km
        out[k] = soc
        t = e
        if soc < -SOC_TOL_KM and violation < 0:
            violation = k
            violated_window = window
    return SocCheck(np.asarray(out, dtype=np.float64), violation, violated_window)


def charge_until(
    soc_km: float, since_min: float, until_min: float, cap_km: float, rate: float
) -> float:
    """Charge after parking from ``since`` to ``until`` (capped at ``cap_km``)."""
    return min(cap_km, soc_km + rate * max(0.0, until_min - since_min))
