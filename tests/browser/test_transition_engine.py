"""Plan og rapporter: the transition plan is the MILP's, and the line under it
says so (optimal within its proven gap, the rule's total, the saving) in Danish
and English."""

from __future__ import annotations

from tests.browser.conftest import Server, log_in, screenshot


def test_transition_plan_shows_the_milp_engine_line(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/reports")
    line = page.get_by_test_id("plan-engine")
    line.wait_for(timeout=90_000)
    text = line.inner_text()
    assert "bevist optimal" in text and "mio. kr." in text
    assert "udskift ved leasingudløb" in text and "sparer" in text
    screenshot(page, "reports-da-transition-engine")
    page.goto("/lang/en?next=/reports")
    page.get_by_test_id("plan-engine").wait_for(timeout=90_000)
    english = page.get_by_test_id("plan-engine").inner_text()
    assert "proven optimal" in english and "the plan saves" in english
    page.goto("/lang/da?next=/reports")
