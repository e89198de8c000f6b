"""How much an import may read, so that a small hostile or broken file cannot
exhaust the server's memory or time.

The limits come from the settings (``FLEETPLAN_IMPORT_MAX_*``); the readers check
them while they stream a file and stop at the first one broken. An xlsx workbook
is a zip archive: its declared sizes are checked before openpyxl opens it.
Python's ``zipfile`` never unpacks more than a member's declared size, so a
member that lies about its size cannot get past the check.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetplan.config import Settings, get_settings

_MB = 1024 * 1024
# A member smaller than this may be packed densely (a sheet of empty rows); above
# it, more than MAX_COMPRESSION_RATIO is a zip bomb, not a workbook (real sheets
# pack 5-30 times).
_RATIO_FREE_BYTES = 1 * _MB
MAX_COMPRESSION_RATIO = 200


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """Limits of one import: per file, per table, per row and per cell."""

    max_file_mb: float = 20.0
    max_rows: int = 500_000  # the demo municipality has 179,476 segments
    max_columns: int = 200
    max_cell_chars: int = 10_000
    max_uncompressed_mb: float = 200.0

    def __post_init__(self) -> None:
        for name in self.__slots__:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)}.")

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> ImportLimits:
        """The limits set for this installation."""
        s = settings or get_settings()
        return cls(
            max_file_mb=s.import_max_file_mb,
            max_rows=s.import_max_rows,
            max_columns=s.import_max_columns,
            max_cell_chars=s.import_max_cell_chars,
            max_uncompressed_mb=s.import_max_uncompressed_mb,
        )


def megabytes(size_bytes: float) -> str:
    """A size for a message: MB with one decimal."""
    return f"{size_bytes / _MB:.1f}"


def file_size_problem(path: Path, limits: ImportLimits) -> dict[str, Any] | None:
    """The parameters of ``file_too_large`` when ``path`` is too big, else None."""
    size = path.stat().st_size
    if size <= limits.max_file_mb * _MB:
        return None
    return {"size_mb": megabytes(size), "max_mb": f"{limits.max_file_mb:g}"}


def zip_problem(
    archive: zipfile.ZipFile, limits: ImportLimits
) -> tuple[str, dict[str, Any]] | None:
    """The code and parameters of a workbook that unpacks too big or too densely."""
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_mb * _MB:
        return "workbook_too_large", {
            "size_mb": megabytes(total),
            "max_mb": f"{limits.max_uncompressed_mb:g}",
        }
    for info in infos:
        if info.file_size <= _RATIO_FREE_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            return "workbook_packed", {"part": info.filename, "ratio": f"{ratio:.0f}"}
    return None
