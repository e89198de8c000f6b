"""Analyse: activity heatmap, time activity, peak concurrency, short trips and
data quality, with shared filters kept in the URL.

The figures come from ``fleetplan.api.routes.analysis.analysis_figures`` (the same
as ``GET /api/v1/analysis/...``), computed in a worker thread and cached per filter.
The sections' charts and tables are in ``fleetplan.web.analysis_sections``.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import context, ui

from fleetplan.analytics.selection import factor_set_for, select
from fleetplan.api.routes.analysis import (
    AnalysisFigures,
    analysis_figures,
    analysis_filter,
    filter_choices,
)
from fleetplan.api.services import get_services
from fleetplan.domain import Dataset
from fleetplan.texts.numbers import format_number
from fleetplan.web.analysis_filters import (
    FilterState,
    day_text,
    page_url,
    parse_filters,
    selection_text,
)
from fleetplan.web.analysis_quality import data_quality_section
from fleetplan.web.analysis_sections import (
    activity_sections,
    heading,
    peaks_section,
    short_trips_section,
)
from fleetplan.web.analysis_sections import hour_ranges as hour_ranges
from fleetplan.web.analysis_widgets import filter_bar, keep_filters_on_language_switch
from fleetplan.web.auth import page_login
from fleetplan.web.background import in_thread
from fleetplan.web.charts import set_chart_selection
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t
from fleetplan.web.vehicle_use_view import UseFigures, use_figures, use_table

ALL = "*"
Loaded = tuple[Dataset, AnalysisFigures | None, bool, UseFigures | None]


def _load(state: FilterState) -> Loaded:
    """The dataset and the figures of ``state`` (``None`` without roundtrips);
    the flag says the chosen period could not be used and the default was."""
    dataset = get_services().load_dataset()
    if not dataset.roundtrips:
        return dataset, None, False, None
    lists = (state.location, state.department, state.administration)
    try:
        flt = analysis_filter(
            dataset,
            state.start,
            state.end,
            *lists,
            get_services().settings.max_period_years,
            categories=state.category,
        )
        bad_period = False
    except ValueError:
        flt = analysis_filter(dataset, None, None, *lists, categories=state.category)
        bad_period = True
    sel = select(dataset, flt)
    use = use_figures(sel.vehicles, sel.roundtrips, sel.period, factor_set_for(dataset))
    return dataset, analysis_figures(dataset, flt), bad_period, use


@ui.page("/analysis", response_timeout=PAGE_BUILD_S)
async def analysis_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    state = parse_filters(request.query_params.multi_items())
    with frame(user, "/analysis", "nav.analysis"):
        keep_filters_on_language_switch(page_url(state))
        body = ui.column().classes("w-full gap-4")
        with body, ui.row().classes("items-center gap-3"):
            ui.spinner(size="lg")
            ui.label(t("analysis.loading")).classes("text-body1")
    # the page is sent at once and filled in when the figures are ready (NiceGUI
    # would give up on a page that takes over 3 s to build, e.g. a big first load)
    await context.client.connected(timeout=60)
    dataset, figures, bad_period, use = await in_thread(_load, state)
    body.clear()
    with body:
        _content(state, dataset, figures, bad_period, use)
    return None


def _content(
    state: FilterState,
    dataset: Dataset,
    figures: AnalysisFigures | None,
    bad_period: bool,
    use: UseFigures | None = None,
) -> None:
    language = current_language()
    if figures is None:
        empty_state("analysis.no_data")
        return
    choices = filter_choices(dataset)
    filter_bar(state, choices)
    set_chart_selection(selection_text(state, choices.locations, language))
    if bad_period:
        empty_state("analysis.bad_period")
    if figures.roundtrips == 0:
        empty_state(
            "analysis.no_trips",
            start=day_text(choices.start, language),
            end=day_text(choices.end, language),
        )
        return
    last_day = date.fromordinal(figures.period.end.toordinal() - 1)
    if figures.period.end.time() != figures.period.end.min.time():
        last_day = figures.period.end.date()
    period_text = (
        f"{day_text(figures.period.start.date(), language)}"
        f" – {day_text(last_day, language)}"
    )
    ui.label(
        t(
            "analysis.summary",
            period=period_text,
            vehicles=t("use.vehicles", count=figures.vehicles),
            trips=t(
                "use.trips",
                count=figures.roundtrips,
                n=format_number(figures.roundtrips, 0, language),
            ),
        )
    ).classes("text-body1").props('data-testid="analysis-summary"')
    names = {**choices.locations, ALL: t("analysis.all_locations")}
    activity_sections(figures, language, period_text)
    if use is not None:
        heading("use.title", "vehicles")
        use_table(use, names, language)
        # the per-vehicle charts (one row per vehicle and day, hour) live on
        # Køretøjer › Udnyttelse, a month at a time: here they made the page heavy
        ui.link(t("use.charts_link"), "/vehicles?tab=use").props(
            'data-testid="use-charts-link"'
        )
    peaks_section(figures, names, language, period_text)
    short_trips_section(figures, {**names, ALL: t("analysis.all")}, language)
    heading("analysis.quality", "quality")
    data_quality_section(figures.data_quality, dataset, names, language)
