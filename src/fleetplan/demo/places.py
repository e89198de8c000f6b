"""Home locations of the demo municipality (Ballerup Kommune) and of synthetic sets.

Ballerup Rådhus (Hold-an Vej 7) is the town hall. The home-care base on Telegrafvej
is named in Ballerup's fleet strategy (seed 000); Plejecenter Egely's address is on
ballerup.dk. The other two bases are plausible municipal sites chosen for the demo.
ALL coordinates are approximate (read off a map to about 100-300 m), not surveyed.
"""

from __future__ import annotations

from fleetplan.domain import Location

TOWN_HALL = "1"
HOME_CARE = "2"
RESIDENTIAL_CARE = "3"
SKOVLUNDE = "4"
DEPOT = "5"

DEMO_LOCATIONS: tuple[Location, ...] = (
    Location(
        TOWN_HALL, "Ballerup Rådhus", "Hold-an Vej 7, 2750 Ballerup", 55.7306, 12.3636
    ),
    Location(
        HOME_CARE,
        "Hjemmeplejen Telegrafvej",
        "Telegrafvej, 2750 Ballerup",
        55.7323,
        12.3822,
    ),
    Location(
        RESIDENTIAL_CARE,
        "Plejecenter Egely (botilbud og plejecentre)",
        "Egebjerg Bygade 34, 2750 Ballerup",
        55.7418,
        12.3473,
    ),
    Location(
        SKOVLUNDE,
        "Dagtilbud og klubber Skovlunde",
        "Skovlunde Byvej, 2740 Skovlunde",
        55.7199,
        12.4035,
    ),
    Location(
        DEPOT,
        "Driftsgården Måløv (vej og park, teknik og miljø)",
        "Måløv Byvej, 2760 Måløv",
        55.7472,
        12.3226,
    ),
)


def synthetic_locations(count: int) -> tuple[Location, ...]:
    """``count`` made-up bases around one town centre (about 1.5 km apart)."""
    if count < 1:
        raise ValueError(f"locations must be >= 1, got {count}.")
    names = ["Rådhuset"] + [f"Lokation {i}" for i in range(2, count + 1)]
    return tuple(
        Location(
            location_id=str(i + 1),
            name=name,
            address=f"Eksempelvej {i + 1}, 9990 Eksempelby",
            lat=round(56.15 + 0.013 * (i % 10), 4),
            lon=round(10.203 + 0.023 * (i // 10), 4),
        )
        for i, name in enumerate(names)
    )
