"""Vehicle models of the demo municipality and the candidate catalogue.

Every figure is approximate. WLTP consumption, range and battery size are the
manufacturers' published WLTP figures, rounded from memory (check the live data
sheet before relying on one). Yearly fixed costs (``annual_cost_dkk``: lease or
depreciation, insurance, tax and service; energy excluded) are ESTIMATES unless the
row's ``source`` says otherwise; ``CATALOGUE_SOURCES`` names every anchor.

Production emissions follow ``reference/factors.md``: the body without battery by
size class from Klimarådet (5.4-10.6 t CO2e) plus 83.5 kg CO2e per kWh of battery
(midpoint of IVL 2019's 61-106 kg/kWh); vans and cargo bikes use the Pedal Me LCA
totals (diesel van 7,500 kg, e-van 8,800 kg, cargo bike 280 kg).
"""

from __future__ import annotations

from dataclasses import dataclass

from fleetplan.domain import Fuel, Vehicle, VehicleCategory, VehicleType

BATTERY_CO2E_KG_PER_KWH = 83.5  # IVL 2019 (C444): 61-106 kg/kWh, midpoint
BODY_CO2E_KG = {  # Klimarådet: car production excl. battery 5.4-10.6 t by size
    "small": 5_400.0,
    "compact": 6_500.0,
    "medium": 8_000.0,
    "large": 10_600.0,
}

CATALOGUE_SOURCES: dict[str, str] = {
    "wltp": "manufacturers' WLTP data sheets, rounded from memory (approximate)",
    "estimate": (
        "estimate, anchored on a 3,200 kr/month car lease (FleetOptimiser final "
        "report, seed 002: 38,400 kr/yr) and EV TCO excl. energy 1.78 kr/km "
        "(bt.dk, Jan 2024: 35,600 kr/yr at 20,000 km)"
    ),
    "synth": (
        "the reference synth sets' vehicles.csv (Kona 45,000, MG4 39,000, ID.3 "
        "41,100, Octavia 44,100, Caddy 47,200, e-bike 5,000, city bike 2,000 kr/yr)"
    ),
    "production_co2e_kg": (
        "Klimarådet body 5.4-10.6 t by size + IVL 2019 battery 83.5 kg/kWh; Pedal Me "
        "LCA for vans (7,500 / 8,800 kg) and cargo bikes (280 kg); bikes: estimate"
    ),
}


def car_production_co2e_kg(size: str, battery_kwh: float = 0.0) -> float:
    """Body by size class plus battery: ID.3 = 6,500 + 58 x 83.5 = 11,343 kg."""
    return float(round(BODY_CO2E_KG[size] + battery_kwh * BATTERY_CO2E_KG_PER_KWH))


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One vehicle model with its typical figures (per-vehicle jitter comes later)."""

    key: str
    make: str
    model: str
    vehicle_type: VehicleType
    fuel: Fuel
    annual_cost_dkk: float
    km_per_year_allowed: float
    production_co2e_kg: float
    wltp_km_per_l: float | None = None
    wltp_wh_per_km: float | None = None
    range_km: float | None = None
    battery_kwh: float | None = None
    charge_kw: float | None = None
    seats: int | None = None
    cargo_m3: float | None = None
    wheelchair_lift: bool = False
    cost_source: str = "estimate"
    category: VehicleCategory | None = None

    def vehicle(self, vehicle_id: str, **fields: object) -> Vehicle:
        """A ``Vehicle`` of this model; ``fields`` set or override any other field."""
        base: dict[str, object] = {
            "vehicle_id": vehicle_id,
            "vehicle_type": self.vehicle_type,
            "fuel": self.fuel,
            "make": self.make,
            "model": self.model,
            "wltp_km_per_l": self.wltp_km_per_l,
            "wltp_wh_per_km": self.wltp_wh_per_km,
            "range_km": self.range_km,
            "annual_cost_dkk": self.annual_cost_dkk,
            "km_per_year_allowed": self.km_per_year_allowed,
            "battery_kwh": self.battery_kwh,
            "charge_kw": self.charge_kw,
            "seats": self.seats,
            "cargo_m3": self.cargo_m3,
            "production_co2e_kg": self.production_co2e_kg,
            "category": self.category,
        }
        if self.wheelchair_lift:
            base["wheelchair_lift"] = True
        base.update(fields)
        return Vehicle(**base)  # type: ignore[arg-type]


# Each model takes two lines (joined by the trailing backslash):
#   key | make | model | vehicle type | fuel | cost source (empty = estimate)
#   kr/yr | km/yr allowed | CO2e (size class[+extra kWh] or kg) | km/l | Wh/km |
#   range km | battery kWh | charge kW | seats | cargo m3 | wheelchair lift
_TABLE = """
yaris_hybrid|Toyota|Yaris 1.5 Hybrid|ice|petrol||\
    36000|20000|small+1.3|26.3|||||5||
peugeot_208|Peugeot|208 1.2 PureTech 75|ice|petrol||\
    33500|20000|small|18.5|||||5||
yaris_10|Toyota|Yaris 1.0|ice|petrol|synth|\
    34600|20000|small|20.1|||||5||
aygo_x|Toyota|Aygo X 1.0|ice|petrol||\
    31000|25000|small|20.4|||||4||
octavia_tdi|Skoda|Octavia Combi 2.0 TDI|ice|diesel|synth|\
    44100|25000|medium|20.9|||||5||
id3|VW|ID.3 Pro 58 kWh|ev|electric|synth|\
    41100|20000|compact||156|420|58|11|5||
zoe|Renault|Zoe R135 52 kWh|ev|electric||\
    38000|25000|small||163|390|52|22|5||
e_up|VW|e-up! 36.8 kWh|ev|electric||\
    33000|25000|small||145|258|36.8|7.2|4||
e208|Peugeot|e-208 50 kWh|ev|electric||\
    37500|25000|small||159|362|50|11|5||
caddy_tdi|VW|Caddy Cargo 2.0 TDI|ice|diesel|synth|\
    47200|25000|7500|17.9|||||2|3.1|
transit_custom|Ford|Transit Custom 2.0 EcoBlue|ice|diesel||\
    58000|25000|7500|13.7|||||3|6.0|
crafter|VW|Crafter 2.0 TDI|ice|diesel||\
    68000|25000|large|10.8|||||3|9.9|
kangoo_e|Renault|Kangoo Van E-Tech 45 kWh|ev|electric||\
    46000|25000|8800||187|300|45|11|2|3.3|
id_buzz_cargo|VW|ID. Buzz Cargo 77 kWh|ev|electric||\
    60000|25000|8800||215|420|77|11|3|3.9|
transit_kombi|Ford|Transit Kombi 2.0 EcoBlue|ice|diesel||\
    72000|20000|large|11.2|||||9||
transporter_kombi|VW|Transporter 6.1 Kombi 2.0 TDI|ice|diesel||\
    70000|20000|large|12.5|||||9||
sprinter_lift|Mercedes-Benz|Sprinter 316 CDI with lift|ice|diesel||\
    96000|20000|large|9.8|||||8||1
proace_verso_e|Toyota|Proace Verso Electric 75 kWh|ev|electric||\
    82000|20000|large||265|330|75|11|9||
ebike|Kalkhoff|Endeavour E-bike|ebike|none|synth|\
    5000|5000|150|||60|||1||
cargo_bike|Larry vs Harry|Bullitt E6100 cargo bike|ebike|none||\
    9000|4000|280|||50|||1|0.25|
citybike|Principia|Citybike|bike|none|synth|\
    2000|3000|100|||40|||1||
renault5|Renault|5 E-Tech 52 kWh|ev|electric||\
    36000|25000|small||150|410|52|11|5||
mg4|MG|MG4 Electric 64 kWh|ev|electric|synth|\
    39000|25000|compact||160|435|64|11|5||
kona|Hyundai|Kona Electric 64 kWh|ev|electric|synth|\
    45000|25000|compact||154|450|64|11|5||
mg5_estate|MG|MG5 Electric estate 61 kWh|ev|electric||\
    42000|25000|medium||175|400|61|11|5||
e_transit_custom|Ford|E-Transit Custom 64 kWh|ev|electric||\
    58000|25000|8800||220|337|64|11|3|5.8|
e_transit|Ford|E-Transit 68 kWh|ev|electric||\
    66000|25000|large||300|317|68|11|3|9.5|
proace_verso_e_lift|Toyota|Proace Verso Electric 75 kWh with lift|ev|electric||\
    98000|20000|large||275|315|75|11|8||1
"""


# The register names the category of every model that is not a plain car (the
# body a trip needs): panel vans, minibuses (8-9 seats) and the cargo bike.
_VAN = VehicleCategory.VAN
_MINIBUS = VehicleCategory.MINIBUS
CATEGORIES: dict[str, VehicleCategory] = {
    "caddy_tdi": _VAN,
    "transit_custom": _VAN,
    "crafter": _VAN,
    "kangoo_e": _VAN,
    "id_buzz_cargo": _VAN,
    "e_transit_custom": _VAN,
    "e_transit": _VAN,
    "transit_kombi": _MINIBUS,
    "transporter_kombi": _MINIBUS,
    "sprinter_lift": _MINIBUS,
    "proace_verso_e": _MINIBUS,
    "proace_verso_e_lift": _MINIBUS,
    "cargo_bike": VehicleCategory.CARGO_BIKE,
}


def _num(text: str) -> float | None:
    return float(text) if text else None


def _co2e_kg(text: str, battery_kwh: float | None) -> float:
    size, _, extra_kwh = text.partition("+")
    if size not in BODY_CO2E_KG:
        return float(size)
    return car_production_co2e_kg(size, (battery_kwh or 0.0) + float(extra_kwh or 0))


def _parse(line: str) -> ModelSpec:
    fields = [part.strip() for part in line.split("|")]
    key, make, model, vtype, fuel, source = fields[:6]
    cost, km, co2e, kmpl, whkm, rng, kwh, kw, seats, cargo, lift = fields[6:]
    battery_kwh = _num(kwh)
    return ModelSpec(
        key=key,
        make=make,
        model=model,
        vehicle_type=VehicleType(vtype),
        fuel=Fuel(fuel),
        annual_cost_dkk=float(cost),
        km_per_year_allowed=float(km),
        production_co2e_kg=_co2e_kg(co2e, battery_kwh),
        wltp_km_per_l=_num(kmpl),
        wltp_wh_per_km=_num(whkm),
        range_km=_num(rng),
        battery_kwh=battery_kwh,
        charge_kw=_num(kw),
        seats=int(seats) if seats else None,
        cargo_m3=_num(cargo),
        wheelchair_lift=lift == "1",
        cost_source=source or "estimate",
        category=CATEGORIES.get(key),
    )


MODELS: dict[str, ModelSpec] = {
    spec.key: spec for spec in map(_parse, _TABLE.strip().splitlines())
}

# The candidate catalogue offered to simulations, in vehicle-id order.
CANDIDATE_KEYS: tuple[str, ...] = (
    "citybike",
    "ebike",
    "cargo_bike",
    "renault5",
    "mg4",
    "kona",
    "id3",
    "mg5_estate",
    "kangoo_e",
    "id_buzz_cargo",
    "e_transit_custom",
    "e_transit",
    "proace_verso_e",
    "proace_verso_e_lift",
)

# The four candidates of the reference synth sets, in their order.
SYNTH_CANDIDATE_KEYS: tuple[str, ...] = ("citybike", "ebike", "kona", "mg4")
