"""``fleetplan demo --organisations N``: N municipalities of different shapes in
one database, each seeing only its own fleet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from fleetplan.api import SqlUserRepository
from fleetplan.cli.org_commands import ensure_national_demo
from fleetplan.demo import organisations as demo_orgs
from fleetplan.demo.municipality import build_demo_dataset
from fleetplan.domain import Dataset, VehicleCategory, category_of
from fleetplan.store import create_engine_for, load_dataset
from fleetplan.store.organisations import list_organisations
from fleetplan.store.scoped import using_organisation


@cache
def _demo(seed: int = 2750) -> Dataset:
    return build_demo_dataset(2750)  # one build for every municipality (speed)


def test_three_municipalities_of_different_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_orgs, "build_demo_dataset", _demo)
    url = f"sqlite:///{tmp_path / 'national.sqlite'}"
    passwords = ensure_national_demo(url, 3)
    assert sorted(passwords) == ["admin@ballerup", "admin@hjemmepleje", "admin@minibus"]
    engine = create_engine_for(url)
    orgs = {org.slug: org.organisation_id for org in list_organisations(engine)}
    assert sorted(orgs) == ["ballerup", "hjemmepleje", "minibus"]  # no empty default
    fleets = {}
    for slug, org_id in orgs.items():
        with using_organisation(org_id):
            fleet = [v for v in load_dataset(engine).vehicles if not v.is_candidate]
            admin = SqlUserRepository(engine).get(f"admin@{slug}")
        assert admin is not None and admin.organisation_id == org_id
        assert fleet and all(v.vehicle_id.startswith(f"{slug}-") for v in fleet)
        fleets[slug] = fleet
    sizes = {slug: len(fleet) for slug, fleet in fleets.items()}
    assert sizes["ballerup"] > sizes["hjemmepleje"] > sizes["minibus"]
    minibuses = {
        slug: sum(category_of(v) is VehicleCategory.MINIBUS for v in fleet)
        for slug, fleet in fleets.items()
    }
    assert minibuses["hjemmepleje"] == 0 < minibuses["minibus"]
    assert minibuses["minibus"] == minibuses["ballerup"]
    assert ensure_national_demo(url, 3) == {}  # a second start adds nothing
    engine.dispose()
