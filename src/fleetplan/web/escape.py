"""User text for the few places in the UI that take HTML instead of text.

NiceGUI's labels, tables (``{{ }}`` in slots), notifications and selects, and
ECharts' default tooltips, already show strings as text. Leaflet's tooltip
``content`` (and any future ``ui.html``, ``v-html`` or ECharts ``formatter``
returning HTML) is inserted as markup, so user text must go through
``html_text`` first: an imported name like ``<img onerror=...>`` then shows as
those characters instead of running in an admin's browser.
"""

from __future__ import annotations

import html


def html_text(value: object) -> str:
    """``value`` as HTML that displays exactly its characters (quotes too, so
    it is also safe inside an attribute)."""
    return html.escape(str(value), quote=True)
