"""A 0/1 model (plus bounded continuous columns) in row form, and its solution.

The model only collects columns and rows; ``highs_setup`` loads it into HiGHS
and ``highs_model`` solves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# an integer column's value this close to a whole number counts as integral
INTEGRAL_TOL = 1e-6


@dataclass(slots=True)
class BinaryModel:
    """Collects columns (cost, upper bound, integrality) and sparse rows."""

    costs: list[FloatArray] = field(default_factory=list)
    uppers: list[FloatArray] = field(default_factory=list)
    integer: list[npt.NDArray[np.bool_]] = field(default_factory=list)
    num_cols: int = 0
    row_blocks: list[tuple[IntArray, IntArray, FloatArray]] = field(
        default_factory=list
    )
    row_lower: list[FloatArray] = field(default_factory=list)
    row_upper: list[FloatArray] = field(default_factory=list)
    num_rows: int = 0
    # rows a fractional LP may break when rounded (``solve_binary``): a plan's
    # km per class (``km_plan``), which the blocks after it absorb
    soft_rows: list[int] = field(default_factory=list)
    soft_terms: list[tuple[IntArray, FloatArray, float]] = field(default_factory=list)
    # a small MIP runs with HiGHS's presolve all the same (``charge_windows``: its
    # knapsack rows are tightened by it, 3 × fewer nodes on a 21-trip block)
    presolve_mip: bool = False
    # for a cold LP's start (``class_crash``): the rows Σ options = 1 of the
    # trips, and the column made basic in each other equality row
    trip_rows: tuple[int, int] | None = None
    pivots: dict[int, int] = field(default_factory=dict)

    def add_columns(
        self, costs: FloatArray, upper: float = 1.0, integer: bool = True
    ) -> IntArray:
        """Add columns with the given costs; returns their indices."""
        costs = np.asarray(costs, dtype=np.float64)
        first = self.num_cols
        self.costs.append(costs)
        self.uppers.append(np.full(len(costs), upper))
        self.integer.append(np.full(len(costs), integer))
        self.num_cols += len(costs)
        return np.arange(first, self.num_cols, dtype=np.int64)

    def add_rows_csr(
        self,
        starts: IntArray,
        columns: IntArray,
        values: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
    ) -> None:
        """Add rows given in compressed form (``starts`` has one entry per row + 1)."""
        self.row_blocks.append(
            (
                np.asarray(starts, dtype=np.int64),
                np.asarray(columns, dtype=np.int64),
                np.asarray(values, dtype=np.float64),
            )
        )
        self.row_lower.append(np.asarray(lower, dtype=np.float64))
        self.row_upper.append(np.asarray(upper, dtype=np.float64))
        self.num_rows += len(starts) - 1

    def add_row(
        self, columns: IntArray, values: FloatArray, lower: float, upper: float
    ) -> None:
        columns = np.asarray(columns, dtype=np.int64)
        self.add_rows_csr(
            np.array([0, len(columns)]),
            columns,
            np.asarray(values, dtype=np.float64),
            np.array([lower]),
            np.array([upper]),
        )

    def add_overlap_rows(
        self,
        cols: IntArray,
        clique_starts: IntArray,
        clique_members: IntArray,
        capacity: float,
    ) -> None:
        """Σ_{i∈K} cols[i] <= capacity for every overlap K (``maximal_cliques_csr``
        form) with more than ``capacity`` members (smaller ones cannot bind)."""
        sizes = np.diff(clique_starts)
        big = sizes > capacity
        if not big.any():
            return
        member_big = np.repeat(big, sizes)
        self.add_rows_csr(
            np.concatenate([[0], np.cumsum(sizes[big])]),
            cols[clique_members[member_big]],
            np.ones(int(member_big.sum())),
            np.full(int(big.sum()), -np.inf),
            np.full(int(big.sum()), float(capacity)),
        )

    def csr(self) -> tuple[IntArray, IntArray, FloatArray]:
        """All rows as one compressed row matrix."""
        if not self.row_blocks:
            return np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0)
        offsets = np.cumsum([0] + [len(b[1]) for b in self.row_blocks])
        starts = np.concatenate(
            [b[0][:-1] + off for b, off in zip(self.row_blocks, offsets, strict=False)]
            + [offsets[-1:]]
        )
        return (
            starts,
            np.concatenate([b[1] for b in self.row_blocks]),
            np.concatenate([b[2] for b in self.row_blocks]),
        )


@dataclass(frozen=True, slots=True)
class ModelSolution:
    values: FloatArray
    objective: float
    bound: float
    optimal: bool
    solved: bool
