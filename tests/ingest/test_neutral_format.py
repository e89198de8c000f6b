from __future__ import annotations

from datetime import datetime

from fleetplan.domain import FactorKey, Fuel, VehicleType
from fleetplan.ingest import (
    factor_overrides_from_meta,
    read_dataset,
    run_settings_from_meta,
)
from tests.conftest import reference_path


def test_reads_synth_50v_60d_counts() -> None:
    """Counts match the dataset's own meta.json."""
    data = read_dataset(reference_path("synth_50v_60d"))
    assert len(data.current_vehicles) == 50
    assert len(data.candidate_vehicles) == 4
    assert len(data.roundtrips) == data.meta["counts"]["roundtrips"] == 4942
    assert sum(len(r.segments) for r in data.roundtrips) == 11302
    v1 = data.vehicle("1")
    assert v1.vehicle_type is VehicleType.EV and v1.fuel is Fuel.ELECTRIC
    assert v1.wltp_wh_per_km == 156


def test_data_span_of_os2_fixture() -> None:
    """The README: span 2022-03-01T07:33:59 .. 2022-03-31T22:43:10 = 30.6314 d."""
    data = read_dataset(reference_path("os2_fixture_298"))
    span = data.data_span()
    assert span is not None
    assert span.start == datetime(2022, 3, 1, 7, 33, 59)
    assert abs(span.days - 30.6314) < 1e-4


def test_meta_settings_both_spellings() -> None:
    synth = read_dataset(reference_path("synth_50v_60d")).meta
    os2 = read_dataset(reference_path("os2_fixture_298")).meta
    for meta in (synth, os2):
        f = factor_overrides_from_meta(meta)
        assert f[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH] == 2.13
        assert f[FactorKey.CO2E_WTW_PETROL_KG_PER_L] == 2.52
        assert f[FactorKey.CO2_PRICE_DKK_PER_T] == 1500
        assert f[FactorKey.ALLOWANCE_THRESHOLD_KM] == 19999
        s = run_settings_from_meta(meta)
        assert s.turnaround_min == 4
        assert s.slack_unallocated_trips == 4
        assert s.max_undriven_km == 19
        assert s.private_car_fuel == "petrol"
    assert len(run_settings_from_meta(synth).shifts) == 3
    assert run_settings_from_meta(synth, use_shifts=False).shifts == ()
    assert run_settings_from_meta(synth).shifts[2].crosses_midnight
