"""The register's Excel round trip on Køretøjer: download the register (every
column, Danish headers in Danish), download the empty template with a guide to
its columns, and the line of a dry run that counts new, changed and unchanged
rows."""

from __future__ import annotations

from collections.abc import Mapping

from nicegui import ui

from fleetplan.api.services import get_services
from fleetplan.ingest.field_rules import VehicleFields
from fleetplan.ingest.register_headers import COLUMNS, danish_header
from fleetplan.ingest.register_sheets import register_workbook
from fleetplan.texts.numbers import format_number
from fleetplan.web.background import in_thread
from fleetplan.web.translate import current_language, t

_REQUIRED = {
    "vehicles": ("vehicle_id", "vehicle_type", "fuel"),
    "locations": ("location_id",),
}
_CHOICES = {
    "vehicle_type": "bike, ebike, ev, ice",
    "fuel": "electric, petrol, diesel, hvo, none",
    "lease_type": "operational, financial, owned, rented",
    "category": "car, van, minibus, truck, special, bike, ebike, cargo_bike",
}


def _rule(stem: str, name: str) -> str:
    """What a column of the template holds, in the page's language."""
    required = name in _REQUIRED[stem]
    parts = [t("xlsx.rule.required" if required else "xlsx.rule.optional")]
    if name in _CHOICES:
        parts.append(t("xlsx.rule.choice", values=_CHOICES[name]))
    elif name in ("lease_start", "lease_end"):
        parts.append(t("xlsx.rule.date"))
    elif name in ("is_candidate", "wheelchair_lift"):
        parts.append(t("xlsx.rule.flag"))
    elif stem == "vehicles" and name in VehicleFields.model_fields:
        info = VehicleFields.model_fields[name]
        low = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in info.metadata if hasattr(m, "le")), None)
        if low is not None and high is not None:
            language = current_language()
            parts.append(
                t(
                    "xlsx.rule.range",
                    low=format_number(low, 0, language),
                    high=format_number(high, 0, language),
                )
            )
    return " ".join(parts)


def template_guide() -> list[tuple[str, str, str]]:
    """The template's first sheet: one row per column with its rule."""
    rows = [(t("xlsx.guide.column"), t("xlsx.guide.name"), t("xlsx.guide.rule"))]
    for stem in ("vehicles", "locations"):
        sheet = t(f"xlsx.sheet.{stem}")
        for name in COLUMNS[stem]:
            rows.append(
                (f"{sheet}: {danish_header(stem, name)}", name, _rule(stem, name))
            )
    rows.append(("", "", t("xlsx.guide.note")))
    return rows


def download_buttons() -> None:
    """The register and the template as xlsx (the register read in a worker
    thread: loading the dataset can wait for a job's reload)."""
    danish = current_language() == "da"

    async def register() -> None:
        data = await in_thread(get_services().load_dataset)
        content = await in_thread(register_workbook, data, danish=danish)
        ui.download.content(content, t("xlsx.register_file"))

    def template() -> None:
        content = register_workbook(None, danish=danish, guide=template_guide())
        ui.download.content(content, t("xlsx.template_file"))

    with ui.row().classes("items-center gap-2"):
        ui.button(t("xlsx.register"), icon="download", on_click=register).props(
            'outline dense data-testid="register-export"'
        )
        ui.button(t("xlsx.template"), icon="description", on_click=template).props(
            'outline dense data-testid="register-template"'
        )


def changes_line(changes: Mapping[str, Mapping[str, int]]) -> str:
    """ "Køretøjer: 2 nye, 1 ændret, 118 uændrede. Lokationer: …" of a dry run."""
    return " ".join(
        t(
            "xlsx.changes",
            table=t(f"xlsx.sheet.{table}"),
            new=counts.get("new", 0),
            changed=counts.get("changed", 0),
            unchanged=counts.get("unchanged", 0),
        )
        for table, counts in changes.items()
    )
