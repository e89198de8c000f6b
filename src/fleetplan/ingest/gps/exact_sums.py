"""Python's ``sum`` and ``round(x, 6)`` of many roundtrips' km at once, with
the same bits.

The trip-by-trip replay adds a roundtrip's trip km with ``sum`` (left to right
in Python 3.11; 3.12 compensates) and rounds with ``round(x, 6)`` (correctly
rounded, half to even). The bulk path computes the same numbers in NumPy: the
sums as the same chain of additions, one term of every roundtrip at a time
(NumPy's own sums add in pairs, another order), and the rounding as an exact
``rint(x * 1e6) / 1e6`` wherever the product cannot sit on the wrong side of
a half; Python rounds the rest.
"""

from __future__ import annotations

import sys

import numpy as np
from numpy.typing import NDArray

# 3.12's sum compensates its float additions: then only sum itself matches
LEFT_TO_RIGHT_SUM = sys.version_info < (3, 12)


def python_sums(
    values: NDArray[np.float64], first: NDArray[np.int64], last: NDArray[np.int64]
) -> NDArray[np.float64]:
    """``sum(values[first[i] : last[i] + 1])`` for each i (``last >= first``)."""
    if not LEFT_TO_RIGHT_SUM:
        pieces = values.tolist()
        spans = zip(first.tolist(), last.tolist(), strict=True)
        return np.array([sum(pieces[a : b + 1]) for a, b in spans], dtype=np.float64)
    acc = np.zeros(first.size)  # sum starts at 0: 0.0 + x, as Python adds
    terms = last - first + 1
    rows = np.arange(first.size)
    k = 0
    while rows.size:  # as many rounds as the longest roundtrip has trips
        acc[rows] += values[first[rows] + k]
        k += 1
        rows = rows[terms[rows] > k]
    return acc


def round6(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """``round(v, 6)`` of each value. ``rint(v * 1e6)`` is Python's integer N
    unless the product lies within its own rounding error of a half (or is too
    large to hold every integer); then N / 1e6, one correctly rounded division,
    is the double nearest N·10⁻⁶, which is what ``round`` returns."""
    scaled = x * 1e6
    out = np.rint(scaled)
    with np.errstate(invalid="ignore"):
        half = np.abs(scaled - np.floor(scaled) - 0.5)
        clear = half > np.abs(np.spacing(scaled))
        clear &= np.abs(scaled) < 2.0**52
    out /= 1e6
    for i in np.flatnonzero(~clear).tolist():  # NaN, inf and near-halves
        out[i] = round(float(x[i]), 6)
    return out
