"""The per-point passes' blocks of whole vehicles on two threads.

Each block's work is NumPy arithmetic on its own rows, written into its own
slice of arrays made beforehand, so blocks are independent and their order of
completion cannot change a bit of the answer. NumPy releases the GIL inside its
array loops, so a second thread takes the other half of the log's blocks while
the first computes: the ingest then uses both cores, as polars' parse does.
A small log stays on the calling thread, where a hand-off costs more than the
work.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from itertools import pairwise

# Threads for a large log; the machine this runs on has two cores.
THREADS = 2
# Points below which the blocks run on the calling thread: a hand-off to the
# other thread costs about what a few thousand points' work does.
MIN_THREADED_POINTS = 1 << 16

_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}  # by process id, workers
_pool_lock = threading.Lock()

Work = Callable[[int, int], None]


def _pool_of(threads: int) -> ThreadPoolExecutor:
    """One pool per process, made on first use and kept (a thread start per
    call would cost about as much as a small block). Keyed by the process id
    too: a forked child inherits the parent's pool without its thread, and a
    task put there would wait forever."""
    key = (os.getpid(), threads - 1)  # the calling thread takes a share too
    with _pool_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = ThreadPoolExecutor(
                max_workers=key[1], thread_name_prefix="gps-blocks"
            )
        return pool


def shares(bounds: Sequence[int], parts: int) -> list[list[tuple[int, int]]]:
    """The non-empty blocks of ``bounds`` in ``parts`` runs of consecutive
    blocks with about as many points each (some runs may be empty)."""
    blocks = [(lo, hi) for lo, hi in pairwise(bounds) if hi > lo]
    n = bounds[-1] - bounds[0] if len(bounds) > 1 else 0
    out: list[list[tuple[int, int]]] = [[] for _ in range(parts)]
    for lo, hi in blocks:
        # the share whose stretch of the log holds the block's middle point
        share = min(parts - 1, (2 * (lo - bounds[0]) + (hi - lo)) * parts // (2 * n))
        out[share].append((lo, hi))
    return out


def _run(work: Work, blocks: list[tuple[int, int]]) -> None:
    for lo, hi in blocks:
        work(lo, hi)


def run_blocks(bounds: Sequence[int], work: Work, threads: int | None = None) -> None:
    """``work(lo, hi)`` for each non-empty block of ``bounds`` (rising row
    bounds); ``work`` writes only rows lo..hi-1 of its outputs. ``threads``:
    None picks ``THREADS`` for a log of ``MIN_THREADED_POINTS`` or more, else 1."""
    n = bounds[-1] - bounds[0] if len(bounds) > 1 else 0
    if threads is None:
        threads = THREADS if n >= MIN_THREADED_POINTS else 1
    parts = shares(bounds, max(threads, 1))
    if threads <= 1 or sum(1 for p in parts if p) < 2:
        _run(work, [b for p in parts for b in p])
        return
    pool = _pool_of(threads)
    futures: list[Future[None]] = [pool.submit(_run, work, p) for p in parts[1:] if p]
    try:
        _run(work, parts[0])  # the calling thread takes the first share
    finally:
        wait(futures)  # no share left writing when this returns or raises
    for future in futures:
        future.result()  # re-raises a share's error
