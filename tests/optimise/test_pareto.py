"""The front and the slider's choice on it (hand-computed and property tests)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fleetplan.optimise.pareto import (
    Scored,
    choose,
    co2e_gaps,
    front_with_weights,
    non_dominated,
    weighted_value,
)

A = Scored((1,), 100.0, 10.0, 0)
B = Scored((2,), 90.0, 12.0, 0)
C = Scored((3,), 95.0, 12.0, 0)


def test_weighted_value_by_hand() -> None:
    """Weight 5, refs 100 kr / 10 kg: (0.5 + 0.01) × 1 + (0.5 + 0.01) × 1 = 1.02."""
    assert weighted_value(A, 5.0, 100.0, 10.0) == pytest.approx(1.02)


def test_non_dominated_drops_c() -> None:
    """B costs less than C at the same CO2e; the front is B (12 kg), then A."""
    assert non_dominated([A, B, C]) == [B, A]


def test_choose_by_hand() -> None:
    """Weight 0: A 1.01 + 0.01 = 1.02, B 0.909 + 0.012 = 0.921 -> B.
    Weight 10: A 0.01 + 1.01 = 1.02, B 0.009 + 1.212 = 1.221 -> A."""
    assert choose([A, B, C], 0.0, 100.0, 10.0) == B
    assert choose([A, B, C], 10.0, 100.0, 10.0) == A


def test_front_with_weights_and_gaps() -> None:
    """Weight 5: A 0.51 + 0.51 = 1.02, B 0.459 + 0.612 = 1.071 -> A."""
    front = front_with_weights([A, B, C], [0.0, 5.0, 10.0], 100.0, 10.0)
    assert front == [(B, (0.0,)), (A, (5.0, 10.0))]
    assert co2e_gaps([A, B, Scored((4,), 50.0, 20.0, 0)]) == [
        (12.0, 20.0),
        (10.0, 12.0),
    ]


points = st.lists(
    st.tuples(
        st.floats(1.0, 1e6, allow_nan=False), st.floats(0.0, 1e5, allow_nan=False)
    ),
    min_size=1,
    max_size=12,
)


@given(points)
def test_raising_the_weight_never_raises_co2e(raw: list[tuple[float, float]]) -> None:
    items = [Scored((k,), c, e, 0) for k, (c, e) in enumerate(raw)]
    weights = [0.0, 1.0, 2.5, 5.0, 7.5, 9.0, 10.0]
    chosen = [choose(items, w, 1e5, 1e3).co2e_kg for w in weights]
    assert all(b <= a for a, b in itertools.pairwise(chosen))
    front = non_dominated(items)
    for a in front:
        assert not any(b.cost_dkk < a.cost_dkk and b.co2e_kg < a.co2e_kg for b in items)
