"""``--json`` prints only JSON on the process's stdout, also from the solvers'
C code (HiGHS writes a banner to file descriptor 1, which ``capsys`` cannot see),
so each command runs in its own process here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import reference_path


@pytest.mark.parametrize("command", ["simulate", "optimise"])
def test_json_output_is_pure_json(command: str) -> None:
    data = reference_path("os2_fixture_seed42")
    run_cli = "from fleetplan.cli import app; app()"
    done = subprocess.run(
        [sys.executable, "-c", run_cli, command, "--data", str(data), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["solutions" if command == "optimise" else "trips"]
