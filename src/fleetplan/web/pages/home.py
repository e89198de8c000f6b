"""Forside: key figures of the fleet, the locations with the lowest utilisation
and the latest scenarios (both tables exportable to xlsx). Deactivated vehicles
leave today's fleet, and so every figure, from their date."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import Client, background_tasks, ui

from fleetplan.api.derived import derived
from fleetplan.api.overview import KeyFigures, key_figures
from fleetplan.api.services import get_services
from fleetplan.domain import Dataset, fleet_on
from fleetplan.economics import DEFAULT_FACTOR_SET_NAME, get_builtin_factor_set
from fleetplan.texts.numbers import format_month, format_number, format_share
from fleetplan.web.auth import page_login
from fleetplan.web.background import in_thread
from fleetplan.web.escape import html_text
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.markup import markup_block, text_div
from fleetplan.web.plain_table import plain_table
from fleetplan.web.scenario_table import scenario_table, scenarios_xlsx
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t
from fleetplan.web.vehicle_use_tab import use_url

INLINE_S = 2.0  # then a spinner: a first screen soon, figures when ready
CONNECT_TIMEOUT_S = 60.0


def home_figures(data: Dataset, today: date) -> KeyFigures:
    """The key figures of the newest month with trips, of today's fleet
    (``domain.fleet_on``: as Analyse, Simulering and Optimering count it)."""
    factors = get_builtin_factor_set(DEFAULT_FACTOR_SET_NAME)
    return key_figures(fleet_on(data, today), factors)


@dataclass(frozen=True, slots=True)
class HomeData:
    figures: KeyFigures
    names: dict[str, str]  # location id -> name
    scenarios: list[Any]


def _load() -> HomeData:
    """Everything the page shows, read in a worker thread: loading the dataset
    can wait for a job's reload of it, and the figures run over every trip."""
    services = get_services()
    data = services.load_dataset()
    today = date.today()
    return HomeData(
        derived(data, ("home_figures", today), lambda: home_figures(data, today)),
        {loc.location_id: loc.name or loc.location_id for loc in data.locations},
        list(services.list_scenarios()),
    )


def _card(label: str, value: str, testid: str, href: str = "/vehicles") -> str:
    """A key figure with a link to the list behind it (issue 16: every card
    opens its list), as the tags ``ui.card``, ``ui.label`` and ``ui.link``
    render: markup, not four elements a card (``web.markup``)."""
    link = html_text(t("use.open_list"))
    return (
        f'<q-card class="nicegui-card min-w-[14rem]" data-testid="{testid}">'
        f"{text_div(value, 'text-h4 text-teal-9')}{text_div(label, 'text-body2')}"
        f'<a v-pre href="{html_text(href)}" class="nicegui-link"'
        f' data-testid="{testid}-list">{link}</a></q-card>'
    )


@ui.page("/", response_timeout=PAGE_BUILD_S)
async def home_page(request: Request) -> RedirectResponse | None:
    """The figures shown at once when they are ready within ``INLINE_S``; else
    (an optimisation busy on the same CPU) the page is sent with a spinner and
    they follow over the websocket (an empty page for seconds looked broken)."""
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    language = current_language()
    with frame(user, "/", "home.title"):
        body = ui.column().classes("w-full gap-4")
    loading = asyncio.ensure_future(in_thread(_load))
    done, _ = await asyncio.wait({loading}, timeout=INLINE_S)
    if done and loading.result() is not None:
        with body:
            _content(loading.result(), language)  # type: ignore[arg-type]
        return None
    with body:
        spinner = ui.spinner(size="lg").props('data-testid="home-loading"')
    background_tasks.create(
        _show_later(ui.context.client, body, spinner, loading, language),
        name="home figures",
    )
    return None


async def _show_later(
    client: Client,
    body: ui.column,
    spinner: ui.spinner,
    loading: asyncio.Future[HomeData | None],
    language: str,
) -> None:
    try:
        await client.connected(timeout=CONNECT_TIMEOUT_S)
    except TimeoutError:
        return  # the browser never connected: nobody to show them to
    data = await loading
    if data is None or client.is_deleted:
        return
    spinner.delete()
    with body:
        _content(data, language)


def _content(data: HomeData, language: str) -> None:
    figures = data.figures
    cards = [_card(t("home.vehicles"), str(figures.vehicles), "kf-vehicles")]
    if figures.month is None:
        with ui.row().classes("gap-4"):
            markup_block(cards[0], "contents")  # the card is the row's item
            empty_state("home.no_trips")
        return
    month_key = f"{figures.month.start:%Y-%m}"
    month = format_month(figures.month.start, language)
    co2e = (
        f"{format_number(figures.co2e_kg / 1000.0, 1, language)} t"
        if figures.co2e_kg is not None
        else t("home.co2e_unknown")
    )
    share = figures.fossil_free_km_share
    cards += [
        _card(
            t("home.km_month", month=month),
            format_number(figures.distance_km, 0, language),
            "kf-km",
            use_url(month_key),
        ),
        _card(t("home.co2e_month", month=month), co2e, "kf-co2e", use_url(month_key)),
        _card(
            t("home.fossil_free_share"),
            format_share(share, language) if share is not None else t("common.none"),
            "kf-fossil-free",
            use_url(month_key),
        ),
        _card(
            t("home.idle_vehicles", month=month),
            str(figures.idle_vehicles),
            "kf-idle",
            use_url(month_key, idle=True),
        ),
    ]
    with ui.row().classes("gap-4"):
        markup_block("".join(cards), "contents")
    ui.label(t("home.caption", factors=DEFAULT_FACTOR_SET_NAME)).classes("text-caption")
    if figures.co2e_missing_vehicles:
        ui.label(
            t(
                "home.co2e_missing",
                count=len(figures.co2e_missing_vehicles),
                ids=", ".join(figures.co2e_missing_vehicles),
            )
        ).classes("text-caption text-orange-9")
    _lowest_use(figures, data.names, month, language)
    ui.label(t("home.latest_scenarios")).classes("text-h6")
    if data.scenarios:
        latest = data.scenarios[:5]
        ui.button(
            t("common.export_xlsx"),
            icon="download",
            on_click=lambda: ui.download.content(
                scenarios_xlsx(latest, language), "fleetplan-latest-scenarios.xlsx"
            ),
        ).props('data-testid="scenarios-export"')
        scenario_table(latest, reopen=True)
    else:
        empty_state("home.scenarios_empty")


def lowest_use_rows(
    figures: KeyFigures, names: dict[str, str], language: str, limit: int = 5
) -> list[dict[str, object]]:
    """The ``limit`` locations whose vehicles were used on the fewest working days."""
    return [
        {
            "location": names.get(u.location_id, u.location_id),
            "vehicles": u.vehicles,
            "share": format_share(u.mean_share_of_working_days_used, language),
        }
        for u in figures.location_use[:limit]
    ]


def _lowest_use(
    figures: KeyFigures, names: dict[str, str], month: str, language: str
) -> None:
    if not figures.location_use:
        return
    ui.label(t("home.lowest_use", month=month)).classes("text-h6")
    rows = lowest_use_rows(figures, names, language)
    keys = ("location", "vehicles", "share")
    headers = [t(f"home.col.{c}") for c in keys]
    ui.button(
        t("common.export_xlsx"),
        icon="download",
        on_click=lambda: ui.download.content(
            rows_to_xlsx(
                t("home.lowest_use", month=month),
                headers,
                [[r[c] for c in keys] for r in rows],
            ),
            "fleetplan-lowest-utilisation.xlsx",
        ),
    ).props('data-testid="lowest-use-export"')
    columns = [
        {"name": c, "label": h, "field": c, "align": "left"}
        for c, h in zip(keys, headers, strict=True)
    ]
    plain_table(rows, columns, "location").props(
        'dense flat bordered data-testid="lowest-use"'
    )
    ui.label(t("home.lowest_use_caption")).classes("text-caption")
