"""The catalogue groups models by the engine's category."""

from __future__ import annotations

from fleetplan.demo.catalogue import MODELS
from fleetplan.domain import Fuel, Vehicle, VehicleCategory, VehicleType
from fleetplan.web.register_catalogue import model_class


def test_groups_follow_the_category() -> None:
    """Kangoo and Crafter are vans, the Kombi a minibus, the Bullitt a cargo bike,
    MG4 an electric car, Yaris a petrol car; a register truck is a truck; an
    estate with 1.5 m³ boot stays a car (the van threshold is 2.0 m³)."""
    groups = {
        k: model_class(MODELS[k].vehicle(k))
        for k in (
            "kangoo_e",
            "crafter",
            "transit_kombi",
            "cargo_bike",
            "mg4",
            "yaris_10",
        )
    }
    assert groups == {
        "kangoo_e": "van",
        "crafter": "van",
        "transit_kombi": "minibus",
        "cargo_bike": "cargo_bike",
        "mg4": "ev_car",
        "yaris_10": "car",
    }
    truck = Vehicle("t", VehicleType.ICE, Fuel.DIESEL, category=VehicleCategory.TRUCK)
    assert model_class(truck) == "truck"
    estate = Vehicle("e", VehicleType.ICE, Fuel.DIESEL, cargo_m3=1.5)
    assert model_class(estate) == "car"
