"""A GPS file with a header and no row, read without polars or NumPy.

``fleetplan ingest`` of such a file (a unit that sent nothing, or a check that the
command runs) should cost the command's start-up only, and polars with NumPy is
about a third of that. The answer is the one ``read_gps_file`` and
``ingest_points``/``ingest_trips`` give for the file (kind, warnings, the
vehicles' states carried over); anything else, including every file to refuse,
is left to them (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fleetplan.ingest.csv_sniff import (
    CsvFormatError,
    head_text,
    read_text_bytes,
    sniff_layout,
)
from fleetplan.ingest.gps.columns import (
    POINT_COLUMNS,
    POINT_REQUIRED,
    TRIP_COLUMNS,
    check_zone,
)
from fleetplan.ingest.gps.errors import warning
from fleetplan.ingest.gps.results import (
    CleanReport,
    IngestResult,
    OdometerReport,
    vehicle_tallies,
)
from fleetplan.ingest.gps.state import VehicleState, start_state

_MAX_BYTES = 65_536  # a header is far shorter; a larger file is never read twice


@dataclass(frozen=True, slots=True)
class EmptyFile:
    """What reading the file says: its kind and warnings (no cell values)."""

    kind: Literal["points", "trips"]
    warnings: list[dict[str, Any]] = field(default_factory=list)


def read_empty_file(path: Path, time_zone: str) -> EmptyFile | None:
    """The file's kind and warnings when it is a CSV (plain or gzip) of one
    well-formed header line and nothing else; else ``None``."""
    suffixes = [s.lower() for s in path.suffixes]
    if ".gpx" in suffixes[-2:]:
        return None
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        data = read_text_bytes(path)
    except (OSError, CsvFormatError):
        return None
    text = head_text(data, _MAX_BYTES + 1).lstrip("\ufeff")
    line, _, rest = text.partition("\n")
    # one line, ended by \n, \r\n or nothing (as polars and the sniffer see it)
    if rest or len(data) > _MAX_BYTES or len(text.splitlines()) != 1:
        return None
    if "\r" in line.removesuffix("\r"):
        return None
    try:
        header = sniff_layout(text).header
    except CsvFormatError:
        return None
    kind: Literal["points", "trips"] = "trips" if "start_time" in header else "points"
    columns = TRIP_COLUMNS if kind == "trips" else POINT_COLUMNS
    required = TRIP_COLUMNS if kind == "trips" else POINT_REQUIRED
    if len(set(header)) < len(header) or "" in header:
        return None
    if any(c not in header for c in required):
        return None
    check_zone(time_zone)  # the full reader checks it on parsing the times
    unknown = [c for c in header if c not in columns]
    notes = []
    if unknown:
        notes.append(
            warning("unknown_columns", file=path.name, columns=", ".join(unknown))
        )
    return EmptyFile(kind, notes)


def empty_result(
    kind: str,
    states: Mapping[str, Mapping[str, Any]] | None,
    vehicle_homes: Mapping[str, str | None],
) -> IngestResult:
    """What ``ingest_points`` or ``ingest_trips`` return for no rows: no trip,
    each vehicle's state carried over (its home reset if the register moved it)."""
    old = {v: VehicleState.from_dict(dict(s)) for v, s in (states or {}).items()}
    order = sorted(old)
    sts = {v: start_state(old[v], vehicle_homes.get(v)) for v in order}
    tallies = [t for v in order for t in vehicle_tallies(v, sts[v], {}, {})]
    clean = CleanReport(0, 0, 0, 0, 0, 0) if kind == "points" else None
    return IngestResult(
        roundtrips=(),
        states={v: st.to_dict() for v, st in sts.items()},
        tallies=tuple(tallies),
        trips=0,
        clean=clean,
        vehicles=tuple(order),
        odometer=OdometerReport(),
    )
