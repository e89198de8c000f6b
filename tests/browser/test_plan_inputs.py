"""The MILP's inputs on Plan og rapporter in the browser: a refused charger cap
is named by the form's rules (the API's ``PlanInputs``), and an accepted cap,
LCA and early return give a MILP plan whose charge points keep the cap."""

from __future__ import annotations

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in, screenshot


def _column(page, header: str) -> list[int]:
    table = page.get_by_test_id("table-chargers")
    heads = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    at = heads.index(header)
    cells = [
        row.locator("td").nth(at).inner_text()
        for row in table.locator("tbody tr").all()
    ]
    return [int(c.replace(".", "").strip() or 0) for c in cells]


def test_plan_inputs_checked_and_kept(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/reports")
    page.get_by_test_id("table-fleet").wait_for(timeout=90_000)
    cap = page.get_by_test_id("in-charger-cap")
    cap.fill("-1")
    page.get_by_test_id("run-transition").click()
    label = translate("da", "rep.in.charger_cap")
    page.get_by_text(label, exact=False).nth(1).wait_for(timeout=30_000)
    assert page.get_by_test_id("table-fleet").count() == 0  # no stale plan

    cap.fill("7")  # the free plan puts 8 at one site: the MILP must plan around it
    page.get_by_test_id("in-co2e-view").click()
    page.get_by_text(translate("da", "plan.in.lca"), exact=True).click()
    page.get_by_test_id("in-early-return").click()
    page.get_by_test_id("run-transition").click()
    page.get_by_test_id("table-chargers").wait_for(timeout=120_000)
    page.get_by_test_id("plan-engine").wait_for(timeout=30_000)
    screenshot(page, "plan-inputs-da")
    points = _column(page, translate("da", "rep.col.chargers.charge_points"))
    today = _column(page, translate("da", "rep.col.chargers.today_points"))
    assert points and all(p <= max(7, t) for p, t in zip(points, today, strict=True))
    fallback = translate("da", "plan.engine.rule_fallback")
    assert fallback not in page.get_by_test_id("plan-engine").inner_text()
