"""Charts: an ECharts element with a one-line caption and a PNG download button.

ECharts ships inside NiceGUI, so charts render with no internet. The PNG is
rendered by the browser's own chart (``getDataURL``) and sent back as a download,
with a band on top holding the caption (its period) and the page's selection, so
a chart pasted into a report still says what it shows. Every chart zooms: mouse
wheel or pinch inside it, and the toolbox's zoom and reset buttons; a PNG taken
while zoomed says which part of the axis it shows.

Each chart page says what its charts show once, with ``set_chart_selection``
(Analyse: its filters; Simulering and Optimering: the run's period and
locations, ``run_selection``; Rapporter and Køretøjer › Udnyttelse: the period);
a chart may also be given its own ``selection``.
"""

from __future__ import annotations

import base64
import weakref
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from nicegui import ui

from fleetplan.texts.numbers import format_date, format_plain
from fleetplan.web.translate import current_language, t, translate

PNG_PREFIX = "data:image/png;base64,"
TITLE_BAND_PX = 56  # added on top of the PNG for its title and selection
TITLE_WIDTH_PX = 1000  # where the title wraps

_selection: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def set_chart_selection(text: str) -> None:
    """The page's selection (filters), written under each exported chart's title."""
    from nicegui import context

    _selection[context.client] = text


def _page_selection() -> str:
    from nicegui import context

    try:
        return _selection.get(context.client, "")
    except RuntimeError:  # outside a page
        return ""


def period_words(start: datetime, end: datetime, language: str) -> str:
    """``01.05.2026 – 31.10.2026`` of a period whose ``end`` is exclusive."""
    last = (end - timedelta(microseconds=1)).date()
    return f"{format_date(start.date(), language)} – {format_date(last, language)}"


def run_selection(
    language: str,
    *,
    period: tuple[datetime, datetime] | None = None,
    locations: Sequence[str] | None = None,
    extra: Sequence[str] = (),
) -> str:
    """ "Udvalg: Periode: … · Lokationer: …" of a run or report (``locations``:
    names; empty: all locations; None: not a per-location page)."""
    parts = list(extra)
    if period is not None:
        words = period_words(period[0], period[1], language)
        parts.insert(0, translate(language, "chart.sel.period", period=words))
    if locations is not None:
        names = ", ".join(locations) or translate(language, "chart.sel.all_locations")
        parts.append(translate(language, "chart.sel.locations", names=names))
    body = " · ".join(parts) or translate(language, "chart.everything")
    return translate(language, "chart.selection", selection=body)


def result_selection(result: Mapping[str, Any], language: str) -> str:
    """The selection of a simulation or optimisation result: its period and the
    locations it ran on (``setup`` or ``params``), by name."""
    period = result.get("period") or {}
    span = None
    if period.get("start") and period.get("end"):
        span = (
            datetime.fromisoformat(str(period["start"])),
            datetime.fromisoformat(str(period["end"])),
        )
    request = result.get("setup") or result.get("params") or {}
    chosen = [str(c) for c in request.get("locations") or ()]
    names = {}
    if chosen:
        from fleetplan.api.services import get_services

        names = {
            loc.location_id: loc.name or loc.location_id
            for loc in get_services().load_dataset().locations
        }
    located = [names.get(c, c) for c in chosen]
    return run_selection(language, period=span, locations=located)


def _axis_value(value: Any, language: str) -> str:
    if isinstance(value, Mapping):
        value = value.get("value")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_plain(float(value), language)
    return str(value)


def zoom_text(option: Mapping[str, Any], language: str) -> str:
    """The shown part of the x axis when the user zoomed in, from the chart's
    ``getOption()`` ("" when the whole axis shows)."""
    zooms = option.get("dataZoom") or []
    if not zooms or not isinstance(zooms[0], Mapping):
        return ""
    zoom = zooms[0]
    start, end = float(zoom.get("start", 0)), float(zoom.get("end", 100))
    if start <= 0 and end >= 100:
        return ""
    axes = option.get("xAxis") or [{}]
    axis = axes[0] if isinstance(axes, list) else axes
    data = axis.get("data") if isinstance(axis, Mapping) else None
    low, high = zoom.get("startValue"), zoom.get("endValue")
    if data and isinstance(low, int) and isinstance(high, int):
        last = len(data) - 1
        low_text = _axis_value(data[min(max(low, 0), last)], language)
        high_text = _axis_value(data[min(max(high, 0), last)], language)
    elif low is not None and high is not None:
        low_text, high_text = _axis_value(low, language), _axis_value(high, language)
    else:
        low_text, high_text = f"{start:.0f} %", f"{end:.0f} %"
    return translate(language, "chart.zoomed", start=low_text, end=high_text)


def with_zoom(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with zoom inside the plot and the toolbox's zoom/reset buttons
    (charts with their own ``dataZoom``, or without axes, keep theirs)."""
    if "xAxis" not in options:
        return options
    out = dict(options)
    out.setdefault("dataZoom", [{"type": "inside", "xAxisIndex": 0}])
    out.setdefault(
        "toolbox",
        {
            "right": 8,
            "top": 0,
            "feature": {
                "dataZoom": {
                    "yAxisIndex": "none",
                    "title": {"zoom": t("chart.zoom"), "back": t("chart.zoom_back")},
                },
                "restore": {"title": t("chart.zoom_reset")},
            },
        },
    )
    return out


def title_band(
    options: dict[str, Any], caption: str, selection: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The option changes that put ``caption`` and ``selection`` in a band on top
    (everything else moves down by ``TITLE_BAND_PX``), and those that undo it."""
    grid = options.get("grid") if isinstance(options.get("grid"), dict) else {}
    legend = options.get("legend") if isinstance(options.get("legend"), dict) else None
    top = int(grid.get("top", 60)) if isinstance(grid.get("top", 60), int) else 60
    show = {
        "title": {
            "show": True,
            "text": caption,
            "subtext": selection,
            "left": 10,
            "top": 4,
            "textStyle": {
                "fontSize": 13,
                "width": TITLE_WIDTH_PX,
                "overflow": "truncate",
            },
            "subtextStyle": {"fontSize": 11, "width": TITLE_WIDTH_PX},
        },
        "grid": {"top": top + TITLE_BAND_PX},
        "toolbox": {"show": False},
    }
    undo: dict[str, Any] = {
        "title": {"show": False, "text": "", "subtext": ""},
        "grid": {"top": top},
        "toolbox": {"show": True},
    }
    if legend is not None and isinstance(legend.get("top", 0), int):
        show["legend"] = {"top": int(legend.get("top", 0)) + TITLE_BAND_PX}
        undo["legend"] = {"top": int(legend.get("top", 0))}
    return show, undo


def png_from_data_url(data_url: str) -> bytes:
    """The PNG bytes of an ``data:image/png;base64,...`` URL."""
    if not data_url.startswith(PNG_PREFIX):
        raise ValueError("the chart did not return a PNG data URL.")
    return base64.b64decode(data_url[len(PNG_PREFIX) :], validate=True)


def chart(
    options: dict[str, Any],
    caption: str,
    filename: str,
    testid: str,
    height: str = "h-80",
    selection: str | None = None,
) -> ui.echart:
    """A chart with ``caption`` under it and a "Download PNG" button.

    ``filename`` is the downloaded file's name without extension; ``testid``
    names the chart (``<testid>``) and its button (``<testid>-png``) for tests.
    ``selection`` (default: the page's) and, when zoomed, the shown part of the
    axis are written under the PNG's title.
    """
    chosen = _page_selection() if selection is None else selection
    language = current_language()
    with ui.column().classes("w-full gap-1"):
        element = ui.echart({"animation": False, **with_zoom(options)})
        element.classes(f"w-full {height}").props(f'data-testid="{testid}"')
        with ui.row().classes("w-full items-center justify-between"):
            ui.label(caption).classes("text-caption")

            async def download() -> None:
                shown = await element.run_chart_method("getOption", timeout=5)
                zoom = zoom_text(shown, language) if isinstance(shown, dict) else ""
                selection = " · ".join(p for p in (chosen, zoom) if p)
                show, undo = title_band(element.options, caption, selection)
                height_px = await element.run_chart_method("getHeight", timeout=5)
                await element.run_chart_method("setOption", show, timeout=5)
                await element.run_chart_method(
                    "resize", {"height": float(height_px) + TITLE_BAND_PX}, timeout=5
                )
                try:
                    data_url = await element.run_chart_method(
                        "getDataURL",
                        {"type": "png", "pixelRatio": 2, "backgroundColor": "#ffffff"},
                        timeout=5,
                    )
                finally:
                    await element.run_chart_method("setOption", undo, timeout=5)
                    await element.run_chart_method("resize", timeout=5)
                # what the PNG was titled with, for a test to read back
                element.props["data-png-title"] = caption
                element.props["data-png-selection"] = selection
                element.update()
                ui.download.content(
                    png_from_data_url(str(data_url)), f"{filename}.png", "image/png"
                )

            ui.button(t("common.download_png"), icon="image", on_click=download).props(
                f'flat dense data-testid="{testid}-png"'
            )
    return element
