"""Charts: an ECharts element with a one-line caption and a PNG download button.

ECharts ships inside NiceGUI, so charts render with no internet. The PNG is
rendered by the browser's own chart (``getDataURL``) and sent back as a download.
"""

from __future__ import annotations

import base64
from typing import Any

from nicegui import ui

from fleetplan.web.translate import t

PNG_PREFIX = "data:image/png;base64,"


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
    with ui.column().classes("w-full gap-1"):
        element = ui.echart({"animation": False, **options}).classes(f"w-full {height}")
        element.props(f'data-testid="{testid}"')
        with ui.row().classes("w-full items-center justify-between"):
            ui.label(caption).classes("text-caption")

            async def download() -> None:
                data_url = await element.run_chart_method(
                    "getDataURL",
                    {"type": "png", "pixelRatio": 2, "backgroundColor": "#ffffff"},
                    timeout=5,
                )
                ui.download.content(
                    png_from_data_url(str(data_url)), f"{filename}.png", "image/png"
                )

            ui.button(t("common.download_png"), icon="image", on_click=download).props(
                f'flat dense data-testid="{testid}-png"'
            )
    return element
