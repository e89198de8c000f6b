"""Elbil-egnethed: per fossil vehicle, the catalogue EVs that can do its work and
why the others cannot, by name (plate, model, location), with an xlsx export.

The same service as ``GET /api/v1/suitability``
(``analytics.suitability_service``): day by day, winter-derated, with the real
time at home; the sentences are ``reports.suitability_text``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import context, ui

from fleetplan.analytics.ev_suitability import VehicleSuitability
from fleetplan.analytics.suitability_service import suitability_report
from fleetplan.api.services import get_services
from fleetplan.domain import Dataset
from fleetplan.reports.suitability_text import fit_text
from fleetplan.web.auth import page_login
from fleetplan.web.background import in_thread
from fleetplan.web.reports_parts import table_view
from fleetplan.web.reports_tables import Column, Table
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t

COLUMNS = (
    Column("plate"),
    Column("model", wraps=True),
    Column("location", wraps=True),
    Column("days_driven", 0),
    Column("fitting", wraps=True),
    Column("why_not", wraps=True),
)


def suitability_table(
    rows: tuple[VehicleSuitability, ...], data: Dataset, language: str
) -> Table:
    """One record per fossil vehicle: names, never ids alone."""
    vehicles = {v.vehicle_id: v for v in data.vehicles}
    places: Mapping[str, str] = {
        loc.location_id: loc.name or loc.location_id for loc in data.locations
    }
    records: list[dict[str, Any]] = []
    for row in rows:
        v = vehicles.get(row.vehicle_id)
        fitting = [c.name or c.candidate_id for c in row.candidates if c.fits]
        why = [
            f"{c.name or c.candidate_id}: {fit_text(c, language)}"
            for c in row.candidates
            if not c.fits
        ]
        records.append(
            {
                "_key": row.vehicle_id,
                "plate": (v.plate if v else None) or row.vehicle_id,
                "model": v.name if v else None,
                "location": places.get(row.location_id or "", row.location_id),
                "days_driven": row.days_driven,
                "fitting": ", ".join(fitting) or t("suit.page.none"),
                "why_not": " · ".join(why),
            }
        )
    return Table("suitability", COLUMNS, tuple(records))


@ui.page("/suitability", response_timeout=PAGE_BUILD_S)
async def suitability_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    language = current_language()
    with frame(user, "/suitability", "nav.suitability"):
        ui.label(t("suit.page.intro")).classes("text-body1 max-w-4xl")
        body = ui.column().classes("w-full gap-4")
        with body:
            ui.spinner(size="lg")
    # filled in when ready: the analysis reads every driving day of the fleet
    await context.client.connected(timeout=60)

    def work() -> Table:
        data = get_services().load_dataset()
        report = suitability_report(data)
        return suitability_table(report.vehicles, data, language)

    table = await in_thread(work)
    body.clear()
    with body:
        if not table.records:
            empty_state("suit.page.no_fossil")
            return None
        table_view(table)
    return None
