"""The connectors section of Lokationer without a browser: its rows in Danish."""

from __future__ import annotations

from datetime import datetime

from fleetplan.store.connector_status import ConnectorStatus
from fleetplan.web.connector_panel import connector_rows
from fleetplan.web.translate import translate


def _status(**changes: object) -> ConnectorStatus:
    values: dict[str, object] = {
        "name": "sky",
        "type": "skyhost",
        "organisation": "",
        "enabled": True,
        "daily_at": "02:30",
        "timezone": "Europe/Copenhagen",
        "next_run_at": datetime(2026, 3, 11, 2, 30),
        "running": False,
        "last_attempt_at": datetime(2026, 3, 10, 2, 30),
        "last_success_at": datetime(2026, 3, 10, 2, 30),
        "last_error": None,
        "roundtrips_added": 41,
        "last_summary": {"vehicles_done": 2, "vehicles_listed": 3},
    }
    return ConnectorStatus(**(values | changes))  # type: ignore[arg-type]


def test_rows_show_schedule_result_and_counts() -> None:
    ok, running, failed, never, off = connector_rows(
        [
            _status(),
            _status(name="a", running=True),
            _status(name="b", last_error="connector b: GET /x returned HTTP 503"),
            _status(name="c", last_attempt_at=None, last_summary=None),
            _status(name="d", enabled=False),
        ]
    )
    assert ok["system"] == "Skyhost" and ok["daily_at"] == "02:30 (Europe/Copenhagen)"
    # Danish dates (web/numbers.format_moment)
    assert (ok["next_run"], ok["last_run"]) == ("11.03.2026 02:30", "10.03.2026 02:30")
    assert (ok["result"], ok["added"]) == (translate("da", "conn.result.ok"), 41)
    assert ok["vehicles"] == "2 af 3 køretøjer"
    assert running["result"] == "kører nu"
    assert failed["result"] == "fejlede" and "HTTP 503" in failed["error"]
    assert (
        never["result"] == "ikke kørt endnu" and never["vehicles"] == "0 af 0 køretøjer"
    )
    assert off["next_run"] == "slået fra"
