"""Jobs are background work: their threads run at a lower CPU priority.

A solve uses every core it gets (HiGHS plus block threads). On the shared
service the web process must answer pages and API reads while one runs (issue
18's load target), so the scheduler should prefer the web process. Linux keeps
the nice value per thread and a new thread inherits its creator's, so lowering
it in a job thread (the SQLite thread runner) covers every thread the solve
starts, HiGHS's pool included, and nothing else; a worker lowers all of its
threads (a native pool such as OpenBLAS's starts at import).
"""

from __future__ import annotations

import logging
import os
import sys
import threading

logger = logging.getLogger(__name__)

NICE_ENV = "FLEETPLAN_JOB_NICE"
# 10: a solve still gets every idle core, and about a tenth of a core against a
# busy nice-0 process (enough for a worker's heartbeat, well inside the stall
# timeout); 19 would leave it almost nothing on a busy machine.
DEFAULT_NICE = 10
MAX_NICE = 19


def job_nice() -> int:
    """How much lower than the process the job threads run (0: the same),
    from ``FLEETPLAN_JOB_NICE``."""
    value = int(os.environ.get(NICE_ENV, str(DEFAULT_NICE)))
    if not 0 <= value <= MAX_NICE:
        raise ValueError(f"{NICE_ENV} must be 0..{MAX_NICE}, got {value}.")
    return value


def lower_thread_priority(increment: int) -> int:
    """Raise the calling thread's nice value by ``increment`` (threads it
    starts afterwards inherit it); returns the new value. Only on Linux: other
    systems keep one value per process, which would lower the web app too."""
    if increment <= 0 or sys.platform != "linux":
        return os.getpriority(os.PRIO_PROCESS, 0)
    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        target = min(MAX_NICE, current + increment)
        os.setpriority(os.PRIO_PROCESS, tid, target)
        return target
    except OSError:  # not allowed here: run at the same priority
        logger.warning("could not lower the job threads' CPU priority")
        return os.getpriority(os.PRIO_PROCESS, 0)


def lower_process_priority(increment: int) -> int:
    """Raise the nice value of every thread of this process by ``increment``
    (a worker: all of its work is background work); returns the new value."""
    if increment <= 0:
        return os.getpriority(os.PRIO_PROCESS, 0)
    if sys.platform != "linux":
        return os.nice(increment)
    ours = threading.get_native_id()
    for task in os.listdir("/proc/self/task"):
        tid = int(task)
        if tid == ours:
            continue
        try:
            now = os.getpriority(os.PRIO_PROCESS, tid)
            os.setpriority(os.PRIO_PROCESS, tid, min(MAX_NICE, now + increment))
        except OSError:  # the thread ended meanwhile
            continue
    return lower_thread_priority(increment)
