"""The CSV sniffer's cell splitting: the fast path for lines without quotes
gives the character loop's cells, quoted separators stay inside a cell."""

from __future__ import annotations

import pytest

from fleetplan.ingest.csv_sniff import _split, sniff_layout


def _by_hand(line: str, separator: str) -> list[str]:
    cells, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            cells.append(current)
            current = ""
            continue
        current += char
    return [*cells, current]


@pytest.mark.parametrize(
    "line",
    [
        "",
        ";",
        "a;b;;c;",
        ";a",
        "vehicle_id,time,lat,lon",
        "BUS 1;2024-01-01 08:00:00;55,7;12,4",
        '"a;b";c',
        '"x";"y;z";1,5',
        'a;"b',
        '"";;""',
        "tab\tsep\t\tend",
    ],
)
@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_split_equals_the_character_loop(line: str, separator: str) -> None:
    assert _split(line, separator) == _by_hand(line, separator)


def test_quoted_separator_does_not_count_as_a_column() -> None:
    layout = sniff_layout('id;"name; long";km\n1;"a; b";2,5\n2;"c; d";3,5\n')
    assert layout.separator == ";"
    assert layout.decimal_comma
    assert layout.header == ("id", "name; long", "km")
