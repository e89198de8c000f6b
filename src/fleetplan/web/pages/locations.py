"""Lokationer: home locations and parking points on an offline map, and a table."""

from __future__ import annotations

from collections import Counter

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import run, ui

from fleetplan.api.services import get_services
from fleetplan.web.auth import page_user
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.shell import empty_state, frame
from fleetplan.web.translate import t

COLUMNS = ("id", "name", "address", "position", "parking", "vehicles")


@ui.page("/locations")
async def locations_page(request: Request) -> RedirectResponse | None:
    user = page_user(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/locations", "locations.title"):
        data = await run.io_bound(get_services().load_dataset)
        if not data.locations:
            empty_state("common.no_data")
            return None
        per_location = Counter(v.location_id for v in data.current_vehicles)
        rows = [
            {
                "id": loc.location_id,
                "name": loc.name or loc.location_id,
                "address": loc.address or "",
                "position": (
                    f"{loc.lat:.5f}, {loc.lon:.5f}"
                    if loc.lat is not None and loc.lon is not None
                    else t("locations.no_position")
                ),
                "parking": len(loc.parking_points),
                "vehicles": per_location.get(loc.location_id, 0),
            }
            for loc in data.locations
        ]
        placed = [loc for loc in data.locations if loc.lat is not None]
        if placed:
            lat = sum(loc.lat or 0.0 for loc in placed) / len(placed)
            lon = sum(loc.lon or 0.0 for loc in placed) / len(placed)
            fleet_map = ui.leaflet(center=(lat, lon), zoom=11).classes("w-full h-96")
            fleet_map.props('data-testid="location-map"')
            fleet_map.clear_layers()  # no external tiles: the map works offline
            for loc in placed:
                fleet_map.generic_layer(
                    name="marker",
                    args=[[loc.lat, loc.lon], {"title": loc.name or loc.location_id}],
                )
                for point in loc.parking_points:
                    fleet_map.generic_layer(
                        name="circleMarker",
                        args=[[point.lat, point.lon], {"radius": 4}],
                    )
            ui.label(t("locations.map_caption")).classes("text-caption")
        headers = [t(f"locations.col.{c}") for c in COLUMNS]

        def download() -> None:
            content = rows_to_xlsx(
                t("locations.title"), headers, [[r[c] for c in COLUMNS] for r in rows]
            )
            ui.download.content(content, "fleetplan-locations.xlsx")

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'data-testid="export-xlsx"'
        )
        columns = [
            {"name": c, "label": h, "field": c, "sortable": True, "align": "left"}
            for c, h in zip(COLUMNS, headers, strict=True)
        ]
        ui.table(rows=rows, columns=columns, row_key="id").classes("w-full").props(
            "dense flat bordered"
        )
    return None
