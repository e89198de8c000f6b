"""Tuning constants of the Benders loop (``benders.DecomposedModel``)."""

from __future__ import annotations

import os

# the loop stops when master bound and best value are within this share of the
# target gap (the rest of the gap is left to the exact allocation's own)
TOL_SHARE = 0.1
# the tolerance is never tighter than this (floating point of the LP values)
MIN_TOL = 1e-9
# above this many trip-class pairs the block LPs are rebuilt for each solve from
# their last basis instead of staying in memory (~24 MiB a city day when live)
LIVE_MAX_PAIRS = 200_000
# threads solving block LPs at once (each holds at most one LP in memory)
BLOCK_WORKERS = max(
    1,
    min(
        4,
        len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count() or 1,
    ),
)
# probes at n ± this share of each count (at least 1), halved each full round:
# the curvature of V_d around the master's answer in the same LP build
PROBE_SHARE = 0.02
# the sample's loop (``benders_sample``): at most this many rounds and this share
# of a solve's time; it stops at this gap on its own (not a proven) bound
SAMPLE_MAX_ROUNDS = 15
SAMPLE_TIME_SHARE = 0.3
# ... but its first rounds always complete (on 32 blocks they are cheap; with one
# round under load the full loop started from a fleet still short of vehicles)
SAMPLE_MIN_ROUNDS = 3
SAMPLE_TOL = 0.002
# the sample's points besides its best that the full loop evaluates first
SUPPORT_POINTS = 2
# trust regions (``benders_round.TrustRegion``): first half-width as a share of
# the fleet, for the sample's loop and for the full loop
SAMPLE_BOX_SHARE = 0.1
BOX_SHARE = 0.02
