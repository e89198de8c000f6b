"""Charts zoom, and an exported PNG carries its caption and the selection."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from fleetplan.web.analysis_filters import FilterState, selection_text
from fleetplan.web.charts import (
    TITLE_BAND_PX,
    result_selection,
    run_selection,
    title_band,
    with_zoom,
    zoom_text,
)


def test_every_chart_with_axes_zooms_and_keeps_its_own_zoom() -> None:
    plain = with_zoom({"xAxis": {"type": "category"}, "series": []})
    assert plain["dataZoom"] == [{"type": "inside", "xAxisIndex": 0}]
    assert set(plain["toolbox"]["feature"]) == {"dataZoom", "restore"}
    own = with_zoom({"xAxis": {}, "dataZoom": [{"type": "slider"}]})
    assert own["dataZoom"] == [{"type": "slider"}]
    assert "dataZoom" not in with_zoom({"series": [{"type": "pie"}]})


def test_the_title_band_moves_the_plot_and_legend_down_and_back() -> None:
    options = {"grid": {"top": 35}, "legend": {"top": 0}, "xAxis": {}}
    show, undo = title_band(
        options, "Km pr. dag, 01.05.2026 – 31.10.2026", "Udvalg: alle"
    )
    assert show["title"]["text"].endswith("31.10.2026")
    assert show["title"]["subtext"] == "Udvalg: alle"
    assert show["grid"]["top"] == 35 + TITLE_BAND_PX
    assert show["legend"]["top"] == TITLE_BAND_PX
    assert undo["grid"]["top"] == 35 and undo["legend"]["top"] == 0
    assert undo["title"]["show"] is False


def test_selection_in_words() -> None:
    state = FilterState(location=("1",), category=("van",))
    text = selection_text(state, {"1": "Ballerup Rådhus"}, "da")
    assert text == "Udvalg: Lokationer: Ballerup Rådhus · Kategorier: Varebil"
    assert selection_text(FilterState(), {}, "en") == (
        "Selection: all vehicles and trips"
    )


# ------------------------------------------------ every chart page, and zoom

WEB = Path(__file__).resolve().parents[2] / "src" / "fleetplan" / "web"


def test_every_module_with_charts_says_what_they_show() -> None:
    """A page that draws charts sets its selection (or gives each chart one),
    so no exported PNG has an empty subtitle (issue 16: only Analyse did). A
    module of sections drawn for one page (``analysis_sections``) is covered
    when every module importing it sets the selection."""
    sources = {p: p.read_text(encoding="utf-8") for p in sorted(WEB.rglob("*.py"))}

    def sets_selection(source: str) -> bool:
        return "set_chart_selection(" in source or "selection=" in source

    silent = []
    for path, source in sources.items():
        if path.name == "charts.py" or not re.search(r"(?<![\w.])chart\(", source):
            continue
        if sets_selection(source):
            continue
        importers = [
            s for s in sources.values() if f"fleetplan.web.{path.stem} import" in s
        ]
        if not importers or not all(sets_selection(s) for s in importers):
            silent.append(path.name)
    assert silent == []


def test_the_zoomed_part_of_a_category_axis_is_named() -> None:
    """getOption() after a zoom: the axis' data with startValue/endValue."""
    option = {
        "xAxis": [{"data": ["01.05.2026", "02.05.2026", "03.05.2026", "04.05.2026"]}],
        "dataZoom": [{"start": 25, "end": 75, "startValue": 1, "endValue": 2}],
    }
    assert zoom_text(option, "da") == "Zoom: 02.05.2026 – 03.05.2026"
    whole = {"xAxis": [{"data": ["a", "b"]}], "dataZoom": [{"start": 0, "end": 100}]}
    assert zoom_text(whole, "da") == ""
    values = {
        "xAxis": [{}],
        "dataZoom": [{"start": 10, "end": 50, "startValue": 1200.5, "endValue": 3000}],
    }
    assert zoom_text(values, "en") == "Zoom: 1,200.5 – 3,000"
    assert zoom_text({"dataZoom": [{"start": 10, "end": 60}]}, "da") == (
        "Zoom: 10 % – 60 %"
    )
    assert zoom_text({"series": []}, "da") == ""


def test_a_run_says_its_period_and_locations() -> None:
    start, end = datetime(2026, 5, 1), datetime(2026, 11, 1)
    assert run_selection("da", period=(start, end), locations=["Ballerup Rådhus"]) == (
        "Udvalg: Periode: 01.05.2026 – 31.10.2026 · Lokationer: Ballerup Rådhus"
    )
    assert run_selection("en", period=(start, end), locations=[]) == (
        "Selection: Period: 01/05/2026 – 31/10/2026 · Locations: all locations"
    )
    result = {"period": {"start": "2026-05-01T00:00:00", "end": "2026-11-01T00:00:00"}}
    assert result_selection(result, "da") == (
        "Udvalg: Periode: 01.05.2026 – 31.10.2026 · Lokationer: alle lokationer"
    )
