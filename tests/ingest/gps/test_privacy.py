"""No position other than a registered home reaches results, states or logs."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import pytest

from fleetplan.domain import Location, Roundtrip, Segment
from fleetplan.ingest.gps import TraceOptions, generate_trace, ingest_points

# Far from anything a km or count could look like: every position of the trace has
# latitude 64.8-65.2 and longitude 169.6-170.4, so its text starts "64.", "65.",
# "169." or "170.", while every roundtrip here is shorter than 60 km.
HOME_LAT, HOME_LON = 65.0, 170.0
FORBIDDEN = ("64.", "65.", "169.", "170.")


def _roundtrips() -> list[Roundtrip]:
    day = datetime(2026, 3, 2, 7)
    out: list[Roundtrip] = []
    for k in range(6):
        start = day + timedelta(days=k)
        segments = (
            Segment(start, start + timedelta(minutes=25), 14.0),
            Segment(start + timedelta(minutes=60), start + timedelta(minutes=90), 17.5),
        )
        out.append(
            Roundtrip(
                str(k), "v1", "home", start, segments[-1].end_time, 31.5, segments
            )
        )
    return out


def text_leaks(text: str) -> list[str]:
    return [f for f in FORBIDDEN if f in text]


def test_no_position_in_outputs_states_or_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    home = Location("home", lat=HOME_LAT, lon=HOME_LON)
    points = generate_trace(
        _roundtrips(),
        {"home": (HOME_LAT, HOME_LON)},
        seed=5,
        options=TraceOptions(tunnel_probability=0.5),
    )
    assert points["lat"].is_between(64.8, 65.2).all()
    assert points["lon"].is_between(169.6, 170.4).all()
    # the last roundtrip is cut in half so that a state with an open one is kept
    cut = datetime(2026, 3, 7, 7, 40)
    first_half = points.filter(points["time"] < cut)
    with caplog.at_level(logging.DEBUG):
        first = ingest_points(first_half, [home], {"v1": "home"})
        second = ingest_points(points, [home], {"v1": "home"}, first.states)
    assert first.states["v1"]["open"] is not None
    assert len(first.roundtrips) + len(second.roundtrips) == 6
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    assert caplog.records  # ingestion did log something
    assert text_leaks(log_text) == []
    for result in (first, second):
        assert text_leaks(json.dumps(result.states)) == []
        assert text_leaks(repr(result.roundtrips)) == []
        assert text_leaks(repr(result.tallies)) == []
        assert text_leaks(repr(result.clean)) == []
