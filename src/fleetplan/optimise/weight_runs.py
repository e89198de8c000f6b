"""The weights of a decomposed front, each run from one explicit start, so they
can run anywhere and in any order (issue 18 item 7).

Before, each weight's run went on where the last one had left the shared
``benders.DecomposedModel`` (its last fleet seeded the next weight, its block
bases warm-started the next). Now the *start* is taken once, when the front
begins (after the slider weight's best-fleets run): the fleet the next weight is
seeded from, each block's basis and the fleets verified so far. A weight's run
is a function of the instance, the run's parameters, the weight and that start:
in this process the model is put back to the start before each weight (with a
fresh ``Master``: a reused one's HiGHS state could break a tie otherwise), and
on a worker (``jobs.weight_tasks``) a model built from the same instance is put
in the same state. The blocks must be rebuilt from their bases for that (not
``live``, as always with a block pool or at city scale); a model with live
blocks keeps its weights in this process, in order.

A ``WeightPool`` runs the requests (default: here, in order). The replies (the
fleets each run verified, its bound, its flags and solves) are merged into the
search in weight order, so the front and its bounds do not depend on where the
weights ran. After the weights the model is put back to the start once more:
the CO2e fills that follow depend on the front so far and stay in this process.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import highspy
import numpy as np

from fleetplan.optimise.benders import DecomposedModel
from fleetplan.optimise.block_parts import BasisCodes, _decode_basis
from fleetplan.optimise.blocks import BlockLP
from fleetplan.optimise.fleet_search import _Search
from fleetplan.optimise.master import Master
from fleetplan.optimise.weight_json import (
    evaluation_json,
    evaluation_of,
    number,
    params_json,
    params_of,
    unnumber,
)

if TYPE_CHECKING:
    from fleetplan.optimise.block_parts import BlockPool
    from fleetplan.optimise.instance import MixInstance

Request = dict[str, Any]
Reply = dict[str, Any]
Here = Callable[[Request], Reply]
ShouldStop = Callable[[], bool]


class WeightPool(Protocol):
    """Runs each request (``here`` runs one in this process); the replies in
    request order, None for a weight not answered (cancelled, out of time)."""

    def run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]: ...


class InProcess:
    """Every weight here, in order."""

    def run(
        self, requests: list[Request], here: Here, should_stop: ShouldStop
    ) -> list[Reply | None]:
        return [here(req) for req in requests]


class Start:
    """The model's state when the front began: the fleet ``set_weight`` seeds
    from, each block's basis (None: never solved) and a full round's seconds."""

    def __init__(
        self,
        seed: tuple[int, ...],
        bases: list[highspy.HighsBasis | None],
        min_solve_s: float,
    ) -> None:
        self.seed, self.bases, self.min_solve_s = seed, bases, min_solve_s

    @classmethod
    def of(cls, model: DecomposedModel) -> Start:
        today = tuple(c.current_count for c in model.inst.classes)
        bases = [_basis_of(b) for b in model.blocks]
        return cls((model.visited or [today])[-1], bases, float(model.min_solve_s))

    def to_json(self, codes: BasisCodes | None = None) -> dict[str, Any]:
        """``codes``: the block pool's encodings (a basis a part brought is
        not encoded again)."""
        codes = BasisCodes() if codes is None else codes
        return {
            "seed": list(self.seed),
            "bases": [codes.of(d, b) for d, b in enumerate(self.bases)],
            "min_solve_s": self.min_solve_s,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Start:
        return cls(
            tuple(int(c) for c in raw["seed"]),
            [_decode_basis(codes) for codes in raw["bases"]],
            float(raw["min_solve_s"]),
        )


def _basis_of(block: BlockLP) -> highspy.HighsBasis | None:
    if block.h is None:
        return block.basis
    basis = block.h.getBasis()  # a live block keeps its basis in its model
    return basis if basis.valid and not block.cold else None


def restore(model: DecomposedModel, start: Start) -> None:
    """Put the model in the start's state: a fresh master (no cuts, no
    no-goods), no weight yet, the seed as the last fleet, the blocks' bases."""
    model.master = Master(
        model.inst, model.params, np.array([b.max_co2e for b in model.blocks])
    )
    model.weight = model.cap_kg = None
    model.visited = [start.seed]
    model.full_rounds = 0
    model._seed = None
    model.box_bound = -math.inf
    model.min_solve_s = start.min_solve_s
    for block, basis in zip(model.blocks, start.bases, strict=True):
        block.last = None
        block.weights = None
        if block.h is None:
            block.basis = basis
        elif basis is None:
            block.cold = True
        else:
            block.h.setBasis(basis)
            block.cold = False


def live_blocks(model: DecomposedModel) -> bool:
    return any(b.h is not None for b in model.blocks)


def weight_request(
    search: _Search,
    start: dict[str, Any],
    weight: float,
    extra: int,
) -> Request:
    """What a worker needs to run ``weight`` as this process would: the run's
    parameters, the start, the fleets verified so far (not verified again) and
    the time left (seconds: clocks differ between processes)."""
    left = search._time_left()
    return {
        "weight": weight,
        "extra": extra,
        "params": params_json(search.params),
        "start": start,
        "known": [evaluation_json(ev) for ev in search.pool.values()],
        "time_left_s": None if math.isinf(left) else left,
        "reserve_s": search.reserve,
        "sent_at": time.time(),
    }


def run_here(search: _Search, start: Start, req: Request) -> Reply:
    """Run the request's weight on ``search``'s model from ``start``: the
    fleets it verifies go to a pool of their own (the known ones and its own),
    its flags are its own; ``merge`` adds them to the search."""
    inner = getattr(search.model, "_model", search.model)
    saved = (search.pool, search.stopped, search.out_of_time, search.hit_limit)
    solves = search.solves
    known = {ev.counts: ev for ev in map(evaluation_of, req["known"])}
    search.pool = dict(known)
    search.stopped = search.out_of_time = search.hit_limit = False
    try:
        if getattr(search.model, "abandoned", False):
            search.stopped = True  # a cancelled solve still owns the model
            bound = -math.inf
        else:
            restore(inner, start)
            bound = search.run(float(req["weight"]), 1, extra=int(req["extra"]))[1]
        return {
            "weight": req["weight"],
            "bound": number(bound),
            "evaluations": [
                evaluation_json(ev) for c, ev in search.pool.items() if c not in known
            ],
            "stopped": search.stopped,
            "out_of_time": search.out_of_time,
            "hit_limit": search.hit_limit,
            "solves": search.solves - solves,
        }
    finally:
        search.pool, search.stopped, search.out_of_time, search.hit_limit = saved
        search.solves = solves


def run_request(
    inst: MixInstance,
    req: Request,
    should_stop: ShouldStop | None = None,
    block_pool: BlockPool | None = None,
) -> Reply:
    """A worker's side: the request's weight on a model of its own (blocks
    rebuilt from their bases: give a ``block_pool``) with the time it has left."""
    search = _Search(inst, params_of(req["params"]), should_stop, block_pool=block_pool)
    return run_on(search, req)


def run_on(search: _Search, req: Request) -> Reply:
    """``run_here`` on a search built apart (a worker's, kept for the run's
    next weight): its clock from the request's time left."""
    left = req["time_left_s"]
    if left is not None:
        left -= max(0.0, time.time() - float(req["sent_at"]))
        search.deadline = time.perf_counter() + left
    search.reserve = float(req["reserve_s"])
    return run_here(search, Start.from_json(req["start"]), req)


def merge(search: _Search, replies: Sequence[Reply | None]) -> dict[float, float]:
    """The replies into the search in request (weight) order: fleets, flags and
    solves; returns each answered weight's bound. A weight not answered counts
    as stopped (cancelled) or out of time."""
    bounds: dict[float, float] = {}
    for reply in replies:
        if reply is None:
            if not search.cancel.is_cancelled():
                search.out_of_time = True
            else:
                search.stopped = True
            continue
        for ev in map(evaluation_of, reply["evaluations"]):
            search.pool.setdefault(ev.counts, ev)
        search.stopped = search.stopped or bool(reply["stopped"])
        search.out_of_time = search.out_of_time or bool(reply["out_of_time"])
        search.hit_limit = search.hit_limit or bool(reply["hit_limit"])
        search.solves += int(reply["solves"])
        bounds[float(reply["weight"])] = unnumber(reply["bound"])
    return bounds


def run_weights(
    search: _Search,
    weights: list[float],
    extra: int,
    pool: WeightPool | None,
    on_run: Callable[[int], None] | None = None,
) -> dict[float, float]:
    """Each weight's run from the front's start, on ``pool`` (None or a model
    with live blocks: here, in order); the bounds by weight. The model is left
    at the start."""
    inner = getattr(search.model, "_model", search.model)
    if not weights or not isinstance(inner, DecomposedModel):
        return {}
    if pool is not None and live_blocks(inner):
        pool = None  # a live block's HiGHS state does not travel
    start = Start.of(inner)
    # the in-process pool never reads the bases' JSON: not encoded for it
    shared = (
        {"seed": [], "bases": [], "min_solve_s": 0.0}
        if pool is None
        else start.to_json(getattr(inner.pool, "codes", None))
    )
    requests = [weight_request(search, shared, w, extra) for w in weights]
    done = [0]

    def here(req: Request) -> Reply:
        reply = run_here(search, start, req)
        done[0] += 1
        if on_run is not None:
            on_run(done[0])
        return reply

    replies = (InProcess() if pool is None else pool).run(requests, here, search.cancel)
    if not getattr(search.model, "abandoned", False):
        restore(inner, start)
    return merge(search, replies)
