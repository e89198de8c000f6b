"""Where a run's settings come from (ingest.provenance): oracles on the reference
dataset synth_20v_30d, whose meta.json holds OS2's 2022 prices (petrol 12.33 kr/l,
electricity 2.13 kr/kWh), WTW factors, a 4 min turnaround and a 19,999 km
allowance threshold, against dk-2025's 13.60 kr/l, 2.31 kr/kWh, 20,000 km."""

from __future__ import annotations

import pytest

from fleetplan.domain import FactorKey, RunSettings
from fleetplan.economics import get_builtin_factor_set
from fleetplan.ingest import Origin, read_dataset, resolve_settings
from fleetplan.simulate import make_input
from tests.conftest import reference_path

DK = get_builtin_factor_set("dk-2025")
PETROL = FactorKey.PRICE_PETROL_DKK_PER_L


@pytest.fixture(scope="module")
def meta() -> dict:
    return dict(read_dataset(reference_path("synth_20v_30d")).meta)


def test_without_a_named_set_meta_json_replaces_the_default_sets_values(
    meta: dict,
) -> None:
    """No --factors: meta's 12.33 kr/l replaces dk-2025's 13.60, and says so; the
    taxi tariff, which meta does not hold, stays dk-2025's."""
    r = resolve_settings(meta, DK)
    assert r.factors[PETROL] == 12.33
    petrol = r.provenance.source(PETROL)
    assert (petrol.origin, petrol.detail) == (
        Origin.META,
        "energy_prices_dkk.petrol_per_l",
    )
    taxi = r.provenance.source("taxi.day.dkk_per_km")
    assert (taxi.origin, taxi.detail, taxi.value) == (
        Origin.FACTOR_SET,
        "dk-2025",
        13.57,
    )
    assert r.factors[FactorKey.ALLOWANCE_THRESHOLD_KM] == 19_999


def test_a_named_factor_set_wins_over_meta_json(meta: dict) -> None:
    """--factors dk-2025: every value the set defines is dk-2025's (13.60 kr/l,
    2.31 kr/kWh, 20,000 km), meta's unused value is reported beside it; run
    settings the set does not hold still come from meta (turnaround 4 min)."""
    r = resolve_settings(meta, DK, factors_explicit=True)
    assert r.factors[PETROL] == 13.60
    assert r.factors[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH] == 2.31
    assert r.factors[FactorKey.ALLOWANCE_THRESHOLD_KM] == 20_000
    petrol = r.provenance.source(PETROL)
    assert (petrol.origin, petrol.detail, petrol.unused_meta_value) == (
        Origin.FACTOR_SET,
        "dk-2025",
        12.33,
    )
    # the same value in both (HVO 19.84 kr/l) is not reported as unused
    assert r.provenance.source(FactorKey.PRICE_HVO_DKK_PER_L).unused_meta_value is None
    turnaround = r.provenance.source("turnaround_min")
    assert (turnaround.value, turnaround.origin, turnaround.detail) == (
        4.0,
        Origin.META,
        "min_switch_minutes",
    )
    assert r.provenance.counts()["meta"] == 10  # the 10 run settings of meta


def test_ignore_meta_gives_the_factor_sets_values_and_fleetplans_defaults(
    meta: dict,
) -> None:
    """--ignore-meta: 13.60 kr/l from dk-2025, turnaround 5 min (RunSettings'
    default), no shifts; nothing counts as meta."""
    r = resolve_settings(meta, DK, ignore_meta=True)
    assert r.factors[PETROL] == 13.60
    assert r.settings.turnaround_min == RunSettings().turnaround_min == 5.0
    assert r.settings.shifts == ()
    assert r.provenance.counts()["meta"] == 0
    turnaround = r.provenance.source("turnaround_min")
    assert (turnaround.origin, turnaround.unused_meta_value) == (Origin.DEFAULT, 4.0)
    assert r.provenance.to_dict()["ignore_meta"] is True


def test_os2_spelling_and_user_overrides() -> None:
    """os2_fixture_298's Danish keys: pris_el 2.13 from meta key ``pris_el``, sub_time
    4 as the turnaround; --no-shifts and a user's slack show as the user's."""
    meta = dict(read_dataset(reference_path("os2_fixture_298")).meta)
    r = resolve_settings(meta, DK, use_shifts=False)
    el = r.provenance.source(FactorKey.PRICE_ELECTRIC_DKK_PER_KWH)
    assert (el.value, el.origin, el.detail) == (2.13, Origin.META, "pris_el")
    assert r.provenance.source("turnaround_min").detail == "sub_time"
    assert r.provenance.source("shifts").origin is Origin.USER
    mine = r.provenance.with_user("slack_unallocated_trips", 2.0, "--max-unallocated")
    slack = mine.source("slack_unallocated_trips")
    assert (slack.value, slack.origin, slack.detail) == (
        2.0,
        Origin.USER,
        "--max-unallocated",
    )


def test_make_input_carries_the_provenance_and_the_chosen_values() -> None:
    """The run's factor set is the resolved one: explicit dk-2025 prices petrol at
    13.60, the default at meta's 12.33."""
    data = read_dataset(reference_path("synth_20v_30d"))
    default = make_input(data, None, DK)
    named = make_input(data, None, DK, factors_explicit=True)
    assert default.factors[PETROL] == 12.33
    assert named.factors[PETROL] == 13.60
    assert named.provenance is not None
    assert named.provenance.factors_explicit
    assert named.provenance.source(PETROL).origin is Origin.FACTOR_SET
