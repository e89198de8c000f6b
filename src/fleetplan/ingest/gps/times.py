"""Text times to naive Copenhagen wall-clock times, fast and unambiguous.

A file writes its times either all with a zone or offset (``Z``, ``+02:00``) or
all without; naive times are in the file's or connector's ``time_zone`` (default
Europe/Copenhagen). A file that mixes the two is refused with the lines of each,
since the same clock reading would then mean two instants. Every time ends up as
the same instant in Copenhagen wall-clock time, so one trip sent in two notations
gets one roundtrip id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from fleetplan.ingest.gps.columns import check_zone as check_zone
from fleetplan.ingest.gps.errors import GpsInputError, lines_text
from fleetplan.ingest.gps.schema import LOCAL_TIME_ZONE

_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})$"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ])\d{2}:\d{2}(:\d{2})?(\.\d+)?$")
_DANISH = re.compile(r"^\d{2}([-.])\d{2}[-.]\d{4} \d{2}:\d{2}(:\d{2})?$")


@dataclass(frozen=True, slots=True)
class FixedTimes:
    """A time column parsed with one fixed format (``fixed_times``) before
    ``parse_times`` saw it, e.g. during the CSV read."""

    format: str
    parsed: pl.Series


def fixed_times(text: pl.Expr, fmt: str) -> pl.Expr:
    """Text times in one exact format without a fraction, as ``parse_times``
    parses them (unparsed values null, retried there)."""
    return text.str.to_datetime(
        fmt, time_unit="us", strict=False, exact=True, cache=False
    )


def fixed_format(sample: str) -> str | None:
    """An exact strptime format for ``sample`` (fast path), or None to infer."""
    iso = _ISO.match(sample)
    if iso:
        sep, seconds, fraction = iso.groups()
        return (
            f"%Y-%m-%d{sep}%H:%M"
            + (":%S" if seconds else "")
            + ("%.f" if fraction else "")
        )
    danish = _DANISH.match(sample)
    if danish:
        sep, seconds = danish.groups()
        return f"%d{sep}%m{sep}%Y %H:%M" + (":%S" if seconds else "")
    return None


def _inferred(text: pl.Series) -> pl.Series:
    """polars' own guess of the format; all null when it finds none."""
    try:
        return text.str.to_datetime(time_unit="us", strict=False)
    except pl.exceptions.PolarsError:  # no format fits the first value
        return pl.Series(text.name, [None] * text.len(), dtype=pl.Datetime("us"))


def _fixed(text: pl.Series, fmt: str, sample: str) -> pl.Series:
    """One exact format; a fraction of seconds is added as a number, since
    polars' ``%.f`` is several times slower than a fixed format. When every value
    is as long as ``sample`` (one system wrote them all), the fraction is read
    at its fixed place in the same pass."""
    if not fmt.endswith("%.f"):
        return text.to_frame().select(fixed_times(pl.col(text.name), fmt)).to_series()
    whole = len(sample.split(".")[0])
    lengths = text.str.len_bytes()
    digits = len(sample) - whole - 1
    seconds = (
        pl.col("t")
        .str.slice(0, whole)
        .str.to_datetime(
            fmt[:-3], time_unit="us", strict=False, exact=True, cache=False
        )
    )
    if lengths.min() == lengths.max() == len(sample) and 0 < digits <= 6:
        micros = pl.col("t").str.slice(whole + 1).cast(pl.Int64, strict=False)
        micros = micros * 10 ** (6 - digits)
    else:
        fraction = pl.col("t").str.slice(whole)
        padded = fraction.str.slice(1).str.pad_end(6, "0").str.slice(0, 6)
        micros = (
            pl.when(fraction.is_null() | (fraction == ""))
            .then(0)
            .when(fraction.str.starts_with("."))
            .then(padded.cast(pl.Int64, strict=False))
        )
    frame = text.to_frame("t").lazy()
    return (
        frame.select(seconds + pl.duration(microseconds=micros))
        .collect()["t"]
        .alias(text.name)
    )


def _naive(
    text: pl.Series,
    sample: str,
    present: pl.Series,
    file: str,
    first_line: int,
    fixed: FixedTimes | None,
) -> pl.Series:
    """Naive times; values the first value's format does not fit are retried
    (stripped, polars' own guess), so a file may change notation part-way, but a
    time with a zone among naive ones is refused. ``fixed``: the column parsed
    already, used when its format is the one the first value asks for."""
    fmt = fixed_format(sample)
    if fmt is None:
        parsed = _inferred(text.str.strip_chars())
    elif fixed is not None and fixed.format == fmt and not fmt.endswith("%.f"):
        parsed = fixed.parsed.alias(text.name)
    else:
        parsed = _fixed(text, fmt, sample)
    failed = present & parsed.is_null()
    if failed.any():
        zoned = failed & text.str.contains(_ZONE).fill_null(False)
        _refuse_mixed(zoned, present & ~zoned, file, first_line)
        if fmt is not None:
            retry = _inferred(text.filter(failed).str.strip_chars())
            parsed = parsed.scatter(failed.arg_true(), retry)
    return parsed


def _zoned(text: pl.Series) -> pl.Series:
    """Times with a zone or offset as UTC instants."""
    with_offset = text.str.replace(r"Z$", "+00:00")
    return with_offset.str.to_datetime(
        "%Y-%m-%dT%H:%M:%S%.f%#z", time_unit="us", strict=False, time_zone="UTC"
    ).fill_null(
        with_offset.str.replace("T", " ").str.to_datetime(
            "%Y-%m-%d %H:%M:%S%.f%#z", time_unit="us", strict=False, time_zone="UTC"
        )
    )


def _refuse_mixed(
    zoned: pl.Series, naive: pl.Series, file: str, first_line: int
) -> None:
    if zoned.any() and naive.any():
        raise GpsInputError(
            "mixed_zones",
            file=file,
            zoned=lines_text((zoned.arg_true() + first_line).to_list()),
            naive=lines_text((naive.arg_true() + first_line).to_list()),
        )


def parse_times(
    raw: pl.Series,
    time_zone: str = LOCAL_TIME_ZONE,
    *,
    file: str = "",
    column: str = "time",
    first_line: int = 2,
    fixed: FixedTimes | None = None,
) -> pl.Series:
    """Naive Copenhagen times; empty cells stay null (the caller counts them).

    A non-empty cell that is no time raises ``bad_cells`` with its lines; so do
    naive times that do not exist in ``time_zone`` (the hour skipped in spring).
    ``fixed``: ``raw`` parsed already with one format (``FixedTimes``).
    """
    check_zone(time_zone)
    if raw.dtype == pl.Datetime:
        return raw.cast(pl.Datetime("us"))
    text = raw.cast(pl.Utf8)
    present = text.is_not_null() & (text.str.len_bytes() > 0)
    if not present.all():  # empty cells are null (counted as dropped)
        text = pl.select(pl.when(present).then(text)).to_series().alias(raw.name)
    first = text.drop_nulls().head(1).to_list()
    sample = first[0].strip() if first else ""
    if re.search(_ZONE, sample):
        zoned = text.str.contains(_ZONE).fill_null(False)
        _refuse_mixed(zoned, present & ~zoned, file, first_line)
        instants = _zoned(text.str.strip_chars())
    else:
        instants = _naive(text, sample, present, file, first_line, fixed)
        if time_zone != LOCAL_TIME_ZONE:
            instants = instants.dt.replace_time_zone(
                time_zone, ambiguous="earliest", non_existent="null"
            )
    if instants.dtype.time_zone is not None:  # type: ignore[attr-defined]
        instants = instants.dt.convert_time_zone(LOCAL_TIME_ZONE).dt.replace_time_zone(
            None
        )
    bad = present & instants.is_null()
    if bad.any():
        raise GpsInputError(
            "bad_times",
            file=file,
            lines=lines_text((bad.arg_true() + first_line).to_list()),
            column=column,
        )
    return instants.alias(raw.name)
