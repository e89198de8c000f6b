"""``fleetplan optimise``: the best fleet mix (exact MILP) and the cost–CO2e front.

Service-level defaults (at most N unallocated trips, none longer than X km) come
from the dataset's ``meta.json`` settings (``slack_unallocated_trips``,
``max_undriven_km``) unless ``--ignore-meta``; the result says where each setting
came from (``ingest.provenance``).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import typer

from fleetplan.cli import run_options
from fleetplan.cli.external_options import with_external_options
from fleetplan.cli.main import app
from fleetplan.cli.optimise_progress import progress_bar
from fleetplan.cli.sources import fail, load_source
from fleetplan.domain import Dataset
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.optimise import (
    Co2eBasis,
    ContractTerms,
    CurrentMode,
    Method,
    OptimiseParams,
    OptimiseResult,
    build_instance,
    optimise_fleet,
)
from fleetplan.simulate import ProblemParams, make_input
from fleetplan.simulate.input_report import input_report, report_lines


def _ids(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def select_candidates(dataset: Dataset, candidates: str) -> Dataset:
    """Keep the named candidates (``all``: every one; ``none``: no candidates)."""
    if candidates == "all":
        return dataset
    wanted = [] if candidates == "none" else _ids(candidates)
    known = {v.vehicle_id for v in dataset.candidate_vehicles}
    unknown = [c for c in wanted if c not in known]
    if unknown:
        raise fail(
            f"--candidates: {', '.join(unknown)} are not candidate vehicles of the "
            f"dataset; use ids of vehicles.csv rows with is_candidate = true "
            f"({', '.join(sorted(known)) or 'none'})."
        )
    vehicles = tuple(
        v for v in dataset.vehicles if not v.is_candidate or v.vehicle_id in wanted
    )
    return replace(dataset, vehicles=vehicles)


def contract_terms(
    dataset: Dataset, early_return: str | None, fees: list[str] | None
) -> ContractTerms:
    """``--early-return all`` or vehicle ids; ``--termination-fee ID=KR`` each."""
    known = {v.vehicle_id for v in dataset.current_vehicles}
    ids = [] if early_return in (None, "all") else _ids(early_return)
    own: dict[str, float] = {}
    for item in fees or []:
        vid, _, amount = item.partition("=")
        try:
            own[vid.strip()] = float(amount)
        except ValueError:
            raise fail(f"--termination-fee: write ID=KR, got {item!r}.") from None
    missing = sorted((set(ids) | set(own)) - known)
    if missing:
        raise fail(
            f"--early-return/--termination-fee: {', '.join(missing)} are "
            "not current vehicles."
        )
    try:
        return ContractTerms(
            early_return_all=early_return == "all",
            early_return=frozenset(ids),
            termination_fee_dkk=own,
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc


def _print_text(result: OptimiseResult) -> None:
    typer.echo(
        f"status: {result.status}   ({result.seconds:.1f} s, "
        f"{result.milp_solves} MILP solves)"
    )
    typer.echo(
        f"today: {result.today_cost_dkk:,.0f} kr/yr, "
        f"{result.today_co2e_kg / 1000:,.1f} t CO2e/yr"
    )
    for number, s in enumerate(result.solutions, start=1):
        changes = ", ".join(f"{k} {v:+d}" for k, v in sorted(s.changes.items()))
        typer.echo(
            f"#{number}: {s.total_cost_dkk:,.0f} kr/yr, {s.co2e_t:,.1f} t CO2e/yr, "
            f"{s.unallocated} unallocated, gap {100 * s.gap:.2f} %"
        )
        typer.echo(f"    changes: {changes or 'none'}")
        if number > 1:
            versus = ", ".join(f"{v:+d} {k}" for k, v in sorted(s.versus_best.items()))
            typer.echo(f"    versus #1: {versus}")
    typer.echo("Pareto front (cost, CO2e, weights that choose it):")
    for p in result.pareto:
        weights = ", ".join(f"{w:g}" for w in p.weights) or "-"
        typer.echo(
            f"  {p.solution.total_cost_dkk:,.0f} kr/yr  {p.solution.co2e_t:,.1f} t  "
            f"{p.solution.unallocated} unallocated  [{weights}]"
        )
    for message in result.messages:
        typer.echo(f"note: {message}")


@app.command("optimise")
def optimise_command(
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    candidates: str = typer.Option("all", help="'all', 'none' or candidate ids."),
    current: CurrentMode = typer.Option(CurrentMode.REDUCE, help="reduce or free."),
    weight: float = typer.Option(5.0, min=0.0, max=10.0, help="0 cost .. 10 CO2e."),
    max_unallocated: int | None = typer.Option(None, help="Default: meta slack."),
    max_undriven_km: float | None = typer.Option(None, help="Default: meta setting."),
    external_budget: float | None = typer.Option(None, help="kr/yr for externals."),
    keep: str | None = typer.Option(None, help="Vehicle ids that must stay."),
    max_new: int | None = typer.Option(None, help="Max vehicles added."),
    budget: float | None = typer.Option(None, help="Max yearly total cost, kr."),
    fossil_free_share: float = typer.Option(0.0, min=0.0, max=100.0, help="Min %."),
    no_shifts: bool = typer.Option(False, "--no-shifts", help="Ignore shifts."),
    transfer_minutes: float | None = typer.Option(
        None, help="Pool all locations with this transfer time (default: no pooling)."
    ),
    locations: str | None = typer.Option(None, help="Location ids, comma-separated."),
    factors: str | None = run_options.FACTORS,
    ignore_meta: bool = run_options.IGNORE_META,
    require_range: bool = run_options.REQUIRE_RANGE,
    external_options: list[str] | None = run_options.EXTERNAL_OPTIONS,
    co2e: Co2eBasis = typer.Option(Co2eBasis.SET, help="set, ttw or lifecycle."),
    limit_km: bool = run_options.LIMIT_KM,
    solutions: int = typer.Option(5, min=1, help="How many best fleets."),
    min_difference: int = typer.Option(
        2, min=1, help="The best fleets differ pairwise by this many vehicles."
    ),
    time_limit: float = typer.Option(60.0, min=0.1, help="Seconds per MILP solve."),
    total_time_limit: float | None = typer.Option(
        None, min=1.0, help="Seconds for the whole run (solves and verification)."
    ),
    method: Method = typer.Option(
        Method.AUTO, help="auto, milp (one MILP) or decomposed (by day)."
    ),
    early_return: str | None = typer.Option(
        None,
        help="Leased vehicles that may go before their lease ends: 'all' or ids "
        "(default: none; the early-termination cost is then in the objective).",
    ),
    termination_fee: list[str] | None = typer.Option(
        None, help="ID=KR: a vehicle's one-off early-termination cost; repeat."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Choose the fleet mix minimising weighted yearly cost and CO2e."""
    began = time.perf_counter()
    dataset = select_candidates(load_source(data, db), candidates)
    try:
        factor_set = get_builtin_factor_set(factors or DEFAULT_FACTOR_SET_NAME)
    except (KeyError, ValueError) as exc:
        raise fail(str(exc)) from exc
    known = {v.vehicle_id for v in dataset.current_vehicles}
    missing = [k for k in _ids(keep) if k not in known]
    if missing:
        raise fail(f"--keep: {', '.join(missing)} are not current vehicles.")
    try:
        inp = make_input(
            dataset,
            None,
            factor_set,
            locations=_ids(locations) or None,
            use_shifts=not no_shifts,
            factors_explicit=factors is not None,
            ignore_meta=ignore_meta,
            require_range=require_range,
            with_candidates=True,
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    provenance = inp.provenance
    if provenance is not None and max_unallocated is not None:
        provenance = provenance.with_user(
            "slack_unallocated_trips", float(max_unallocated), "--max-unallocated"
        )
    if provenance is not None and max_undriven_km is not None:
        provenance = provenance.with_user(
            "max_undriven_km", max_undriven_km, "--max-undriven-km"
        )
    inp = with_external_options(replace(inp, provenance=provenance), external_options)
    params = OptimiseParams(
        weight=weight,
        current=current,
        max_unallocated=max_unallocated
        if max_unallocated is not None
        else inp.settings.slack_unallocated_trips,
        max_undriven_km=max_undriven_km
        if max_undriven_km is not None
        else inp.settings.max_undriven_km,
        external_budget_dkk_per_year=external_budget,
        keep=frozenset(_ids(keep)),
        max_new_vehicles=max_new,
        budget_dkk_per_year=budget,
        fossil_free_share=fossil_free_share / 100.0,
        co2e_basis=co2e,
        limit_km=limit_km,
        num_solutions=solutions,
        min_difference=min_difference,
        time_limit_s=time_limit,
        total_time_limit_s=total_time_limit,
        method=method,
    )
    problem_params = ProblemParams(transfer_min=transfer_minutes)
    terms = contract_terms(dataset, early_return, termination_fee)
    with progress_bar(not as_json) as (on_progress, on_gap):
        if on_progress is not None:
            on_progress("optimise.building", 0.0)
        inst = build_instance(inp, params, problem_params, terms)
        result = optimise_fleet(
            inp,
            params,
            problem_params,
            on_progress=on_progress,
            on_gap=on_gap,
            instance=inst,
        )
    if as_json:
        out = result.to_dict()
        out.update(input_report(inp))
        out["seconds"] = round(time.perf_counter() - began, 3)
        typer.echo(json.dumps(out, ensure_ascii=False))
    else:
        _print_text(result)
        for line in report_lines(input_report(inp)):
            typer.echo(line)
    if not result.solutions:
        raise typer.Exit(code=1)
