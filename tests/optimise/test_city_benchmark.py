"""The city-scale benchmark's run on one day (the full run is 365 days in
``benchmarks/optimise_bench.py --city``): it goes end to end, verifies its fleet
and reports a gap."""

from __future__ import annotations

from benchmarks.optimise_bench import CITY_LIMIT_S, run_city


def test_city_run_on_one_day_is_verified_and_reports_a_gap() -> None:
    out = run_city(seed=2000, days=1)
    assert out["case"] == "optimise.city_2000v_1d_1loc"
    assert out["trips"] > 1000 and out["classes"] >= 5
    assert out["verified"] is True
    assert out["status"] in ("optimal", "limit")
    assert 0.0 <= out["gap"] < 1.0
    assert sum(out["counts"].values()) > 0
    assert out["unallocated"] <= 4  # the meta settings' service level
    assert out["total_s"] < CITY_LIMIT_S
    assert [stage for stage, _ in out["stages_s"]][:2] == [
        "optimise.building",
        "optimise.solving",
    ]
