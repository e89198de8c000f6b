"""Tables whose rows go to the browser unobserved, and template-only markup."""

from __future__ import annotations

from typing import Any

from nicegui import Client, json, ui
from nicegui.observables import ObservableCollection
from nicegui.page import page

from fleetplan.web.markup import markup_block, text_div
from fleetplan.web.plain_table import plain_table, replace_rows

COLUMNS = [{"name": "id", "label": "Id", "field": "id"}]


def _rows() -> list[dict[str, Any]]:
    return [
        {"id": "1", "name": "Bil <1>", "status": [{"label": "OK", "help": "kører"}]},
        {"id": "2", "name": "Bil 2", "status": []},
    ]


def test_rows_are_sent_as_ui_table_sends_them_but_not_observed() -> None:
    rows = _rows()
    with Client(page("/"), request=None):
        plain = plain_table(rows, COLUMNS, "id", pagination=25)
        observed = ui.table(rows=_rows(), columns=COLUMNS, row_key="id", pagination=25)
        sent = plain._to_dict()
        expected = observed._to_dict()
    assert not isinstance(plain.props["rows"], ObservableCollection)
    assert isinstance(observed.props["rows"], ObservableCollection)
    assert plain.props["rows"][0] is rows[0]  # not copied: shared rows stay shared
    assert json.dumps(sent["props"]) == json.dumps(expected["props"])


def test_replaced_rows_are_sent_again() -> None:
    rows = _rows()
    with Client(page("/"), request=None) as client:
        table = plain_table(rows, COLUMNS, "id")
        client.outbox.updates.clear()
        replace_rows(table, (r for r in rows if r["id"] == "2"))
        assert table.id in client.outbox.updates  # the browser gets the new rows
    assert [r["id"] for r in table.props["rows"]] == ["2"]


def test_markup_shows_texts_as_text() -> None:
    """Markup and Vue's ``{{ }}`` in a text stay characters (``v-pre``)."""
    shown = text_div("<b>{{ 1 + 1 }}</b> & co", "text-caption")
    assert shown == (
        '<div class="text-caption" v-pre>&lt;b&gt;{{ 1 + 1 }}&lt;/b&gt; &amp; co</div>'
    )
    with Client(page("/"), request=None):
        block = markup_block(shown, "gap-1", "legend")
        sent = block._to_dict()
    assert sent["slots"]["default"]["template"] == shown
    assert sent["props"]["data-testid"] == "legend"
