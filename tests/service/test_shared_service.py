"""Two web processes and two workers on one PostgreSQL database (issue 18).

The dataset is synth_100v_90d: its simulation takes seconds, its optimisation
minutes, so an optimisation is still running when it is cancelled or its
worker is killed.
"""

from __future__ import annotations

import signal
import time
from typing import Any

import httpx
import pytest

from tests.service.conftest import STALL_TIMEOUT_S, Deployment, login

pytestmark = pytest.mark.service

FINISHED = ("done", "failed", "cancelled")


def _start(base: str, kind: str, params: dict[str, Any]) -> str:
    client, csrf = login(base)
    response = client.post(
        "/api/v1/jobs",
        json={"kind": kind, "params": params},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 202, response.text
    return str(response.json()["job_id"])


def _poll(
    client: httpx.Client, job_id: str, until: tuple[str, ...], timeout_s: float
) -> list[dict[str, Any]]:
    """Every state read until one in ``until`` (or fail after ``timeout_s``)."""
    seen = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        seen.append(job)
        if job["state"] in until:
            return seen
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} not {until} in {timeout_s} s: {seen[-1]}")


def _running_with_progress(client: httpx.Client, job_id: str) -> None:
    """Wait until a worker runs the job and has written progress."""
    seen = _poll(client, job_id, ("running",), 60)
    deadline = time.monotonic() + 60
    while not seen[-1]["stage"] and time.monotonic() < deadline:
        seen = _poll(client, job_id, ("running",), 5)
    assert seen[-1]["stage"], seen[-1]


def test_a_simulation_started_on_one_app_runs_on_a_worker(
    deployment: Deployment,
) -> None:
    """Started through web 1, followed through web 2: done on a worker (the web
    processes on PostgreSQL run no job), with its full result on both."""
    first, second = (base for _, base in deployment.web)
    job_id = _start(first, "simulate.current", {"time_limit_s": 120})
    other, _ = login(second)
    seen = _poll(other, job_id, FINISHED, 300)
    assert seen[-1]["state"] == "done", seen[-1]
    assert seen[-1]["percent"] == 100.0
    deployment.worker_running(job_id)  # a worker's log names it
    result = other.get(f"/api/v1/jobs/{job_id}/result").json()["result"]
    assert result["setup"] == {"time_limit_s": 120}
    assert result["trips"] > 0 and result["status"], result.keys()


def test_an_optimisation_is_cancelled_through_the_other_app(
    deployment: Deployment,
) -> None:
    """Started through web 2 and cancelled through web 1 while a worker solves:
    it ends cancelled within seconds, not after the run's minutes."""
    first, second = (base for _, base in deployment.web)
    job_id = _start(second, "optimise", {})
    client, csrf = login(first)
    _running_with_progress(client, job_id)
    asked = time.monotonic()
    cancelled = client.post(
        f"/api/v1/jobs/{job_id}/cancel", headers={"X-CSRF-Token": csrf}
    )
    assert cancelled.status_code == 200, cancelled.text
    seen = _poll(client, job_id, FINISHED, 120)
    assert seen[-1]["state"] == "cancelled", seen[-1]
    took = time.monotonic() - asked
    assert took < 60, f"the cancel took {took:.1f} s"


def test_a_killed_worker_leaves_its_job_marked_without_a_result(
    deployment: Deployment,
) -> None:
    """kill -9 of the worker running an optimisation: within the stall timeout
    (plus a sweep) the job is failed with ``job.stalled`` and has no result;
    the other worker, still alive, then runs the next job."""
    first, second = (base for _, base in deployment.web)
    job_id = _start(first, "optimise", {})
    client, _ = login(second)
    _running_with_progress(client, job_id)
    deadline = time.monotonic() + 30
    while True:
        try:
            victim = deployment.worker_running(job_id)
            break
        except LookupError:
            assert time.monotonic() < deadline, "no worker log names the job"
            time.sleep(0.3)
    victim.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    seen = _poll(client, job_id, FINISHED, STALL_TIMEOUT_S * 3 + 30)
    assert (seen[-1]["state"], seen[-1]["error"]) == ("failed", "job.stalled")
    assert time.monotonic() - killed < STALL_TIMEOUT_S * 3 + 30
    assert all(s["state"] in ("running", "failed") for s in seen)
    result = client.get(f"/api/v1/jobs/{job_id}/result").json()
    assert result["result"] is None  # nothing half-written
    # the surviving worker still takes work
    after = _start(second, "dataset.summary", {})
    assert _poll(client, after, FINISHED, 120)[-1]["state"] == "done"


def test_a_restart_of_both_web_processes_loses_nothing(
    deployment: Deployment,
) -> None:
    """Jobs and their results live in the database: after both web processes
    restart, the same list and results come back, and the session cookie of
    before still works (sessions are stored, the key is shared)."""
    first, _ = (base for _, base in deployment.web)
    job_id = _start(first, "dataset.summary", {})
    client, _ = login(first)
    assert _poll(client, job_id, FINISHED, 120)[-1]["state"] == "done"
    jobs_before = client.get("/api/v1/jobs").json()
    result_before = client.get(f"/api/v1/jobs/{job_id}/result").json()
    deployment.stop_web()
    bases = [deployment.start_web(index) for index in (1, 2)]
    for base in bases:
        again = httpx.Client(base_url=base, cookies=client.cookies, timeout=60)
        assert again.get("/api/v1/jobs").json() == jobs_before
        assert again.get(f"/api/v1/jobs/{job_id}/result").json() == result_before


def test_wrong_passwords_on_both_apps_add_up_to_one_lockout(
    deployment: Deployment,
) -> None:
    """The login counters live in the database: 3 wrong passwords on one app and
    2 on the other lock the name on both (5 in 15 minutes)."""
    first, second = (base for _, base in deployment.web)
    codes = []
    for base in (first, first, first, second, second):
        response = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"username": "nobody", "password": "wrong password"},
            timeout=60,
        )
        codes.append(response.status_code)
    assert codes == [401, 401, 401, 401, 429], codes
    again = httpx.post(
        f"{first}/api/v1/auth/login",
        json={"username": "nobody", "password": "wrong password"},
        timeout=60,
    )
    assert again.status_code == 429 and int(again.headers["Retry-After"]) > 0
