"""Validate neutral-format tables row by row and build a ``Dataset`` from them.

Every problem is collected (nothing stops at the first one) as a ``Problem`` naming
file, row (as in the file: the header is row 1), column and what to do. Errors block
an import; warnings (overlapping roundtrips of one vehicle, which real GPS data has,
e.g. the OS2 fixtures) are reported and block only a strict import. The checks
across rows and against the database are in ``link_checks``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fleetplan.domain import (
    Dataset,
    Location,
    ParkingPoint,
    Roundtrip,
    Segment,
    Vehicle,
)
from fleetplan.ingest.link_checks import StoreContext as StoreContext
from fleetplan.ingest.link_checks import StoredTrip as StoredTrip
from fleetplan.ingest.link_checks import check_links
from fleetplan.ingest.register_checks import check_register_rows, register_tables
from fleetplan.ingest.tabular import (
    LOCATION_COLUMNS,
    ROUNDTRIP_COLUMNS,
    VEHICLE_COLUMNS,
    VEHICLE_OPTIONAL_COLUMNS,
    Problem,
    ProblemReport,
    RawTable,
    Row,
    TabularInput,
    parse_rows,
)

REQUIRED_TABLES = ("locations", "vehicles")
_VEHICLE_FIELDS = (*VEHICLE_COLUMNS, *VEHICLE_OPTIONAL_COLUMNS)


class ProblemsBySeverity:
    """``errors`` (blocking) and ``warnings`` of a result that has ``problems``."""

    __slots__ = ()
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True, slots=True)
class ValidationResult(ProblemsBySeverity):
    """The dataset (None when there is any error) and every problem found."""

    dataset: Dataset | None
    problems: tuple[Problem, ...] = ()


def _raw_ids(table: RawTable | None, key: str) -> frozenset[str]:
    """Every non-empty ``key`` cell of a table, whatever else is wrong in its row."""
    header = [h.strip() for h in table.header] if table is not None else []
    if table is None or key not in header:
        return frozenset()
    index = header.index(key)
    return frozenset(
        cells[index].strip()
        for _, cells in table.rows
        if len(cells) > index and cells[index].strip()
    )


def _segment_key(segment: Segment) -> tuple[datetime, datetime, float]:
    return (segment.start_time, segment.end_time, segment.distance_km)


def build_dataset(
    rows: Mapping[str, list[Row]],
    labels: Mapping[str, str],
    meta: Mapping[str, Any],
    problems: list[Problem],
) -> Dataset:
    """Domain objects from checked rows (a domain ``ValueError`` becomes a problem)."""
    points: dict[str, list[ParkingPoint]] = defaultdict(list)
    segments: dict[str, list[Segment]] = defaultdict(list)

    def make(stem: str, build: Callable[[Row], Any]) -> list[Any]:
        out = []
        for row in rows.get(stem, []):
            try:
                out.append(build(row))
            except ValueError as exc:
                ProblemReport(labels[stem], problems).add(
                    row["_row"], None, "invalid_row", detail=exc
                )
        return out

    for point in make(
        "parking_points",
        lambda r: (r["location_id"], ParkingPoint(r["lat"], r["lon"], r["name"])),
    ):
        points[point[0]].append(point[1])
    for rt_id, segment in make(
        "segments",
        lambda r: (
            r["roundtrip_id"],
            Segment(r["start_time"], r["end_time"], r["distance_km"]),
        ),
    ):
        segments[rt_id].append(segment)
    locations = make(
        "locations",
        lambda r: Location(
            **{k: r[k] for k in LOCATION_COLUMNS},
            parking_points=tuple(points.get(r["location_id"], ())),
        ),
    )
    vehicles = make(
        "vehicles",
        lambda r: Vehicle(
            **{k: r.get(k) for k in _VEHICLE_FIELDS if k != "is_candidate"},
            is_candidate=bool(r["is_candidate"]),
        ),
    )
    roundtrips = make(
        "roundtrips",
        lambda r: Roundtrip(
            **{k: r[k] for k in ROUNDTRIP_COLUMNS},
            segments=tuple(
                sorted(segments.get(r["roundtrip_id"], ()), key=_segment_key)
            ),
        ),
    )
    roundtrips.sort(key=lambda r: (r.start_time, r.roundtrip_id))
    return Dataset(tuple(locations), tuple(vehicles), tuple(roundtrips), dict(meta))


def validate_tables(
    tables: Mapping[str, RawTable],
    *,
    meta: Mapping[str, Any] | None = None,
    context: StoreContext | None = None,
    problems: Sequence[Problem] = (),
) -> ValidationResult:
    """Check every table and its links (to each other and to ``context``).

    ``tables`` maps a file stem (``vehicles``) to its cells; ``problems`` are
    earlier ones (from reading the files). The dataset is built only when there is
    no error at all.
    """
    found = list(problems)
    for stem in REQUIRED_TABLES:
        if stem not in tables and not any(stem in p.file for p in found):
            ProblemReport(f"{stem}.csv", found).add(
                None, None, "table_missing", table=stem
            )
    tables = register_tables(tables, found)
    rows = {stem: parse_rows(table, stem, found) for stem, table in tables.items()}
    labels = {stem: table.label for stem, table in tables.items()}
    # ids of rows that have other problems still count as present, so that one
    # bad cell does not also make every reference to its row an error
    ctx = context or StoreContext()
    ctx = StoreContext(
        ctx.location_ids | _raw_ids(tables.get("locations"), "location_id"),
        ctx.vehicle_ids | _raw_ids(tables.get("vehicles"), "vehicle_id"),
        ctx.roundtrips,
    )
    trip_ids = _raw_ids(tables.get("roundtrips"), "roundtrip_id")
    check_links(rows, labels, ctx, found, trip_ids)
    # every problem of the file in one dry run: the rules of the form and the
    # API (ranges), and the references of rows left out for a bad cell
    check_register_rows(tables, rows, ctx.location_ids, found)
    if any(p.severity == "error" for p in found):
        return ValidationResult(None, tuple(found))
    dataset = build_dataset(rows, labels, meta or {}, found)
    if any(p.severity == "error" for p in found):
        return ValidationResult(None, tuple(found))
    return ValidationResult(dataset, tuple(found))


def validate_input(
    found: TabularInput, context: StoreContext | None = None
) -> ValidationResult:
    """Validate what ``tabular.read_tables`` found, including its reading problems."""
    return validate_tables(
        found.tables,
        meta=found.meta,
        context=context,
        problems=[
            Problem(p.file, p.row, p.column, p.message, code=p.code, params=p.params)
            for p in found.problems
        ],
    )
