"""What a delimited text file is before it is parsed: its bytes (gzip unpacked),
whether it is text at all, its column separator and whether it writes decimal
commas (what Danish Excel saves as "CSV": semicolons and ``12,5``).

Shared by the GPS readers and the register import. Errors carry a code and the
line only; never the content of a line.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEPARATORS = (",", ";", "\t", "|")
_SNIFF_LINES = 50
# Magic numbers of formats a user may hand over by mistake.
_COMPRESSED = {
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"Rar!": "rar",
}
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


class CsvFormatError(ValueError):
    """A file that is not a readable delimited text; ``code`` names the reason
    (``binary``, ``compressed``, ``xlsx``, ``not_utf8``, ``empty``,
    ``no_separator``, ``unreadable``) and ``params`` its details."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


@dataclass(frozen=True, slots=True)
class CsvLayout:
    separator: str
    decimal_comma: bool
    header: tuple[str, ...]


def read_text_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is gzip; refuses binary, other
    compressed formats and workbooks."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError("unreadable", reason=exc.strerror or "OSError") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise CsvFormatError("compressed", format="gzip (damaged)") from exc
    check_text(data)
    return data


def text_source(path: Path) -> bytes | Path:
    """What a parser should read: the unpacked bytes of a gzip file, else the
    path itself (polars maps a file faster than it reads a copy), after the same
    checks as ``read_text_bytes`` on the file's head and tail."""
    try:
        with path.open("rb") as handle:
            head = handle.read(65_536)
            if head[:2] == b"\x1f\x8b":
                return read_text_bytes(path)
            handle.seek(max(path.stat().st_size - 4096, len(head)))
            tail = handle.read()
    except OSError as exc:
        raise CsvFormatError("unreadable", reason=exc.strerror or "OSError") from exc
    check_text(head)
    check_text(tail[tail.find(b"\n") + 1 :] if tail else b"")
    return path


def check_text(data: bytes) -> None:
    """Raise unless ``data`` looks like UTF-8 text (checked on its first 64 KB and
    its last 4 KB, which is enough to tell a binary file from text)."""
    if data[:4] == b"PK\x03\x04":
        book = b"xl/" in data[:4096] or b"[Content_Types]" in data[:4096]
        raise CsvFormatError("xlsx" if book else "compressed", format="zip")
    for magic, name in _COMPRESSED.items():
        if data.startswith(magic):
            raise CsvFormatError("compressed", format=name)
    head = data[:65_536]
    nul = head.find(b"\x00")
    if nul >= 0:
        raise CsvFormatError("binary", offset=nul)
    for start, chunk in ((0, head), (max(len(data) - 4096, 0), data[-4096:])):
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            # a multi-byte character cut by the chunk's edge is not an error
            if exc.start >= len(chunk) - 3 or (start > 0 and exc.start < 3):
                continue
            line = data[: start + exc.start].count(b"\n") + 1
            raise CsvFormatError("not_utf8", line=line) from exc


def _split(line: str, separator: str) -> list[str]:
    """Cells of a line, respecting double quotes (enough to count them)."""
    if '"' not in line:
        return line.split(separator)  # the loop's answer, at C speed
    cells: list[str] = []
    current: list[str] = []
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            cells.append("".join(current))
            current = []
            continue
        current.append(char)
    cells.append("".join(current))
    return cells


def sniff_layout(text_head: str) -> CsvLayout:
    """Separator and decimal comma from the first lines of a text.

    The separator is the candidate that splits the header into the most columns
    and the data lines into as many; decimal commas are assumed when the
    separator is not a comma and a cell looks like ``12,5``.
    """
    lines = [line for line in text_head.lstrip("\ufeff").splitlines() if line.strip()]
    if not lines:
        raise CsvFormatError("empty")
    lines = lines[:_SNIFF_LINES]
    best, best_cols = None, 1
    for sep in SEPARATORS:
        cols = len(_split(lines[0], sep))
        if cols <= best_cols:
            continue
        rows = [len(_split(line, sep)) for line in lines[1:]]
        if rows and sum(n == cols for n in rows) < len(rows) / 2:
            continue
        best, best_cols = sep, cols
    if best is None:
        raise CsvFormatError("no_separator")
    decimal_comma = best != "," and any(
        _DECIMAL_COMMA.match(cell.strip('"'))
        for line in lines[1:]
        for cell in _split(line, best)
    )
    header = tuple(c.strip().strip('"').strip() for c in _split(lines[0], best))
    return CsvLayout(best, decimal_comma, header)


def head_text(data: bytes, size: int = 65_536) -> str:
    """The start of ``data`` as text (a character cut at the end is dropped)."""
    return data[:size].decode("utf-8", errors="ignore")
