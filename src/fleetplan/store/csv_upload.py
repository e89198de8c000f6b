"""One uploaded CSV file as a neutral-format folder that ``import_path`` reads.

A user uploads one table (usually the vehicles) under any file name; the other
tables an import needs are taken from the database, so they are written as
header-only files and add nothing.

``staged_upload`` holds an uploaded file (xlsx or CSV) in its own temporary
folder only while one dry run or save reads it, so no uploaded fleet data stays
on the server's disk.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fleetplan.ingest.tabular import TABLE_COLUMNS
from fleetplan.ingest.validation import REQUIRED_TABLES

DEFAULT_TABLE = "vehicles"


def table_of(file_name: str) -> str:
    """The neutral table a CSV holds: its stem if that is a table's, else vehicles."""
    stem = Path(file_name).stem.strip().lower()
    return stem if stem in TABLE_COLUMNS else DEFAULT_TABLE


def stage_csv(csv_path: Path, folder: Path) -> Path:
    """Copy ``csv_path`` into the empty ``folder`` as its table's file, with
    header-only files for the other required tables; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    table = table_of(csv_path.name)
    shutil.copyfile(csv_path, folder / f"{table}.csv")
    for stem in REQUIRED_TABLES:
        if stem == table:
            continue
        with (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(TABLE_COLUMNS[stem][0])
    return folder


UPLOAD_PREFIX = "fleetplan-import-"


@contextmanager
def staged_upload(file_name: str, data: bytes) -> Iterator[tuple[Path, dict[str, str]]]:
    """The uploaded ``data`` as the importer reads it (an .xlsx file, or a CSV
    staged as a folder of tables) and the staged file labels to show under the
    uploaded name. The temporary folder is removed on leaving, also on error."""
    name = Path(file_name).name.strip()
    if name in ("", ".", ".."):
        raise ValueError(f"not a file name: {file_name!r}")
    with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX) as temp:
        upload = Path(temp) / name
        upload.write_bytes(data)
        if upload.suffix.lower() != ".csv":
            yield upload, {}
            return
        staged = stage_csv(upload, Path(temp) / "tables")
        yield staged, {f"{table_of(name)}.csv": name}
