"""What a block LP returns (``blocks.BlockLP.solve``): its cut and yearly figures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Cut:
    """``θ >= value + Σ_t g_n[t] (n_t − n̂_t) + g_u (N − N̂) + g_e (E − Ê)``."""

    value: float
    g_n: FloatArray
    g_u: float
    g_e: float


@dataclass(frozen=True, slots=True)
class Figures:
    """Yearly figures of a block LP's answer (summed over blocks for a fleet)."""

    cost_dkk: float
    co2e_kg: float
    unallocated: int
    external_dkk: float
    longest_km: float


@dataclass(frozen=True, slots=True)
class Answer:
    """A block's cut and figures at n, and at each probe n ± step_t·e_t that it
    solved (key (t, ±1)); a probe not solved has n's value (see ``solve``)."""

    cut: Cut
    figures: Figures
    probes: dict[tuple[int, int], tuple[Cut, Figures]]
