"""Indstillinger's external-option rules: the department lines and the save."""

from __future__ import annotations

from fleetplan.api import AppServices, Role
from fleetplan.domain import ExternalRules, VehicleCategory
from fleetplan.store.settings_edit import external_rules
from fleetplan.web.settings_external import (
    departments_text,
    parse_departments,
    save_external,
)
from fleetplan.web.translate import translate
from tests.web.test_register_pages import _user
from tests.web.test_register_pages import store as store  # the fixture


def test_department_lines_round_trip() -> None:
    """Lines sorted by department, kinds in taxi, rental, allowance order, none
    for no option; blank lines are skipped."""
    rules = ExternalRules(
        by_department={
            "Vej og Park": frozenset({"taxi", "rental"}),
            "Hjemmeplejen": frozenset(),
        }
    )
    text = departments_text(rules)
    assert text == "Hjemmeplejen = none\nVej og Park = taxi, rental"
    assert parse_departments(text + "\n\n") == rules.by_department


def test_save_checks_lines_and_stores_the_rules(store: AppServices) -> None:
    """A line without '=' is refused with the Danish text naming it; a good form
    stores vans = taxi and the department line."""
    writer = _user(store, Role.WRITE)
    bad = save_external(writer, {"van": ["taxi"]}, "Vej og Park taxi")
    assert not bad.ok
    assert bad.message == translate("da", "settings.external_bad_line").format(
        line="Vej og Park taxi"
    )
    ok = save_external(writer, {"van": ["taxi"]}, "Vej og Park = none")
    assert ok.ok
    rules = external_rules(store.load_dataset().meta)
    assert rules.for_category(VehicleCategory.VAN) == {"taxi"}
    assert rules.by_department == {"Vej og Park": frozenset()}
    reader = _user(store, Role.READ)
    assert not save_external(reader, {"van": []}, "").ok
