"""``fleetplan connector add|list|run|due``: fleet-system connectors and their
daily schedule.

``connector due`` (also ``fleetplan sync --due``) runs every connector whose
daily time has come and that no other run holds; it is safe to call from cron
every few minutes. Each run prints one JSON line of counts, never a position
or a credential.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from fleetplan.cli.main import app

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fleetplan.ingest.gps.connectors import ConnectorConfig
    from fleetplan.ingest.gps.settings import GpsSettings
    from fleetplan.store.connector_runs import ConnectorRun

connector_app = typer.Typer(
    help="Fleet-system connectors (GPS and trips): add, list, run, and run those due.",
    no_args_is_help=True,
)
app.add_typer(connector_app, name="connector")

DB_OPTION = typer.Option(
    None, "--db", help="Database URL (default: FLEETPLAN_DATABASE_URL or SQLite)."
)
FILE_OPTION = typer.Option(
    None, "--connectors", help="Connector file (default: FLEETPLAN_CONNECTORS_FILE)."
)
LANG_OPTION = typer.Option("en", "--lang", help="Language of messages: da or en.")
_I18N = Path(__file__).resolve().parents[1] / "web" / "i18n"


@cache
def _catalogue(language: str) -> dict[str, str]:
    if language not in ("da", "en"):
        raise typer.BadParameter(f"--lang must be da or en, got {language!r}.")
    with (_I18N / f"{language}-connectors.toml").open("rb") as handle:
        return tomllib.load(handle)


def message(language: str, key: str, **params: Any) -> str:
    """The text of ``conn.cli.<key>`` (da-/en-connectors.toml)."""
    return _catalogue(language)[f"conn.cli.{key}"].format(**params)


def fail(language: str, key: str, code: int = 2, **params: Any) -> typer.Exit:
    """Print the message of ``key`` on stderr; the exit to raise."""
    typer.echo(f"Error: {message(language, key, **params)}", err=True)
    return typer.Exit(code=code)


def _engine(db: str | None) -> Engine:
    from fleetplan.config import get_settings
    from fleetplan.store import create_engine_for, upgrade_database

    engine = create_engine_for(db or get_settings().database_url)
    upgrade_database(engine)
    return engine


def _configs(path: Path | None, language: str = "en") -> list[ConnectorConfig]:
    from fleetplan.ingest.gps.connectors import ConnectorError, load_connector_configs

    try:
        configs = load_connector_configs(path)
    except ConnectorError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if not configs:
        raise fail(language, "none")
    return configs


def _echo(run: ConnectorRun) -> None:
    typer.echo(json.dumps({"source": run.connector} | run.summary(), default=str))


def run_due_command(
    db: str | None,
    connectors_file: Path | None,
    settings: GpsSettings | None = None,
    language: str = "en",
) -> None:
    """Run the connectors that are due; exit 1 when one of them failed."""
    from fleetplan.ingest.gps.http_connector import build_connector
    from fleetplan.store.connector_runs import run_due

    configs = _configs(connectors_file, language)
    engine = _engine(db)
    failed = 0
    try:
        for run in run_due(engine, configs, build_connector, settings):
            failed += run.status == "failed"
            _echo(run)
    finally:
        engine.dispose()
    if failed:
        raise typer.Exit(code=1)


@connector_app.command("due")
def due_command(
    db: str | None = DB_OPTION,
    connectors_file: Path | None = FILE_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Run every connector whose daily time has come (for cron; same as sync --due)."""
    run_due_command(db, connectors_file, language=lang)


@connector_app.command("run")
def run_command(
    name: str = typer.Argument(..., help="The connector's name."),
    db: str | None = DB_OPTION,
    connectors_file: Path | None = FILE_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Run one connector now, whatever its schedule (not while another run holds it)."""
    from fleetplan.ingest.gps.http_connector import build_connector
    from fleetplan.store.connector_runs import run_scheduled

    configs = _configs(connectors_file, lang)
    config = next((c for c in configs if c.name == name), None)
    if config is None:
        raise fail(lang, "unknown", name=name)
    engine = _engine(db)
    try:
        run = run_scheduled(engine, config, build_connector, force=True)
    finally:
        engine.dispose()
    _echo(run)
    if run.status != "ok":
        raise typer.Exit(code=1)


@connector_app.command("list")
def list_command(
    db: str | None = DB_OPTION,
    connectors_file: Path | None = FILE_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Each connector with its schedule and last run, one JSON line each."""
    from fleetplan.store.connector_status import connector_statuses

    configs = _configs(connectors_file, lang)
    engine = _engine(db)
    try:
        statuses = connector_statuses(engine, configs)
    finally:
        engine.dispose()
    for status in statuses:
        typer.echo(json.dumps(status.as_dict(), default=str))


@connector_app.command("vehicles")
def vehicles_command(
    name: str = typer.Argument(..., help="The connector's name."),
    out: Path = typer.Option(..., "--out", help="vehicles.csv to write."),
    connectors_file: Path | None = FILE_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Write the fleet system's vehicles as a vehicles.csv to complete and import."""
    import csv

    from fleetplan.ingest.gps.connectors import ConnectorError
    from fleetplan.ingest.gps.http_connector import build_connector
    from fleetplan.ingest.gps.vendors.register_rows import COLUMNS, register_rows

    configs = _configs(connectors_file, lang)
    config = next((c for c in configs if c.name == name), None)
    if config is None or config.type == "http_json":
        raise fail(lang, "no_vehicles", name=name)
    try:
        connector = build_connector(config)
        try:
            rows = register_rows(connector.vehicles())  # type: ignore[attr-defined]
        finally:
            connector.close()
    except ConnectorError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    typer.echo(json.dumps({"connector": name, "vehicles": len(rows), "out": str(out)}))


def _pairs(items: list[str], what: str, language: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise fail(language, "pair", option=what, item=item)
        out[key.strip()] = value.strip()
    return out


def _value(text: str) -> Any:
    """An option value as TOML would read it: a number or true/false, else text."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a valid TOML basic string


def toml_block(entry: dict[str, Any]) -> str:
    """One ``[[connectors]]`` block; its tables after its plain keys."""
    lines = ["", "[[connectors]]"]
    tables = {k: v for k, v in entry.items() if isinstance(v, dict)}
    lines += [f"{k} = {_toml(v)}" for k, v in entry.items() if k not in tables]
    for key, table in tables.items():
        if table:
            lines.append(f"[connectors.{key}]")
            lines += [f"{json.dumps(k)} = {_toml(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


@connector_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="A unique name, e.g. samsara-ballerup."),
    type_: str = typer.Option(
        ...,
        "--type",
        help="mygeotab, webfleet, samsara, "
        "skyhost, fleetcomplete, gamfleet, mileagebook, "
        "clevertrack or http_json.",
    ),
    connectors_file: Path = typer.Option(
        ..., "--connectors", help="The connector file to add to (TOML or JSON)."
    ),
    daily_at: str = typer.Option("02:00", "--daily-at", help="HH:MM, once a day."),
    timezone: str = typer.Option("Europe/Copenhagen", "--timezone"),
    base_url: str = typer.Option("", "--base-url", help="Default: the vendor's."),
    organisation: str = typer.Option("", "--organisation"),
    credential: list[str] = typer.Option(
        [], "--credential", help="KEY=env:NAME (the secret stays in the environment)."
    ),
    option: list[str] = typer.Option([], "--option", help="KEY=VALUE vendor setting."),
    lang: str = LANG_OPTION,
) -> None:
    """Add a connector to the connector file (checked before it is written)."""
    from pydantic import ValidationError

    from fleetplan.ingest.gps.connectors import (
        ConnectorConfig,
        ConnectorError,
        load_connector_configs,
    )

    credentials = _pairs(credential, "--credential", lang)
    literal = [k for k, v in credentials.items() if not v.startswith("env:")]
    if literal:
        raise fail(lang, "literal_secret", keys=", ".join(literal))
    entry: dict[str, Any] = {"name": name, "type": type_, "daily_at": daily_at}
    entry |= {"timezone": timezone, "organisation": organisation, "base_url": base_url}
    entry["credentials"] = credentials
    entry["options"] = {
        k: _value(v) for k, v in _pairs(option, "--option", lang).items()
    }
    try:
        ConnectorConfig.model_validate(entry)
        existing = (
            load_connector_configs(connectors_file) if connectors_file.exists() else []
        )
    except (ValidationError, ConnectorError) as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if any(c.name == name for c in existing):
        raise fail(lang, "exists", name=name)
    if connectors_file.suffix == ".json":
        raw = json.loads(connectors_file.read_text("utf-8")) if existing else {}
        entries = raw.get("connectors", []) if isinstance(raw, dict) else raw
        entries.append(entry)
        connectors_file.write_text(
            json.dumps({"connectors": entries}, indent=2), "utf-8"
        )
    else:
        with connectors_file.open("a", encoding="utf-8") as out:
            out.write(toml_block(entry))
    typer.echo(json.dumps({"added": name, "type": type_, "daily_at": daily_at}))
