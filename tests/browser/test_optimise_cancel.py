"""Cancel on Optimering: the panel says "Stopper …" at once and the run ends
within seconds (the running HiGHS solve is interrupted, issue 15 item 5)."""

from __future__ import annotations

import re
import time

from fleetplan.web.translate import translate
from tests.browser.conftest import Server, log_in


def test_cancel_says_stopping_at_once_and_the_run_ends(page, server: Server) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/optimisation")
    # after another test's run the page shows that run with its form folded
    form, new = page.get_by_test_id("opt-form"), page.get_by_test_id("opt-new")
    form.or_(new).first.wait_for()
    if new.is_visible():
        new.click()
    form.wait_for()
    page.wait_for_load_state("networkidle")
    # the defaults: every location, the last 4 weeks (minutes without a cancel)
    page.get_by_test_id("opt-run").click()
    page.wait_for_url(re.compile(r".*/optimisation\?job=[0-9a-f]+$"))
    # cancel while the MILP runs (the solve alone takes far longer than 2 s)
    solving = translate("da", "optimise.solving")
    page.get_by_test_id("job-stage").filter(has_text=solving).wait_for(timeout=120_000)
    began = time.monotonic()
    page.get_by_test_id("job-cancel").click()
    stage = page.get_by_test_id("job-stage")
    stage.filter(has_text=translate("da", "job.stopping")).wait_for(timeout=1_000)
    # the job ends within 2 s and the panel's next poll (0.5 s) sees it
    page.get_by_test_id("job-panel").wait_for(state="detached", timeout=15_000)
    print(f"panel gone {time.monotonic() - began:.1f} s after the click")
    assert time.monotonic() - began < 4.0
    ended = page.get_by_text(translate("da", "opt.cancelled_partial")).or_(
        page.get_by_text(translate("da", "jobstate.cancelled"), exact=True)
    )
    ended.first.wait_for(timeout=15_000)
    print(f"result shown {time.monotonic() - began:.1f} s after the click")
