"""The web import as a job (``dataset.import``): the upload travels through the
database, the report comes back whole, and the upload is gone afterwards."""

from __future__ import annotations

from pathlib import Path

from fleetplan.jobs import JobState
from fleetplan.jobs.import_kind import IMPORT_KIND, report_from_dict
from fleetplan.store.uploads import load_upload
from fleetplan.web.server import build_services
from tests.web.test_server import _workbooks


def test_dry_run_then_save_as_jobs(tmp_path: Path) -> None:
    """A bad workbook's dry run lists its error with file, row and column and
    writes nothing; the good one's save writes it and every process's cache
    sees it; each job deletes its upload."""
    good, bad = _workbooks(tmp_path)
    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        assert services.stage_upload is not None
        engine = services.users.engine  # type: ignore[attr-defined]
        kind = services.job_kinds[IMPORT_KIND]

        def run(path: Path, dry_run: bool) -> tuple[str, dict[str, object]]:
            assert services.stage_upload is not None
            upload_id = services.stage_upload(path.name, path.read_bytes())
            job = kind({"upload_id": upload_id, "dry_run": dry_run})
            job_id = services.jobs.submit(IMPORT_KIND, job, owner="ann")
            record = services.jobs.wait(job_id, timeout_s=120)
            assert load_upload(engine, upload_id) is None
            assert record.state is JobState.DONE, record.error
            assert record.result is not None
            return upload_id, record.result

        _, result = run(bad, True)
        report, names = report_from_dict(result)
        assert report.errors and not report.written and names == {}
        problem = report.errors[0]
        assert (problem.file, problem.row, problem.column) == (
            "bad.xlsx[vehicles]",
            3,
            "wltp_km_per_l",
        )
        assert problem.code and problem.param_dict  # translatable on the page
        _, result = run(good, False)
        saved, _ = report_from_dict(result)
        assert saved.written
        assert len(services.load_dataset().vehicles) == saved.counts["vehicles"]
    finally:
        services.jobs.shutdown()


def test_a_lost_upload_fails_with_a_message(tmp_path: Path) -> None:
    services = build_services(f"sqlite:///{tmp_path / 'app.sqlite'}")
    try:
        job = services.job_kinds[IMPORT_KIND]({"upload_id": "gone", "dry_run": True})
        job_id = services.jobs.submit(IMPORT_KIND, job, owner="ann")
        record = services.jobs.wait(job_id, timeout_s=60)
        assert record.state is JobState.FAILED
        assert record.error is not None and "import.upload_gone" in record.error
    finally:
        services.jobs.shutdown()
