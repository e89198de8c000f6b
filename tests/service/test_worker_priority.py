"""Workers run at a lower CPU priority than the web apps (issue 18's load
target: pages and API reads answer first while an optimisation runs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fleetplan.jobs.priority import DEFAULT_NICE, MAX_NICE
from tests.service.conftest import Deployment

pytestmark = [
    pytest.mark.service,
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc"),
]


def _thread_nice_values(pid: int) -> set[int]:
    """The nice value of every thread of process ``pid`` (/proc, field 19)."""
    values = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        stat = (task / "stat").read_text()
        values.add(int(stat.rsplit(")", 1)[1].split()[16]))
    return values


def test_every_worker_thread_is_niced_and_the_web_apps_are_not(
    deployment: Deployment,
) -> None:
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    niced = min(MAX_NICE, ours + DEFAULT_NICE)
    for process, _ in deployment.workers:
        assert _thread_nice_values(process.pid) == {niced}
    for process, _ in deployment.web:
        assert _thread_nice_values(process.pid) == {ours}
