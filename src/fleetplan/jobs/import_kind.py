"""The ``dataset.import`` job kind: the web import (dry run or save) of an
uploaded file, as a job with progress, on a worker when there are workers.

The upload travels through the database (``store.uploads``), so the worker
need not share a disk with the web app; it is deleted when the job ends. The
result is the import report as JSON (``report_to_dict``), which the page turns
back into an ``ImportReport`` (``report_from_dict``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine

from fleetplan.ingest.problems import Problem
from fleetplan.jobs.errors import JobFailure
from fleetplan.jobs.runner import JobContext, JobFunction
from fleetplan.store import ImportReport, import_path
from fleetplan.store.audit import acting_as
from fleetplan.store.csv_upload import staged_upload
from fleetplan.store.uploads import delete_upload, load_upload

IMPORT_KIND = "dataset.import"


def report_to_dict(report: ImportReport, names: Mapping[str, str]) -> dict[str, Any]:
    return {"report": dataclasses.asdict(report), "names": dict(names)}


def report_from_dict(result: Mapping[str, Any]) -> tuple[ImportReport, dict[str, str]]:
    raw = dict(result["report"])
    problems = tuple(
        Problem(**{**p, "params": tuple(tuple(kv) for kv in p["params"])})
        for p in raw.pop("problems")
    )
    return ImportReport(problems=problems, **raw), dict(result["names"])


def import_kind(
    engine: Engine, on_written: Callable[[], None] = lambda: None
) -> Callable[[Mapping[str, Any]], JobFunction]:
    """``dataset.import``: ``upload_id`` (from ``store.uploads.save_upload``) and
    ``dry_run`` (check only; default true)."""

    def factory(params: Mapping[str, Any]) -> JobFunction:
        upload_id, dry_run = str(params["upload_id"]), bool(params["dry_run"])
        actor = params.get("actor")  # who started it, for the audit log

        def run(ctx: JobContext) -> dict[str, Any]:
            ctx.on_progress("import.reading", 0.0)
            try:
                upload = load_upload(engine, upload_id)
                if upload is None:
                    raise JobFailure(
                        "import.upload_gone",
                        "the uploaded file is gone; upload it again.",
                    )
                with (
                    staged_upload(*upload) as (path, names),
                    acting_as(str(actor) if actor else None),
                ):
                    ctx.on_progress("import.checking", 10.0)
                    report = import_path(engine, path, dry_run=dry_run)
            finally:
                delete_upload(engine, upload_id)
            if report.written:
                on_written()
            ctx.on_progress("import.done", 100.0)
            return report_to_dict(report, names)

        return run

    return factory
