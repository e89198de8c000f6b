"""The truck ingest benchmark runs at its smallest size (so it cannot rot) and
finds every roundtrip of the schedule."""

from __future__ import annotations

from benchmarks.__main__ import run_case
from benchmarks.ingest_trucks import TRUCKS_CASE, main


def test_smallest_truck_case_runs_and_counts_right() -> None:
    line = run_case(TRUCKS_CASE, TRUCKS_CASE.sizes[0], repeat=1)
    assert line["roundtrips"] == line["roundtrips_expected"] > 0
    assert line["ratio_to_baseline"] > 0


def test_the_full_script_prints_its_cases(capsys) -> None:  # type: ignore[no-untyped-def]
    main(["--repeat", "1", "--vehicles", "2", "--days", "3"])
    cases = [
        line.split('"case": "')[1].split('"')[0]
        for line in capsys.readouterr().out.splitlines()
    ]
    assert cases == [
        "gps.trucks.bare_parse",
        "gps.trucks.ingest",
        "cli.help",
        "cli.ingest_header_only",
    ]


def test_one_thread_too_adds_its_case_and_restores_threads(capsys) -> None:  # type: ignore[no-untyped-def]
    from fleetplan.ingest.gps import block_pool

    threads = block_pool.THREADS
    main(["--repeat", "1", "--vehicles", "2", "--days", "3", "--one-thread-too"])
    lines = capsys.readouterr().out.splitlines()
    assert any('"case": "gps.trucks.ingest_one_thread"' in line for line in lines)
    assert threads == block_pool.THREADS
