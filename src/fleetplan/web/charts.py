"""Charts: an ECharts element with a one-line caption and a PNG download button.

ECharts ships inside NiceGUI, so charts render with no internet. The PNG is
rendered by the browser's own chart (``getDataURL``) and sent back as a download,
with a band on top holding the caption (its period) and the page's selection, so
a chart pasted into a report still says what it shows. Every chart zooms: mouse
wheel or pinch inside it, and the toolbox's zoom and reset buttons.
"""

from __future__ import annotations

import base64
import weakref
from typing import Any

from nicegui import ui

from fleetplan.web.translate import t

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
) -> ui.echart:
    """A chart with ``caption`` under it and a "Download PNG" button.

    ``filename`` is the downloaded file's name without extension; ``testid``
    names the chart (``<testid>``) and its button (``<testid>-png``) for tests.
    """
    selection = _page_selection()
    with ui.column().classes("w-full gap-1"):
        element = ui.echart({"animation": False, **with_zoom(options)})
        element.classes(f"w-full {height}").props(f'data-testid="{testid}"')
        with ui.row().classes("w-full items-center justify-between"):
            ui.label(caption).classes("text-caption")

            async def download() -> None:
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
