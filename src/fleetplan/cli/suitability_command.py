"""``fleetplan suitability``: which catalogue EVs can do each fossil vehicle's work,
why not where not, and the charge points per location from the charging need.

The same analysis as ``GET /api/v1/suitability`` (``analytics.suitability_service``)
with the sentences in Danish or English; ``--json`` prints the data and the
sentences as the API does.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fleetplan.analytics import factor_set_for
from fleetplan.analytics.suitability_service import (
    SuitabilityReport,
    suitability_report,
)
from fleetplan.cli.main import app
from fleetplan.cli.sources import fail, load_source, load_stored
from fleetplan.reports.suitability_text import fit_row, fit_text
from fleetplan.texts.catalogue import LANGUAGES, translate
from fleetplan.texts.numbers import format_number


def _location_kw(entries: list[str]) -> dict[str, float]:
    out = {}
    for entry in entries:
        loc, _, kw = entry.rpartition(":")
        try:
            out[loc] = float(kw)
        except ValueError:
            raise fail(
                f"--location-kw {entry!r}: give location id:kW, e.g. 3:22."
            ) from None
        if not loc or out[loc] <= 0:
            raise fail(f"--location-kw {entry!r}: give location id:kW, e.g. 3:22.")
    return out


def _text(report: SuitabilityReport, lang: str, charger_kw: float) -> None:
    candidates = len(report.vehicles[0].candidates) if report.vehicles else 0
    typer.echo(
        translate(
            lang,
            "suit.cli.header",
            vehicles=len(report.vehicles),
            candidates=candidates,
            kw=format_number(charger_kw, 1, lang),
        )
    )
    for row in report.vehicles:
        typer.echo(f"\n{row.vehicle_id} ({row.location_id or '-'}):")
        if not row.candidates:
            typer.echo(f"  {translate(lang, 'suit.cli.none')}")
        for fit in row.candidates:
            mark = "+" if fit.fits else "-"
            typer.echo(f"  {mark} {fit.name}: {fit_text(fit, lang)}")
    for title, rows in (
        ("today", report.chargers_today),
        ("all_suitable", report.chargers_all_suitable),
    ):
        typer.echo(f"\n{translate(lang, f'suit.cli.{title}')}")
        for c in rows:
            line = translate(
                lang,
                "suit.cli.chargers",
                location=c.location_id,
                count=c.charge_points,
                kw=format_number(c.kw_per_point, 1, lang),
                grid=format_number(c.grid_peak_kw, 1, lang),
                cost=format_number(c.cost_dkk, 0, lang),
            )
            typer.echo(line)


@app.command("suitability")
def suitability_command(
    data: Path | None = typer.Option(None, "--data", help="A neutral-format folder."),
    db: str | None = typer.Option(None, "--db", help="Database URL instead of --data."),
    charger_kw: float = typer.Option(11.0, help="kW of a charge point."),
    location_kw: list[str] = typer.Option(
        [], "--location-kw", help="A location's charge-point kW as id:kW (repeat)."
    ),
    own_points: bool = typer.Option(
        False, "--own-points", help="One point per EV parked at once (no sharing)."
    ),
    lang: str = typer.Option("da", "--lang", help="da or en."),
    factors_name: str = typer.Option(
        "dk-2025", "--factors", help="Factor set (a stored one wins with --db)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Catalogue EVs per fossil vehicle, why not, and the charge points needed."""
    if lang not in LANGUAGES:
        raise fail(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}.")
    if charger_kw <= 0:
        raise fail(f"--charger-kw must be > 0, got {charger_kw}.")
    by_location = _location_kw(location_kw)
    if db is not None and data is None:
        dataset, stored = load_stored(db, factors_name, with_segments=False)
    else:
        dataset, stored = load_source(data, db), None
    report = suitability_report(
        dataset,
        factors=stored or factor_set_for(dataset, factors_name),
        charger_kw=charger_kw,
        charger_kw_by_location=by_location,
        shared_points=not own_points,
    )
    if as_json:
        out = report.to_dict()
        for row, data_row in zip(report.vehicles, out["vehicles"], strict=True):
            data_row["candidates"] = [fit_row(c, lang) for c in row.candidates]
        typer.echo(json.dumps(out, ensure_ascii=False, default=str))
    else:
        _text(report, lang, charger_kw)
