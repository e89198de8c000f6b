"""The bulk km sums and rounding are Python's ``sum`` and ``round(x, 6)``, bit
for bit, including near and exact halves, tiny, huge, negative and non-finite
values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fleetplan.ingest.gps import exact_sums
from fleetplan.ingest.gps.exact_sums import python_sums, round6


def _bits(values: list[float]) -> list[str]:
    return [v.hex() if math.isfinite(v) else repr(v) for v in values]


def _hard_values() -> np.ndarray:
    rng = np.random.default_rng(7)
    halves = (np.arange(-2000, 2000) + 0.5) / 1e6  # near a half after * 1e6
    near = np.concatenate([np.nextafter(halves, np.inf), np.nextafter(halves, -np.inf)])
    plain = np.concatenate([rng.random(5000) * 50, rng.exponential(3, 5000)])
    exact = np.array([1 / 128, 3 / 128, 0.5, 2.5e-6, 0.0000005, 1e-7, -1e-7])
    special = np.array([0.0, -0.0, 1e300, -1e300, 2.0**53 / 1e6, np.inf, -np.inf])
    return np.concatenate([halves, near, plain, exact, special, [np.nan]])


def test_round6_is_round() -> None:
    values = _hard_values()
    expected = [round(v, 6) for v in values.tolist()]
    assert _bits(round6(values).tolist()) == _bits(expected)


def test_round6_leaves_nothing_unsure_on_ordinary_km() -> None:
    """The Python fallback is for near-halves only: a random km rounds as
    NumPy alone (else the bulk path would be no faster)."""
    km = np.random.default_rng(3).random(1000) * 80
    assert _bits(round6(km).tolist()) == _bits((np.rint(km * 1e6) / 1e6).tolist())


@pytest.mark.parametrize("left_to_right", [True, False])
def test_sums_are_sum(left_to_right: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of 1 to 40 terms of mixed magnitudes (the order of additions shows
    in the last bits), each sum as ``sum`` adds the slice."""
    monkeypatch.setattr(exact_sums, "LEFT_TO_RIGHT_SUM", left_to_right)
    rng = np.random.default_rng(11)
    values = rng.random(4000) * 10.0 ** rng.integers(-3, 4, 4000)
    values[::17] = 0.0
    lengths = rng.integers(1, 41, 150)
    first = np.r_[0, np.cumsum(lengths)[:-1]] + rng.integers(0, 3, 150).cumsum()
    last = first + lengths - 1
    assert last[-1] < values.size
    pieces = values.tolist()
    expected = [sum(pieces[a : b + 1]) for a, b in zip(first, last, strict=True)]
    got = python_sums(values, first, last).tolist()
    if left_to_right and not exact_sums.LEFT_TO_RIGHT_SUM:
        pytest.skip("this Python's sum compensates: only its own loop matches")
    assert _bits(got) == _bits(expected)
    assert python_sums(values, first[:0], last[:0]).size == 0
