"""The register's status chips: per vehicle (with a sentence explaining each)
and the legend under the table."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from fleetplan.domain.status import VehicleStatusReport
from fleetplan.store.vehicle_edit import Deactivation
from fleetplan.texts.numbers import format_date
from fleetplan.web.markup import markup_block, text_div
from fleetplan.web.translate import current_language, t, translate

INACTIVE_DAYS = 14

_STATUS_COLOURS = {
    "ok": "positive",
    "candidate": "blue-grey",
    "missing_metadata": "warning",
    "lease_ended": "negative",
    "inactive": "orange",
    "location_changed": "purple",
    "deactivated": "grey-8",
}


def deactivated_chip(off: Deactivation) -> dict[str, str]:
    reason = f" ({off.reason})" if off.reason else ""
    return {
        "label": t("status.deactivated"),
        "help": t(
            "status.deactivated.help",
            date=format_date(off.on, current_language()),
            reason=reason,
        ),
        "color": _STATUS_COLOURS["deactivated"],
    }


def chips(report: VehicleStatusReport, lease_end: date | None) -> list[dict[str, str]]:
    """Each status with its label, colour and a sentence that explains it."""
    params = {
        "missing_metadata": {"fields": ", ".join(report.missing_fields)},
        "lease_ended": {
            "date": format_date(lease_end, current_language()) if lease_end else ""
        },
        "inactive": {"days": str(INACTIVE_DAYS)},
        "location_changed": {"location": report.usual_location_id or ""},
    }
    return [
        {
            "label": t(f"status.{s.value}"),
            "help": t(f"status.{s.value}.help", **params.get(s.value, {})),
            "color": _STATUS_COLOURS.get(s.value, "grey"),
        }
        for s in report.statuses
    ]


STATUS_SLOT = r"""
<q-td :props="props">
  <q-chip v-for="s in props.value" :key="s.label" dense :color="s.color"
          text-color="white" class="status-chip">
    {{ s.label }}<q-tooltip>{{ s.help }}</q-tooltip>
  </q-chip>
</q-td>
"""


STATUS_ORDER = (
    "ok",
    "missing_metadata",
    "lease_ended",
    "inactive",
    "location_changed",
    "candidate",
    "deactivated",
)


@lru_cache(maxsize=64)  # languages x the few sets of statuses shown
def _legend_markup(language: str, shown: frozenset[str]) -> str:
    """The legend's title, then per status its chip and what it means (the
    tags and classes ``ui.label``, ``ui.row`` and ``ui.chip`` render)."""
    parts = [text_div(translate(language, "vehicles.legend.title"), "text-subtitle2")]
    for status in (s for s in STATUS_ORDER if s in shown):
        chip = text_div(translate(language, f"status.{status}"))
        meaning = text_div(translate(language, f"vehicles.legend.{status}"))
        parts.append(
            '<div class="nicegui-row row items-center gap-2 no-wrap">'
            f'<q-chip dense color="{_STATUS_COLOURS[status]}" text-color="white">'
            f'{chip}</q-chip><div class="text-body2">{meaning}</div></div>'
        )
    return "".join(parts)


def status_legend(rows: list[dict[str, Any]]) -> None:
    """Each status shown in the table, as its chip and what it means (the chips
    also explain themselves for each vehicle when pointed at). Only the app's
    texts: one element with a template (``web.markup``), not some twenty."""
    shown = frozenset(s for r in rows for s in r["status_values"])
    markup_block(
        _legend_markup(current_language(), shown),
        "nicegui-column gap-1",
        "status-legend",
    )
