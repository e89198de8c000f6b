"""The one place input is checked: pydantic models with sensible ranges.

The API's request bodies are these models; the register's store, the import and
the web forms check values through :func:`field_problems`, so a value the API
refuses is refused everywhere, with the same rule. Nothing is coerced silently:
"tre" or -3 where a count belongs is a problem, not 0. A problem carries a
stable ``code`` (the web catalogues have ``valid.<code>``) and its parameters;
:data:`MESSAGES` are the English texts for the CLI and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from fleetplan.domain import FIRST_DAY, Fuel, LeaseType, VehicleCategory, VehicleType

MAX_DKK_PER_YEAR = 5_000_000.0  # a vehicle's or the tool's yearly cost
MAX_DKK = 50_000_000.0  # a one-off amount
MAX_KM_PER_YEAR = 200_000.0
MIN_CHARGE_KW, MAX_CHARGE_KW = 1.0, 500.0  # per charge point or vehicle
FIRST_YEAR, LAST_YEAR = FIRST_DAY.year, 2100
MAX_CO2_PRICE_DKK_PER_T = 100_000.0
MAX_COUNT = 500  # copies of one vehicle in a simulated fleet


def _in_years(day: date | None) -> date | None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year {day.year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return day


Day = Annotated[date, AfterValidator(_in_years)]
_STRICT = ConfigDict(allow_inf_nan=False, extra="forbid")


class VehicleFields(BaseModel):
    """Fields of a vehicle a writer may set; unset fields stay as they are.

    Numbers are finite and bounded (``Infinity``, ``NaN`` and 1e308 would poison
    every cost the engines add up)."""

    model_config = _STRICT

    plate: str | None = Field(default=None, max_length=32)
    make: str | None = Field(default=None, max_length=64)
    model: str | None = Field(default=None, max_length=64)
    wltp_km_per_l: float | None = Field(default=None, ge=0, le=100)
    wltp_wh_per_km: float | None = Field(default=None, ge=0, le=2_000)
    range_km: float | None = Field(default=None, ge=0, le=2_000)
    annual_cost_dkk: float | None = Field(default=None, ge=0, le=MAX_DKK_PER_YEAR)
    location_id: str | None = Field(default=None, max_length=64)
    department: str | None = Field(default=None, max_length=128)
    administration: str | None = Field(default=None, max_length=128)
    lease_type: LeaseType | None = None
    lease_start: Day | None = None
    lease_end: Day | None = None
    km_per_year_allowed: float | None = Field(default=None, ge=0, le=MAX_KM_PER_YEAR)
    is_candidate: bool | None = None
    battery_kwh: float | None = Field(default=None, ge=0, le=1_000)
    seats: int | None = Field(default=None, ge=0, le=100)
    wheelchair_lift: bool | None = None
    child_seats: int | None = Field(default=None, ge=0, le=20)
    cargo_m3: float | None = Field(default=None, ge=0, le=100)
    charge_kw: float | None = Field(default=None, ge=MIN_CHARGE_KW, le=MAX_CHARGE_KW)
    production_co2e_kg: float | None = Field(default=None, ge=0, le=1_000_000)
    category: VehicleCategory | None = None


class VehicleCreate(VehicleFields):
    vehicle_id: str = Field(min_length=1, max_length=64)
    vehicle_type: VehicleType
    fuel: Fuel


class PlanInputs(BaseModel):
    """The transition plan's inputs (Rapporter, and the API's query)."""

    model_config = _STRICT

    target_year: int = Field(default=2030, ge=FIRST_YEAR, le=LAST_YEAR)
    range_percentile: float = Field(default=95.0, ge=50, le=100)
    charger_kw: float = Field(default=11.0, ge=MIN_CHARGE_KW, le=MAX_CHARGE_KW)
    overnight_h: float = Field(default=12.0, ge=1, le=24)
    co2_price: float | None = Field(default=None, ge=0, le=MAX_CO2_PRICE_DKK_PER_T)
    # the MILP's: which CO2e it values, a yearly budget, charge points per
    # location at most, and whether every lease may be returned early (at its fee)
    co2e_view: Literal["wtw", "lca"] = "wtw"
    budget: float | None = Field(default=None, ge=0, le=MAX_DKK)
    charger_cap: int | None = Field(default=None, ge=0, le=1_000)
    early_return: bool = False


class BusinessInputs(BaseModel):
    """The business case's amounts (Rapporter, and the API's query)."""

    model_config = _STRICT

    tool_cost: float = Field(default=0.0, ge=0, le=MAX_DKK_PER_YEAR)
    one_off: float = Field(default=0.0, ge=0, le=MAX_DKK)
    fleet_management: float | None = Field(default=None, ge=0, le=100_000)
    saving_per_vehicle: float | None = Field(default=None, ge=0, le=MAX_DKK_PER_YEAR)
    # None: the factor set's price per point and per kW of grid connection
    charge_point: float | None = Field(default=None, ge=0, le=MAX_DKK_PER_YEAR)


class FleetCount(BaseModel):
    """How many of one vehicle a simulated fleet has."""

    model_config = _STRICT

    count: int = Field(ge=0, le=MAX_COUNT)


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One refused value: ``code`` (``valid.<code>`` in the catalogues), the
    field it is about and the values the message names."""

    field: str
    code: str
    params: Mapping[str, str]

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(field=self.field, **self.params)


MESSAGES: dict[str, str] = {
    "range": "{field} must be from {low} to {high}, got {value}.",
    "min": "{field} must be at least {low}, got {value}.",
    "max": "{field} must be at most {high}, got {value}.",
    "number": "{field} must be a number, got '{value}'.",
    "integer": "{field} must be a whole number, got '{value}'.",
    "date": "{field} must be a date (YYYY-MM-DD), got '{value}'.",
    "year": "{field} must be a date in {low}-{high}, got '{value}'.",
    "choice": "'{value}' is not a valid {field}.",
    "required": "{field} is empty; it needs a value.",
    "too_long": "{field} may have at most {high} characters.",
    "unknown": "{field} cannot be set here.",
}

_TYPE_CODES = {
    "int": "integer",
    "float": "number",
    "date": "date",
    "enum": "choice",
    "bool": "choice",
    "missing": "required",
    "extra": "unknown",
}


def _bounds(model: type[BaseModel], name: str) -> tuple[Any, Any]:
    info = model.model_fields.get(name)
    low = high = None
    for rule in info.metadata if info is not None else ():
        low = (
            getattr(rule, "ge", None) if getattr(rule, "ge", None) is not None else low
        )
        high = (
            getattr(rule, "le", None) if getattr(rule, "le", None) is not None else high
        )
    return low, high


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _problem(model: type[BaseModel], error: Mapping[str, Any]) -> FieldProblem:
    name = str(error["loc"][0]) if error.get("loc") else ""
    kind = str(error.get("type", ""))
    value = _text(error.get("input"))
    low, high = _bounds(model, name)
    bounds = {"low": _text(low), "high": _text(high), "value": value}
    if error.get("input") is None and kind.endswith("_type"):
        return FieldProblem(name, "required", {})
    if kind in ("greater_than_equal", "less_than_equal", "finite_number"):
        code = (
            "range"
            if low is not None and high is not None
            else ("min" if kind == "greater_than_equal" else "max")
        )
        return FieldProblem(name, code, bounds)
    if kind == "string_too_long":
        return FieldProblem(name, "too_long", {"high": str(error["ctx"]["max_length"])})
    if kind == "value_error" and "year" in str(error.get("msg", "")):
        years = {"low": str(FIRST_YEAR), "high": str(LAST_YEAR), "value": value}
        return FieldProblem(name, "year", years)
    for prefix, code in _TYPE_CODES.items():
        if kind.startswith(prefix):
            return FieldProblem(name, code, {"value": value})
    return FieldProblem(
        name, "number" if "float" in kind else "choice", {"value": value}
    )


def field_problems(
    model: type[BaseModel], values: Mapping[str, Any]
) -> list[FieldProblem]:
    """Every problem of ``values`` against ``model``, in the model's field order
    (empty: the values are valid)."""
    try:
        model.model_validate(dict(values))
    except ValidationError as exc:
        order = list(model.model_fields)
        found = [_problem(model, e) for e in exc.errors()]
        return sorted(
            found, key=lambda p: order.index(p.field) if p.field in order else 999
        )
    return []


def parse_number(text: Any) -> Any:
    """A number typed in a form as a float when it is one (a Danish decimal comma
    and thousands separators allowed), else the text itself, so the check names
    it ("tre" stays "tre", never 0)."""
    if not isinstance(text, str):
        return text
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw:  # 1.234,5 (da) -> 1234.5
        raw = raw.replace(".", "").replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return text.strip()
