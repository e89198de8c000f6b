"""Factor sets on Indstillinger: view each value with unit, year and source; copy
a set under a new name; edit the values of an own copy, each with its source."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, builtin_factor_sets
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import FactorSetEntry
from fleetplan.web.auth import has_role
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.factor_labels import factor_label, source_text, unit_label
from fleetplan.web.register_form import Outcome, register_write, save_or_cancel
from fleetplan.web.translate import current_language, t

# shown: the key's meaning, not the key; the xlsx export adds the key as its id
VALUE_COLUMNS = ("label", "value", "unit", "year", "source")

_EDIT_SLOT = r"""
<q-td :props="props">
  <q-btn flat dense round icon="edit" :data-testid="'edit-factor-' + props.row.key"
         @click="() => $parent.$emit('edit', props.row.key)">
    <q-tooltip>EDIT_LABEL</q-tooltip>
  </q-btn>
</q-td>
"""


def factor_entries() -> list[FactorSetEntry]:
    """Every set the app knows (only the built-in ones without a database)."""
    register = get_services().register
    if register is None:
        return [FactorSetEntry(s, True) for s in builtin_factor_sets()]
    return register.factor_sets()


def value_rows(entry: FactorSetEntry, language: str) -> list[dict[str, Any]]:
    """One row per value of the set, by key: its meaning, unit and source in
    ``language``."""
    return [
        {
            "key": key,
            "label": factor_label(key, language),
            "value": v.value,
            "unit": unit_label(v.unit, language),
            "year": v.year if v.year is not None else "",
            "source": source_text(v.source, language),
        }
        for key, v in sorted(entry.factor_set.values.items())
    ]


def copy_set(actor: UserAccount, source: str, new_name: str) -> Outcome:
    def change(register: RegisterService) -> Outcome:
        copy = register.copy_factor_set(source, new_name)
        return Outcome(True, t("settings.copied", name=copy.name))

    return register_write(actor, change)


def edit_value(
    actor: UserAccount,
    set_name: str,
    key: str,
    value: Any,
    source: str,
    year: Any,
) -> Outcome:
    """Save one value of an own set with its source (and year, may be empty)."""

    def change(register: RegisterService) -> Outcome:
        try:
            number = float(value)
            year_value = int(year) if year not in (None, "") else None
        except (TypeError, ValueError):
            field = t("settings.fcol.value")
            return Outcome(False, t("register.err.bad_value", value=value, field=field))
        register.set_factor_value(set_name, key, number, source or "", year_value)
        label = factor_label(key, current_language())
        return Outcome(True, t("settings.value_saved", factor=label))

    return register_write(actor, change)


def _value_dialog(actor: UserAccount, set_name: str, row: dict[str, Any]) -> None:
    with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full"):
        ui.label(
            t("settings.edit_value_title", factor=row["label"], name=set_name)
        ).classes("text-h6")
        value = ui.number(
            f"{t('settings.fcol.value')} ({row['unit']})", value=row["value"]
        ).props('outlined dense data-testid="factor-value"')
        year = ui.number(t("settings.fcol.year"), value=row["year"] or None).props(
            'outlined dense data-testid="factor-year"'
        )
        source = ui.input(t("settings.fcol.source"), value="").props(
            'outlined dense data-testid="factor-source"'
        )
        source.classes("w-full")
        message = ui.label("").classes("text-negative")

        save_or_cancel(
            dialog,
            message,
            lambda: edit_value(
                actor, set_name, row["key"], value.value, source.value, year.value
            ),
            "factor-save",
        )
    dialog.open()


def factor_section(user: UserAccount, chosen: str | None) -> None:
    """The set chooser, its values, export, and (for writers) copy and edit."""
    entries = factor_entries()
    names = [e.factor_set.name for e in entries]
    name = chosen if chosen in names else DEFAULT_FACTOR_SET_NAME
    entry = next((e for e in entries if e.factor_set.name == name), entries[0])
    writer = has_role(user, Role.WRITE)
    ui.label(t("settings.factors_help")).classes("text-body2")
    with ui.row().classes("items-center gap-4 w-full"):
        ui.select(
            {
                e.factor_set.name: f"{e.factor_set.name} ("
                + t("settings.builtin" if e.builtin else "settings.own")
                + ")"
                for e in entries
            },
            value=entry.factor_set.name,
            label=t("settings.factor_set"),
            on_change=lambda e: ui.navigate.to(f"/settings?fs={quote(e.value)}"),
        ).props('outlined dense data-testid="factor-set-select"').classes(
            "min-w-[16rem]"
        )
        rows = value_rows(entry, current_language())
        headers = [t(f"settings.fcol.{c}") for c in VALUE_COLUMNS]

        def download() -> None:
            content = rows_to_xlsx(
                entry.factor_set.name,
                [*headers, t("settings.fcol.id")],
                [[*(r[c] for c in VALUE_COLUMNS), r["key"]] for r in rows],
            )
            ui.download.content(
                content, f"fleetplan-factors-{entry.factor_set.name}.xlsx"
            )

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'data-testid="factor-export"'
        )
        if writer:
            new_name = ui.input(t("settings.copy_name")).props(
                'outlined dense data-testid="factor-copy-name"'
            )

            def copy() -> None:
                outcome = copy_set(user, entry.factor_set.name, new_name.value or "")
                ui.notify(
                    outcome.message, type="positive" if outcome.ok else "negative"
                )
                if outcome.ok:
                    ui.navigate.to(
                        f"/settings?fs={quote((new_name.value or '').strip())}"
                    )

            ui.button(t("settings.copy"), icon="content_copy", on_click=copy).props(
                'data-testid="factor-copy"'
            )
    ui.label(
        t(
            "settings.factor_valid_from",
            date=entry.factor_set.valid_from.isoformat(),
            kind=t("settings.builtin" if entry.builtin else "settings.own"),
            description=entry.factor_set.description or "–",
        )
    ).classes("text-caption")
    editable = writer and not entry.builtin
    names_ = (*VALUE_COLUMNS, *(("actions",) if editable else ()))
    labels = [*headers, *((t("register.col.actions"),) if editable else ())]
    columns = [
        {"name": c, "label": h, "field": c, "align": "left", "sortable": c == "label"}
        for c, h in zip(names_, labels, strict=True)
    ]
    table = ui.table(rows=rows, columns=columns, row_key="key", pagination=50)
    table.classes("w-full").props('dense flat bordered data-testid="factor-table"')
    if editable:
        table.add_slot(
            "body-cell-actions",
            _EDIT_SLOT.replace("EDIT_LABEL", t("settings.edit_value")),
        )
        by_key = {r["key"]: r for r in rows}
        table.on(
            "edit",
            lambda e: _value_dialog(user, entry.factor_set.name, by_key[str(e.args)]),
        )
