"""Options the GPS commands share (home radius, time zone, shortest roundtrip,
longest stop, language) and the printing of a run's outcome.

Light on purpose: ``fleetplan --help`` imports this, so polars, the store and the
ingest pipeline are imported only inside the functions that use them.
"""

from __future__ import annotations

import json
import tomllib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from fleetplan.ingest.gps.settings import GpsSettings
    from fleetplan.store.gps_sync import SyncOutcome

_I18N = Path(__file__).resolve().parents[1] / "web" / "i18n"

RADIUS_OPTION = typer.Option(
    None,
    "--home-radius-m",
    help="Home radius in metres for every location, this run only (default: each "
    "location's saved radius, else 150).",
)
TIME_ZONE_OPTION = typer.Option(
    "Europe/Copenhagen",
    "--time-zone",
    help="Time zone of times written without one (e.g. UTC, America/New_York).",
)
MIN_MIN_OPTION = typer.Option(
    5.0, "--min-roundtrip-min", help="Shorter roundtrips are not counted (minutes)."
)
MIN_KM_OPTION = typer.Option(
    1.0, "--min-roundtrip-km", help="Shorter roundtrips are not counted (km)."
)
MAX_GAP_OPTION = typer.Option(
    6.0, "--max-gap-h", help="A longer stop inside a roundtrip splits (or flags) it."
)
GAP_ACTION_OPTION = typer.Option(
    "split", "--gap-action", help="split or flag a roundtrip with a long stop."
)
LANG_OPTION = typer.Option(
    "en", "--lang", help="Language of error messages and notes: da or en."
)


def gps_settings(
    home_radius_m: float | None,
    min_roundtrip_min: float,
    min_roundtrip_km: float,
    max_gap_h: float,
    gap_action: str,
) -> GpsSettings:
    from fleetplan.ingest.gps.settings import GpsSettings

    try:
        return GpsSettings(
            home_radius_m=150.0 if home_radius_m is None else home_radius_m,
            home_radius_override=home_radius_m is not None,
            min_roundtrip_min=min_roundtrip_min,
            min_roundtrip_km=min_roundtrip_km,
            max_gap_h=max_gap_h,
            gap_action=gap_action,  # type: ignore[arg-type]
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


@cache
def _catalogue(language: str) -> dict[str, str]:
    if language not in ("da", "en"):
        raise typer.BadParameter(f"--lang must be da or en, got {language!r}.")
    with (_I18N / f"{language}-ingest.toml").open("rb") as handle:
        return tomllib.load(handle)


def text(language: str, key: str, params: dict[str, Any]) -> str | None:
    """The catalogue text of ``key`` (None when it has none)."""
    template = _catalogue(language).get(key)
    return None if template is None else template.format(**params)


def echo_outcome(outcome: SyncOutcome, language: str) -> None:
    """One JSON line: ok, roundtrips added, the error in ``language`` and the run's
    summary; then, on stderr, the notes a person should read."""
    summary = outcome.summary or {}
    error = summary.get("error") or None
    message = outcome.error
    if error is not None:
        message = text(language, f"gps.err.{error['code']}", error["params"]) or message
    typer.echo(
        json.dumps(
            {
                "source": outcome.connector,
                "ok": outcome.ok,
                "rows_added": outcome.rows_added,
                "skipped_vehicles": outcome.skipped_vehicles,
                "error": message,
                "summary": summary,
            }
        )
    )
    settings = summary.get("settings") or {}
    if settings.get("home_radius_source") == "override":
        note = text(
            language,
            "gps.summary.radius_override",
            {"radius": f"{settings['home_radius_m']:g}"},
        )
        typer.echo(note, err=True)
    for warning in summary.get("warnings", []):
        note = text(language, f"gps.warn.{warning['code']}", warning["params"])
        typer.echo(note or warning["message"], err=True)
