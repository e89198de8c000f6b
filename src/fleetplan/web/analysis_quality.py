"""The data-quality section of the Analyse page: problems per kind with what to
do, and every finding with its vehicle, location and number in words."""

from __future__ import annotations

from nicegui import ui

from fleetplan.analytics import DataQualityReport
from fleetplan.domain import Dataset
from fleetplan.texts.numbers import format_number, format_share
from fleetplan.web.analysis_widgets import table_with_export
from fleetplan.web.shell import empty_state
from fleetplan.web.translate import t

SHARE_KINDS = frozenset({"location_changed", "low_precision"})
VALUE_KINDS = frozenset(
    {
        "lease_ended_still_driving",
        "inactive",
        "unknown_vehicle",
        "implausible_speed",
        "implausible_distance",
        "zero_duration_with_km",
    }
)


def finding_detail(kind: str, value: float | None, language: str) -> str:
    """A finding's number in words (days, trips, km/h, km or a share)."""
    if kind == "inactive" and value is None:  # no roundtrip in the selection
        return t("analysis.detail.never_drove")
    if value is None or kind not in SHARE_KINDS | VALUE_KINDS:
        return ""
    if kind in SHARE_KINDS:
        text = format_share(value, language)
    else:
        text = format_number(value, 0, language)
    return t(f"analysis.detail.{kind}", value=text)


def data_quality_section(
    report: DataQualityReport,
    dataset: Dataset,
    location_names: dict[str, str],
    language: str,
) -> None:
    counts = {kind: n for kind, n in report.counts().items() if n}
    if not counts:
        empty_state("analysis.quality.none")
        return
    table_with_export(
        "quality-counts",
        t("analysis.quality.counts"),
        [
            ("kind", t("analysis.col.problem")),
            ("count", t("analysis.col.count")),
            ("todo", t("analysis.col.todo")),
        ],
        [
            {
                "kind": t(f"analysis.kind.{kind}"),
                "count": n,
                "todo": t(f"analysis.todo.{kind}"),
            }
            for kind, n in counts.items()
        ],
    )
    names = {v.vehicle_id: v.name for v in dataset.vehicles}
    rows = [
        {
            "kind": t(f"analysis.kind.{f.kind}"),
            "vehicle": f.vehicle_id or "",
            "name": names.get(f.vehicle_id or "", ""),
            "location": location_names.get(f.location_id, f.location_id)
            if f.location_id
            else "",
            "roundtrip": f.roundtrip_id or "",
            "detail": finding_detail(f.kind, f.value, language),
        }
        for f in report.findings
    ]
    ui.label(t("analysis.quality.findings")).classes("text-subtitle1")
    table_with_export(
        "quality-findings",
        t("analysis.quality.findings"),
        [
            ("kind", t("analysis.col.problem")),
            ("vehicle", t("analysis.col.vehicle")),
            ("name", t("analysis.col.name")),
            ("location", t("analysis.col.location")),
            ("roundtrip", t("analysis.col.roundtrip")),
            ("detail", t("analysis.col.detail")),
        ],
        rows,
    )
