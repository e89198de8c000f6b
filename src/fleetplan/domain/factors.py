"""Factor sets: named, dated prices and emission factors, each with unit and source.

Keys are stable English ids (see ``FactorKey``); ``fleetplan.economics`` owns the
default sets and the formulas that read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any


class FactorKey:
    """The ids of the values a factor set holds."""

    PRICE_ELECTRIC_DKK_PER_KWH = "price.electric_dkk_per_kwh"
    PRICE_PETROL_DKK_PER_L = "price.petrol_dkk_per_l"
    PRICE_DIESEL_DKK_PER_L = "price.diesel_dkk_per_l"
    PRICE_HVO_DKK_PER_L = "price.hvo_dkk_per_l"
    # well-to-wheel (what the climate accounts use) and tank-to-wheel, kept apart
    CO2E_WTW_ELECTRIC_KG_PER_KWH = "co2e_wtw.electric_kg_per_kwh"
    CO2E_WTW_PETROL_KG_PER_L = "co2e_wtw.petrol_kg_per_l"
    CO2E_WTW_DIESEL_KG_PER_L = "co2e_wtw.diesel_kg_per_l"
    CO2E_WTW_HVO_KG_PER_L = "co2e_wtw.hvo_kg_per_l"
    CO2E_TTW_ELECTRIC_KG_PER_KWH = "co2e_ttw.electric_kg_per_kwh"
    CO2E_TTW_PETROL_KG_PER_L = "co2e_ttw.petrol_kg_per_l"
    CO2E_TTW_DIESEL_KG_PER_L = "co2e_ttw.diesel_kg_per_l"
    CO2E_TTW_HVO_KG_PER_L = "co2e_ttw.hvo_kg_per_l"
    CO2_PRICE_DKK_PER_T = "co2_price_dkk_per_t"
    ALLOWANCE_LOW_DKK_PER_KM = "allowance.low_dkk_per_km"
    ALLOWANCE_HIGH_DKK_PER_KM = "allowance.high_dkk_per_km"
    ALLOWANCE_THRESHOLD_KM = "allowance.threshold_km"
    PRIVATE_CAR_KM_PER_L = "private_car.km_per_l"


@dataclass(frozen=True, slots=True)
class FactorValue:
    """One sourced number."""

    value: float
    unit: str
    year: int | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class FactorSet:
    """A named, dated set of prices and factors.

    ``options`` holds non-numeric switches of a method (for example how a period is
    annualised); ``fleetplan.economics`` documents the ones it reads.
    """

    name: str
    valid_from: date
    values: Mapping[str, FactorValue]
    description: str = ""
    options: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> float:
        try:
            return self.values[key].value
        except KeyError:
            raise KeyError(f"factor set {self.name!r} has no value {key!r}.") from None

    def get(self, key: str, default: float | None = None) -> float | None:
        item = self.values.get(key)
        return default if item is None else item.value

    def with_values(self, overrides: Mapping[str, float], source: str) -> FactorSet:
        """A copy where the given keys take new values (unit kept, source replaced)."""
        merged = dict(self.values)
        for key, value in overrides.items():
            old = merged.get(key)
            merged[key] = FactorValue(
                value=float(value),
                unit=old.unit if old else "",
                year=old.year if old else None,
                source=source,
            )
        return replace(self, values=merged)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "valid_from": self.valid_from.isoformat(),
            "description": self.description,
            "options": dict(self.options),
            "values": {
                key: {
                    "value": v.value,
                    "unit": v.unit,
                    "year": v.year,
                    "source": v.source,
                }
                for key, v in self.values.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactorSet:
        return cls(
            name=data["name"],
            valid_from=date.fromisoformat(data["valid_from"]),
            description=data.get("description", ""),
            options=dict(data.get("options", {})),
            values={
                key: FactorValue(
                    value=float(v["value"]),
                    unit=v.get("unit", ""),
                    year=v.get("year"),
                    source=v.get("source", ""),
                )
                for key, v in data["values"].items()
            },
        )
