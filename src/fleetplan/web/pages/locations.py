"""Lokationer: home locations and parking points on an offline map, and a table
with each location's GPS precision (when an ingestion measured it) and home
radius (the setting behind it; writers edit it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from fleetplan.api.security import Role
from fleetplan.api.services import get_services
from fleetplan.api.users import UserAccount
from fleetplan.domain import Dataset, Location
from fleetplan.store.register_service import RegisterService
from fleetplan.store.settings_edit import DEFAULT_HOME_RADIUS_M, home_radii
from fleetplan.store.vehicle_edit import in_fleet_on
from fleetplan.texts.numbers import format_share
from fleetplan.web.auth import has_role, page_login
from fleetplan.web.background import in_thread
from fleetplan.web.connector_panel import connector_panel, load_statuses
from fleetplan.web.escape import html_text
from fleetplan.web.export import rows_to_xlsx
from fleetplan.web.gps_status import gps_status_panel
from fleetplan.web.map_labels import place_labels, to_pixels
from fleetplan.web.register_form import Outcome, register_write, save_or_cancel
from fleetplan.web.shell import PAGE_BUILD_S, empty_state, frame
from fleetplan.web.translate import current_language, t

COLUMNS = (
    "id",
    "name",
    "address",
    "position",
    "parking",
    "vehicles",
    "precision",
    "home_radius",
)
PRECISION_META_KEY = "precision_by_location"  # written by GPS ingestion
MAP_ZOOM = 12  # the labels are placed apart at this zoom
# Background tiles are fetched by the browser only when the user turns them on.
ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "&copy; OpenStreetMap"

# "ikke målt" carries a help icon whose tooltip says why (Vue escapes the text)
_PRECISION_SLOT = r"""
<q-td :props="props">
  {{ props.value }}
  <q-icon v-if="props.row.precision_hint" name="help_outline" size="xs"
          class="q-ml-xs cursor-pointer"
          :data-testid="'precision-hint-' + props.row.id">
    <q-tooltip max-width="22rem">{{ props.row.precision_hint }}</q-tooltip>
  </q-icon>
</q-td>
"""

_EDIT_SLOT = r"""
<q-td :props="props">
  <q-btn flat dense round icon="edit" :data-testid="'edit-radius-' + props.row.id"
         @click="() => $parent.$emit('edit', props.row.id)">
    <q-tooltip>EDIT_LABEL</q-tooltip>
  </q-btn>
</q-td>
"""


def save_radius(actor: UserAccount, location_id: str, radius_m: Any) -> Outcome:
    """Register a location's home radius after checking the writer role again."""

    def change(register: RegisterService) -> Outcome:
        radius = register.save_home_radius(location_id, radius_m)
        saved = t("locations.radius_saved", location=location_id, radius=f"{radius:g}")
        return Outcome(True, saved)

    return register_write(actor, change)


def _radius_dialog(actor: UserAccount, location_id: str, radius_m: float) -> None:
    with ui.dialog() as dialog, ui.card().classes("w-[28rem] max-w-full"):
        ui.label(t("locations.edit_radius", location=location_id)).classes("text-h6")
        value = ui.number(t("register.field.home_radius_m"), value=radius_m).props(
            'outlined dense data-testid="radius-value"'
        )
        message = ui.label("").classes("text-negative")

        save_or_cancel(
            dialog,
            message,
            lambda: save_radius(actor, location_id, value.value),
            "radius-save",
        )
    dialog.open()


def precision_by_location(meta: Mapping[str, Any]) -> dict[str, float]:
    """The measured share of km in complete roundtrips per location, if stored."""
    raw = meta.get(PRECISION_META_KEY)
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, float] = {}
    for location_id, share in raw.items():
        if isinstance(share, int | float) and not isinstance(share, bool):
            out[str(location_id)] = float(share)
    return out


def location_rows(data: Dataset, language: str, today: date) -> list[dict[str, Any]]:
    """One table row per location with its vehicles in the fleet today (not the
    deactivated ones), precision and home radius."""
    fleet = in_fleet_on(data, today).current_vehicles
    per_location = Counter(v.location_id for v in fleet)
    radii = home_radii(data.meta)
    precision = precision_by_location(data.meta)
    return [
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
            "precision": (
                format_share(precision[loc.location_id], language)
                if loc.location_id in precision
                else t("locations.precision_unknown")
            ),
            "precision_hint": precision_hint(loc.location_id, precision, data.meta),
            "home_radius": radii.get(loc.location_id, DEFAULT_HOME_RADIUS_M),
        }
        for loc in data.locations
    ]


def precision_hint(
    location_id: str, precision: Mapping[str, float], meta: Mapping[str, Any]
) -> str:
    """Why a location's precision is not measured ("" when it is): the dataset
    never had GPS data, or its GPS data had no km from this location."""
    if location_id in precision:
        return ""
    if PRECISION_META_KEY in meta:
        return t("locations.precision_why_no_km")
    return t("locations.precision_why_no_gps")


def _location_map(placed: list[Location], radii: Mapping[str, float]) -> None:
    """Markers with their names, home-radius circles and parking points, drawn
    without any tiles; a switch adds online background tiles on request."""
    lat = sum(loc.lat or 0.0 for loc in placed) / len(placed)
    lon = sum(loc.lon or 0.0 for loc in placed) / len(placed)
    fleet_map = ui.leaflet(center=(lat, lon), zoom=MAP_ZOOM).classes("w-full h-96")
    fleet_map.props('data-testid="location-map"')
    fleet_map.clear_layers()  # no external tiles by default: works offline
    names = [loc.name or loc.location_id for loc in placed]
    places = place_labels(
        [to_pixels(loc.lat or 0.0, loc.lon or 0.0, MAP_ZOOM) for loc in placed], names
    )
    for loc, name, place in zip(placed, names, places, strict=True):
        where = [loc.lat, loc.lon]
        fleet_map.generic_layer(name="marker", args=[where, {"title": name}])
        fleet_map.generic_layer(
            name="tooltip",
            # Leaflet inserts tooltip content as HTML: escape the imported name.
            args=[
                where,
                {
                    "content": html_text(name),
                    "permanent": True,
                    "direction": place.direction,
                    "offset": list(place.offset),
                },
            ],
        )
        radius = radii.get(loc.location_id, DEFAULT_HOME_RADIUS_M)
        fleet_map.generic_layer(
            name="circle", args=[where, {"radius": radius, "weight": 1}]
        )
        for point in loc.parking_points:
            fleet_map.generic_layer(
                name="circleMarker",
                args=[[point.lat, point.lon], {"radius": 4, "color": "#00695c"}],
            )
    tiles: dict[str, Any] = {}

    def toggle(event: Any) -> None:
        if event.value and "layer" not in tiles:
            tiles["layer"] = fleet_map.tile_layer(
                url_template=ONLINE_TILES, options={"attribution": TILE_ATTRIBUTION}
            )
        elif not event.value and "layer" in tiles:
            fleet_map.remove_layer(tiles.pop("layer"))

    with ui.row().classes("items-center gap-4"):
        ui.switch(t("locations.online_tiles"), on_change=toggle).props(
            'data-testid="map-tiles"'
        )
        ui.label(t("locations.map_caption")).classes("text-caption")


@ui.page("/locations", response_timeout=PAGE_BUILD_S)
async def locations_page(request: Request) -> RedirectResponse | None:
    user = await page_login(request)
    if isinstance(user, RedirectResponse):
        return user
    with frame(user, "/locations", "locations.title"):
        data = await in_thread(get_services().load_dataset)
        if not data.locations:
            empty_state("common.no_data")
            return None
        rows = location_rows(data, current_language(), date.today())
        placed = [
            loc for loc in data.locations if loc.lat is not None and loc.lon is not None
        ]
        if placed:
            _location_map(placed, home_radii(data.meta))
        headers = [t(f"locations.col.{c}") for c in COLUMNS]

        def download() -> None:
            content = rows_to_xlsx(
                t("locations.title"), headers, [[r[c] for c in COLUMNS] for r in rows]
            )
            ui.download.content(content, "fleetplan-locations.xlsx")

        ui.button(t("common.export_xlsx"), icon="download", on_click=download).props(
            'data-testid="export-xlsx"'
        )
        writer = has_role(user, Role.WRITE)
        names = (*COLUMNS, *(("actions",) if writer else ()))
        labels = [*headers, *((t("locations.col.actions"),) if writer else ())]
        columns = [
            {"name": c, "label": h, "field": c, "sortable": True, "align": "left"}
            for c, h in zip(names, labels, strict=True)
        ]
        table = ui.table(rows=rows, columns=columns, row_key="id").classes("w-full")
        table.props('dense flat bordered wrap-cells data-testid="location-table"')
        table.add_slot("body-cell-precision", _PRECISION_SLOT)
        if writer:
            table.add_slot(
                "body-cell-actions",
                _EDIT_SLOT.replace("EDIT_LABEL", t("register.edit")),
            )
            by_id = {r["id"]: r for r in rows}
            table.on(
                "edit",
                lambda e: _radius_dialog(
                    user, str(e.args), by_id[str(e.args)]["home_radius"]
                ),
            )
        ui.label(t("locations.precision_help")).classes("text-caption")
        ui.label(
            t("locations.radius_help", default=f"{DEFAULT_HOME_RADIUS_M:g}")
        ).classes("text-caption")
        register = get_services().register
        if register is not None:
            gps_status_panel(await in_thread(register.sync_statuses))
            connector_panel(await in_thread(load_statuses, register))
    return None
