"""The GPS data section: each file source's and connector's last run, with its
summary in words (rows read, dropped by reason, roundtrips added and updated,
vehicles skipped and why, the radius and thresholds used) and its error,
translated from the codes stored with the sync status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nicegui import ui

from fleetplan.store.ingest_state import SyncStatus
from fleetplan.texts.numbers import format_moment
from fleetplan.web.translate import current_language, t


def _join(parts: list[str]) -> str:
    return "; ".join(parts)


def error_text(summary: dict[str, Any], fallback: str | None) -> str | None:
    error = summary.get("error")
    if not error:
        return fallback
    try:
        return t(f"gps.err.{error['code']}", **error.get("params", {}))
    except (KeyError, IndexError):  # a connector's own failure: its English text
        return error.get("message") or fallback


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The run summary as sentences in the page's language."""
    lines: list[str] = []
    settings = summary.get("settings") or {}
    lines.append(
        t(
            "gps.summary.read",
            rows=summary.get("rows_read", 0),
            kind=summary.get("kind", ""),
            zone=summary.get("time_zone", ""),
        )
    )
    dropped = summary.get("dropped") or {}
    if dropped:
        reasons = [f"{t('gps.drop.' + k)}: {n}" for k, n in sorted(dropped.items())]
        lines.append(t("gps.summary.dropped", reasons=_join(reasons)))
    lines.append(
        t(
            "gps.summary.built",
            trips=summary.get("trips", 0),
            added=summary.get("roundtrips_added", 0),
            updated=summary.get("roundtrips_updated", 0),
        )
    )
    if summary.get("short_roundtrips"):
        lines.append(
            t(
                "gps.summary.short",
                count=summary["short_roundtrips"],
                minutes=f"{settings.get('min_roundtrip_min', 0):g}",
                km=f"{settings.get('min_roundtrip_km', 0):g}",
                short_km=summary.get("short_km", 0),
            )
        )
    for key in ("gaps_split", "gaps_flagged"):
        if summary.get(key):
            hours = f"{settings.get('max_gap_h', 0):g}"
            lines.append(t(f"gps.summary.{key}", count=summary[key], hours=hours))
    odometer = summary.get("odometer") or {}
    if odometer.get("units"):
        units = [f"{t('gps.odo.' + u)} ({n})" for u, n in odometer["units"].items()]
        lines.append(t("gps.summary.odometer", units=_join(units)))
    if odometer.get("fallback_trips"):
        reasons = [
            f"{t('gps.odo.' + r)}: {n}" for r, n in odometer["fallback_trips"].items()
        ]
        lines.append(t("gps.summary.odometer_fallback", reasons=_join(reasons)))
    skipped = summary.get("skipped_vehicles") or []
    if skipped:
        named = [f"{s['vehicle_id']} ({t('gps.skip.' + s['reason'])})" for s in skipped]
        count = summary.get("vehicles_skipped", len(skipped))
        lines.append(t("gps.summary.skipped", count=count, vehicles=", ".join(named)))
    if settings.get("home_radius_source") == "override":
        radius = f"{settings.get('home_radius_m', 0):g}"
        lines.append(t("gps.summary.radius_override", radius=radius))
    elif settings:
        radii = settings.get("location_radius_m") or {}
        listed = ", ".join(f"{k} {v:g} m" for k, v in radii.items()) or "-"
        default = f"{settings.get('home_radius_m', 0):g}"
        lines.append(t("gps.summary.radius_locations", radii=listed, default=default))
    for warning in summary.get("warnings") or []:
        lines.append(t(f"gps.warn.{warning['code']}", **warning.get("params", {})))
    return lines


def gps_status_panel(statuses: Sequence[SyncStatus]) -> None:
    """One expandable row per source: when, ok or failed, and the summary."""
    ui.label(t("gps.status.title")).classes("text-h6")
    if not statuses:
        ui.label(t("gps.status.none")).props('data-testid="gps-status-none"')
        return
    for status in statuses:
        summary = status.summary or {}
        ok = status.last_error is None
        when = (
            ""
            if status.last_attempt_at is None
            else format_moment(status.last_attempt_at, current_language())
        )
        head = f"{status.connector} · {when} · " + t(
            "gps.status.ok" if ok else "gps.status.failed"
        )
        with (
            ui.expansion(head).props('dense data-testid="gps-status"').classes("w-full")
        ):
            if not ok:
                ui.label(error_text(summary, status.last_error) or "").classes(
                    "text-negative"
                )
            for line in summary_lines(summary) if summary else []:
                ui.label(line).classes("text-body2")
