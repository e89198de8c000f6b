"""The language switch keeps the page's query and switches Quasar's own texts."""

from __future__ import annotations

from tests.browser.conftest import Server, log_in, screenshot


def test_switch_keeps_the_query_and_translates_the_table_pager(
    page, server: Server
) -> None:
    log_in(page, "admin", server.admin_password)
    page.goto("/settings?fs=os2-defaults")
    page.get_by_text("Rækker per side:").first.wait_for()
    page.get_by_test_id("lang-en").click()
    page.wait_for_url("**/settings?fs=os2-defaults")
    page.get_by_text("Records per page:").first.wait_for()
    assert "Rækker per side" not in page.content()
    screenshot(page, "language-en-settings-pager")
    page.get_by_test_id("lang-da").click()
    page.wait_for_url("**/settings?fs=os2-defaults")
    page.get_by_text("Rækker per side:").first.wait_for()
