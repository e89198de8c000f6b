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

import typer
from sqlalchemy import Engine

from fleetplan.cli.main import app
from fleetplan.config import get_settings
from fleetplan.domain import ParkingPoint
from fleetplan.ingest.gps import (
    GpsInputError,
    GpsSettings,
    ingest_points,
    ingest_trips,
    precision_by_location,
    suggest_homes,
    test_parking_point,
)
from fleetplan.ingest.gps.connectors import ConnectorError, load_connector_configs
from fleetplan.ingest.gps.http_connector import build_connector
from fleetplan.store import create_engine_for, upgrade_database
from fleetplan.store.gps_persist import (
    delete_expired_roundtrips,
    ingest_context,
    record_sync,
)
from fleetplan.store.gps_sync import (
    SyncOutcome,
    ingest_file,
    read_gps_file,
    sync_connector,
)

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: FLEETPLAN_DATABASE_URL or SQLite)."
)
RADIUS_OPTION = typer.Option(
    150.0, "--home-radius-m", help="How close to a location or parking point is home."
)


def _engine(db: str | None) -> Engine:
    engine = create_engine_for(db or get_settings().database_url)
    upgrade_database(engine)
    return engine


def _echo(outcome: SyncOutcome) -> None:
    typer.echo(
        json.dumps(
            {
                "source": outcome.connector,
                "ok": outcome.ok,
                "rows_added": outcome.rows_added,
                "skipped_vehicles": outcome.skipped_vehicles,
                "error": outcome.error,
            }
        )
    )


@app.command("ingest")
def ingest_command(
    path: Path = typer.Argument(..., help="gps_points.csv, a .gpx file or a trip log."),
    db: str | None = DB_OPTION,
    home_radius_m: float = RADIUS_OPTION,
) -> None:
    """Ingest one GPS file into roundtrips, continuing from the last file run."""
    engine = _engine(db)
    try:
        outcome = ingest_file(
            engine, path, datetime.now(), GpsSettings(home_radius_m=home_radius_m)
        )
    finally:
        engine.dispose()
    _echo(outcome)
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
    home_radius_m: float = RADIUS_OPTION,
) -> None:
    """Run every configured connector once; exit 1 when any of them failed."""
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
    settings = GpsSettings(home_radius_m=home_radius_m)
    engine = _engine(db)
    failed = 0
    try:
        for config in configs:
            now = datetime.now()
            try:
                connector = build_connector(config)
            except ConnectorError as exc:
                record_sync(engine, config.name, now, error=str(exc))
                outcome = SyncOutcome(config.name, 0, str(exc))
            else:
                try:
                    outcome = sync_connector(engine, connector, now, settings)
                finally:
                    connector.close()
            failed += not outcome.ok
            _echo(outcome)
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
    home_radius_m: float = RADIUS_OPTION,
    location: str | None = typer.Option(
        None, "--location", help="Location to try a candidate parking point at."
    ),
    candidate: str | None = typer.Option(
        None, "--candidate", help="Candidate parking point as LAT,LON."
    ),
    suggest: int = typer.Option(3, "--suggest", help="How many home suggestions."),
) -> None:
    """Dry run: precision per location, and optionally a candidate parking point."""
    engine = _engine(db)
    try:
        locations, homes = ingest_context(engine)
    finally:
        engine.dispose()
    settings = GpsSettings(home_radius_m=home_radius_m)
    try:
        frame, kind = read_gps_file(path)
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
