"""``fleetplan analyse KIND``: the fleet analyses on a dataset folder or database.

KIND is one of utilisation, peaks, short-trips, data-quality, transition-plan,
green-accounts, business-case. Output: a text table (default), ``--json`` or
``--xlsx FILE`` (one sheet per table). ``transition-plan`` is made by the MILP
as ``fleetplan plan`` makes it (``--engine rule``: the lease-end rule).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from openpyxl import Workbook

from fleetplan.analytics import (
    AnalysisFilter,
    AnalysisKind,
    AnalysisOptions,
    BusinessCaseInputs,
    ScenarioSaving,
    analyse,
    factor_set_for,
)
from fleetplan.analytics.business_case import tool_cost_dkk_per_year
from fleetplan.cli.main import app
from fleetplan.cli.sources import load_stored
from fleetplan.domain import Dataset, FactorSet, Period
from fleetplan.ingest import (
    DatasetError,
    append_row,
    factor_overrides_from_meta,
    read_dataset,
)

MAX_TEXT_ROWS = 40


def _fail(message: str) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=2)


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _factors(dataset: Dataset, name: str, stored: FactorSet | None) -> FactorSet:
    """The stored set, else the built-in one; plus the dataset's meta overrides."""
    if stored is None:
        return factor_set_for(dataset, name)
    overrides = factor_overrides_from_meta(dataset.meta)
    if overrides:
        return stored.with_values(overrides, source="dataset meta.json settings")
    return stored


def _pools(specs: Sequence[str]) -> dict[str, str] | None:
    """``P=1,2`` -> {"1": "P", "2": "P"}."""
    pools: dict[str, str] = {}
    for spec in specs:
        name, _, ids = spec.partition("=")
        if not name.strip() or not _ids(ids):
            raise ValueError(f"--pool {spec!r}: write it as NAME=LOCATION,LOCATION.")
        for location_id in _ids(ids):
            pools[location_id] = name.strip()
    return pools or None


def write_xlsx(tables: Mapping[str, Sequence[Mapping[str, Any]]], path: Path) -> None:
    """One sheet per table: a header row of the keys, then one row per record."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(title=name[:31])
        columns: list[str] = []
        for row in rows:
            columns += [key for key in row if key not in columns]
        append_row(sheet, columns)
        for row in rows:
            append_row(sheet, [_cell(row.get(col)) for col in columns])
    book.save(path)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def emit_tables(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    xlsx: Path | None,
    as_json: bool,
    json_body: Any = None,
) -> None:
    """A report's tables as an xlsx file (when asked), JSON (``json_body``, else
    the tables) or, when neither, text on the terminal."""
    if xlsx is not None:
        write_xlsx(tables, xlsx)
        typer.echo(f"wrote {xlsx} ({', '.join(tables)})", err=True)
    if as_json:
        body = tables if json_body is None else json_body
        typer.echo(json.dumps(body, ensure_ascii=False, default=str))
    elif xlsx is None:
        _text(tables)


def _text(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    for name, rows in tables.items():
        typer.echo(f"== {name} ({len(rows)} rows)")
        if not rows:
            continue
        columns = list(rows[0])
        shown = [
            [str(_cell(r.get(c, ""))) for c in columns] for r in rows[:MAX_TEXT_ROWS]
        ]
        widths = [
            max(len(c), *(len(r[i]) for r in shown)) for i, c in enumerate(columns)
        ]
        typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for r in shown:
            typer.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
        if len(rows) > MAX_TEXT_ROWS:
            typer.echo(
                f"... {len(rows) - MAX_TEXT_ROWS} more rows (use --json or --xlsx)"
            )


@app.command("analyse")
def analyse_command(
    kind: AnalysisKind = typer.Argument(..., help="Which analysis to run."),
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    start: datetime | None = typer.Option(None, help="Period start (default: data)."),
    end: datetime | None = typer.Option(None, help="Period end (exclusive)."),
    locations: str | None = typer.Option(None, help="Location ids, comma-separated."),
    administrations: str | None = typer.Option(None, help="Comma-separated."),
    departments: str | None = typer.Option(None, help="Comma-separated."),
    vehicles: str | None = typer.Option(None, help="Vehicle ids, comma-separated."),
    no_shifts: bool = typer.Option(False, "--no-shifts", help="Ignore shifts."),
    today: datetime | None = typer.Option(None, help="Date to judge leases against."),
    tool_cost: float | None = typer.Option(None, help="Business case: tool kr/yr."),
    one_off_cost: float | None = typer.Option(None, help="Business case: start-up kr."),
    subscription: float | None = typer.Option(
        None, help="Business case: fleet-management kr per vehicle per year (adds it)."
    ),
    saving_per_vehicle: float | None = typer.Option(
        None, help="Business case: kr/yr saved per removed vehicle."
    ),
    current_cost: float | None = typer.Option(
        None, help="Business case: current fleet kr/yr (with --simulated-cost)."
    ),
    simulated_cost: float | None = typer.Option(
        None, help="Business case: the chosen scenario's kr/yr."
    ),
    current_co2e: float = typer.Option(0.0, help="Business case: current t CO2e/yr."),
    simulated_co2e: float = typer.Option(0.0, help="Business case: scenario t/yr."),
    factors_name: str = typer.Option(
        "dk-2025", "--factors", help="Factor set (a stored one wins with --db)."
    ),
    pool: list[str] | None = typer.Option(
        None, help="Peaks: count locations together, e.g. --pool P=1,2 (repeatable)."
    ),
    max_km: float = typer.Option(6.0, help="Short trips: under this many km."),
    max_hours: float = typer.Option(2.0, help="Bike potential: at most this long."),
    used_km: float = typer.Option(1.0, help="Utilisation: km for a day to count."),
    idle_below: float = typer.Option(
        0.2, help="Utilisation: idle when used on fewer than this share of workdays."
    ),
    inactive_days: int = typer.Option(14, help="Data quality: days without trips."),
    percentile: float = typer.Option(95.0, help="Transition: daily-km percentile."),
    target_year: int = typer.Option(2030, help="Transition: fossil-free by."),
    engine: str = typer.Option(
        "milp", help="Transition: milp (exact, as fleetplan plan) or rule."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Write an xlsx file."),
) -> None:
    """Run one analysis with optional filters."""
    if (data is None) == (db is None):
        raise _fail("give exactly one of --data DIR and --db URL.")
    if start is not None and end is not None and end <= start:
        raise _fail(f"--end ({end}) must be after --start ({start}).")
    flt = AnalysisFilter(
        location_ids=_ids(locations),
        administrations=_ids(administrations),
        departments=_ids(departments),
        vehicle_ids=_ids(vehicles),
        use_shifts=not no_shifts,
    )
    stored: FactorSet | None = None
    try:
        if data is not None:
            dataset = read_dataset(data)
        else:
            period = Period(start, end) if start and end else None
            # the analyses read roundtrips, not segments
            dataset, stored = load_stored(
                str(db),
                factors_name,
                period=period,
                location_ids=flt.location_ids,
                with_segments=False,
            )
        factors = _factors(dataset, factors_name, stored)
        pools = _pools(pool or [])
    except (DatasetError, KeyError, ValueError) as exc:
        raise _fail(str(exc).strip("'\"")) from exc
    if start is not None or end is not None:
        span = dataset.data_span()
        first = start or (span.start if span else None)
        last = end or (span.end if span else None)
        if first is None or last is None or last <= first:
            raise _fail("give both --start and --end: the data has no roundtrips.")
        flt = replace(flt, period=Period(first, last))
    inputs = BusinessCaseInputs(saving_per_removed_vehicle_dkk=saving_per_vehicle)
    if tool_cost is not None:
        inputs = replace(inputs, tool_dkk_per_year=tool_cost)
    if one_off_cost is not None:
        inputs = replace(inputs, one_off_dkk=one_off_cost)
    if subscription is not None:
        inputs = replace(
            inputs,
            include_fleet_management=True,
            fleet_management_dkk_per_vehicle_year=subscription,
        )
    scenario = None
    if (current_cost is None) != (simulated_cost is None):
        raise _fail("give both --current-cost and --simulated-cost.")
    if current_cost is not None and simulated_cost is not None:
        scenario = ScenarioSaving(
            current_cost_dkk_per_year=current_cost,
            simulated_cost_dkk_per_year=simulated_cost,
            tool_cost_dkk_per_year=tool_cost_dkk_per_year(inputs),
            current_co2e_t_per_year=current_co2e,
            simulated_co2e_t_per_year=simulated_co2e,
        )
    day: date | None = today.date() if today else None
    if engine not in ("milp", "rule"):
        raise _fail(f"--engine must be milp or rule, got {engine!r}.")
    if kind is AnalysisKind.TRANSITION_PLAN and engine == "milp":
        _milp_plan(dataset, flt, factors, day, percentile, target_year, as_json, xlsx)
        return
    try:
        result = analyse(
            kind,
            dataset,
            flt,
            factors=factors,
            today=day,
            business_inputs=inputs,
            scenario=scenario,
            options=AnalysisOptions(
                used_threshold_km=used_km,
                idle_below_share=idle_below,
                short_max_km=max_km,
                short_max_duration_h=max_hours,
                inactive_days=inactive_days,
                range_percentile=percentile,
                target_year=target_year,
                pool_of_location=pools,
            ),
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    tables = result.to_rows()  # type: ignore[attr-defined]
    emit_tables(tables, xlsx, as_json, result.to_dict())  # type: ignore[attr-defined]


def _milp_plan(
    dataset: Dataset,
    flt: AnalysisFilter,
    factors: FactorSet,
    day: date | None,
    percentile: float,
    target_year: int,
    as_json: bool,
    xlsx: Path | None,
) -> None:
    """The transition plan by the MILP: the tables ``fleetplan plan`` prints."""
    from fleetplan.analytics.report_service import PlanSettings, transition_report
    from fleetplan.optimise import milp_planner

    try:
        report = transition_report(
            dataset,
            flt,
            factors=factors,
            today=day,
            settings=PlanSettings(target_year=target_year, range_percentile=percentile),
            planner=milp_planner(),
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    emit_tables(report.to_rows(), xlsx, as_json)
