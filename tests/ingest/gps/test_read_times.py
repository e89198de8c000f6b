"""A plain point log's times parsed during the CSV read (``GpsFile.times``)
give the frame the parse after the read gives: the head's format is only a
guess, so files whose first time, later times or layout differ from it must
come out exactly as ``parse_times`` makes them from the text."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest

from fleetplan.ingest.gps import GpsInputError, read_gps_file
from fleetplan.ingest.gps.csv_reader import read_gps_csv
from fleetplan.ingest.gps.readers import normalise_points

HEADER = "vehicle_id,time,lat,lon\n"
CASES = {
    "iso": ["2026-03-02T07:00:00", "2026-03-02T07:01:30", "2026-03-02T07:03:00"],
    "space": ["2026-03-02 07:00:00", "2026-03-02 07:01:30", "2026-03-02 07:03:00"],
    "notation_changes": ["2026-03-02T07:00:00", "02-03-2026 07:01:30", ""],
    "fraction_later": [
        "2026-03-02T07:00:00",
        "2026-03-02T07:01:30.25",
        "2026-03-02T07:04:00",
    ],
    "first_empty": ["", "2026-03-02T07:01:30", "2026-03-02T07:03:00"],
    "first_blank": [" ", "2026-03-02T07:01:30", "2026-03-02T07:03:00"],
    "padded": [" 2026-03-02T07:00:00", "2026-03-02T07:01:30 ", "2026-03-02T07:03"],
    "danish": ["02.03.2026 07:00", "02.03.2026 07:01", "02.03.2026 07:03"],
    "fraction_first": ["2026-03-02T07:00:00.5", "2026-03-02T07:01:30", ""],
    "zoned": ["2026-03-02T07:00:00Z", "2026-03-02T07:01:30+01:00", ""],
}


def _file(tmp_path: Path, times: list[str], name: str = "p.csv") -> Path:
    rows = "".join(f"7,{t},56.1,10.2\n" for t in times)
    path = tmp_path / name
    path.write_text(HEADER + rows)
    return path


def _parsed_after_the_read(path: Path) -> pl.DataFrame:
    found = read_gps_csv(path)
    return normalise_points(found.raw, found.name, notes=[])  # no times given


@pytest.mark.parametrize("case", sorted(CASES))
def test_times_read_with_the_file_are_the_parse_after_it(
    case: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, CASES[case])
    try:
        expected = _parsed_after_the_read(path)
    except GpsInputError as exc:
        with pytest.raises(GpsInputError) as info:
            read_gps_file(path)
        assert (info.value.code, info.value.params) == (exc.code, exc.params)
        return
    assert read_gps_file(path).frame.equals(expected)


def test_a_plain_iso_file_is_parsed_during_the_read(tmp_path: Path) -> None:
    """The fast path is taken where it pays (a plain file with whole-second
    ISO times) and not for gzip, fractions or zones."""
    assert read_gps_csv(_file(tmp_path, CASES["iso"])).times is not None
    assert read_gps_csv(_file(tmp_path, CASES["space"])).times is not None
    assert read_gps_csv(_file(tmp_path, CASES["fraction_first"])).times is None
    assert read_gps_csv(_file(tmp_path, CASES["zoned"])).times is None
    packed = tmp_path / "p.csv.gz"
    packed.write_bytes(gzip.compress(_file(tmp_path, CASES["iso"]).read_bytes()))
    assert read_gps_csv(packed).times is None
    assert read_gps_file(packed).frame.equals(
        read_gps_file(_file(tmp_path, CASES["iso"])).frame
    )


def test_a_bad_time_still_names_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, ["2026-03-02T07:00:00", "2026-03-02T25:00:00", "soon"])
    with pytest.raises(GpsInputError) as info:
        read_gps_file(path)
    assert (info.value.code, info.value.params["lines"]) == ("bad_times", "3, 4")
