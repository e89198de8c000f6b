"""The demo fleet: about 120 vehicles of a Ballerup-shaped municipality.

Groups (department, administration, home location, models):

- Rådhusets bilpulje: 13 bookable pool cars at the town hall (7 EV, 6 petrol), and
  2 e-bikes in Rådhusets cykelpulje;
- Visitation og Hjælpemidler: 5 cars at the town hall;
- Hjemmeplejen: 36 small cars and 2 e-bikes on Telegrafvej; Hjemmesygeplejen: 6 EVs;
- 25 minibuses: Botilbud og plejecentre (9, wheelchair lift), Dagtilbud (9, 3-point
  child seats) and Ungdomsklubber (7, nine seats), plus a cargo bike in Dagtilbud;
- Ejendomsservice og tilsyn (10 vans) and Vej og Park (18 vans, 2 cargo bikes).

62 of the 120 vehicles run on petrol or diesel. Leases end between 2026-12 and
2030-12 (the planted lease problem ends in 2025; see ``problems``); some minibuses
are owned, bikes are owned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from fleetplan.demo import places
from fleetplan.demo.catalogue import MODELS
from fleetplan.domain import LeaseType, Vehicle, VehicleType

SOCIAL = "Social og Sundhed"
CHILDREN = "Børn og Unge"
TECHNICAL = "Teknik og Miljø"
ADMIN = "Økonomi og Administration"


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """Vehicles of one department at one location that share a usage profile."""

    profile: str
    department: str
    administration: str
    location_id: str
    models: tuple[tuple[str, int], ...]
    outfitting: dict[str, object] = field(default_factory=dict)
    owned_share: float = 0.0
    # None: jobs go to any free vehicle alike; a number p: earlier vehicles in the
    # list are preferred (geometric choice), as in a booking system's default order
    preference: float | None = None


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("pool", "Rådhusets bilpulje", ADMIN, places.TOWN_HALL,
              (("id3", 4), ("zoe", 3), ("yaris_hybrid", 4), ("peugeot_208", 2)),
              preference=0.45),
    GroupSpec("townhall_bikes", "Rådhusets cykelpulje", ADMIN, places.TOWN_HALL,
              (("ebike", 2),), owned_share=1.0),
    GroupSpec("visitation", "Visitation og Hjælpemidler", SOCIAL, places.TOWN_HALL,
              (("octavia_tdi", 2), ("e208", 3)), preference=0.45),
    GroupSpec("home_care", "Hjemmeplejen", SOCIAL, places.HOME_CARE,
              (("aygo_x", 14), ("e_up", 10), ("yaris_hybrid", 6), ("zoe", 6))),
    GroupSpec("home_care_bikes", "Hjemmeplejen", SOCIAL, places.HOME_CARE,
              (("ebike", 2),), owned_share=1.0),
    GroupSpec("home_nursing", "Hjemmesygeplejen", SOCIAL, places.HOME_CARE,
              (("e208", 4), ("zoe", 2))),
    GroupSpec("residential_minibus", "Botilbud og plejecentre", SOCIAL,
              places.RESIDENTIAL_CARE,
              (("sprinter_lift", 6), ("proace_verso_e_lift", 3)),
              {"wheelchair_lift": True, "seats": 8}, owned_share=0.4),
    GroupSpec("daycare_minibus", "Dagtilbud", CHILDREN, places.SKOVLUNDE,
              (("transit_kombi", 6), ("proace_verso_e", 3)),
              {"child_seats": 8, "seats": 9, "wheelchair_lift": False},
              owned_share=0.4),
    GroupSpec("daycare_bike", "Dagtilbud", CHILDREN, places.SKOVLUNDE,
              (("cargo_bike", 1),), owned_share=1.0),
    GroupSpec("youth_minibus", "Ungdomsklubber", CHILDREN, places.SKOVLUNDE,
              (("transporter_kombi", 5), ("proace_verso_e", 2)),
              {"seats": 9, "wheelchair_lift": False, "child_seats": 0},
              owned_share=0.4),
    GroupSpec("technical", "Ejendomsservice og tilsyn", TECHNICAL, places.DEPOT,
              (("caddy_tdi", 4), ("transit_custom", 2), ("kangoo_e", 4))),
    GroupSpec("roads_parks", "Vej og Park", TECHNICAL, places.DEPOT,
              (("caddy_tdi", 5), ("transit_custom", 4), ("crafter", 2),
               ("kangoo_e", 4), ("id_buzz_cargo", 3))),
    GroupSpec("depot_bikes", "Vej og Park", TECHNICAL, places.DEPOT,
              (("cargo_bike", 2),), owned_share=1.0),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FleetGroup:
    spec: GroupSpec
    vehicle_ids: tuple[str, ...]


def unique_plate(rng: np.random.Generator, taken: set[str]) -> str:
    """A Danish-style plate (two letters, five digits) not yet in ``taken``."""
    while True:
        letters = "".join(chr(65 + int(c)) for c in rng.integers(0, 26, size=2))
        plate = f"{letters}{int(rng.integers(10_000, 100_000))}"
        if plate not in taken:
            taken.add(plate)
            return plate


def lease_terms(
    rng: np.random.Generator, owned: bool
) -> tuple[LeaseType, date | None, date | None]:
    """(lease type, start, end). Owned: bought 2019-2024, no end. Leased: the end is
    the last day of a month from Dec 2026 to Dec 2030, the start the first day of the
    month after it 4 or 5 years earlier (end 2028-03-31 -> start 2023-04-01 or
    2024-04-01); 15 % financial, the rest operational."""
    if owned:
        start = date(int(rng.integers(2019, 2025)), int(rng.integers(1, 13)), 1)
        return LeaseType.OWNED, start, None
    month = int(rng.integers(0, 49))  # Dec 2026 .. Dec 2030
    year, month0 = divmod(11 + month, 12)
    end_next = date(2026 + year + (month0 + 1) // 12, (month0 + 1) % 12 + 1, 1)
    end = date.fromordinal(end_next.toordinal() - 1)
    years = int(rng.choice([4, 5]))
    start = date(end_next.year - years, end_next.month, 1)
    kind = LeaseType.FINANCIAL if rng.random() < 0.15 else LeaseType.OPERATIONAL
    return kind, start, end


def build_fleet(rng: np.random.Generator) -> tuple[list[Vehicle], list[FleetGroup]]:
    """Vehicles "1".."120" in group order, and the groups that hold them."""
    vehicles: list[Vehicle] = []
    groups: list[FleetGroup] = []
    plates: set[str] = set()
    for spec in GROUPS:
        ids: list[str] = []
        for key, count in spec.models:
            model = MODELS[key]
            for _ in range(count):
                vid = str(len(vehicles) + 1)
                bike = model.vehicle_type in (VehicleType.BIKE, VehicleType.EBIKE)
                owned = bool(rng.random() < spec.owned_share)
                lease_type, start, end = lease_terms(rng, owned)
                jitter = float(rng.uniform(0.97, 1.03))
                fields: dict[str, object] = {
                    "plate": None if bike else unique_plate(rng, plates),
                    "location_id": spec.location_id,
                    "department": spec.department,
                    "administration": spec.administration,
                    "lease_type": lease_type,
                    "lease_start": start,
                    "lease_end": end,
                    "annual_cost_dkk": round(
                        model.annual_cost_dkk * rng.uniform(0.95, 1.05), -2
                    ),
                }
                if model.wltp_km_per_l is not None:
                    fields["wltp_km_per_l"] = round(model.wltp_km_per_l * jitter, 1)
                if model.wltp_wh_per_km is not None:
                    fields["wltp_wh_per_km"] = float(
                        round(model.wltp_wh_per_km * jitter)
                    )
                fields.update(spec.outfitting)
                vehicles.append(model.vehicle(vid, **fields))
                ids.append(vid)
        groups.append(FleetGroup(spec, tuple(ids)))
    return vehicles, groups
