"""App wiring: secret key file, dataset cache, services on a migrated database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fleetplan.web.server import (
    SECRET_FILE,
    build_services,
    load_or_create_secret,
    secret_path_for,
)


def test_secret_is_created_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE
    first = load_or_create_secret(path)
    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret(path) == first


def test_secret_path_next_to_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert secret_path_for(url) == tmp_path / SECRET_FILE
    assert secret_path_for("postgresql://u@h/db") == Path.cwd() / SECRET_FILE


def test_build_services_on_fresh_database(tmp_path: Path) -> None:
    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        assert (tmp_path / SECRET_FILE).exists()
        assert services.users.list() == []
        assert services.load_dataset().vehicles == ()
        assert "dataset.summary" in services.job_kinds
    finally:
        services.jobs.shutdown()


def _workbooks(tmp_path: Path) -> tuple[Path, Path]:
    """A good xlsx of the small reference dataset and a copy with a bad cell."""
    from openpyxl import load_workbook

    from fleetplan.ingest import read_dataset
    from fleetplan.store import (
        create_engine_for,
        export_path,
        save_dataset,
        upgrade_database,
    )
    from tests.conftest import reference_path

    engine = create_engine_for(f"sqlite:///{tmp_path / 'source.sqlite'}")
    upgrade_database(engine)
    save_dataset(engine, read_dataset(reference_path("os2_fixture_seed42")))
    good = tmp_path / "good.xlsx"
    export_path(engine, good)
    engine.dispose()
    book = load_workbook(good)
    sheet = book["vehicles"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("wltp_km_per_l") + 1, value="abc")
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    return good, bad


def test_import_dry_run_lists_errors_then_saves_good_file(tmp_path: Path) -> None:
    good, bad = _workbooks(tmp_path)
    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        assert services.import_tables is not None
        assert services.load_dataset().vehicles == ()
        report = services.import_tables(bad, True)
        assert report.errors and not report.written
        problem = report.errors[0]
        assert (problem.file, problem.row, problem.column) == (
            "bad.xlsx[vehicles]",
            3,
            "wltp_km_per_l",
        )
        dry = services.import_tables(good, True)
        assert not dry.errors and not dry.written
        assert services.load_dataset().vehicles == ()
        saved = services.import_tables(good, False)
        assert saved.written
        assert len(services.load_dataset().vehicles) == saved.counts["vehicles"]
    finally:
        services.jobs.shutdown()


def test_jobs_use_an_edited_factor_set_copy(tmp_path: Path) -> None:
    """A copy edited on Indstillinger is accepted by the simulation, optimisation
    and fleet jobs, with its own values; an unknown name is refused before queueing."""
    from fleetplan.jobs.optimise_kind import parse_optimise_params
    from tests.conftest import reference_path

    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        assert services.import_tables is not None
        report = services.import_tables(reference_path("os2_fixture_seed42"), False)
        assert report.written and not report.errors
        register = services.register
        assert register is not None
        register.copy_factor_set("dk-2025", "ballerup-2026")
        register.set_factor_value(
            "ballerup-2026", "rental.dkk_per_day", 650.0, "Ballerup udbud 2026"
        )
        edited = register.factor_set("ballerup-2026")
        assert edited["rental.dkk_per_day"] == 650.0
        assert register.factor_set("dk-2025")["rental.dkk_per_day"] != 650.0
        data = services.load_dataset()
        request = parse_optimise_params(
            {"factors": "ballerup-2026"}, data, register.factor_set
        )
        assert request.scope.factor_set["rental.dkk_per_day"] == 650.0
        for kind in ("simulate.current", "optimise"):
            services.job_kinds[kind]({"factors": "ballerup-2026"})  # accepted
            with pytest.raises(ValueError, match="no-such-set"):
                services.job_kinds[kind]({"factors": "no-such-set"})
    finally:
        services.jobs.shutdown()
