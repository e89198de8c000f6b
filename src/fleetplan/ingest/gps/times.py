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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from fleetplan.ingest.gps.errors import GpsInputError, lines_text
from fleetplan.ingest.gps.schema import LOCAL_TIME_ZONE

_ZONE = r"(?:Z|[+-]\d{2}:?\d{2})$"
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ])\d{2}:\d{2}(:\d{2})?(\.\d+)?$")
_DANISH = re.compile(r"^\d{2}([-.])\d{2}[-.]\d{4} \d{2}:\d{2}(:\d{2})?$")


def check_zone(time_zone: str) -> str:
    """``time_zone`` when the tz database knows it; else a ``GpsInputError``."""
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise GpsInputError("unknown_zone", zone=time_zone) from exc
    return time_zone


def _format_of(sample: str) -> str | None:
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


def _naive(text: pl.Series) -> pl.Series:
    first = text.drop_nulls().head(1).to_list()
    fmt = _format_of(first[0]) if first else None
    if fmt is None:
        return _inferred(text)
    if fmt.endswith("%.f"):
        # polars' %.f is several times slower than a fixed format: parse the
        # whole seconds and add the fraction as a number
        whole = len(first[0].split(".")[0])
        parsed = text.str.slice(0, whole).str.to_datetime(
            fmt[:-3], time_unit="us", strict=False, exact=True, cache=False
        )
        fraction = text.str.slice(whole)
        micros = (
            fraction.str.slice(1)
            .str.pad_end(6, "0")
            .str.slice(0, 6)
            .cast(pl.Int64, strict=False)
        )
        ok = (fraction.str.slice(0, 1) == ".") | (fraction == "")
        micros = pl.select(
            pl.when(fraction == "").then(0).when(ok).then(micros).otherwise(None)
        ).to_series()
        parsed = parsed + pl.select(pl.duration(microseconds=micros)).to_series()
    else:
        parsed = text.str.to_datetime(
            fmt, time_unit="us", strict=False, exact=True, cache=False
        )
    failed = parsed.is_null() & text.is_not_null()
    if failed.any():  # another notation further down (e.g. with fractions)
        retry = _inferred(text.filter(failed))
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


def parse_times(
    raw: pl.Series,
    time_zone: str = LOCAL_TIME_ZONE,
    *,
    file: str = "",
    column: str = "time",
    first_line: int = 2,
) -> pl.Series:
    """Naive Copenhagen times; empty cells stay null (the caller counts them).

    A non-empty cell that is no time raises ``bad_cells`` with its lines; so do
    naive times that do not exist in ``time_zone`` (the hour skipped in spring).
    """
    check_zone(time_zone)
    if raw.dtype == pl.Datetime:
        return raw.cast(pl.Datetime("us"))
    text = raw.cast(pl.Utf8).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    text = pl.select(text.alias(column)).to_series()
    zoned = text.str.contains(_ZONE).fill_null(False)
    n_zoned = int(zoned.sum())
    n_present = text.len() - text.null_count()
    if 0 < n_zoned < n_present:
        naive = text.is_not_null() & ~zoned
        raise GpsInputError(
            "mixed_zones",
            file=file,
            zoned=lines_text((zoned.arg_true() + first_line).to_list()),
            naive=lines_text((naive.arg_true() + first_line).to_list()),
        )
    if n_zoned:
        instants = _zoned(text)
    else:
        instants = _naive(text)
        if time_zone != LOCAL_TIME_ZONE:
            instants = instants.dt.replace_time_zone(
                time_zone, ambiguous="earliest", non_existent="null"
            )
    if instants.dtype.time_zone is not None:  # type: ignore[attr-defined]
        instants = instants.dt.convert_time_zone(LOCAL_TIME_ZONE).dt.replace_time_zone(
            None
        )
    bad = text.is_not_null() & instants.is_null()
    if bad.any():
        raise GpsInputError(
            "bad_times",
            file=file,
            lines=lines_text((bad.arg_true() + first_line).to_list()),
            column=column,
        )
    return instants.alias(raw.name)
