"""The transition plan's engine line, in Danish and English."""

from __future__ import annotations

from fleetplan.web.plan_engine import engine_text

ENGINE = {
    "engine": "milp",
    "status": "optimal",
    "total_dkk": 20_166_779.52,
    "lower_bound_dkk": 20_165_488.91,
    "gap": 6.4e-05,
    "runtime_s": 0.354,
    "rule_total_dkk": 23_204_773.23,
}


def test_optimal_line_gives_total_gap_rule_and_saving() -> None:
    """20.17 m vs the rule's 23.20 m: 1 − 20.167/23.205 = 13.1 %; gap 0.0064 %
    shown with two decimals as 0.01 %."""
    da = engine_text(ENGINE, "da")
    assert "20,2 mio. kr." in da and "23,2 mio. kr." in da
    assert "13,1 %" in da and "0,01 %" in da and "bevist optimal" in da
    en = engine_text(ENGINE, "en")
    assert "DKK 20.2 m" in en and "DKK 23.2 m" in en and "saves 13.1 %" in en


def test_limit_and_fallback_lines() -> None:
    assert "tidsgrænsen" in engine_text({**ENGINE, "status": "limit"}, "da")
    fallback = engine_text({**ENGINE, "engine": "rule", "total_dkk": None}, "en")
    assert "found no plan" in fallback
