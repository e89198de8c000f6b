"""A page process and an API-only process on one PostgreSQL database (issue 18):
a login on the pages' form is a session on the API process, jobs started there
run on the workers, and a logout there ends the session on the pages too."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.service.conftest import PASSWORD, RUN_CLI, Deployment, _free_port

pytestmark = pytest.mark.service


@pytest.fixture
def api_only(deployment: Deployment) -> Iterator[str]:
    """``fleetplan serve --api-only`` beside the deployment's processes."""
    port = _free_port()
    log = deployment.folder / "api-only.log"
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, "serve", "--api-only", "--db",
         deployment.url, "--port", str(port)],
        env=deployment.env, cwd=deployment.folder, stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the API process did not answer"
            time.sleep(0.5)
        yield base
    finally:
        process.kill()
        process.wait(timeout=30)


def test_a_page_login_reads_and_starts_jobs_on_the_api_process(
    deployment: Deployment, api_only: str
) -> None:
    pages = deployment.web[0][1]
    browser = httpx.Client(timeout=60)  # one cookie jar, as a browser's
    form = browser.post(
        f"{pages}/login/submit",
        data={"username": "planner", "password": PASSWORD},
    )
    assert form.status_code == 303 and form.headers["location"] == "/"
    vehicles = browser.get(f"{api_only}/api/v1/vehicles")
    assert vehicles.status_code == 200, vehicles.text
    assert len(vehicles.json()) == 100  # synth_100v_90d
    assert browser.get(f"{api_only}/").status_code == 404  # no pages there
    me = browser.get(f"{api_only}/api/v1/auth/me").json()
    assert me["username"] == "planner"
    started = browser.post(
        f"{api_only}/api/v1/jobs",
        json={"kind": "dataset.summary", "params": {}},
        headers={"X-CSRF-Token": me["csrf_token"]},
    )
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    deadline = time.monotonic() + 120
    job = browser.get(f"{pages}/api/v1/jobs/{job_id}").json()
    while job["state"] not in ("done", "failed", "cancelled"):
        assert time.monotonic() < deadline, job
        time.sleep(0.3)
        job = browser.get(f"{pages}/api/v1/jobs/{job_id}").json()
    assert job["state"] == "done", job
    deployment.worker_running(job_id)  # a worker ran it, not the API process
    out = browser.post(
        f"{api_only}/api/v1/auth/logout", headers={"X-CSRF-Token": me["csrf_token"]}
    )
    assert out.status_code == 204
    assert browser.get(f"{pages}/api/v1/auth/me").status_code == 401
