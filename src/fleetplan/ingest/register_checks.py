"""The register's import checks beyond one cell: the rules the form and the API
apply (``field_rules``: ranges, years), the references of rows that have a bad
cell, Danish headers, and a register's size.

So a dry run names every problem of a file at once: a bad location is reported
with the bad cost in the same row, not after it is fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from fleetplan.ingest.field_rules import VehicleFields, field_problems
from fleetplan.ingest.problems import Problem, ProblemReport
from fleetplan.ingest.register_headers import REGISTER_TABLES, internal_header
from fleetplan.ingest.table_files import RawTable
from fleetplan.ingest.tabular import Row

# A Danish municipality has a few hundred vehicles and a few dozen locations;
# a file with far more is not a register (123,890 "vehicles" passed before).
MAX_REGISTER_ROWS: dict[str, int] = {"vehicles": 20_000, "locations": 5_000}
_IMPORT_CODES = {"range": "value_range", "min": "value_range", "max": "value_range"}


def register_tables(
    tables: Mapping[str, RawTable], problems: list[Problem]
) -> dict[str, RawTable]:
    """The tables with the register's headers as internal names (Danish headers
    accepted); a register table longer than ``MAX_REGISTER_ROWS`` is refused
    whole, with its size, before any row is parsed."""
    out = dict(tables)
    for stem in REGISTER_TABLES:
        table = tables.get(stem)
        if table is None:
            continue
        header = tuple(internal_header(stem, h) for h in table.header)
        table = replace(table, header=header)
        limit = MAX_REGISTER_ROWS[stem]
        if len(table.rows) > limit:
            ProblemReport(table.label, problems).add(
                None,
                None,
                "register_too_long",
                table=stem,
                rows=len(table.rows),
                max=limit,
            )
            table = replace(table, rows=[])
        out[stem] = table
    return out


def _range_problems(row: Row, report: ProblemReport) -> None:
    values = {k: row[k] for k in VehicleFields.model_fields if row.get(k) is not None}
    for problem in field_problems(VehicleFields, values):
        params = dict(problem.params)
        if problem.code == "year":
            report.add(
                row["_row"], problem.field, "value_year", column=problem.field, **params
            )
        elif problem.code in _IMPORT_CODES:
            report.add(
                row["_row"],
                problem.field,
                "value_range",
                column=problem.field,
                value=params["value"],
                low=params["low"],
                high=params["high"],
            )
        else:
            report.add(
                row["_row"], problem.field, "invalid_row", detail=problem.message
            )


def _unparsed_references(
    table: RawTable, parsed: set[int], known: frozenset[str], report: ProblemReport
) -> None:
    """Unknown locations of vehicle rows left out for another problem."""
    header = list(table.header)
    if "location_id" not in header:
        return
    index = header.index("location_id")
    for number, cells in table.rows:
        if number in parsed or len(cells) <= index:
            continue
        value = cells[index].strip()
        if value and value not in known:
            report.add(
                number,
                "location_id",
                "unknown_id",
                column="location_id",
                value=value,
                table="locations",
            )


def check_register_rows(
    tables: Mapping[str, RawTable],
    rows: Mapping[str, list[Row]],
    location_ids: frozenset[str],
    problems: list[Problem],
) -> None:
    """Range and year rules on the parsed vehicle rows, and the location of
    every vehicle row that was left out for a bad cell."""
    table = tables.get("vehicles")
    if table is None:
        return
    report = ProblemReport(table.label, problems)
    for row in rows.get("vehicles", []):
        _range_problems(row, report)
    parsed = {row["_row"] for row in rows.get("vehicles", [])}
    _unparsed_references(table, parsed, location_ids, report)
