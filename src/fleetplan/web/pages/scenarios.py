"""Scenarier: the saved scenarios."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import run, ui

from fleetplan.api.services import get_services
from fleetplan.web.auth import page_user
from fleetplan.web.scenario_table import scenario_table
from fleetplan.web.shell import empty_state, frame


@ui.page("/scenarios")
async def scenarios_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/scenarios", "nav.scenarios"):
        scenarios = await run.io_bound(get_services().list_scenarios)
        if scenarios:
            scenario_table(scenarios)
        else:
            empty_state("empty.scenarios")
        empty_state("scen.compare_coming")
    return None
