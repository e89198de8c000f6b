"""``fleetplan report <kind>``: a council report as a PDF or xlsx file.

The same reports as the Rapporter page and ``/api/v1/reports/council`` (built
by ``fleetplan.reports``). Scenarios are read from the database, so the
climate assessment and the procurement specification need ``--db``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import typer

from fleetplan.analytics import AnalysisFilter
from fleetplan.cli.main import app
from fleetplan.cli.sources import fail, load_source
from fleetplan.domain import Period, Scenario
from fleetplan.reports import ReportFormat, ReportKind, council_report

SIDES = {"": "simulated", "today": "current"}


def _scenarios(db: str | None, options: list[str]) -> list[tuple[Scenario, str]]:
    """``ID`` or ``ID:today`` per option, loaded from ``db``."""
    if not options:
        return []
    if db is None:
        raise fail("--scenario needs --db URL (scenarios are stored in the database).")
    from fleetplan.store import NotFoundError, create_engine_for, load_scenario

    engine = create_engine_for(db)
    out = []
    try:
        for option in options:
            number, _, side = option.partition(":")
            if not number.isdigit() or side not in SIDES:
                raise fail(f"--scenario {option!r}: give an id, or ID:today.")
            try:
                out.append((load_scenario(engine, int(number)), SIDES[side]))
            except NotFoundError as exc:
                raise fail(f"{exc} List them on the Scenarier page.") from exc
    finally:
        engine.dispose()
    return out


def _period(start: str | None, last_day: str | None) -> AnalysisFilter | None:
    if not start and not last_day:
        return None
    if not (start and last_day):
        raise fail("give both --start and --last-day.")
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(last_day)
    except ValueError as exc:
        raise fail(f"dates are YYYY-MM-DD: {exc}.") from exc
    if last < first:
        raise fail("--last-day is before --start.")
    midnight = datetime.min.time()
    end = datetime.combine(last + timedelta(days=1), midnight)
    return AnalysisFilter(period=Period(datetime.combine(first, midnight), end))


@app.command("report")
def report_command(
    kind: ReportKind = typer.Argument(..., help="Which report."),
    fmt: ReportFormat = typer.Option(ReportFormat.PDF, "--format", help="pdf or xlsx."),
    lang: str = typer.Option("da", "--lang", help="da or en."),
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    scenario: list[str] | None = typer.Option(
        None,
        "--scenario",
        help="Scenario id (repeat: 2-4 for climate-assessment, 1 for procurement); "
        "ID:today for the fleet of today it compared with.",
    ),
    start: str | None = typer.Option(None, help="Green accounts: first day."),
    last_day: str | None = typer.Option(None, help="Green accounts: last day."),
    out: Path | None = typer.Option(
        None, "--out", help="File to write (default: the report's name here)."
    ),
) -> None:
    """Write a council report (PDF or xlsx, Danish or English)."""
    if lang not in ("da", "en"):
        raise fail(f"--lang must be da or en, got {lang!r}.")
    options = _scenarios(db, scenario or [])
    dataset = load_source(data, db)
    try:
        report = council_report(
            kind, fmt, lang, dataset, options=options, flt=_period(start, last_day)
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    path = out or Path(report.filename)
    path.write_bytes(report.content)
    typer.echo(f"{path} ({len(report.content):,} bytes)")
