"""``fleetplan ingest FILE``, ``fleetplan sync`` and ``fleetplan retention``: GPS
data into roundtrips in the database (for cron or a systemd timer), and
``fleetplan gps-precision FILE``: a dry run showing precision per location, home
suggestions and the effect of a candidate parking point (nothing is saved).

Ingest, sync and retention print one JSON line per file or connector and never a
position; gps-precision prints only suggested home or parking positions.
``--db`` defaults to ``FLEETPLAN_DATABASE_URL`` (or a SQLite file here).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fleetplan.cli.gps_options import (
    GAP_ACTION_OPTION,
    LANG_OPTION,
    MAX_GAP_OPTION,
    MIN_KM_OPTION,
    MIN_MIN_OPTION,
    RADIUS_OPTION,
    TIME_ZONE_OPTION,
    echo_outcome,
    gps_settings,
)
from fleetplan.cli.main import app

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Heavy modules (polars, SQLAlchemy, the pipeline) are imported inside the
# commands: ``fleetplan --help`` must not pay for them.

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: FLEETPLAN_DATABASE_URL or SQLite)."
)


def _engine(db: str | None) -> Engine:
    from fleetplan.store import create_engine_for, upgrade_database

    if not db:  # the settings (pydantic-settings) only without --db
        from fleetplan.config import get_settings

        db = get_settings().database_url
    engine = create_engine_for(db)
    upgrade_database(engine)
    return engine


@app.command("ingest")
def ingest_command(
    path: Path = typer.Argument(
        ..., help="gps_points.csv (or .csv.gz), a .gpx file or a trip log."
    ),
    db: str | None = DB_OPTION,
    home_radius_m: float | None = RADIUS_OPTION,
    time_zone: str = TIME_ZONE_OPTION,
    min_roundtrip_min: float = MIN_MIN_OPTION,
    min_roundtrip_km: float = MIN_KM_OPTION,
    max_gap_h: float = MAX_GAP_OPTION,
    gap_action: str = GAP_ACTION_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Ingest one GPS file into roundtrips, continuing from the last file run, and
    print the run's summary (also stored with the sync status)."""
    settings = gps_settings(
        home_radius_m, min_roundtrip_min, min_roundtrip_km, max_gap_h, gap_action
    )
    from fleetplan.store.gps_sync import ingest_file

    engine = _engine(db)
    try:
        outcome = ingest_file(engine, path, datetime.now(), settings, time_zone)
    finally:
        engine.dispose()
    echo_outcome(outcome, lang)
    if not outcome.ok:
        raise typer.Exit(code=2)


@app.command("sync")
def sync_command(
    db: str | None = DB_OPTION,
    connectors_file: Path | None = typer.Option(
        None,
        "--connectors",
        help="Connector file (default: FLEETPLAN_CONNECTORS_FILE).",
    ),
    home_radius_m: float | None = RADIUS_OPTION,
    lang: str = LANG_OPTION,
    due: bool = typer.Option(
        False, "--due", help="Only connectors whose daily time has come (for cron)."
    ),
) -> None:
    """Run every configured connector once; exit 1 when any of them failed. Runs
    take each connector's lock, so they never overlap a scheduled run."""
    from fleetplan.cli.connector_commands import message, run_due_command
    from fleetplan.ingest.gps.connectors import (
        ConnectorError,
        load_connector_configs,
    )
    from fleetplan.ingest.gps.http_connector import build_connector
    from fleetplan.store.connector_runs import run_scheduled
    from fleetplan.store.gps_sync import SyncOutcome

    try:
        configs = load_connector_configs(connectors_file)
    except ConnectorError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if not configs:
        typer.echo(
            "No connectors configured: set FLEETPLAN_CONNECTORS_FILE or --connectors.",
            err=True,
        )
        raise typer.Exit(code=2)
    settings = gps_settings(home_radius_m, 5.0, 1.0, 6.0, "split")
    if due:
        run_due_command(db, connectors_file, settings)
        return
    engine = _engine(db)
    failed = 0
    try:
        for config in configs:
            run = run_scheduled(
                engine, config, build_connector, settings=settings, force=True
            )
            error = run.error
            if run.status == "running_elsewhere":
                error = message(lang, "running", name=config.name)
            skipped = int(run.ingest.get("vehicles_skipped", 0))
            outcome = SyncOutcome(
                config.name, run.roundtrips_added, error, skipped, run.ingest or None
            )
            failed += not outcome.ok
            echo_outcome(outcome, lang)
    finally:
        engine.dispose()
    if failed:
        raise typer.Exit(code=1)


@app.command("retention")
def retention_command(
    db: str | None = DB_OPTION,
    months: int | None = typer.Option(
        None,
        "--months",
        help="Keep this many months (default: FLEETPLAN_RETENTION_MONTHS).",
    ),
) -> None:
    """Delete stored roundtrips that ended more than the retention period ago."""
    from fleetplan.config import get_settings
    from fleetplan.store.gps_persist import delete_expired_roundtrips

    keep = get_settings().retention_months if months is None else months
    engine = _engine(db)
    try:
        deleted = delete_expired_roundtrips(engine, datetime.now(), keep)
    finally:
        engine.dispose()
    typer.echo(json.dumps({"deleted_roundtrips": deleted, "retention_months": keep}))


@app.command("gps-precision")
def gps_precision_command(
    path: Path = typer.Argument(..., help="gps_points.csv, a .gpx file or a trip log."),
    db: str | None = DB_OPTION,
    home_radius_m: float | None = RADIUS_OPTION,
    time_zone: str = TIME_ZONE_OPTION,
    location: str | None = typer.Option(
        None, "--location", help="Location to try a candidate parking point at."
    ),
    candidate: str | None = typer.Option(
        None, "--candidate", help="Candidate parking point as LAT,LON."
    ),
    suggest: int = typer.Option(3, "--suggest", help="How many home suggestions."),
) -> None:
    """Dry run: precision per location, and optionally a candidate parking point."""
    from fleetplan.domain import ParkingPoint
    from fleetplan.ingest.gps import (
        GpsInputError,
        ingest_points,
        ingest_trips,
        precision_by_location,
        suggest_homes,
        test_parking_point,
    )
    from fleetplan.store.gps_persist import ingest_context
    from fleetplan.store.gps_sync import read_gps_file, with_saved_radii

    engine = _engine(db)
    try:
        locations, homes = ingest_context(engine)
        settings, _ = with_saved_radii(
            engine, gps_settings(home_radius_m, 5.0, 1.0, 6.0, "split")
        )
    finally:
        engine.dispose()
    try:
        frame, kind = read_gps_file(path, time_zone)
    except GpsInputError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    frame = frame.filter(frame["vehicle_id"].is_in(list(homes)))
    run = ingest_points if kind == "points" else ingest_trips
    result = run(frame, locations, homes, None, settings)
    report: dict[str, object] = {
        "roundtrips": len(result.roundtrips),
        "precision": {
            str(loc): None if t.precision is None else round(t.precision, 4)
            for loc, t in precision_by_location(result.tallies).items()
        },
    }
    if kind == "points" and suggest > 0:
        report["suggested_homes"] = [
            {
                "lat": round(c.lat, 6),
                "lon": round(c.lon, 6),
                "vehicles": c.vehicles,
                "stay_h": round(c.stay_h, 1),
                "nearest_location_id": c.nearest_location_id,
                "distance_m": None if c.distance_m is None else round(c.distance_m),
            }
            for c in suggest_homes(frame, locations, settings, top=suggest)
        ]
    if candidate is not None:
        target = next((loc for loc in locations if loc.location_id == location), None)
        if target is None or kind != "points":
            typer.echo(
                "Error: --candidate needs --location with a registered location id "
                "and a point log.",
                err=True,
            )
            raise typer.Exit(code=2)
        try:
            lat_text, lon_text = candidate.split(",")
            point = ParkingPoint(float(lat_text), float(lon_text))
        except ValueError as exc:
            typer.echo(
                f"Error: --candidate must be LAT,LON in degrees: {exc}", err=True
            )
            raise typer.Exit(code=2) from exc
        others = [loc for loc in locations if loc.location_id != location]
        vehicles = {v: h for v, h in homes.items() if h == location}
        trial = test_parking_point(
            frame.filter(frame["vehicle_id"].is_in(list(vehicles))),
            target,
            point,
            vehicle_homes=vehicles,
            other_locations=others,
            settings=settings,
        )
        report["candidate"] = {
            "location_id": trial.location_id,
            "precision_before": trial.before,
            "precision_after": trial.after,
            "roundtrips_before": trial.roundtrips_before,
            "roundtrips_after": trial.roundtrips_after,
        }
    typer.echo(json.dumps(report))
