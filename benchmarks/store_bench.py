"""Benchmark the store: validated import, load and export of a reference dataset.

Run ``python -m benchmarks.store_bench [--repeat 5] [--dataset synth_50v_60d]
[--db-url URL]``. Each import run gets a fresh database migrated to head (a copy of
a template SQLite file; with ``--db-url`` a PostgreSQL server, a new database per
run), untimed. Prints one JSON line per case with the median, the runs and the ratio
to the baseline timed in the same process, ``read_dataset`` (parsing the CSV files
without validation or database):

- ``store.import``: read + validate against the database + bulk upsert, one
  transaction;
- ``store.load``: ``load_dataset`` of everything (roundtrips with segments);
- ``store.export``: ``load_dataset`` + writing the CSV folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from benchmarks.scratch_database import scratch_postgres
from fleetplan.ingest import read_dataset
from fleetplan.store import (
    create_engine_for,
    export_path,
    import_path,
    load_dataset,
    upgrade_database,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs), runs


@contextmanager
def _fresh_database(workdir: Path, server_url: str | None) -> Iterator[Engine]:
    """An engine on an empty database migrated to head."""
    if server_url is None:
        template = workdir / "template.sqlite"
        if not template.exists():
            upgrade_database(f"sqlite:///{template}")
        path = workdir / f"{uuid.uuid4().hex}.sqlite"
        shutil.copyfile(template, path)
        engine = create_engine_for(f"sqlite:///{path}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    with scratch_postgres(server_url, "fleetplan_bench") as url:
        engine = create_engine_for(url)
        try:
            upgrade_database(engine)
            yield engine
        finally:
            engine.dispose()


def run(
    dataset: str, repeat: int, server_url: str | None = None
) -> list[dict[str, Any]]:
    """Time the cases on one reference dataset; one dict per JSON line."""
    folder = REFERENCE / dataset
    base, _ = _median(lambda: read_dataset(folder), repeat)
    lines: list[dict[str, Any]] = []

    def line(case: str, median: float, runs: list[float], **extra: Any) -> None:
        lines.append(
            {
                "case": case,
                "dataset": dataset,
                "backend": "postgresql" if server_url else "sqlite",
                "median_s": round(median, 4),
                "runs": [round(r, 4) for r in runs],
                "baseline": "read_dataset",
                "baseline_median_s": round(base, 4),
                "ratio": round(median / base, 2),
                **extra,
            }
        )

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        import_runs = []
        report = None
        for _ in range(repeat):
            with _fresh_database(workdir, server_url) as engine:
                began = time.perf_counter()
                report = import_path(engine, folder)
                import_runs.append(time.perf_counter() - began)
        assert report is not None and report.written
        line(
            "store.import", statistics.median(import_runs), import_runs, **report.counts
        )
        with _fresh_database(workdir, server_url) as engine:
            import_path(engine, folder)
            median, runs = _median(lambda: load_dataset(engine), repeat)
            line("store.load", median, runs)
            median, runs = _median(lambda: export_path(engine, workdir / "out"), repeat)
            line("store.export", median, runs)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dataset", default="synth_50v_60d")
    parser.add_argument("--db-url", default=None, help="A PostgreSQL server URL.")
    args = parser.parse_args()
    for line in run(args.dataset, args.repeat, args.db_url):
        print(json.dumps(line))


if __name__ == "__main__":
    main()
