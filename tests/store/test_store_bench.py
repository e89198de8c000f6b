"""Smoke test: the store benchmark runs once at its smallest size."""

from __future__ import annotations

from benchmarks.store_bench import run

from tests.conftest import reference_path


def test_store_benchmark_runs_once() -> None:
    reference_path("synth_20v_30d")
    lines = run("synth_20v_30d", repeat=1)
    assert [line["case"] for line in lines] == [
        "store.import",
        "store.load",
        "store.export",
    ]
    assert lines[0]["roundtrips"] == 952 and lines[0]["segments"] == 2228
    assert all(line["median_s"] > 0 and line["ratio"] > 0 for line in lines)
