"""The "Kilder for indstillinger" table's rows: the user's and meta.json's values
first, numbers in the page's language, each origin named (Danish outside a page)."""

from __future__ import annotations

from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import resolve_settings
from fleetplan.web.settings_sources import source_rows

META = {
    "settings": {
        "energy_prices_dkk": {"petrol_per_l": 12.33},
        "min_switch_minutes": 4,
    }
}


def test_rows_put_meta_first_and_show_unused_meta_values() -> None:
    """Not named: petrol 12,33 from «Datasæt (meta.json)»; named dk-2025: 14,49 from
    «Faktorsæt dk-2025» with meta's 12,33 beside it."""
    dk = get_builtin_factor_set("dk-2025")
    auto = resolve_settings(META, dk).provenance.to_dict()
    rows = source_rows(auto, "da")
    assert [r["key"] for r in rows[:2]] == [
        "price.petrol_dkk_per_l",
        "turnaround_min",
    ]
    assert (rows[0]["value"], rows[0]["origin"], rows[0]["unused"]) == (
        "12,33",
        "Datasæt (meta.json)",
        "",
    )
    named = resolve_settings(META, dk, factors_explicit=True).provenance.to_dict()
    petrol = next(r for r in source_rows(named, "en") if r["key"].startswith("price.p"))
    assert (petrol["value"], petrol["origin"], petrol["unused"]) == (
        "14.49",
        "Faktorsæt dk-2025",
        "12.33",
    )
