"""``fleetplan simulate``: allocate a period's trips to a fleet and compare costs."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import typer

from fleetplan.cli import run_options
from fleetplan.cli.external_options import with_external_options
from fleetplan.cli.main import app
from fleetplan.cli.sources import fail, load_source
from fleetplan.domain import Dataset, Period, Scenario, ScenarioKind
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.simulate import FleetEntry, ProblemParams, make_input
from fleetplan.simulate.input_report import input_report, report_lines
from fleetplan.simulate.result import AllocationParams
from fleetplan.simulate.serialise import report_to_dict
from fleetplan.simulate.simulation import simulate


def parse_moment(text: str, *, end: bool) -> datetime:
    """ISO date or datetime; a date-only end means the end of that day."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise fail(f"«{text}» is not a date (YYYY-MM-DD) or datetime.") from exc
    if end and len(text.strip()) <= 10:
        moment += timedelta(days=1)
    return moment


def read_fleet_file(path: Path, dataset: Dataset) -> list[FleetEntry]:
    """``vehicle_id,count`` rows (optional ``location_id``) of a fleet CSV file."""
    entries = []
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise fail(f"cannot read fleet file {path}: {exc}.") from exc
    for number, row in enumerate(rows, start=2):
        vid = (row.get("vehicle_id") or "").strip()
        try:
            vehicle = dataset.vehicle(vid)
        except KeyError:
            raise fail(
                f"{path.name} row {number}: vehicle_id «{vid}» is not in the "
                "dataset; use an id from vehicles.csv."
            ) from None
        try:
            count = int((row.get("count") or "1").strip())
        except ValueError:
            raise fail(
                f"{path.name} row {number}: count «{row.get('count')}» must be a "
                "whole number."
            ) from None
        if count < 0:
            raise fail(f"{path.name} row {number}: count must be >= 0.")
        entries.append(FleetEntry(vehicle, count, (row.get("location_id") or None)))
    return entries


def _save(
    db: str,
    name: str,
    factors: str,
    inputs: dict[str, object],
    results: dict[str, object],
) -> int:
    from fleetplan.store import create_engine_for, save_scenario, upgrade_database

    engine = create_engine_for(db)
    try:
        upgrade_database(engine)
        return save_scenario(
            engine,
            Scenario(name, ScenarioKind.SIMULATION, factors, inputs, results),
        )
    finally:
        engine.dispose()


@app.command("simulate")
def simulate_command(
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    fleet: str = typer.Option("current", help="'current' or a vehicle_id,count CSV."),
    start: str | None = typer.Option(None, help="Period start, date or datetime."),
    end: str | None = typer.Option(None, help="Period end, date or datetime."),
    locations: str | None = typer.Option(None, help="Location ids, comma-separated."),
    no_shifts: bool = typer.Option(False, "--no-shifts", help="Ignore shifts."),
    transfer_minutes: float | None = typer.Option(
        None, help="Pool the locations with this transfer time (default: no pooling)."
    ),
    factors: str | None = run_options.FACTORS,
    ignore_meta: bool = run_options.IGNORE_META,
    require_range: bool = run_options.REQUIRE_RANGE,
    external_options: list[str] | None = run_options.EXTERNAL_OPTIONS,
    limit_km: bool = run_options.LIMIT_KM,
    time_limit: float = typer.Option(60.0, help="Seconds for the exact allocation."),
    book: bool = typer.Option(False, "--book", help="Include the driving book."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    save: str | None = typer.Option(None, "--save", help="Save as scenario NAME."),
) -> None:
    """Allocate the period's trips to a fleet (exact) and compare with today."""
    dataset = load_source(data, db)
    if save and not db:
        raise fail("--save needs --db URL (scenarios are stored in the database).")
    try:
        factor_set = get_builtin_factor_set(factors or DEFAULT_FACTOR_SET_NAME)
    except (KeyError, ValueError) as exc:
        raise fail(str(exc)) from exc
    period = None
    if start or end:
        if not (start and end):
            raise fail("give both --start and --end.")
        first, last = parse_moment(start, end=False), parse_moment(end, end=True)
        if last <= first:
            raise fail(f"--end ({end}) must be after --start ({start}).")
        period = Period(first, last)
    locs = [p.strip() for p in (locations or "").split(",") if p.strip()] or None
    entries = None if fleet == "current" else read_fleet_file(Path(fleet), dataset)
    try:
        inp = make_input(
            dataset,
            entries,
            factor_set,
            period=period,
            locations=locs,
            use_shifts=not no_shifts,
            factors_explicit=factors is not None,
            ignore_meta=ignore_meta,
            require_range=require_range,
        )
        inp = with_external_options(inp, external_options)
        report = simulate(
            inp,
            AllocationParams(time_limit_s=time_limit, limit_km=limit_km),
            ProblemParams(transfer_min=transfer_minutes),
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    out = report_to_dict(report, book=book)
    out.update(input_report(inp))
    if save and db:
        inputs = {
            "data": str(data) if data else db,
            "fleet": fleet,
            "start": start,
            "end": end,
            "locations": locs,
            "shifts": not no_shifts,
            "transfer_minutes": transfer_minutes,
            "limit_km": limit_km,
            "factors": factors,
            "ignore_meta": ignore_meta,
            "require_range": require_range,
            "external_options": external_options,
        }
        out["scenario_id"] = _save(db, save, factor_set.name, inputs, out)
    if as_json:
        typer.echo(json.dumps(out, default=str))
        return
    cur, sim = out["current"], out["simulated"]
    typer.echo(
        f"{out['trips']} trips, {out['unallocated']} unallocated; "
        f"{out['status']} (gap {out['gap']:.3%}, {out['seconds']:.2f} s)"
    )
    typer.echo(
        f"yearly cost {cur['total_cost_dkk']:,.0f} -> {sim['total_cost_dkk']:,.0f} kr; "
        f"CO2e {cur['co2e_t']:.1f} -> {sim['co2e_t']:.1f} t"
    )
    for line in report_lines(out):
        typer.echo(line)
