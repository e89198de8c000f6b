"""Errors and warnings of GPS ingestion: a code, its parameters and English text.

The web UI and the CLI translate ``code`` through the catalogues
(``gps.err.<code>`` / ``gps.warn.<code>`` in ``web/i18n/*-ingest.toml``) with the
same parameters. Parameters are file names, line numbers, column names, counts and
settings only: never a cell's value, so no position can leak through a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_GPS_COLUMNS = "vehicle_id, time, lat, lon (optional: ignition, odometer_km)"

MESSAGES: dict[str, str] = {
    "unreadable": "{file}: the file cannot be opened ({reason}).",
    "empty": "{file}: the file is empty; it needs a header line.",
    "binary": "{file}: not a text file (binary data near byte {offset}); export "
    "the GPS data as CSV (UTF-8) and ingest again.",
    "compressed": "{file}: the file is compressed as {format}; unpack it and "
    "ingest the CSV (only gzip, .csv.gz, is read as it is).",
    "xlsx": "{file}: an Excel workbook; save the sheet as 'CSV UTF-8' and ingest "
    "again.",
    "not_utf8": "{file}, line {line}: the text is not UTF-8; save the file as "
    "'CSV UTF-8' and ingest again.",
    "no_separator": "{file}, line 1: the header has one column only; separate the "
    "columns with a comma, semicolon or tab.",
    "ragged": "{file}, line {line}: the line has {cells} values but the header has "
    "{columns}; check the separator and the quotes on that line.",
    "quote": "{file}, line {line}: a quote opened on this line is never closed; "
    "close it or remove it and ingest again.",
    "missing_columns": "{file}: column(s) {columns} missing from the header; a "
    f"point log needs {_GPS_COLUMNS}, a trip log vehicle_id, start_time, "
    "end_time, start_lat, start_lon, end_lat, end_lon, distance_km.",
    "bad_times": "{file}, line(s) {lines}: column {column} has values that are "
    "not a date and time (write ISO 8601, e.g. 2026-03-02T07:45:00) or do not "
    "exist in the time zone; fix them and ingest again.",
    "bad_numbers": "{file}, line(s) {lines}: column {column} has values that are "
    "not numbers; fix them and ingest again.",
    "mixed_zones": "{file}: times with a time zone (line(s) {zoned}) and without "
    "one (line(s) {naive}) are mixed, so their clock is ambiguous; write every "
    "time the same way and ingest again.",
    "unknown_zone": "time zone '{zone}' is unknown; use a name such as "
    "Europe/Copenhagen or UTC.",
    "trip_order": "{file}, line(s) {lines}: trips end before they start or have "
    "a negative distance_km; correct them and ingest again.",
    "gpx_invalid": "{file}, line {line}: not valid GPX (XML); export the track again.",
    "gpx_no_time": "{file}: track point {point} has no <time>; every point needs one.",
    "no_vehicle_known": "{file}: none of the {count} vehicle id(s) in the file is "
    "in the register (for example {example}); register the vehicles or fix the "
    "ids and ingest again.",
}

WARNINGS: dict[str, str] = {
    "unknown_columns": "{file}: column(s) {columns} are not used and were ignored.",
    "float_ids": "{file}: {count} vehicle id(s) written as decimals (like "
    "'{example}') were read as whole numbers.",
}


def _format(template: str, params: dict[str, Any]) -> str:
    return template.format(**params)


def lines_text(lines: Sequence[int], limit: int = 5) -> str:
    """'3, 7, 9' or '3, 7, 9, 12, 15 and 4 more' (line numbers only)."""
    shown = ", ".join(str(n) for n in list(lines)[:limit])
    rest = len(lines) - limit
    return f"{shown} (+{rest})" if rest > 0 else shown


class GpsInputError(ValueError):
    """A GPS or trip file cannot be read; ``code`` and ``params`` say why and where."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(_format(MESSAGES[code], params))


def warning(code: str, **params: Any) -> dict[str, Any]:
    """A warning as stored in a run summary: code, parameters and English text."""
    return {
        "code": code,
        "params": params,
        "message": _format(WARNINGS[code], params),
    }
