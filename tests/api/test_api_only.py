"""The API-only app (``fleetplan serve --api-only``): the API's routes, no
pages, no NiceGUI in the process, and refused on SQLite (issue 18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fleetplan.api.wiring import (
    API_ONLY_NEEDS_POSTGRES,
    ApiOnlyRefused,
    create_api_server_app,
)

# In a fresh interpreter: the test process has NiceGUI loaded by other tests.
# create_api_server_app refuses SQLite, so this builds the same app from the
# same wiring on a SQLite file (the database check is tested apart).
_PROBE = """
import json, sys
from fastapi.testclient import TestClient
from fleetplan.api import create_api
from fleetplan.api.wiring import services_on
from fleetplan.store import create_engine_for, upgrade_database

url = sys.argv[1]
engine = create_engine_for(url)
upgrade_database(engine)
services = services_on(engine, url)
client = TestClient(create_api(services))
codes = {p: client.get(p).status_code for p in sys.argv[2:]}
services.jobs.shutdown()
print(json.dumps({
    "codes": codes,
    "nicegui": sorted(m for m in sys.modules if m.split(".")[0] == "nicegui"),
    "job_kinds": sorted(services.job_kinds),
}))
"""


def test_api_only_app_serves_the_api_without_pages_or_nicegui(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'api.sqlite'}"
    paths = ["/api/v1/health", "/api/v1/openapi.json", "/api/v1/vehicles", "/",
             "/login", "/vehicles"]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, url, *paths],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["nicegui"] == []
    codes = probe["codes"]
    assert codes["/api/v1/health"] == 200
    assert codes["/api/v1/openapi.json"] == 200
    assert codes["/api/v1/vehicles"] == 401  # the API's own login check
    assert codes["/"] == codes["/login"] == codes["/vehicles"] == 404
    assert "optimise" in probe["job_kinds"]  # jobs are enqueued as from the pages


def test_the_web_wiring_imports_nicegui_only_through_the_pages() -> None:
    """The API-only module must stay importable without NiceGUI (the
    ``fleetplan.web`` package imports it, so the wiring lives in the API)."""
    script = (
        "import sys, fleetplan.api.wiring, fleetplan.cli.web_commands; "
        "print(any(m.split('.')[0] == 'nicegui' for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_api_only_is_refused_on_sqlite_before_touching_it(tmp_path: Path) -> None:
    """On SQLite the web app's thread runner owns the jobs: a second process's
    JobRunner would mark them interrupted and could not cancel them."""
    database = tmp_path / "single.sqlite"
    with pytest.raises(ApiOnlyRefused, match="needs PostgreSQL"):
        create_api_server_app(f"sqlite:///{database}")
    assert not database.exists()
    assert "fleetplan serve" in API_ONLY_NEEDS_POSTGRES
