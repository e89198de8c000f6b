"""HiGHS instances: a silent one, and one loaded with a ``BinaryModel`` and the
options measured best for the allocation's block models."""

from __future__ import annotations

import os
import sys
import threading

import highspy
import numpy as np

from fleetplan.simulate.binary_model import BinaryModel
from fleetplan.simulate.class_crash import cheapest_basis

# a block MIP stops this close to its dual bound (the bound stays valid and the gap
# reported): proving the last 0.1 % of a fractional block took seconds per block
MIP_REL_GAP = 1e-3
# HiGHS's presolve and probing cost a small block MIP (charge and budget rows over
# a few hundred columns) most of its time: measured 0.8 vs 1.4 s on one of 143
SMALL_MIP_COLUMNS = 2_000
# ... but a tiny one (a random instance's 20-40 trips on a few vehicles: km budget,
# bike day and charge rows) gains from it: 27.5 s -> 1.6 s on one of 142 columns
TINY_MIP_COLUMNS = 250
_banner_shown = False
_banner_lock = threading.Lock()


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance. HiGHS prints a banner to the process's stdout when
    the first instance is made; it is sent to /dev/null so stdout stays clean
    (``--json`` output)."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    # one thread at a time (the optimiser solves block LPs on threads): a second
    # thread saving fd 1 while the first has it on /dev/null would restore
    # /dev/null for good
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
            _banner_shown = True
        return h


def load_highs(
    model: BinaryModel, time_limit_s: float, integer: bool, run: bool = True
) -> highspy.Highs:
    """A new instance holding ``model`` (its LP relaxation unless ``integer``),
    run unless ``run`` is False."""
    n = model.num_cols
    starts, index, value = model.csr()
    flags = np.concatenate(model.integer) if integer and n else np.zeros(n, bool)
    h = new_highs()
    h.setOptionValue("output_flag", False)
    # No "threads" option: HiGHS keeps one global scheduler per process, and an
    # instance asking for another thread count than the first one fails to run.
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", max(0.01, float(time_limit_s)))
    if integer:
        h.setOptionValue("mip_rel_gap", MIP_REL_GAP)
        small = TINY_MIP_COLUMNS < n <= SMALL_MIP_COLUMNS
        if small and not model.presolve_mip:
            h.setOptionValue("presolve", "off")
    else:
        # These LPs (set partitioning plus interval cliques) gain nothing from
        # presolve: measured 35-45 % faster without it on the reference sets.
        h.setOptionValue("presolve", "off")
    # The array form of passModel (rows start at a_start, no closing entry): about
    # 20 % faster than filling a HighsLp field by field on these models.
    status = h.passModel(
        n,
        model.num_rows,
        len(index),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        np.concatenate(model.costs) if n else np.zeros(0),
        np.zeros(n),
        np.concatenate(model.uppers) if n else np.zeros(0),
        np.concatenate(model.row_lower) if model.num_rows else np.zeros(0),
        np.concatenate(model.row_upper) if model.num_rows else np.zeros(0),
        starts[:-1].astype(np.int32),
        index.astype(np.int32),
        value,
        flags.astype(np.int32),  # 1 = kInteger, 0 = kContinuous
    )
    if status == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS rejected the model.")
    if not integer:
        basis = cheapest_basis(model, (starts, index, value))
        if basis is not None:
            h.setBasis(basis)
    if run:
        h.run()
    return h
