"""The Køretøjer form refuses a vehicle without a home location, marking the
location field (the same rule as the API: ``store.vehicle_edit``)."""

from __future__ import annotations

from fleetplan.api import AppServices, Role
from fleetplan.web.register_form import save_vehicle
from tests.web.test_register_pages import _user
from tests.web.test_register_pages import store as store  # the fixture


def test_the_form_refuses_a_vehicle_without_location(store: AppServices) -> None:
    writer = _user(store, Role.WRITE)
    values = {"vehicle_type": "ice", "fuel": "diesel"}
    outcome = save_vehicle(writer, None, "V9", {}, values)
    assert (outcome.ok, outcome.field) == (False, "location_id")
    assert "Lokation" in outcome.message  # the field's label, in Danish
    assert "V9" not in {v.vehicle_id for v in store.load_dataset().vehicles}
    homed = save_vehicle(writer, None, "V9", {}, {**values, "location_id": "L1"})
    assert homed.ok, homed.message
