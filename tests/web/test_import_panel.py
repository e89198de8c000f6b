"""The register import leaves no uploaded fleet data on disk: opening Køretøjer
creates no temporary folder, and each dry run or save removes the one it used,
also when the import fails. A file over a limit is refused with a message and
nothing is written."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui import Client, ui
from nicegui.page import page
from sqlalchemy import Engine

from fleetplan.api import Role
from fleetplan.api.services import set_services
from fleetplan.domain import Dataset, Fuel, Location, Vehicle, VehicleType
from fleetplan.ingest.tabular import VEHICLE_COLUMNS
from fleetplan.store import (
    ImportReport,
    create_engine_for,
    import_path,
    save_dataset,
    table_counts,
    upgrade_database,
)
from fleetplan.store.csv_upload import UPLOAD_PREFIX
from fleetplan.web.import_panel import import_panel, import_upload, problem_rows
from tests.api.conftest import app_services


def _vehicles_csv(make: str) -> bytes:
    """A vehicles CSV with one new electric car, V2, of ``make``."""
    given = {"vehicle_id": "V2", "vehicle_type": "ev", "fuel": "electric"}
    row = [given.get(c, "") for c in VEHICLE_COLUMNS]
    row[VEHICLE_COLUMNS.index("location_id")] = "L1"
    row[VEHICLE_COLUMNS.index("make")] = f'"{make}"'
    return f"{','.join(VEHICLE_COLUMNS)}\n{','.join(row)}\n".encode()


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp directory of this test's own, so other processes do not count."""
    root = tmp_path / "temp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fleet.sqlite'}")
    upgrade_database(engine)
    save_dataset(
        engine,
        Dataset(
            (Location("L1", "Rådhus"),),
            (Vehicle("V1", VehicleType.ICE, Fuel.DIESEL, location_id="L1"),),
            (),
        ),
    )
    yield engine
    engine.dispose()


def _importer(engine: Engine):  # type: ignore[no-untyped-def]
    return lambda path, dry_run: import_path(engine, path, dry_run=dry_run)


def _left(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(f"{UPLOAD_PREFIX}*"))


def test_opening_the_import_panel_creates_no_temp_folder(
    temp_root: Path, engine: Engine
) -> None:
    """Every Køretøjer page load by a writer left a fleetplan-import-* folder."""
    with app_services(
        load_dataset=lambda: Dataset((), (), ()),
        import_tables=_importer(engine),
    ) as services:
        set_services(services)
        writer = services.users.get(f"{Role.WRITE.value}er")
        assert writer is not None
        with Client(page("/"), request=None) as client:
            import_panel(writer)
            assert _left(temp_root) == []
            uploads = [e for e in client.elements.values() if isinstance(e, ui.upload)]
            assert uploads[0].props["max-file-size"] == 20 * 1024 * 1024
    assert _left(temp_root) == []


def test_dry_run_and_save_remove_their_temp_folder(
    temp_root: Path, engine: Engine
) -> None:
    data = _vehicles_csv("Renault")
    report, names = import_upload(_importer(engine), "nye biler.csv", data, True)
    assert (report.errors, report.written) == ((), False)
    assert names == {"vehicles.csv": "nye biler.csv"}
    assert _left(temp_root) == []
    report, _ = import_upload(_importer(engine), "nye biler.csv", data, False)
    assert report.written and table_counts(engine)["vehicles"] == 2
    assert _left(temp_root) == []


def test_a_failing_import_removes_its_temp_folder(temp_root: Path) -> None:
    seen: list[Path] = []

    def failing(path: Path, dry_run: bool) -> ImportReport:
        seen.append(path)
        assert path.exists()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        import_upload(failing, "fleet.xlsx", b"PK", False)
    assert seen and not seen[0].exists()
    assert _left(temp_root) == []


def test_an_upload_over_a_limit_is_refused_and_nothing_is_written(
    temp_root: Path, engine: Engine
) -> None:
    """A 5 MB cell: the save writes nothing and the page names file, row and
    column (it showed nothing and logged '_csv.Error: field larger than field
    limit')."""
    data = _vehicles_csv("x" * (5 << 20))
    report, names = import_upload(_importer(engine), "biler.csv", data, False)
    assert not report.written and table_counts(engine)["vehicles"] == 1
    (row,) = problem_rows(report, names)
    assert (row["file"], row["row"], row["column"]) == ("biler.csv", 2, "make")
    assert row["message"] == (
        "Cellen i kolonnen «make» har mere end 10000 tegn; der må højst være 10000. "
        "Gør den kortere (se efter et manglende anførselstegn)."
    )
    assert _left(temp_root) == []
