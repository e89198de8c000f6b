"""Each malformed input is reported (file, row, column, message) and the database
stays exactly as it was; dry runs never write; re-import changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fleetplan.store import import_path, load_dataset
from tests.store.db import dump

LOCATIONS = """location_id,name,address,lat,lon
L1,Town hall,"Hold-an Vej 7, 2750 Ballerup",55.7306,12.3630
L2,Depot,,,
"""
VEHICLES = (
    "vehicle_id,plate,make,model,vehicle_type,fuel,wltp_km_per_l,wltp_wh_per_km,"
    "range_km,annual_cost_dkk,location_id,department,administration,lease_type,"
    "lease_start,lease_end,km_per_year_allowed,is_candidate,seats\n"
    "V1,AB12345,VW,ID.3,ev,electric,,156,420,41100,L1,Pool,Town hall,"
    "operational,2025-01-02,2030-01-01,24000,0,5\n"
    "V2,CD67890,Toyota,Yaris,ice,petrol,19.8,,,36000,L2,Roads,Technical,"
    "owned,2024-03-22,,16000,0,5\n"
    "C1,,MG,MG4,ev,electric,,160,435,38000,,,,,,,,1,\n"
)
ROUNDTRIPS = """roundtrip_id,vehicle_id,location_id,start_time,end_time,distance_km
R1,V1,L1,2026-03-02T07:00:00,2026-03-02T09:00:00,40.5
R2,V1,L1,2026-03-02T10:00:00,2026-03-02T11:00:00,12.0
R3,V2,L2,2026-03-02T08:00:00,2026-03-02T12:00:00,80.25
"""
SEGMENTS = """roundtrip_id,start_time,end_time,distance_km
R1,2026-03-02T07:00:00,2026-03-02T07:30:00,20.0
R1,2026-03-02T08:30:00,2026-03-02T09:00:00,20.5
R3,2026-03-02T08:00:00,2026-03-02T12:00:00,80.25
"""
BASE = {
    "locations.csv": LOCATIONS,
    "vehicles.csv": VEHICLES,
    "roundtrips.csv": ROUNDTRIPS,
    "segments.csv": SEGMENTS,
}


def write_folder(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def replace_in(name: str, old: str, new: str) -> Callable[[dict[str, str]], None]:
    def change(files: dict[str, str]) -> None:
        assert old in files[name], old
        files[name] = files[name].replace(old, new, 1)

    return change


def add_line(name: str, line: str) -> Callable[[dict[str, str]], None]:
    def change(files: dict[str, str]) -> None:
        files[name] += line + "\n"

    return change


# (case id, change, file, row, column, words the message must contain)
CASES = [
    ("missing column", replace_in("vehicles.csv", ",fuel,", ",fool,"),
     "vehicles.csv", 1, "fuel", "column 'fuel' is missing"),
    # an unknown column is ignored with a warning since issue 17 (test_tabular)
    ("wrong type", replace_in("roundtrips.csv", ",12.0", ",twelve"),
     "roundtrips.csv", 3, "distance_km", "'twelve' is not valid: distance_km must be a number"),  # noqa: E501
    ("wrong int", replace_in("vehicles.csv", ",0,5\nV2", ",0,5.5\nV2"),
     "vehicles.csv", 2, "seats", "seats must be a whole number"),
    ("bad date", replace_in("vehicles.csv", "2030-01-01", "01/01/2030"),
     "vehicles.csv", 2, "lease_end", "must be a date written YYYY-MM-DD"),
    ("bad datetime", replace_in("roundtrips.csv", "2026-03-02T11:00:00", "2026-03-02 25:00"),  # noqa: E501
     "roundtrips.csv", 3, "end_time", "must be a local date and time"),
    ("end before start", replace_in("roundtrips.csv", "2026-03-02T11:00:00", "2026-03-02T09:30:00"),  # noqa: E501
     "roundtrips.csv", 3, "end_time", "end_time 2026-03-02T09:30:00 is before start_time 2026-03-02T10:00:00"),  # noqa: E501
    ("negative km", replace_in("roundtrips.csv", ",12.0", ",-12.0"),
     "roundtrips.csv", 3, "distance_km", "distance_km -12.0 is negative"),
    ("absurd km", replace_in("roundtrips.csv", ",80.25", ",80250"),
     "roundtrips.csv", 4, "distance_km", "more than 2000 km; check the unit"),
    ("absurd speed", replace_in("roundtrips.csv", ",12.0", ",250"),
     "roundtrips.csv", 3, "distance_km", "250.0 km in 60 min is 250 km/h, more than 200 km/h"),  # noqa: E501
    ("duplicate id", add_line("roundtrips.csv", "R2,V2,L2,2026-03-03T08:00:00,2026-03-03T09:00:00,5"),  # noqa: E501
     "roundtrips.csv", 5, "roundtrip_id", "roundtrip_id 'R2' is used again (first in row 3)"),  # noqa: E501
    ("unknown vehicle", replace_in("roundtrips.csv", "R3,V2", "R3,V9"),
     "roundtrips.csv", 4, "vehicle_id", "vehicle_id 'V9' is not in vehicles or the database"),  # noqa: E501
    ("unknown location", replace_in("roundtrips.csv", "R3,V2,L2", "R3,V2,L7"),
     "roundtrips.csv", 4, "location_id", "location_id 'L7' is not in locations or the database"),  # noqa: E501
    ("unknown vehicle location", replace_in("vehicles.csv", "36000,L2", "36000,L8"),
     "vehicles.csv", 3, "location_id", "location_id 'L8' is not in locations"),
    ("segment outside", replace_in("segments.csv", "08:30:00,2026-03-02T09:00:00", "08:30:00,2026-03-02T09:10:00"),  # noqa: E501
     "segments.csv", 3, "start_time", "lies outside its roundtrip 'R1' (2026-03-02T07:00:00 to 2026-03-02T09:00:00)"),  # noqa: E501
    ("segment of unknown roundtrip", add_line("segments.csv", "R9,2026-03-02T08:00:00,2026-03-02T08:10:00,1"),  # noqa: E501
     "segments.csv", 5, "roundtrip_id", "roundtrip_id 'R9' is not in roundtrips"),
    ("ev with petrol", replace_in("vehicles.csv", "ev,electric,,156", "ev,petrol,,156"),
     "vehicles.csv", 2, "fuel", "fuel 'petrol' does not fit vehicle_type 'ev'; a vehicle of type ev runs on electric"),  # noqa: E501
    ("unknown fuel", replace_in("vehicles.csv", "ice,petrol", "ice,gas"),
     "vehicles.csv", 3, "fuel", "must be one of electric, petrol, diesel, hvo, none"),
    ("empty id", replace_in("roundtrips.csv", "R3,V2", ",V2"),
     "roundtrips.csv", 4, "roundtrip_id", "'roundtrip_id' is empty"),
    ("short row", replace_in("roundtrips.csv", "R3,V2,L2,", "R3,V2,"),
     "roundtrips.csv", 4, None, "row has 5 values but the header has 6 columns"),
    ("lease end before start", replace_in("vehicles.csv", "2025-01-02,2030-01-01", "2025-01-02,2024-01-01"),  # noqa: E501
     "vehicles.csv", 2, "lease_end", "lease_end 2024-01-01 is before lease_start 2025-01-02"),  # noqa: E501
    ("lat without lon", replace_in("locations.csv", "55.7306,12.3630", "55.7306,"),
     "locations.csv", 2, "lon", "lat and lon must both be given"),
]  # fmt: skip


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    """A database holding the base dataset."""
    report = import_path(engine, write_folder(tmp_path / "base", dict(BASE)))
    assert report.problems == () and report.written
    return engine


@pytest.mark.parametrize(
    ("change", "file", "row", "column", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_malformed_input_is_reported_and_nothing_changes(
    loaded: Engine,
    tmp_path: Path,
    change: Callable[[dict[str, str]], None],
    file: str,
    row: int,
    column: str | None,
    words: str,
) -> None:
    files = dict(BASE)
    change(files)
    folder = write_folder(tmp_path / "bad", files)
    before = dump(loaded)
    for dry_run in (True, False):
        report = import_path(loaded, folder, dry_run=dry_run)
        assert not report.written
        found = [
            p for p in report.errors if (p.file, p.row, p.column) == (file, row, column)
        ]
        assert found, [str(p) for p in report.problems]
        assert words in found[0].message
    assert dump(loaded) == before


def test_non_utf8_file_names_its_row(loaded: Engine, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = dict(BASE)
    files["locations.csv"] = LOCATIONS.replace("Depot", "Dep\xf8t").encode("latin-1")
    before = dump(loaded)
    report = import_path(loaded, write_folder(tmp_path / "bad", files))
    assert not report.written
    (problem,) = report.errors
    assert (problem.file, problem.row) == ("locations.csv", 3)
    assert "not UTF-8" in problem.message and "CSV UTF-8" in problem.message
    assert dump(loaded) == before


def test_missing_vehicles_file(loaded: Engine, tmp_path: Path) -> None:
    files = {k: v for k, v in BASE.items() if k != "vehicles.csv"}
    report = import_path(loaded, write_folder(tmp_path / "bad", files))
    assert not report.written
    assert any("vehicles table is missing" in p.message for p in report.errors)


def test_every_problem_is_collected(loaded: Engine, tmp_path: Path) -> None:
    files = dict(BASE)
    replace_in("roundtrips.csv", ",12.0", ",-1")(files)
    replace_in("roundtrips.csv", "R3,V2", "R3,V9")(files)
    replace_in("vehicles.csv", "ice,petrol", "ice,electric")(files)
    report = import_path(loaded, write_folder(tmp_path / "bad", files))
    assert [str(p) for p in report.errors] == [
        "vehicles.csv:3:fuel: fuel 'electric' does not fit vehicle_type 'ice'; "
        "a vehicle of type ice runs on diesel or hvo or petrol.",
        "roundtrips.csv:3:distance_km: distance_km -1.0 is negative.",
        "roundtrips.csv:4:vehicle_id: vehicle_id 'V9' is not in vehicles or the "
        "database; add it to vehicles first or fix the id.",
    ]


def test_overlap_is_a_warning_and_strict_blocks_it(
    loaded: Engine, tmp_path: Path
) -> None:
    files = dict(BASE)
    add_line("roundtrips.csv", "R4,V1,L1,2026-03-02T08:00:00,2026-03-02T08:30:00,5")(
        files
    )
    folder = write_folder(tmp_path / "overlap", files)
    before = dump(loaded)
    strict = import_path(loaded, folder, strict=True)
    assert not strict.written and dump(loaded) == before
    (warning,) = strict.warnings
    assert (warning.file, warning.row, warning.column) == (
        "roundtrips.csv",
        5,
        "start_time",
    )
    assert (
        "roundtrip 'R4' of vehicle 'V1' starts at 2026-03-02T08:00:00, before "
        "roundtrip 'R1' ends at 2026-03-02T09:00:00" in warning.message
    )
    assert import_path(loaded, folder).written


def test_overlap_with_a_trip_in_the_database(loaded: Engine, tmp_path: Path) -> None:
    """Only new trips are checked against stored ones of the same vehicle."""
    files = {
        "locations.csv": "location_id,name,address,lat,lon\n",
        "vehicles.csv": VEHICLES.splitlines()[0] + "\n",
        "roundtrips.csv": ROUNDTRIPS.splitlines()[0]
        + "\nR5,V2,L2,2026-03-02T11:00:00,2026-03-02T13:00:00,20\n",
    }
    report = import_path(loaded, write_folder(tmp_path / "more", files), strict=True)
    assert not report.written
    (warning,) = report.warnings
    assert "'R3' (in the database)" in warning.message


def test_trips_may_refer_to_vehicles_in_the_database(
    loaded: Engine, tmp_path: Path
) -> None:
    files = {
        "locations.csv": "location_id,name,address,lat,lon\n",
        "vehicles.csv": VEHICLES.splitlines()[0] + "\n",
        "roundtrips.csv": ROUNDTRIPS.splitlines()[0]
        + "\nR6,V2,L2,2026-03-03T08:00:00,2026-03-03T09:00:00,20\n",
    }
    report = import_path(loaded, write_folder(tmp_path / "more", files))
    assert report.problems == () and report.written
    assert len(load_dataset(loaded).roundtrips) == 4


def test_dry_run_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    before = dump(engine)
    report = import_path(engine, write_folder(tmp_path / "d", dict(BASE)), dry_run=True)
    assert report.problems == () and not report.written
    assert report.counts == {
        "locations": 2,
        "vehicles": 3,
        "roundtrips": 3,
        "segments": 3,
    }
    assert dump(engine) == before


def test_reimport_changes_nothing_and_upserts_by_id(
    loaded: Engine, tmp_path: Path
) -> None:
    before = dump(loaded)
    assert import_path(loaded, write_folder(tmp_path / "again", dict(BASE))).written
    assert dump(loaded) == before
    files = dict(BASE)
    replace_in("vehicles.csv", "41100", "42000")(files)
    assert import_path(loaded, write_folder(tmp_path / "changed", files)).written
    stored = load_dataset(loaded)
    assert stored.vehicle("V1").annual_cost_dkk == 42000
    assert len(stored.vehicles) == 3


def test_values_are_stored_exactly(loaded: Engine) -> None:
    data = load_dataset(loaded)
    v1, v2, c1 = (data.vehicle(ident) for ident in ("V1", "V2", "C1"))
    assert (v1.vehicle_id, v1.seats, v1.wltp_wh_per_km, v1.location_id) == (
        "V1",
        5,
        156.0,
        "L1",
    )
    assert v2.lease_end is None and v2.wltp_km_per_l == 19.8
    assert c1.is_candidate and c1.location_id is None and c1.seats is None
    assert [len(r.segments) for r in data.roundtrips] == [2, 1, 0]
    assert data.locations[1].lat is None
