"""Read a GPS point log or trip log CSV (plain or gzip) fast, or say exactly why
not: which file, which line, what to do, and never a line's content.

The fast path is one typed polars parse of the columns Fleetplan uses, with the
separator and decimal comma sniffed from the head. When polars refuses the file,
a slower pass finds the line (ragged, an open quote, a cell that is no number).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from fleetplan.ingest.csv_sniff import (
    CsvFormatError,
    CsvLayout,
    head_text,
    read_text_bytes,
    sniff_layout,
    text_source,
)
from fleetplan.ingest.gps.errors import GpsInputError, lines_text, warning
from fleetplan.ingest.gps.schema import (
    LOCAL_TIME_ZONE,
    POINT_REQUIRED,
    POINT_SCHEMA,
    TRIP_SCHEMA,
)
from fleetplan.ingest.gps.times import FixedTimes, fixed_format, fixed_times

Kind = Literal["points", "trips"]
_TEXT = ("vehicle_id", "time", "start_time", "end_time", "ignition")
_PARSED = "\x00time parsed"  # no header cell of a used column is named so


@dataclass(frozen=True, slots=True)
class GpsFile:
    """A parsed file: the typed columns it has (times still text), its kind, and
    warnings (codes and parameters, no cell values). ``times``: the time column
    already parsed with a format guessed from the head, during the read
    (``times.parse_times`` uses it if the format is the one it picks)."""

    raw: pl.DataFrame
    kind: Kind
    name: str
    warnings: list[dict[str, Any]] = field(default_factory=list)
    times: FixedTimes | None = None


def _readable(data: bytes | Path) -> io.BytesIO | Path:
    return io.BytesIO(data) if isinstance(data, bytes) else data


def source_of(path: Path) -> bytes | Path:
    try:
        return text_source(path)
    except CsvFormatError as exc:
        raise GpsInputError(exc.code, file=path.name, **exc.params) from exc


def _head(data: bytes | Path) -> str:
    """The file's first 64 KiB as text, read once for the layout and the
    time format."""
    if isinstance(data, Path):
        with data.open("rb") as handle:
            data = handle.read(65_536)
    return head_text(data)


def _layout(head: str, name: str) -> CsvLayout:
    try:
        return sniff_layout(head)
    except CsvFormatError as exc:
        raise GpsInputError(exc.code, file=name, **exc.params) from exc


def read_bytes(path: Path) -> bytes:
    try:
        return read_text_bytes(path)
    except CsvFormatError as exc:
        raise GpsInputError(exc.code, file=path.name, **exc.params) from exc


def _locate(source: bytes | Path, layout: CsvLayout, name: str) -> None:
    """Raise naming the first line that breaks the CSV structure (if any)."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    width = len(layout.header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.separator)
    line = 1
    try:
        for cells in reader:
            start = line
            line = reader.line_num + 1
            if start == 1 or not cells:
                continue
            if len(cells) > width:
                raise GpsInputError(
                    "ragged", file=name, line=start, cells=len(cells), columns=width
                )
            if reader.line_num > start or any("\n" in c for c in cells):
                # a quoted cell swallowed line breaks (or ran to the end)
                raise GpsInputError("quote", file=name, line=start)
    except csv.Error as exc:
        raise GpsInputError("quote", file=name, line=line) from exc


def _bad_numbers(frame: pl.DataFrame, numeric: list[str], name: str) -> None:
    for column in numeric:
        text = frame[column].str.strip_chars()
        parsed = text.str.replace(",", ".").cast(pl.Float64, strict=False)
        bad = text.is_not_null() & (text != "") & parsed.is_null()
        if bad.any():
            raise GpsInputError(
                "bad_numbers",
                file=name,
                lines=lines_text((bad.arg_true() + 2).to_list()),
                column=column,
            )


def _time_format(data: bytes | Path, head: str, layout: CsvLayout) -> str | None:
    """The fixed format (no fraction, no zone) of the first time in a plain
    point log's head, to parse the column during the read; else None."""
    if not isinstance(data, Path) or "time" not in layout.header:
        return None
    column = layout.header.index("time")
    rows = csv.reader(
        io.StringIO(head.lstrip("\ufeff"), newline=""), delimiter=layout.separator
    )
    next(rows, None)  # the header
    for cells in rows:
        sample = cells[column].strip() if len(cells) > column else ""
        if sample:
            fmt = fixed_format(sample)
            return fmt if fmt is not None and not fmt.endswith("%.f") else None
    return None


def _parse(
    data: bytes | Path,
    head: str,
    layout: CsvLayout,
    used: list[int],
    names: list[str],
    dtypes: list[pl.DataType],
) -> tuple[pl.DataFrame, FixedTimes | None] | None:
    """The used columns, and the time column parsed with the head's format
    (``_time_format``) by polars' threads as they read the file: in the
    streaming engine each batch of lines is parsed and converted at once."""
    try:
        # the header as polars spells it (quotes, spaces), to select and type by
        raw_names = pl.read_csv(
            _readable(data), separator=layout.separator, n_rows=0
        ).columns
        chosen = [raw_names[k] for k in used]
        fmt = _time_format(data, head, layout) if "time" in names else None
        if fmt is None:
            frame = pl.read_csv(
                _readable(data),
                separator=layout.separator,
                decimal_comma=layout.decimal_comma,
                columns=chosen,
                schema_overrides=dict(zip(chosen, dtypes, strict=True)),
                infer_schema=False,
            )
            times = None
        else:
            text = pl.col(chosen[names.index("time")])
            frame = (
                pl.scan_csv(
                    data,
                    separator=layout.separator,
                    decimal_comma=layout.decimal_comma,
                    schema_overrides=dict(zip(chosen, dtypes, strict=True)),
                    infer_schema=False,
                )
                .select(*chosen, fixed_times(text, fmt).alias(_PARSED))
                .collect(engine="streaming")
            )
            times = FixedTimes(fmt, frame[_PARSED])
            frame = frame.drop(_PARSED)
    except (pl.exceptions.PolarsError, IndexError):
        return None
    return frame.rename(dict(zip(chosen, names, strict=True))), times


def _strings(
    data: bytes | Path, layout: CsvLayout, used: list[int], names: list[str]
) -> pl.DataFrame | None:
    """The used columns as text, to find a cell that is no number."""
    try:
        frame = pl.read_csv(
            _readable(data),
            separator=layout.separator,
            infer_schema=False,
            truncate_ragged_lines=True,
        )
    except pl.exceptions.PolarsError:
        return None
    frame = frame.select(frame.columns[k] for k in used)
    frame.columns = names
    return frame


def read_gps_csv(path: Path) -> GpsFile:
    """The used columns of a point or trip log, typed except for times."""
    name = path.name
    data = source_of(path)
    head = _head(data)
    layout = _layout(head, name)
    kind: Kind = "trips" if "start_time" in layout.header else "points"
    schema = TRIP_SCHEMA if kind == "trips" else POINT_SCHEMA
    required = tuple(TRIP_SCHEMA) if kind == "trips" else POINT_REQUIRED
    missing = [c for c in required if c not in layout.header]
    if missing:
        raise GpsInputError("missing_columns", file=name, columns=", ".join(missing))
    notes: list[dict[str, Any]] = []
    unknown = [c for c in layout.header if c not in schema]
    if unknown:
        notes.append(warning("unknown_columns", file=name, columns=", ".join(unknown)))
    used = [k for k, c in enumerate(layout.header) if c in schema]
    names = [layout.header[k] for k in used]
    dtypes = [pl.Utf8() if c in _TEXT else schema[c] for c in names]
    parsed = _parse(data, head, layout, used, names, dtypes)
    if parsed is None:
        # polars' message quotes the line: it is dropped (outside the except
        # block, so no traceback chains it) and the line located again
        _locate(data, layout, name)
        strings = _strings(data, layout, used, names)
        if strings is not None:
            _bad_numbers(strings, [c for c in names if c not in _TEXT], name)
        raise GpsInputError("unreadable", file=name, reason="CSV")
    return GpsFile(parsed[0], kind, name, notes, parsed[1])


def default_zone(time_zone: str | None) -> str:
    return time_zone or LOCAL_TIME_ZONE
