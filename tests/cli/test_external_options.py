"""``--external-options`` on ``fleetplan simulate`` and ``optimise``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.cli.external_options import parse_external_options
from fleetplan.domain import ExternalRules, VehicleCategory
from tests.conftest import reference_path

runner = CliRunner()


def test_parse_merges_over_the_base_rules() -> None:
    """van=taxi,rental and department:Vej og Park=none replace what they name; the
    base's truck rule stays."""
    base = ExternalRules({VehicleCategory.TRUCK: frozenset({"rental"})})
    rules = parse_external_options(
        ["van=taxi,rental", "department:Vej og Park=none"], base
    )
    assert rules.by_category == {
        VehicleCategory.TRUCK: {"rental"},
        VehicleCategory.VAN: {"taxi", "rental"},
    }
    assert rules.by_department == {"Vej og Park": frozenset()}


@pytest.mark.parametrize("value", ["lorry=taxi", "van=bus", "van"])
def test_bad_values_exit_with_code_2(value: str, tmp_path: Path) -> None:
    folder = reference_path("synth_20v_30d")
    result = runner.invoke(
        app, ["simulate", "--data", str(folder), "--external-options", value]
    )
    assert result.exit_code == 2
    assert "--external-options" in result.output


def test_simulate_with_no_option_for_cars_leaves_trips_unserved(
    tmp_path: Path,
) -> None:
    """synth_20v_30d on one day with one vehicle: every trip the vehicle cannot
    take stays unserved when cars may use no external option (no external cost),
    and goes to an external option by default."""
    folder = reference_path("synth_20v_30d")
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("vehicle_id,count\n1,1\n", encoding="utf-8")
    args = ["simulate", "--data", str(folder), "--fleet", str(fleet)]
    args += ["--start", "2026-03-02", "--end", "2026-03-02", "--json"]
    default = runner.invoke(app, args)
    assert default.exit_code == 0, default.output
    none = runner.invoke(app, [*args, "--external-options", "car=none"])
    assert none.exit_code == 0, none.output
    before, after = json.loads(default.stdout), json.loads(none.stdout)
    assert before["unallocated"] > 0
    assert before["simulated"]["unserved"] == 0
    assert before["simulated"]["external_cost_dkk"] > 0
    assert after["simulated"]["unserved"] == after["unallocated"] > 0
    assert after["simulated"]["external_cost_dkk"] == 0
    assert after["unallocated_reasons"] == {"no_external_option": after["unallocated"]}
