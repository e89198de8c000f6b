"""The Analyse page's pure helpers: filters from and to the query string, chart
options and finding details."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

import pytest

from fleetplan.web.analysis_charts import (
    grouped_bars_options,
    heatmap_options,
    hourly_shares_options,
)
from fleetplan.web.analysis_filters import (
    FilterState,
    changed,
    day_text,
    page_url,
    parse_filters,
    read_day,
    to_query,
)
from fleetplan.web.analysis_quality import finding_detail
from fleetplan.web.pages.analysis import hour_ranges


def _parse(query: str) -> FilterState:
    return parse_filters(parse_qsl(query, keep_blank_values=True))


def test_parse_filters_reads_dates_and_repeated_lists() -> None:
    state = _parse(
        "start=2026-05-01&end=2026-05-31&location=1&location=3"
        "&department=Vej+og+Park&administration=Teknik+og+Milj%C3%B8"
    )
    assert state == FilterState(
        start=date(2026, 5, 1),
        end=date(2026, 5, 31),
        location=("1", "3"),
        department=("Vej og Park",),
        administration=("Teknik og Miljø",),
    )


def test_parse_filters_drops_what_it_cannot_read() -> None:
    """A bad date, an empty value, an unknown key and a repeated value vanish."""
    state = _parse("start=31-05-2026&end=&location=&location=2&location=2&tab=x")
    assert state == FilterState(location=("2",))
    assert _parse("").is_empty


def test_parse_filters_drops_an_end_before_the_start() -> None:
    state = _parse("start=2026-06-10&end=2026-06-01")
    assert (state.start, state.end) == (date(2026, 6, 10), None)
    same_day = _parse("start=2026-06-10&end=2026-06-10")
    assert same_day.end == date(2026, 6, 10)


def test_query_round_trip_and_page_url() -> None:
    state = FilterState(
        start=date(2026, 9, 1), location=("1", "5"), department=("Dagtilbud",)
    )
    query = to_query(state)
    assert query == "start=2026-09-01&location=1&location=5&department=Dagtilbud"
    assert _parse(query) == state
    assert page_url(state) == f"/analysis?{query}"
    assert page_url(FilterState()) == "/analysis"
    spaced = FilterState(department=("Vej og Park",))
    assert page_url(spaced) == "/analysis?department=Vej+og+Park"


def test_changed_sets_one_filter() -> None:
    state = FilterState(start=date(2026, 9, 1), location=("1",))
    assert changed(state, "location", ["2", "3"]).location == ("2", "3")
    assert changed(state, "location", None).location == ()
    assert changed(state, "end", "2026-09-30").end == date(2026, 9, 30)
    assert changed(state, "start", "").start is None
    assert changed(state, "start", "").location == ("1",)
    with pytest.raises(ValueError, match="unknown filter"):
        changed(state, "colour", "red")


def test_heatmap_options_put_hours_on_x_and_weekdays_on_y() -> None:
    matrix = [[0.0] * 24 for _ in range(7)]
    matrix[0][9] = 2.54
    matrix[6][23] = 1.0
    options = heatmap_options(
        matrix, ["Man", "Tir", "Ons", "Tor", "Fre", "Lør", "Søn"], "n"
    )
    data = options["series"][0]["data"]
    assert len(data) == 7 * 24
    assert data[9] == [9, 0, 2.5]  # Monday 09, one decimal
    assert data[-1] == [23, 6, 1.0]
    assert options["xAxis"]["data"][0] == "00"
    assert options["yAxis"]["data"][0] == "Man"
    assert options["visualMap"]["max"] == 2.5
    empty = heatmap_options([[0.0] * 24] * 7, ["d"] * 7, "n")
    assert empty["visualMap"]["max"] == 1.0  # a colour scale even without data


def test_shares_and_bars_are_shown_in_percent() -> None:
    line = hourly_shares_options([("a", [0.125] * 24)])
    assert line["series"][0]["data"][0] == 12.5
    assert line["yAxis"]["axisLabel"]["formatter"] == "{value} %"
    bars = grouped_bars_options(["L1", "L2"], [("s", [0.5, 0.0314])], percent=True)
    assert bars["series"][0]["data"] == [50.0, 3.1]
    counts = grouped_bars_options(["L1"], [("n", [7])])
    assert counts["series"][0]["data"] == [7.0]
    assert counts["yAxis"]["axisLabel"]["formatter"] == "{value}"


def test_finding_detail_in_words() -> None:
    """Outside a page the language is Danish."""
    assert finding_detail("inactive", 38.29, "da") == "38 dage uden ture"
    assert finding_detail("location_changed", 0.625, "da") == (
        "62,5 % af turene starter et andet sted"
    )
    assert finding_detail("inactive", None, "da") == "Ingen ture i den valgte periode"
    assert finding_detail("overlapping_roundtrips", None, "da") == ""
    assert finding_detail("missing_metadata", None, "da") == ""


def test_hour_ranges_join_neighbouring_hours() -> None:
    """08-09, 09-10 and 10-11 are one range 08-11; 14-15 stands apart; the last
    hour of the day ends at 24."""
    assert hour_ranges([9, 8, 10, 14]) == "08-11, 14-15"
    assert hour_ranges([23]) == "23-24"
    assert hour_ranges([]) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-01", date(2026, 9, 1)),
        ("01-09-2026", date(2026, 9, 1)),
        (" 1.9.2026 ", date(2026, 9, 1)),
        ("1/9/2026", date(2026, 9, 1)),
        ("31-02-2026", None),  # no such day
        ("09/2026", None),
        ("", None),
    ],
)
def test_read_day_takes_iso_or_day_first(text: str, expected: date | None) -> None:
    assert read_day(text) == expected


def test_day_text_writes_days_as_the_language_does() -> None:
    assert day_text(date(2026, 9, 1), "da") == "01.09.2026"
    assert day_text(date(2026, 9, 1), "en") == "01/09/2026"


def test_tooltips_write_numbers_in_the_page_language() -> None:
    """ECharts would write 42.5 on a Danish page; the options carry a JavaScript
    formatter using the page's locale (NiceGUI runs ``:``-keys as JavaScript)."""
    heat = heatmap_options([[1.25] * 24] * 7, ["Ma"] * 7, "ude", language="da")
    assert "toLocaleString('da-DK'" in heat["tooltip"][":formatter"]
    assert '"09-10"' in heat["tooltip"][":formatter"]
    line = hourly_shares_options([("a", [0.1] * 24)], language="en")
    assert line["tooltip"][":valueFormatter"] == (
        "v => (typeof v === 'number' ? v.toLocaleString('en-GB', "
        '{maximumFractionDigits: 1}) : v) + " %"'
    )
    bars = grouped_bars_options(["L1"], [("n", [7])], language="da")
    assert bars["tooltip"][":valueFormatter"].endswith('+ ""')
