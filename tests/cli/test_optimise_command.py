"""``fleetplan optimise`` end to end on a tiny written dataset."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.ingest.neutral_writer import write_folder
from tests.optimise.helpers import dataset

runner = CliRunner()


def _folder(tmp_path: Path) -> Path:
    ds = replace(
        dataset(),
        meta={"settings": {"slack_unallocated_trips": 1, "max_undriven_km": 19}},
    )
    write_folder(ds, tmp_path / "data")
    return tmp_path / "data"


def test_json_has_solutions_pareto_and_seconds(tmp_path: Path) -> None:
    """Five or fewer distinct fleets, each with counts, cost, CO2e, unallocated
    (at most the meta slack of 1) and gap; a front with its points; seconds."""
    result = runner.invoke(
        app,
        ["optimise", "--data", str(_folder(tmp_path)), "--weight", "5", "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert 1 <= len(out["solutions"]) <= 5
    counts = [tuple(sorted(s["counts"].items())) for s in out["solutions"]]
    assert len(set(counts)) == len(counts)
    for s in out["solutions"]:
        assert {"counts", "total_cost_dkk", "co2e_t", "unallocated", "gap"} <= set(s)
        assert s["unallocated"] <= 1
    assert out["pareto"]
    for p in out["pareto"]:
        assert {"total_cost_dkk", "co2e_t", "unallocated"} <= set(p)
    assert out["seconds"] > 0


def test_candidates_none_and_reduce_never_grow(tmp_path: Path) -> None:
    """Without candidates in reduce mode only the 3 Yaris of today may be held."""
    result = runner.invoke(
        app,
        [
            "optimise",
            "--data",
            str(_folder(tmp_path)),
            "--candidates",
            "none",
            "--weight",
            "0",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    for s in out["solutions"]:
        assert set(s["counts"]) <= {"Toyota Yaris"}
        assert s["counts"].get("Toyota Yaris", 0) <= 3


def test_unknown_candidate_and_keep_are_named(tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    bad = runner.invoke(app, ["optimise", "--data", folder, "--candidates", "nope"])
    assert bad.exit_code == 2
    assert "nope" in bad.output
    bad_keep = runner.invoke(app, ["optimise", "--data", folder, "--keep", "x9"])
    assert bad_keep.exit_code == 2
    assert "x9" in bad_keep.output


def test_fossil_free_100_without_candidates_exits_with_reason(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "optimise",
            "--data",
            str(_folder(tmp_path)),
            "--candidates",
            "none",
            "--fossil-free-share",
            "100",
        ],
    )
    assert result.exit_code == 1
    assert "infeasible" in result.output
    assert "fossil-free" in result.output


def test_method_choice_gives_the_same_best_fleet(tmp_path: Path) -> None:
    """--method milp and --method decomposed (both exact) agree on the best fleet;
    --total-time-limit bounds the run without changing a small one's answer."""
    folder = str(_folder(tmp_path))
    best = []
    for method in ("milp", "decomposed"):
        result = runner.invoke(
            app,
            [
                "optimise",
                "--data",
                folder,
                "--method",
                method,
                "--total-time-limit",
                "120",
                "--solutions",
                "1",
                "--json",
            ],
        )
        assert result.exit_code == 0, result.output
        top = json.loads(result.stdout)["solutions"][0]
        best.append((top["counts"], round(top["total_cost_dkk"], 2)))
    assert best[0] == best[1]
    bad = runner.invoke(app, ["optimise", "--data", folder, "--method", "genetic"])
    assert bad.exit_code != 0
