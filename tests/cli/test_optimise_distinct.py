"""``fleetplan optimise --min-difference``: the fleets shown differ by N vehicles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from tests.cli.test_optimise_command import _folder

runner = CliRunner()


@pytest.mark.parametrize("at_least", [1, 2])
def test_fleets_differ_by_min_difference(tmp_path: Path, at_least: int) -> None:
    """Every two fleets shown differ by at least N vehicles; each says how it
    differs from #1 (#1 by nothing); the JSON names N and the front's status."""
    result = runner.invoke(
        app,
        [
            "optimise",
            "--data",
            str(_folder(tmp_path)),
            "--min-difference",
            str(at_least),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["min_difference"] == at_least
    assert isinstance(out["front_complete"], bool)
    sols = out["solutions"]
    assert len(sols) >= 2
    assert sols[0]["versus_best"] == {}
    for i, a in enumerate(sols):
        moved = {
            m: a["counts"].get(m, 0) - sols[0]["counts"].get(m, 0)
            for m in set(a["counts"]) | set(sols[0]["counts"])
        }
        assert a["versus_best"] == {m: v for m, v in moved.items() if v}
        for b in sols[:i]:
            models = set(a["counts"]) | set(b["counts"])
            apart = sum(
                abs(a["counts"].get(m, 0) - b["counts"].get(m, 0)) for m in models
            )
            assert apart >= at_least


def test_min_difference_below_one_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["optimise", "--data", str(_folder(tmp_path)), "--min-difference", "0"]
    )
    assert result.exit_code != 0
