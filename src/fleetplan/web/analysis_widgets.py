"""Widgets of the Analyse page: the filter bar (choices go into the URL) and
tables with an xlsx button."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from nicegui import context, ui

from fleetplan.api.routes.analysis import FilterOptionsPublic
from fleetplan.web.analysis_filters import (
    LISTS,
    FilterState,
    changed,
    day_text,
    page_url,
    read_day,
)
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.translate import current_language, t


def _go(state: FilterState) -> None:
    ui.navigate.to(page_url(state))


def _picker_locale() -> dict[str, Any]:
    """Quasar's date picker in the page's language; weeks start on Monday."""
    return {
        "days": [t(f"analysis.weekday.{(i + 6) % 7}") for i in range(7)],
        "daysShort": [t(f"analysis.weekday.{(i + 6) % 7}")[:3] for i in range(7)],
        "months": [t(f"analysis.month.{m}") for m in range(1, 13)],
        "monthsShort": [t(f"analysis.month.{m}")[:3] for m in range(1, 13)],
        "firstDayOfWeek": 1,
    }


def _date_input(state: FilterState, name: str, default: date) -> None:
    """A day field written as the page's language writes days (the browser's own
    date field follows the browser's locale, e.g. 09/01/2026), with a calendar.
    A typed day applies on Enter or when the field loses focus."""
    chosen: date | None = getattr(state, name)
    language = current_language()
    field = ui.input(
        t(f"analysis.filter.{name}"), value=day_text(chosen or default, language)
    )
    field.props(f'outlined dense data-testid="filter-{name}"').classes("w-44")

    def apply(value: date | None) -> None:
        # the field shows the default when nothing is chosen: leaving it as it
        # was (e.g. on blur) must not turn the default into a filter
        if value != (chosen or default) and (value is not None or chosen):
            _go(changed(state, name, value))

    def typed() -> None:
        text = str(field.value or "").strip()
        day = read_day(text)
        if text and day is None:
            field.props["error"] = True
            field.props["error-message"] = t("analysis.filter.bad_date")
            field.update()
            return
        field.props(remove="error error-message")
        apply(day)

    field.on("keydown.enter", typed)
    field.on("blur", typed)
    with field:
        with ui.menu().props("no-parent-event") as menu:
            picker = ui.date(
                value=(chosen or default).isoformat(),
                on_change=lambda event: apply(read_day(str(event.value or ""))),
            )
            picker.props(f'data-testid="filter-{name}-calendar"')
            picker.props["locale"] = _picker_locale()
        with field.add_slot("append"):
            pick = ui.icon("event").classes("cursor-pointer").on("click", menu.open)
            pick.props(f'data-testid="filter-{name}-pick"')


def _multi_select(state: FilterState, name: str, options: dict[str, str]) -> None:
    """Choosing several values reloads once, when the menu closes."""
    chosen: tuple[str, ...] = getattr(state, name)
    select = ui.select(
        options,
        multiple=True,
        value=[v for v in chosen if v in options],
        label=t(f"analysis.filter.{name}"),
    )
    select.props(f'use-chips outlined dense data-testid="filter-{name}"')
    select.classes("min-w-[12rem] max-w-[28rem]")
    menu_open = {"value": False}

    def apply() -> None:
        if tuple(select.value or ()) != chosen:
            _go(changed(state, name, list(select.value or ())))

    def hidden() -> None:
        menu_open["value"] = False
        apply()

    select.on("popup-show", lambda: menu_open.update(value=True))
    select.on("popup-hide", hidden)
    select.on_value_change(lambda: None if menu_open["value"] else apply())


def filter_bar(state: FilterState, choices: FilterOptionsPublic) -> None:
    options = {
        "location": choices.locations,
        "department": {d: d for d in choices.departments},
        "administration": {a: a for a in choices.administrations},
        "category": {c: t(f"register.category.{c}") for c in choices.categories},
    }
    with ui.row().classes("items-center gap-3 w-full"):
        _date_input(state, "start", choices.start)
        _date_input(state, "end", choices.end)
        for name in LISTS:
            if options[name]:
                _multi_select(state, name, options[name])
        if not state.is_empty:
            ui.button(
                t("analysis.filter.reset"),
                icon="filter_alt_off",
                on_click=lambda: _go(FilterState()),
            ).props('flat data-testid="filter-reset"')


def keep_filters_on_language_switch(url: str) -> None:
    """The frame's language links go back to the bare path; point them at the
    filtered URL so that switching language keeps the view."""
    for element in context.client.elements.values():
        testid = str(element.props.get("data-testid", ""))
        if isinstance(element, ui.link) and testid.startswith("lang-"):
            code = testid.removeprefix("lang-")
            element.props["href"] = f"/lang/{code}?next={quote(url, safe='')}"


def _sortable(value: Any) -> Any:
    """A JSON value for the browser that sorts like ``value`` (ISO for times)."""
    return value.isoformat() if isinstance(value, date) else value


def _excel(value: Any) -> Any:
    """Excel has no time zones: an aware time is written as its wall-clock time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


_CELL_SLOT = r"""
<q-td :props="props">{{ props.row[props.col.name + '__shown'] }}</q-td>
"""


def table_with_export(
    testid: str,
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[dict[str, Any]],
    shown: Callable[[str, Any], str] | None = None,
    folded: bool = False,
) -> None:
    """A table of raw ``rows`` (keyed by column) with an xlsx button.

    ``shown`` formats a value for the screen; sorting and the xlsx use the raw
    values (times stay times in the xlsx). A ``folded`` table (the numbers
    behind a chart) starts collapsed.
    """
    keys = [key for key, _label in columns]
    headers = [label for _key, label in columns]

    def download() -> None:
        cells = [[_excel(r[k]) for k in keys] for r in rows]
        content = rows_to_xlsx(title, headers, cells)
        ui.download.content(content, f"fleetplan-{testid}.xlsx")

    show = shown or (lambda _key, value: "" if value is None else str(value))
    display = [
        {
            "_id": i,
            **{k: _sortable(r[k]) for k in keys},
            **{f"{k}__shown": show(k, r[k]) for k in keys},
        }
        for i, r in enumerate(rows)
    ]
    holder = (
        ui.expansion(t("analysis.show_numbers"), icon="table_chart").classes("w-full")
        if folded
        else ui.column().classes("w-full gap-0")
    )
    with holder:
        table = ui.table(
            rows=display,
            columns=[
                {"name": k, "label": h, "field": k, "align": "left", "sortable": True}
                for k, h in columns
            ],
            row_key="_id",
            pagination=10 if len(display) > 12 else 0,
        )
        table.classes("w-full").props(
            f'dense flat bordered wrap-cells data-testid="{testid}"'
            + ("" if len(display) > 12 else " hide-bottom")
        )
        table.add_slot("body-cell", _CELL_SLOT)
    ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
        f'flat dense data-testid="{testid}-xlsx"'
    )
