"""Indstillinger shows the external-option rules: read-only for a reader, with a
save button for a writer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from fleetplan.api import Role
from tests.api.conftest import needs_dataset as needs_dataset  # the fixture
from tests.api.conftest import services as services  # the fixture
from tests.web.test_pages import _login
from tests.web.test_pages import web as web  # the fixture


@pytest.mark.usefixtures("needs_dataset")
def test_reader_sees_rules_writer_can_save(web: TestClient) -> None:
    _login(web, Role.READ)
    page = web.get("/settings").text
    assert "Hvad må overtage en tur" in page
    assert "external-van" in page and "external-departments" in page
    assert "external-save" not in page
    web.cookies.clear()
    _login(web, Role.WRITE)
    assert "external-save" in web.get("/settings").text
