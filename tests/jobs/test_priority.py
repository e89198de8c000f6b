"""Job threads run at a lower CPU priority than the web app (issue 18 load)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from fleetplan.jobs import InMemoryJobStore, JobContext, JobRunner
from fleetplan.jobs.priority import MAX_NICE, NICE_ENV, job_nice

linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="per-thread nice values are Linux's"
)


def _thread_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_thread_runner_job_and_the_threads_it_starts_run_niced() -> None:
    """A job of the SQLite thread runner runs ``nice`` lower than the process,
    and so does a thread it starts (a solver's block thread); the thread
    that submitted it keeps its priority."""
    before = _thread_nice()
    runner = JobRunner(InMemoryJobStore(), nice=5)
    try:

        def work(ctx: JobContext) -> dict[str, int]:
            seen: list[int] = []
            child = threading.Thread(target=lambda: seen.append(_thread_nice()))
            child.start()
            child.join()
            return {"job": _thread_nice(), "child": seen[0]}

        record = runner.wait(runner.submit("t", work, owner="ann"), timeout_s=10)
    finally:
        runner.shutdown()
    expected = min(MAX_NICE, before + 5)
    assert record.result == {"job": expected, "child": expected}
    assert _thread_nice() == before


@linux_only
def test_nice_zero_keeps_the_job_at_the_web_apps_priority() -> None:
    before = _thread_nice()
    runner = JobRunner(InMemoryJobStore(), nice=0)
    try:
        job_id = runner.submit("t", lambda ctx: {"job": _thread_nice()}, owner="ann")
        record = runner.wait(job_id, timeout_s=10)
    finally:
        runner.shutdown()
    assert record.result == {"job": before}


@linux_only
def test_a_worker_lowers_every_thread_started_before_and_after() -> None:
    """``lower_process_priority`` (the worker's start) reaches a thread that
    was already running (as OpenBLAS's pool is after import) and a new one."""
    script = """
import os, threading
from fleetplan.jobs.priority import lower_process_priority
release = threading.Event()
early = threading.Thread(target=release.wait); early.start()
lower_process_priority(4)
late = threading.Thread(target=release.wait); late.start()
values = {int(open(f"/proc/self/task/{t}/stat").read().rsplit(")", 1)[1].split()[16])
          for t in os.listdir("/proc/self/task")}
release.set()
print(sorted(values), len(os.listdir("/proc/self/task")))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    expected = min(MAX_NICE, os.getpriority(os.PRIO_PROCESS, 0) + 4)
    assert out[0] == f"[{expected}]"


def test_job_nice_reads_the_setting_and_refuses_out_of_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(NICE_ENV, raising=False)
    assert job_nice() == 10
    monkeypatch.setenv(NICE_ENV, "3")
    assert job_nice() == 3
    monkeypatch.setenv(NICE_ENV, "25")
    with pytest.raises(ValueError, match=NICE_ENV):
        job_nice()
