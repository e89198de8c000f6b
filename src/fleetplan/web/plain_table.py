"""A ``ui.table`` whose rows go to the browser as plain JSON.

``ui.table(rows=...)`` copies every row into NiceGUI observables (an
``ObservableDict`` per row, an ``ObservableList`` per list cell, each with its
change handlers) so that a row changed in place is sent again. Køretøjer's
register (120+ rows of 18 fields with status chips) spent about a quarter of its
build on that copy (py-spy under 50 users, issue 18). Tables whose rows are only
ever replaced as a whole (search, sorting, paging and formatting run in the
browser) hand them over as a tuple: NiceGUI observes lists, dicts and sets only,
and serialises a tuple as the same JSON array. The row dicts are not copied, so
callers may pass rows shared with other pages, and must not change them after.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nicegui import ui

Row = dict[str, Any]


def plain_table(
    rows: Iterable[Row],
    columns: list[dict[str, Any]],
    row_key: str,
    pagination: int | None = None,
) -> ui.table:
    """``ui.table`` with ``rows`` sent as they are (not observed)."""
    return ui.table(
        rows=tuple(rows),  # type: ignore[arg-type]  # a tuple is left unobserved
        columns=columns,
        row_key=row_key,
        pagination=pagination,
    )


def replace_rows(table: ui.table, rows: Iterable[Row]) -> None:
    """Show ``rows`` instead (assigning the prop sends the table again)."""
    table.rows = tuple(rows)  # type: ignore[assignment]  # unobserved, as above
