"""The coordination the workers' parts share (``jobs.part_queue``) and the
worker's take-then-answer step, on SQLite with a stand-in for procrastinate."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest

from fleetplan.jobs import JobState
from fleetplan.jobs.part_queue import ACTIVE, HeldTooLong, PartQueue
from fleetplan.jobs.part_worker import take_and_answer
from fleetplan.store import create_engine_for, upgrade_database


class _Task:
    def __init__(self) -> None:
        self.deferred: list[dict[str, Any]] = []

    def defer(self, **kwargs: Any) -> None:
        self.deferred.append(kwargs)


class _App:
    """What a ``PartQueue`` uses of a procrastinate app."""

    def __init__(self) -> None:
        self.task = _Task()
        self.configured: list[tuple[str, str]] = []

    def configure_task(self, name: str, queue: str) -> _Task:
        self.configured.append((name, queue))
        return self.task


def _queue(tmp_path: Path) -> tuple[PartQueue, _App]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'parts.sqlite'}")
    upgrade_database(engine)
    app = _App()
    queue = PartQueue(
        engine, app, kind="test.part", task="t.solve", owner="part:j1",  # type: ignore[arg-type]
        poll_s=0.0,
    )  # fmt: skip
    return queue, app


def _never(key: str, reply: dict[str, Any]) -> None:
    raise AssertionError(f"no worker answered {key}")


def _nothing_stalls(waiting: list[str], states: dict[str, str], now: float) -> set[str]:
    return set()


def test_without_workers_the_coordinator_runs_every_request_last_to_first(
    tmp_path: Path,
) -> None:
    """Three requests: a record and a task each on queue ``parts``; no worker
    takes any, so this process runs them 2, 1, 0 and the records are gone."""
    queue, app = _queue(tmp_path)
    ids = queue.hand_out([{"n": 0}, {"n": 1}, {"n": 2}])
    assert app.configured == [("t.solve", "parts")]
    assert app.task.deferred == [{"part_id": key} for key in ids]
    stored = [queue.store.get(key) for key in ids]
    assert [(r.kind, r.owner, r.params) for r in stored if r] == [
        ("test.part", "part:j1", {"n": n}) for n in range(3)
    ]
    order: list[str] = []

    def here(key: str) -> dict[str, Any]:
        order.append(key)
        return {"here": True}

    left = queue.gather(ids, _never, here, _nothing_stalls, math.inf)
    assert (left, order) == ([], ids[::-1])
    assert (queue.remote, queue.local) == (0, 3)
    assert [queue.store.get(key) for key in ids] == [None, None, None]


def test_answered_failed_and_queued_requests(tmp_path: Path) -> None:
    """A worker answered request 0 (its reply carries its pid) and request 1
    raised on a worker (marked failed): the reply of 0 is used, 2 (queued) is
    taken here first, then 1 is run here again."""
    queue, _ = _queue(tmp_path)
    ids = queue.hand_out([{"n": 0}, {"n": 1}, {"n": 2}])
    assert take_and_answer(queue.store, ids[0], lambda: {"x": 1})
    assert not take_and_answer(queue.store, ids[0], lambda: {"x": 2})  # taken

    def fails() -> dict[str, Any]:
        raise RuntimeError("a worker's solve broke")

    assert not take_and_answer(queue.store, ids[1], fails)
    record = queue.store.get(ids[1])
    assert record is not None and record.state is JobState.FAILED
    replies: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    queue.gather(
        ids, replies.__setitem__, lambda key: order.append(key) or None,
        _nothing_stalls, math.inf,
    )  # fmt: skip
    assert replies == {ids[0]: {"x": 1, "pid": os.getpid()}}
    assert order == [ids[2], ids[1]]
    assert (queue.remote, queue.local) == (1, 2)


@pytest.mark.parametrize(("withdraw", "running_left"), [(None, True), (ACTIVE, False)])
def test_past_the_deadline_the_requests_are_withdrawn(
    tmp_path: Path, withdraw: tuple[JobState, ...] | None, running_left: bool
) -> None:
    """Nothing runs after the deadline: the queued request is cancelled and
    deleted; one a worker is running stays until it ends (it may still be
    writing), unless running ones are withdrawn too (a weight's run polls)."""
    queue, _ = _queue(tmp_path)
    ids = queue.hand_out([{"n": 0}, {"n": 1}])
    assert queue.store.update_if(ids[1], (JobState.QUEUED,), state=JobState.RUNNING)
    extra = {} if withdraw is None else {"withdraw": withdraw}
    left = queue.gather(
        ids, _never, lambda key: pytest.fail(key), _nothing_stalls, 0.0, **extra
    )
    assert left == ids
    assert queue.store.get(ids[0]) is None
    running = queue.store.get(ids[1])
    assert (running is not None) is running_left
    assert running is None or running.state is JobState.RUNNING


def test_a_request_held_too_long_counts_as_stalled() -> None:
    """Stalled once a worker has held it for more than the limit since it
    was first seen taken; a queued request never is."""
    rule = HeldTooLong(120.0)
    waiting = ["a", "b"]
    assert rule(waiting, {"a": "queued", "b": "running"}, 10.0) == set()
    assert rule(waiting, {"a": "queued", "b": "running"}, 130.0) == set()
    assert rule(waiting, {"a": "running", "b": "running"}, 130.5) == {"b"}
    assert rule(waiting, {"a": "running", "b": "running"}, 250.6) == {"a", "b"}
