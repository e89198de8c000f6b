"""Solver status in plain words (issue 16): no "Status: limit, afstand til nedre
grænse 0,45 %" but "stoppet ved tidsgrænsen – højst 0,45 % fra det bedste"."""

from __future__ import annotations

import pytest

from fleetplan.web.solver_status import status_text
from fleetplan.web.translate import translate


@pytest.mark.parametrize(
    ("status", "gap", "da", "en"),
    [
        ("optimal", 0.0, "bevist optimal", "proven optimal"),
        ("optimal", 0.003, "bevist højst 0,30 % fra det bedste", None),
        (
            "limit",
            0.0045,
            "stoppet ved tidsgrænsen – højst 0,45 % fra det bedste",
            "stopped at the time limit – at most 0.45 % from the best",
        ),
        ("limit", None, None, None),
        ("infeasible", None, "ingen gyldig fordeling findes", None),
    ],
)
def test_status_in_plain_words(
    status: str, gap: float | None, da: str | None, en: str | None
) -> None:
    danish = status_text(status, gap, "da")
    assert "limit" not in danish and "nedre grænse" not in danish
    if da is not None:
        assert danish == da
    if en is not None:
        assert status_text(status, gap, "en") == en


def test_the_simulation_summary_reads_as_a_sentence() -> None:
    line = translate(
        "da",
        "sim.summary",
        trips="20.485",
        start="01.05.2026",
        end="31.10.2026",
        status=status_text("limit", 0.0045, "da"),
        seconds="12,3",
    )
    assert line == (
        "20.485 ture fra 01.05.2026 til og med 31.10.2026: fordelingen er stoppet"
        " ved tidsgrænsen – højst 0,45 % fra det bedste (beregnet på 12,3 s)."
    )


def test_an_unknown_status_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown solver status"):
        status_text("feasible", 0.1, "da")
