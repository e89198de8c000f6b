"""A shared deployment on one PostgreSQL database: 2 web processes and 2 workers
(``pytest -m service``; needs ``FLEETPLAN_TEST_POSTGRES_URL``, as .ci/run sets).

Every process is a real ``fleetplan serve`` / ``fleetplan worker``, started the
way an operator would, so a test can kill -9 one of them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import reference_path

POSTGRES_ENV = "FLEETPLAN_TEST_POSTGRES_URL"
PASSWORD = "long enough pw"
STALL_TIMEOUT_S = 6.0
RUN_CLI = "from fleetplan.cli import app; app()"


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    if "service" in (config.getoption("markexpr") or ""):
        return
    for item in items:
        if item.get_closest_marker("service"):
            item.add_marker(pytest.mark.skip(reason="run with: pytest -m service"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Deployment:
    url: str
    folder: Path
    env: dict[str, str]
    web: list[tuple[subprocess.Popen[bytes], str]] = field(default_factory=list)
    workers: list[tuple[subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def cli(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "-c", RUN_CLI, *args, "--db", self.url],
            check=True, env=self.env, cwd=self.folder, capture_output=True,
        )  # fmt: skip

    def start_web(self, index: int) -> str:
        port = _free_port()
        log = (self.folder / f"web{index}.log").open("a")
        process = subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, "serve", "--db", self.url,
             "--port", str(port)],
            env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, (self.folder / f"web{index}.log").read_text()
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    self.web.append((process, base))
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        process.kill()
        raise AssertionError(f"web process {index} did not answer in 120 s")

    def start_worker(self, index: int) -> None:
        path = self.folder / f"worker{index}.log"
        process = subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, "worker", "--db", self.url,
             "--name", f"w{index}"],
            env=self.env, cwd=self.folder, stdout=path.open("a"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.workers.append((process, path))

    def worker_running(self, job_id: str) -> subprocess.Popen[bytes]:
        """The worker whose log says it took ``job_id``."""
        for process, path in self.workers:
            if f"job {job_id} " in path.read_text():
                return process
        raise LookupError(job_id)

    def stop_web(self) -> None:
        for process, _ in self.web:
            process.send_signal(signal.SIGTERM)
        for process, _ in self.web:
            process.wait(timeout=30)
        self.web.clear()

    def stop(self) -> None:
        for process, _ in [*self.web, *self.workers]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def login(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=60)
    response = client.post(
        "/api/v1/auth/login", json={"username": "planner", "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return client, str(response.json()["csrf_token"])


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    data = reference_path("synth_100v_90d")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"fleetplan_service_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    env = dict(os.environ)
    env.update(
        FLEETPLAN_SECRET_KEY="service-test-secret-0123456789abcdef",
        FLEETPLAN_JOB_STALL_TIMEOUT_S=str(STALL_TIMEOUT_S),
        FLEETPLAN_JOB_MAX_ATTEMPTS="1",  # a stalled job is marked, not retried
    )
    env.pop("FLEETPLAN_DATABASE_URL", None)
    folder = tmp_path_factory.mktemp("service")
    deployed = Deployment(url, folder, env)
    try:
        deployed.cli("import", str(data))
        deployed.cli(
            "user", "add", "planner", "--role", "write", "--password", PASSWORD
        )
        for index in (1, 2):  # migrations at once: the advisory lock serialises
            deployed.start_worker(index)
        for index in (1, 2):
            deployed.start_web(index)
        yield deployed
    finally:
        deployed.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
