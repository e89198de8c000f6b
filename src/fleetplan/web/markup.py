"""Parts of a page that only show text and links, sent as one element with a
Vue template instead of one NiceGUI element per tag.

Each NiceGUI element costs its page build about a tenth of a millisecond of
CPU (three observable collections, bindable properties, the slot stack) and the
navigation drawer alone took 41 of them on every page (py-spy under 50 users,
issue 18). A template is a string: built once per language and variant
(``functools.lru_cache`` in the callers) and rendered by Vue in the browser.

Only the app's own texts go in: each is HTML-escaped and wrapped in ``v-pre``,
so neither markup nor ``{{ }}`` in a text can become code. User data (names,
addresses) stays in ordinary elements.
"""

from __future__ import annotations

from nicegui import ui

from fleetplan.web.escape import html_text


def text_div(value: str, classes: str = "") -> str:
    """A ``div`` showing ``value`` as text (as ``ui.label`` renders)."""
    css = f' class="{html_text(classes)}"' if classes else ""
    return f"<div{css} v-pre>{html_text(value)}</div>"


def markup_block(template: str, classes: str = "", testid: str = "") -> ui.element:
    """One ``div`` element whose content is ``template``."""
    block = ui.element("div")
    if classes:
        block.classes(classes)
    if testid:
        block.props(f'data-testid="{testid}"')
    block.add_slot("default", template)
    return block
