from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from fleetplan.domain import Fuel, VehicleType
from fleetplan.ingest.tabular import (
    LOCATION_COLUMNS,
    ROUNDTRIP_COLUMNS,
    SEGMENT_COLUMNS,
    VEHICLE_COLUMNS,
    RawTable,
)
from fleetplan.ingest.validation import (
    Problem,
    StoreContext,
    StoredTrip,
    validate_tables,
)


def _table(stem: str, header: tuple[str, ...], *rows: str) -> RawTable:
    return RawTable(
        f"{stem}.csv",
        header,
        [(number, row.split(",")) for number, row in enumerate(rows, start=2)],
    )


def _vehicle_row(ident: str, vtype: str = "ev", fuel: str = "electric") -> str:
    return f"{ident},,,,{vtype},{fuel},,150,,30000,L,,,owned,,,,0"


def _tables(*trips: str, segments: tuple[str, ...] = ()) -> dict[str, RawTable]:
    return {
        "locations": _table("locations", LOCATION_COLUMNS, "L,Home,,55.7,12.4"),
        "vehicles": _table("vehicles", VEHICLE_COLUMNS, _vehicle_row("V")),
        "roundtrips": _table("roundtrips", ROUNDTRIP_COLUMNS, *trips),
        "segments": _table("segments", SEGMENT_COLUMNS, *segments),
    }


def test_problem_text_is_file_row_column_message() -> None:
    assert (
        str(Problem("vehicles.csv", 3, "fuel", "bad.")) == "vehicles.csv:3:fuel: bad."
    )
    assert str(Problem("meta.json", None, None, "bad.")) == "meta.json: bad."
    warning = Problem("r.csv", 2, "start_time", "overlap.", "warning")
    assert str(warning) == "r.csv:2:start_time: warning: overlap."


def test_valid_tables_build_a_dataset() -> None:
    result = validate_tables(
        _tables(
            "T,V,L,2026-03-02T08:00:00,2026-03-02T09:00:00,30",
            segments=(
                "T,2026-03-02T08:40:00,2026-03-02T09:00:00,20",
                "T,2026-03-02T08:00:00,2026-03-02T08:20:00,10",
            ),
        )
    )
    assert result.problems == ()
    assert result.dataset is not None
    (trip,) = result.dataset.roundtrips
    assert [s.distance_km for s in trip.segments] == [10.0, 20.0]  # sorted by start
    vehicle = result.dataset.vehicle("V")
    assert (vehicle.vehicle_type, vehicle.fuel) == (VehicleType.EV, Fuel.ELECTRIC)


def test_speed_limit_arithmetic() -> None:
    """200 km in 60 min is exactly 200 km/h: allowed; 200.1 km is not.
    3.4 km in 0 s counts as one minute: 204 km/h, too fast; 3.3 km is 198 km/h."""
    ok = validate_tables(
        _tables(
            "A,V,L,2026-03-02T08:00:00,2026-03-02T09:00:00,200",
            "B,V,L,2026-03-02T10:00:00,2026-03-02T10:00:00,3.3",
        )
    )
    assert ok.problems == ()
    bad = validate_tables(
        _tables(
            "A,V,L,2026-03-02T08:00:00,2026-03-02T09:00:00,200.1",
            "B,V,L,2026-03-02T10:00:00,2026-03-02T10:00:00,3.4",
        )
    )
    assert [(p.row, p.column) for p in bad.errors] == [
        (2, "distance_km"),
        (3, "distance_km"),
    ]
    assert "3.4 km in 1 min is 204 km/h" in bad.errors[1].message


def test_database_context_resolves_ids_and_overlaps() -> None:
    tables = _tables("T,W,M,2026-03-02T08:00:00,2026-03-02T09:00:00,30")
    unknown = validate_tables(tables)
    assert [p.column for p in unknown.errors] == ["vehicle_id", "location_id"]
    stored = StoredTrip("S", "W", datetime(2026, 3, 2, 8, 30), datetime(2026, 3, 2, 10))
    context = StoreContext(frozenset({"M"}), frozenset({"W"}), (stored,))
    known = validate_tables(tables, context=context)
    assert known.errors == ()
    (warning,) = known.warnings
    assert "'S' (in the database)" in warning.message and warning.row == 2
    replaced = StoreContext(
        frozenset({"M"}),
        frozenset({"W"}),
        (StoredTrip("T", "W", datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 9)),),
    )
    assert validate_tables(tables, context=replaced).problems == ()  # same id


def test_nested_overlap_is_found_after_a_long_trip() -> None:
    """C overlaps A (which ends last) though B lies between them."""
    result = validate_tables(
        _tables(
            "A,V,L,2026-03-02T07:00:00,2026-03-02T13:00:00,50",
            "B,V,L,2026-03-02T08:00:00,2026-03-02T09:00:00,5",
            "C,V,L,2026-03-02T10:00:00,2026-03-02T11:00:00,5",
        )
    )
    assert [(p.row, p.severity) for p in result.problems] == [
        (3, "warning"),
        (4, "warning"),
    ]
    assert result.dataset is not None


def test_dates_from_a_workbook_and_booleans() -> None:
    tables = _tables()
    row = (
        "V,,,,ice,diesel,20,,,30000,L,,,operational,2025-01-02T00:00:00,2030-01-01,,"
        "TRUE"
    )
    tables["vehicles"] = _table("vehicles", VEHICLE_COLUMNS, row)
    result = validate_tables(tables)
    assert result.dataset is not None
    vehicle = result.dataset.vehicle("V")
    assert vehicle.lease_start == date(2025, 1, 2) and vehicle.is_candidate


def test_time_zone_offsets_are_rejected() -> None:
    result = validate_tables(
        _tables("T,V,L,2026-03-02T08:00:00+01:00,2026-03-02T09:00:00,30")
    )
    assert [(p.row, p.column) for p in result.errors] == [(2, "start_time")]


@given(vtype=st.sampled_from(list(VehicleType)), fuel=st.sampled_from(list(Fuel)))
def test_type_and_fuel_consistency_follows_allowed_fuels(
    vtype: VehicleType, fuel: Fuel
) -> None:
    from fleetplan.domain import ALLOWED_FUELS

    tables = _tables()
    tables["vehicles"] = _table(
        "vehicles", VEHICLE_COLUMNS, _vehicle_row("V", vtype.value, fuel.value)
    )
    result = validate_tables(tables)
    fuel_errors = [p for p in result.errors if p.column == "fuel"]
    assert bool(fuel_errors) == (fuel not in ALLOWED_FUELS[vtype])


def test_a_bad_row_is_reported_once_not_by_its_references() -> None:
    """Vehicle V has a bad fuel and trip T a bad date: their trips and segments
    are not also reported as pointing at unknown ids."""
    tables = _tables(
        "T,V,L,2026-03-32T08:00:00,2026-03-02T09:00:00,30",
        segments=("T,2026-03-02T08:00:00,2026-03-02T08:20:00,10",),
    )
    tables["vehicles"] = _table(
        "vehicles", VEHICLE_COLUMNS, _vehicle_row("V", "ev", "gas")
    )
    result = validate_tables(tables)
    assert [(p.file, p.row, p.column) for p in result.problems] == [
        ("vehicles.csv", 2, "fuel"),
        ("roundtrips.csv", 2, "start_time"),
    ]
