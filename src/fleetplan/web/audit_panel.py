"""Indstillinger › Ændringslog (admins only): who changed what and when, newest
first, with the old and new values, and the whole log as xlsx (issue 19, item 5).
Times are shown in Danish local time; the log stores UTC."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from nicegui import ui

from fleetplan.api.services import get_services
from fleetplan.store.audit import AuditEntry
from fleetplan.texts.numbers import format_moment
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.factor_labels import factor_label
from fleetplan.web.translate import catalogue, current_language, t, translate

LOCAL_TIME = ZoneInfo("Europe/Copenhagen")
COLUMNS = ("at", "actor", "action", "target", "detail")
SHOWN = 200  # on the page; the export holds up to EXPORTED
EXPORTED = 10_000


def _field(name: str, language: str) -> str:
    """A changed field as the forms name it (the id when no form has it)."""
    key = f"register.field.{name}"
    texts = catalogue(language)
    if key in texts:
        return texts[key]
    if f"audit.field.{name}" in texts:
        return texts[f"audit.field.{name}"]
    return factor_label(name, language)


def _value(value: Any, language: str, field: str = "") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return translate(language, "settings.yes" if value else "settings.no")
    if isinstance(value, list):
        return ", ".join(_value(v, language) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(
            f"{_field(str(k), language)}: {_value(v, language, str(k))}"
            for k, v in value.items()
        )
    texts = catalogue(language)
    if field == "role" and f"role.{value}" in texts:
        return texts[f"role.{value}"]
    if field == "password":
        return texts["audit.password_changed"]
    return str(value)


def detail_text(detail: Mapping[str, Any], language: str) -> str:
    """``field: old → new`` for each change, ``field: value`` for the rest."""
    parts = []
    for name, value in detail.items():
        field = _field(name, language)
        if isinstance(value, list) and len(value) == 2:
            old, new = (_value(v, language, name) for v in value)
            parts.append(f"{field}: {old} → {new}")
        else:
            parts.append(f"{field}: {_value(value, language, name)}")
    return "; ".join(parts)


def target_text(action: str, target: str, language: str) -> str:
    """A setting's meta path in words ("settings.bike" is «Cykelregler»)."""
    if action != "settings.change":
        return target
    texts = catalogue(language)
    parts = target.split(".")
    for size in (2, 3):
        key = "audit.target." + ".".join(parts[:size])
        if key in texts:
            return texts[key].format(rest=".".join(parts[size:]))
    return target


def audit_rows(entries: list[AuditEntry], language: str) -> list[dict[str, Any]]:
    return [
        {
            "id": e.entry_id,
            "at": format_moment(e.at.astimezone(LOCAL_TIME), language),
            "actor": e.actor or translate(language, "audit.no_actor"),
            "action": translate(language, f"audit.action.{e.action}"),
            "target": target_text(e.action, e.target, language),
            "detail": detail_text(e.detail, language),
        }
        for e in entries
    ]


def audit_section() -> None:
    """The log's newest entries and its export; callers show it to admins only."""
    ui.label(t("audit.title")).classes("text-h6")
    ui.label(t("audit.help")).classes("text-body2")
    register = get_services().register
    if register is None:
        ui.label(t("audit.no_store")).classes("text-caption")
        return
    language = current_language()
    rows = audit_rows(register.audit_entries(limit=SHOWN), language)
    headers = [t(f"audit.col.{c}") for c in COLUMNS]

    def download() -> None:
        every = audit_rows(register.audit_entries(limit=EXPORTED), language)
        content = rows_to_xlsx(
            t("audit.title"), headers, [[r[c] for c in COLUMNS] for r in every]
        )
        ui.download.content(content, "fleetplan-audit.xlsx")

    ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
        'data-testid="audit-export"'
    )
    columns = [
        {"name": c, "label": h, "field": c, "align": "left"}
        for c, h in zip(COLUMNS, headers, strict=True)
    ]
    table = ui.table(rows=rows, columns=columns, row_key="id", pagination=25)
    table.classes("w-full").props(
        'dense flat bordered wrap-cells data-testid="audit-table"'
    )
