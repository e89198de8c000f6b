"""``fleetplan plan``: the MILP's plan with its engine row; the rule on request."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fleetplan.cli import app
from tests.conftest import reference_path

runner = CliRunner()


def _plan(*args: str) -> tuple[int, str]:
    data = str(reference_path("synth_20v_30d"))
    result = runner.invoke(
        app, ["plan", "--data", data, "--today", "2026-12-07", *args]
    )
    return result.exit_code, result.output


def test_plan_json_has_the_engine_row_and_beats_the_rule() -> None:
    """synth_20v_30d: 12 fossil vehicles, all replaced or phased out by 2030; the
    MILP is optimal and no dearer than the rule priced the same way."""
    code, out = _plan("--json")
    assert code == 0, out
    tables = json.loads(out)
    (engine,) = tables["engine"]
    assert engine["status"] == "optimal"
    assert engine["total_dkk"] <= engine["rule_total_dkk"]
    assert len(tables["plan"]) == 12
    assert all(s["action"] in ("replace", "remove") for s in tables["plan"])
    assert all(s["year"] <= 2030 for s in tables["plan"])


def test_plan_rule_engine_and_bad_input() -> None:
    code, out = _plan("--json", "--engine", "rule")
    assert code == 0, out
    assert "engine" not in json.loads(out)
    code, out = _plan("--engine", "greedy")
    assert code == 2 and "--engine" in out
