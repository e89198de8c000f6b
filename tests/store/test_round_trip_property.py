"""Property: any valid vehicle register and trips come back from the store (and
through a CSV export and re-import) exactly as they went in."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fleetplan.domain import (
    ALLOWED_FUELS,
    Dataset,
    LeaseType,
    Location,
    Roundtrip,
    Segment,
    Vehicle,
    VehicleType,
)
from fleetplan.ingest.field_rules import VehicleFields
from fleetplan.store import (
    create_engine_for,
    export_path,
    import_path,
    load_dataset,
    save_dataset,
)


def _amount(name: str) -> st.SearchStrategy[float | None]:
    """Empty, or a number the import accepts (the rules of ``field_rules``;
    their refusals are tested in test_register_round_trip)."""
    bounds = VehicleFields.model_fields[name].metadata
    low = next(m.ge for m in bounds if hasattr(m, "ge"))
    high = next(m.le for m in bounds if hasattr(m, "le"))
    return st.none() | st.floats(low, high, allow_nan=False)


_text = st.none() | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda text: text == text.strip())  # cells are read stripped


@st.composite
def vehicles(draw: st.DrawFn, ident: str) -> Vehicle:
    vtype = draw(st.sampled_from(list(VehicleType)))
    start = draw(st.none() | st.dates(date(2015, 1, 1), date(2030, 1, 1)))
    return Vehicle(
        vehicle_id=ident,
        vehicle_type=vtype,
        fuel=draw(st.sampled_from(sorted(ALLOWED_FUELS[vtype]))),
        plate=draw(_text),
        make=draw(_text),
        model=draw(_text),
        wltp_km_per_l=draw(_amount("wltp_km_per_l")),
        wltp_wh_per_km=draw(_amount("wltp_wh_per_km")),
        annual_cost_dkk=draw(_amount("annual_cost_dkk")),
        location_id=draw(st.sampled_from([None, "L"])),
        lease_type=draw(st.none() | st.sampled_from(list(LeaseType))),
        lease_start=start,
        lease_end=None
        if start is None
        else start + timedelta(days=draw(st.integers(0, 3000))),
        is_candidate=draw(st.booleans()),
        seats=draw(st.none() | st.integers(0, 60)),
        wheelchair_lift=draw(st.none() | st.booleans()),
        child_seats=draw(st.none() | st.integers(0, 9)),
        cargo_m3=draw(_amount("cargo_m3")),
        charge_kw=draw(_amount("charge_kw")),
        production_co2e_kg=draw(_amount("production_co2e_kg")),
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    fleet = tuple(draw(vehicles(str(i))) for i in range(draw(st.integers(1, 4))))
    trips = []
    start = datetime(2026, 3, 2, 6, 0)
    for n in range(draw(st.integers(0, 5))):
        start += timedelta(seconds=draw(st.integers(0, 10_000)))
        minutes = draw(st.integers(1, 600))
        end = start + timedelta(minutes=minutes)
        km = draw(st.floats(0, minutes * 3, allow_nan=False))  # <= 180 km/h
        trips.append(
            Roundtrip(f"t{n}", "0", "L", start, end, km, (Segment(start, end, km),))
        )
        start = end
    return Dataset((Location("L", draw(_text)),), fleet, tuple(trips))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dataset=datasets())
def test_store_and_csv_round_trip(sqlite_template: Path, dataset: Dataset) -> None:
    with TemporaryDirectory() as tmp:
        shutil.copyfile(sqlite_template, Path(tmp) / "a.sqlite")
        shutil.copyfile(sqlite_template, Path(tmp) / "b.sqlite")
        first = create_engine_for(f"sqlite:///{Path(tmp) / 'a.sqlite'}")
        second = create_engine_for(f"sqlite:///{Path(tmp) / 'b.sqlite'}")
        save_dataset(first, dataset)
        stored = load_dataset(first)
        assert stored == dataset
        export_path(first, Path(tmp) / "out")
        report = import_path(second, Path(tmp) / "out")
        assert report.errors == (), [str(p) for p in report.errors]
        assert load_dataset(second) == dataset
        first.dispose()
        second.dispose()
