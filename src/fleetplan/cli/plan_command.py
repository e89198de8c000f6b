"""``fleetplan plan``: the transition plan to a fossil-free fleet, by the MILP.

The exact multi-year plan (``optimise.transition_plan``) with the rule as its
baseline: the ``engine`` table gives the status, the total, the proven lower
bound and gap, and the rule's total by the same cost function. ``--engine rule``
prints the rule's plan. Output as ``fleetplan analyse``: text tables, ``--json``
or ``--xlsx FILE``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from fleetplan.analytics import factor_set_for
from fleetplan.analytics.report_service import PlanSettings, transition_report
from fleetplan.cli.analyse_command import emit_tables
from fleetplan.cli.main import app
from fleetplan.cli.sources import fail, load_source, load_stored
from fleetplan.optimise import TransitionParams, milp_planner


@app.command("plan")
def plan_command(
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    today: datetime | None = typer.Option(None, help="First plan year's day."),
    target_year: int = typer.Option(2030, help="No fossil vehicle after this year."),
    engine: str = typer.Option("milp", help="milp (exact) or rule (the baseline)."),
    co2e_view: str = typer.Option("wtw", help="CO2e valued: wtw or lca."),
    co2_price: float | None = typer.Option(None, help="kr/t CO2e (default: set's)."),
    budget: float | None = typer.Option(
        None, help="kr/yr cap on fixed costs, early-return fees and charge points."
    ),
    charger_kw: float = typer.Option(11.0, help="kW per charge point."),
    time_limit: float = typer.Option(30.0, help="MILP time limit in seconds."),
    factors_name: str = typer.Option(
        "dk-2025", "--factors", help="Factor set (a stored one wins with --db)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    xlsx: Path | None = typer.Option(None, "--xlsx", help="Write an xlsx file."),
) -> None:
    """Plan the fossil vehicles' replacement or phase-out year by year (exact)."""
    if engine not in ("milp", "rule"):
        raise fail(f"--engine must be milp or rule, got {engine!r}.")
    try:
        settings = PlanSettings(
            target_year=target_year,
            charger_kw=charger_kw,
            co2_price_dkk_per_t=co2_price,
            co2e_view=co2e_view,
            budget_dkk_per_year=budget,
        )
        params = TransitionParams(time_limit_s=time_limit)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    if db is not None and data is None:
        dataset, stored = load_stored(db, factors_name, with_segments=False)
    else:
        dataset, stored = load_source(data, db), None
    factors = stored or factor_set_for(dataset, factors_name)
    planner = milp_planner(params) if engine == "milp" else None
    try:
        report = transition_report(
            dataset,
            factors=factors,
            today=today.date() if today else None,
            settings=settings,
            planner=planner,
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    emit_tables(report.to_rows(), xlsx, as_json)
