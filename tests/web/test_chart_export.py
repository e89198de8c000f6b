"""Charts zoom, and an exported PNG carries its caption and the selection."""

from __future__ import annotations

from fleetplan.web.analysis_filters import FilterState, selection_text
from fleetplan.web.charts import TITLE_BAND_PX, title_band, with_zoom


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
