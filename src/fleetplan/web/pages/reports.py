"""Plan og rapporter: the fossil-free transition plan with its chargers, the
green-accounts figures and the business case, each with editable inputs, tables
(xlsx) and charts, plus the whole report as one workbook.

All figures come from ``fleetplan.analytics.report_service`` (the API's
``/api/v1/reports`` routes call the same functions); they run in a worker thread so
the page stays responsive.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import context, ui

from fleetplan.api.services import get_services
from fleetplan.web.auth import page_login
from fleetplan.web.background import in_thread
from fleetplan.web.report_period import period_filter as period_filter
from fleetplan.web.reports_view import ReportsView
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t


@ui.page("/reports", response_timeout=PAGE_BUILD_S)
async def reports_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    language = current_language()
    with frame(user, "/reports", "nav.reports"):
        body = ui.column().classes("w-full gap-4")
        with body, ui.row().classes("items-center gap-3"):
            ui.spinner(size="lg")
            ui.label(t("rep.loading")).classes("text-body1")
    # sent at once and filled in when ready: NiceGUI gives up on a page that takes
    # over 3 s to build (a dataset re-read plus three reports on a busy machine)
    await context.client.connected(timeout=60)
    data = await in_thread(get_services().load_dataset)
    body.clear()
    with body:
        if not data.current_vehicles:
            empty_state("rep.no_vehicles")
            return None
        names = {loc.location_id: loc.name or loc.location_id for loc in data.locations}
        view = ReportsView(data, names, language)
        view.build()
    await view.refresh_transition()
    await view.refresh_green()
    await view.refresh_business()
    return None
