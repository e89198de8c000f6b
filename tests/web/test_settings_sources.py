"""The "Kilder for indstillinger" table's rows: the user's and meta.json's values
first, numbers in the page's language, each origin named (Danish outside a page)."""

from __future__ import annotations

from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import resolve_settings
from fleetplan.web.optimisation_view import form_to_params
from fleetplan.web.settings_sources import source_rows

META = {
    "settings": {
        "energy_prices_dkk": {"petrol_per_l": 12.33},
        "min_switch_minutes": 4,
    }
}


def test_rows_put_meta_first_and_show_unused_meta_values() -> None:
    """Not named: petrol 12,33 from «Datasæt (meta.json)»; named dk-2025: 13,6 from
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
        "13.6",
        "Faktorsæt dk-2025",
        "12.33",
    )


def test_the_optimisation_form_sends_only_service_levels_the_user_changed() -> None:
    """Prefilled from meta (slack 4, 19 km) and left so: not sent, so the job takes
    the dataset's (or, with ignore_meta, Fleetplan's) value and does not call it
    the user's; changed to 2: sent."""
    defaults = {
        "start": "2026-05-18",
        "end": "2026-05-31",
        "current": "reduce",
        "weight": 5.0,
        "factors": "",
        "max_unallocated": 4,
        "max_undriven_km": 19.0,
        "ignore_meta": True,
    }
    left = form_to_params(defaults, defaults)
    assert "max_unallocated" not in left and "max_undriven_km" not in left
    assert "factors" not in left and left["ignore_meta"] is True
    changed = form_to_params({**defaults, "max_unallocated": 2}, defaults)
    assert changed["max_unallocated"] == 2
