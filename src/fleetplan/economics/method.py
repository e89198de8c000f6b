"""The discounting, evaluation and annualisation rules of a factor set's method.

Sources: Miljøstyrelsen's TCO tool for vehicles (the POGI tool before it): discount
rate 4 %, evaluation period in years, yearly price development per energy type; the
price a factor set gives holds for year 1, so year k costs ``price × (1+g)^(k−1)``
and is discounted by ``(1+r)^−k``.
"""

from __future__ import annotations

import math

from fleetplan.domain import FactorSet, Fuel, Period
from fleetplan.economics.keys import EconKey, EconOption

# Miljøstyrelsen's TCO tool, sheet "CO2e udledninger Fremskrivning": el, kg CO2e/kWh
# for year 1, 2, ... (as used by OS2 FleetOptimiser when its factor is 0.09).
OS2_ELECTRIC_PROJECTION_KG_PER_KWH: tuple[float, ...] = (
    0.089,
    0.07,
    0.058,
    0.054,
    0.05,
    0.042,
    0.037,
    0.032,
    0.013,
    *([0.012] * 21),
)
OS2_ELECTRIC_TRIGGER_KG_PER_KWH = 0.09

_PRICE_DEVELOPMENT: dict[Fuel, str] = {
    Fuel.ELECTRIC: EconKey.PRICE_DEVELOPMENT_ELECTRIC,
    Fuel.PETROL: EconKey.PRICE_DEVELOPMENT_PETROL,
    Fuel.DIESEL: EconKey.PRICE_DEVELOPMENT_DIESEL,
    Fuel.HVO: EconKey.PRICE_DEVELOPMENT_HVO,
}


def option(factors: FactorSet, name: str, default: str) -> str:
    """A method switch of the set, or its default when the set does not say."""
    return str(factors.options.get(name, default))


def evaluation_years(factors: FactorSet, years: int | None = None) -> int:
    """The evaluation period in whole years (the argument wins over the set)."""
    value = (
        years if years is not None else int(factors.get(EconKey.EVALUATION_YEARS, 1))
    )
    if value < 1:
        raise ValueError(f"evaluation period must be >= 1 year, got {value}.")
    return int(value)


def discount_rate(factors: FactorSet) -> float:
    return float(factors.get(EconKey.DISCOUNT_RATE, 0.0) or 0.0)


def price_development(factors: FactorSet, fuel: Fuel) -> float:
    """Yearly price development of an energy type (0.0139 = 1.39 % a year)."""
    key = _PRICE_DEVELOPMENT.get(fuel)
    return 0.0 if key is None else float(factors.get(key, 0.0) or 0.0)


def discount_factors(rate: float, years: int) -> list[float]:
    """``(1+r)^−k`` for k = 1..years."""
    return [(1.0 + rate) ** -k for k in range(1, years + 1)]


def annuity_factor(rate: float, years: int) -> float:
    """Equivalent annual amount of a present value of 1: ``r / (1 − (1+r)^−n)``.

    With r = 0 it is ``1 / n``.
    """
    if rate == 0:
        return 1.0 / years
    # 1 − (1+r)^−n, computed without cancellation for tiny r
    return rate / -math.expm1(-years * math.log1p(rate))


def yearly_multiplier(
    factors: FactorSet, growth: float = 0.0, years: int | None = None
) -> float:
    """What a year-1 cost of 1 kr counts as per year under the set's method.

    ``NPV = Σ_{k=1..n} (1+g)^(k−1) (1+r)^−k``; the yearly figure is
    ``NPV × annuity_factor(r, n)`` (option ``yearly_value = annuity``) or
    ``NPV / n`` (``discounted_mean``, OS2). One year at 4 % gives 1/1.04 under
    ``discounted_mean`` and 1 under ``annuity``.
    """
    n = evaluation_years(factors, years)
    rate = discount_rate(factors)
    npv = sum(
        (1.0 + growth) ** (k - 1) * d
        for k, d in enumerate(discount_factors(rate, n), start=1)
    )
    mode = option(factors, EconOption.YEARLY_VALUE, EconOption.YEARLY_ANNUITY)
    if mode == EconOption.YEARLY_DISCOUNTED_MEAN:
        return npv / n
    if mode == EconOption.YEARLY_ANNUITY:
        return npv * annuity_factor(rate, n)
    raise ValueError(f"factor set {factors.name!r}: unknown yearly_value {mode!r}.")


def electric_co2e_factors(
    factors: FactorSet, basis_key: str, years: int
) -> list[float]:
    """Electricity kg CO2e/kWh for years 1..n on one basis (a ``FactorKey``).

    With option ``electric_co2e_projection = os2`` and a factor of exactly 0.09, the
    declining series of the TCO tool is used (0.089 in year 1), as OS2 does; else the
    factor holds for every year.
    """
    base = float(factors.get(basis_key, 0.0) or 0.0)
    projection = option(factors, EconOption.ELECTRIC_PROJECTION, "none")
    if (
        projection == EconOption.PROJECTION_OS2
        and base == OS2_ELECTRIC_TRIGGER_KG_PER_KWH
    ):
        series = OS2_ELECTRIC_PROJECTION_KG_PER_KWH
        return [series[min(k, len(series) - 1)] for k in range(years)]
    return [base] * years


def electric_co2e_year1(factors: FactorSet, basis_key: str) -> float:
    return electric_co2e_factors(factors, basis_key, 1)[0]


def co2e_basis(factors: FactorSet) -> str:
    basis = option(factors, EconOption.CO2E_BASIS, EconOption.BASIS_WTW)
    if basis not in (EconOption.BASIS_WTW, EconOption.BASIS_TTW):
        raise ValueError(f"factor set {factors.name!r}: unknown co2e_basis {basis!r}.")
    return basis


def annualisation_factor(
    period: Period, data_span: Period | None, factors: FactorSet
) -> float:
    """Multiply a period's figure by this to get a yearly figure: ``365 / days``.

    The days are those of ``data_span`` (first roundtrip start to last end) when the
    set's option ``annualisation`` is ``data_span`` (OS2 FleetOptimiser) and a span
    is given; else those of the selected ``period`` (Fleetplan's default).
    """
    mode = option(factors, EconOption.ANNUALISATION, EconOption.ANNUALISATION_PERIOD)
    if mode == EconOption.ANNUALISATION_DATA_SPAN and data_span is not None:
        return 365.0 / data_span.days
    if mode not in (
        EconOption.ANNUALISATION_PERIOD,
        EconOption.ANNUALISATION_DATA_SPAN,
    ):
        raise ValueError(
            f"factor set {factors.name!r}: unknown annualisation {mode!r}."
        )
    return 365.0 / period.days
