"""``fleetplan suitability`` on the reference datasets."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fleetplan.cli import app
from tests.conftest import reference_path

runner = CliRunner()


def _run(name: str, *args: str) -> tuple[int, str]:
    data = str(reference_path(name))
    result = runner.invoke(app, ["suitability", "--data", data, *args])
    return result.exit_code, result.output


def test_json_judges_every_fossil_vehicle_against_every_catalogue_ev() -> None:
    """synth_20v_30d: 12 fossil vehicles, 2 catalogue EVs each, every one with a
    sentence; a candidate fits exactly when it has no reason."""
    code, out = _run("synth_20v_30d", "--json", "--lang", "en")
    assert code == 0, out
    body = json.loads(out)
    assert len(body["vehicles"]) == 12
    for row in body["vehicles"]:
        assert len(row["candidates"]) == 2
        for fit in row["candidates"]:
            assert fit["fits"] == (not fit["reasons"])
            assert fit["text"]
    assert body["chargers_today"] and body["factor_set"] == "dk-2025"


def test_text_names_an_unknown_range_in_danish() -> None:
    """os2_fixture_seed42's catalogue has a Hyundai Kona without range."""
    code, out = _run("os2_fixture_seed42")
    assert code == 0, out
    assert "rækkevidden er ukendt" in out
    assert "ladepunkt à 11,0 kW" in out


def test_bad_options_are_refused() -> None:
    assert _run("synth_20v_30d", "--lang", "de")[0] == 2
    assert _run("synth_20v_30d", "--location-kw", "1")[0] == 2
