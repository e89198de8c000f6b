"""A part's request and reply (``optimise.block_parts``) without a database:
bases survive their encoding, each basis is encoded once on the coordinator,
and a decomposition whose every part travels as JSON to blocks built apart
(a worker's) has the rounds of the one solved in this process."""

from __future__ import annotations

import json
from collections.abc import Sequence

import highspy
import pytest

import fleetplan.optimise.block_parts as parts_module
from fleetplan.optimise import Method, build_instance
from fleetplan.optimise import time_blocks as blocks_module
from fleetplan.optimise.benders import DecomposedModel
from fleetplan.optimise.block_parts import (
    BasisCodes,
    LazyBlocks,
    Point,
    ThreadPool,
    adopt,
    request,
    solve_request,
)
from fleetplan.optimise.blocks import Answer, BlockLP
from tests.optimise.test_benders import _params, _random_days

STATUSES = list(highspy.HighsBasisStatus.__members__.values())


def test_a_basis_survives_its_encoding() -> None:
    """Every status, in runs and alone, comes back in place (5,000 + 3 rows)."""
    basis = highspy.HighsBasis()
    cols = [STATUSES[(i // 7) % len(STATUSES)] for i in range(5000)]
    rows = [STATUSES[(i * i) % len(STATUSES)] for i in range(5003)]
    basis.col_status, basis.row_status, basis.valid = cols, rows, True
    codes = parts_module._encode_basis(basis)
    assert codes is not None
    back = parts_module._decode_basis(json.loads(json.dumps(codes)))
    assert back is not None and back.valid and not back.alien
    assert list(back.col_status) == cols
    assert list(back.row_status) == rows
    assert parts_module._encode_basis(None) is None
    assert parts_module._decode_basis(None) is None


def test_a_basis_is_encoded_once_until_it_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    encode = parts_module._encode_basis

    def counted(basis: highspy.HighsBasis | None) -> list[str] | None:
        calls.append(basis)
        return encode(basis)

    monkeypatch.setattr(parts_module, "_encode_basis", counted)
    first, second = highspy.HighsBasis(), highspy.HighsBasis()
    for basis in (first, second):
        basis.col_status, basis.row_status = STATUSES[:2], STATUSES[1:3]
        basis.valid = True
    codes = BasisCodes()
    one = codes.of(3, first)
    assert codes.of(3, first) is one and len(calls) == 1
    assert codes.of(3, second) == one and len(calls) == 2  # a new basis object
    codes.keep(4, first, ["kept"])
    assert codes.of(4, first) == ["kept"] and len(calls) == 2


class JsonPool:
    """Every part as a worker gets it: the request and the reply through JSON,
    solved on blocks of its own (``LazyBlocks``, as a worker builds them)."""

    def __init__(self, worker: LazyBlocks, size: int) -> None:
        self.worker, self.size = worker, size
        self.codes = BasisCodes()

    def solve(
        self, blocks: Sequence[BlockLP], todo: list[int], point: Point, deadline: float
    ) -> dict[int, Answer | None]:
        out: dict[int, Answer | None] = {}
        for i in range(0, len(todo), self.size):
            weights = blocks[todo[0]].weights
            assert weights is not None
            req = request(blocks, todo[i : i + self.size], point, weights, self.codes)
            req = json.loads(json.dumps(req))
            reply = json.loads(json.dumps(solve_request(self.worker, req)))
            out.update(adopt(blocks, req, reply, self.codes))
        return out


@pytest.mark.parametrize("seed", [4, 5])
def test_parts_through_json_give_the_rounds_of_this_process(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six days of 8 random trips at weights 5 then 0 (a new weight: bases kept):
    the same rounds (value, bound, fleet), fleet and bound as the blocks solved
    on one thread here."""
    monkeypatch.setattr(blocks_module, "MIN_BLOCK_TRIPS", 5)
    inp = _random_days(seed, 6, 8)
    params = _params(max_unallocated=3, method=Method.DECOMPOSED)
    inst = build_instance(inp, params)

    def run(pool: ThreadPool | JsonPool) -> list[object]:
        model = DecomposedModel(inst, params, pool)
        got: list[object] = []
        for weight in (5.0, 0.0):
            model.set_weight(weight)
            sol = model.solve(60.0)
            got.append((sol.status, sol.counts, sol.objective, sol.bound))
        rounds = [(h["value"], h["bound"], h["counts"]) for h in model.history]
        return [*got, rounds]

    here = run(ThreadPool(1))
    there = run(JsonPool(LazyBlocks(inst, params), 2))
    assert len(here[-1]) >= 2  # type: ignore[arg-type]
    assert there == here
