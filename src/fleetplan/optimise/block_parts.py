"""Where a Benders round's block LPs run: threads of this process
(``ThreadPool``) or, on a deployment with workers, other processes (a pool of
``jobs.block_tasks``, issue 18 item 7), which this module lets carry a part.

A *part* is some blocks at one master point. Its request holds the point, the
weights and each block's last basis; its reply holds per block the cut, the
figures, the probes, the peak use and the basis after the point's solve. A
block rebuilt elsewhere (``BlockLP`` with ``live`` off, as at city scale) starts
from the same basis with the same costs and right-hand sides, so its answer is
the one this process would have computed, and ``adopt`` leaves the block as if
it had solved it here. Everything in a request and a reply is JSON.
"""

from __future__ import annotations

import base64
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import highspy
import numpy as np
import numpy.typing as npt

from fleetplan.optimise.blocks import (
    Answer,
    BlockLP,
    Cut,
    Figures,
    class_intervals,
    time_blocks,
)
from fleetplan.optimise.instance import MixInstance
from fleetplan.optimise.params import OptimiseParams

FloatArray = npt.NDArray[np.float64]
Bounds = tuple[tuple[int, ...], tuple[int, ...]]
_STATUS = list(highspy.HighsBasisStatus.__members__.values())
# code -> status by one take (a list comprehension costs ~8x more per day)
_STATUS_OF = np.array(_STATUS, dtype=object)


@dataclass(frozen=True, slots=True)
class Point:
    """A master answer the blocks are solved at: counts, each block's shares of
    unallocated trips and CO2e (None = row off), probe steps, bounds on n."""

    counts: tuple[int, ...]
    left: dict[int, float | None]
    kg: dict[int, float | None]
    steps: tuple[int, ...] | None
    bounds: Bounds


class BlockPool(Protocol):
    """Solves blocks ``todo`` at ``point``; None for a block the deadline cut off."""

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]: ...


class ThreadPool:
    """The blocks on ``workers`` threads of this process (HiGHS releases the GIL)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        def one(d: int) -> Answer | None:
            if time.perf_counter() > deadline:
                return None
            return solve_at(blocks[d], d, point)

        if len(todo) >= 2 * self.workers > 2:
            with ThreadPoolExecutor(self.workers) as pool:
                return dict(zip(todo, pool.map(one, todo), strict=True))
        return {d: one(d) for d in todo}


class LazyBlocks(Sequence[BlockLP]):
    """A run's block LPs (not live), each built when first asked for: a worker
    holds only the blocks of the parts it took."""

    def __init__(self, inst: MixInstance, params: OptimiseParams) -> None:
        self.inst, self.params = inst, params
        self.trips = time_blocks(inst)
        self.intervals = class_intervals(inst)
        self.built: dict[int, BlockLP] = {}

    def __len__(self) -> int:
        return len(self.trips)

    def __getitem__(self, d: int) -> BlockLP:  # type: ignore[override]
        if d not in self.built:
            self.built[d] = BlockLP(
                self.inst, self.params, self.trips[d], self.intervals, live=False
            )
        return self.built[d]


def solve_at(block: BlockLP, d: int, point: Point) -> Answer:
    return block.solve(
        point.counts, point.left[d], point.kg[d], point.steps, point.bounds
    )


# -- a part's request and reply (JSON) ------------------------------------------
class BasisCodes:
    """The coordinator's encoded bases by block: a basis a reply brought (or
    one encoded before) is not encoded again for the next part; a city day's
    costs ~15 ms, 365 of them per round."""

    def __init__(self) -> None:
        self._codes: dict[int, tuple[highspy.HighsBasis, list[str]]] = {}

    def of(self, d: int, basis: highspy.HighsBasis | None) -> list[str] | None:
        known = self._codes.get(d)
        if known is not None and known[0] is basis:
            return known[1]
        codes = _encode_basis(basis)
        if basis is not None and codes is not None:
            self._codes[d] = (basis, codes)
        return codes

    def keep(self, d: int, basis: highspy.HighsBasis | None, codes: Any) -> None:
        if basis is not None and codes is not None:
            self._codes[d] = (basis, codes)


def request(
    blocks: Sequence[BlockLP],
    todo: list[int],
    point: Point,
    weights: tuple[float, float],
    codes: BasisCodes | None = None,
) -> dict[str, Any]:
    """What a worker needs to solve ``todo`` as this process would."""
    codes = BasisCodes() if codes is None else codes
    return {
        "blocks": list(todo),
        "counts": list(point.counts),
        "left": [point.left[d] for d in todo],
        "kg": [point.kg[d] for d in todo],
        "steps": None if point.steps is None else list(point.steps),
        "bounds": [list(point.bounds[0]), list(point.bounds[1])],
        "weights": list(weights),
        "bases": [codes.of(d, blocks[d].basis) for d in todo],
    }


def solve_request(blocks: Sequence[BlockLP], req: dict[str, Any]) -> dict[str, Any]:
    """The worker's side: solve the request's blocks (``blocks`` built with
    ``live`` off from the same instance) and encode their answers."""
    per_dkk, per_kg = (float(w) for w in req["weights"])
    point = _point(req)
    answers = []
    for d, codes in zip(req["blocks"], req["bases"], strict=True):
        block = blocks[d]
        if block.weights != (per_dkk, per_kg):
            block.set_weight(per_dkk, per_kg)
        block.basis = _decode_basis(codes)
        answer = solve_at(block, d, point)
        answers.append(
            {
                "cut": _cut(answer.cut),
                "figures": list(_figures(answer.figures)),
                "probes": [
                    [t, sign, _cut(c), list(_figures(f))]
                    for (t, sign), (c, f) in answer.probes.items()
                ],
                "used": [float(u) for u in block.used],
                "basis": _encode_basis(block.basis),
            }
        )
    return {"answers": answers}


def adopt(
    blocks: Sequence[BlockLP],
    req: dict[str, Any],
    reply: dict[str, Any],
    codes: BasisCodes | None = None,
) -> dict[int, Answer]:
    """The coordinator's side: each block's answer, its state as if solved here
    (``codes`` keeps each new basis with its encoding for the next request)."""
    point = _point(req)
    out: dict[int, Answer] = {}
    for d, got in zip(req["blocks"], reply["answers"], strict=True):
        answer = Answer(
            _uncut(got["cut"]),
            Figures(*got["figures"]),
            {(t, s): (_uncut(c), Figures(*f)) for t, s, c, f in got["probes"]},
        )
        basis = _decode_basis(got["basis"])
        blocks[d].adopt(
            point.left[d],
            point.kg[d],
            answer,
            np.array(got["used"], dtype=np.float64),
            basis,
        )
        if codes is not None:
            codes.keep(d, basis, got["basis"])
        out[d] = answer
    return out


def _point(req: dict[str, Any]) -> Point:
    todo = req["blocks"]
    lo, hi = req["bounds"]
    return Point(
        counts=tuple(int(c) for c in req["counts"]),
        left=dict(zip(todo, req["left"], strict=True)),
        kg=dict(zip(todo, req["kg"], strict=True)),
        steps=None if req["steps"] is None else tuple(int(s) for s in req["steps"]),
        bounds=(tuple(int(v) for v in lo), tuple(int(v) for v in hi)),
    )


def _cut(cut: Cut) -> list[Any]:
    return [cut.value, [float(g) for g in cut.g_n], cut.g_u, cut.g_e]


def _uncut(raw: list[Any]) -> Cut:
    return Cut(float(raw[0]), np.array(raw[1], dtype=np.float64), raw[2], raw[3])


def _figures(f: Figures) -> tuple[float, float, int, float, float]:
    return (f.cost_dkk, f.co2e_kg, f.unallocated, f.external_dkk, f.longest_km)


def _encode_basis(basis: highspy.HighsBasis | None) -> list[str] | None:
    """Column and row statuses, one byte each, deflated (mostly runs of
    lower/basic: a city day's ~20,000 bytes to ~3 KB), in base64."""
    if basis is None or not basis.valid:
        return None
    return [
        base64.b64encode(
            zlib.compress(np.array([s.value for s in statuses], np.int8).tobytes(), 1)
        ).decode("ascii")
        for statuses in (basis.col_status, basis.row_status)
    ]


def _decode_basis(codes: list[str] | None) -> highspy.HighsBasis | None:
    """A basis HiGHS takes as it takes its own (valid, not alien)."""
    if codes is None:
        return None
    basis = highspy.HighsBasis()
    cols, rows = (
        np.frombuffer(zlib.decompress(base64.b64decode(c)), np.int8) for c in codes
    )
    basis.col_status = _STATUS_OF[cols].tolist()
    basis.row_status = _STATUS_OF[rows].tolist()
    basis.valid = True
    basis.alien = False
    basis.was_alien = False
    return basis
