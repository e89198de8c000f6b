"""Contracts: a leased vehicle stays until its lease ends unless early return is
allowed, and then its early-termination cost is in the objective.

A vehicle is *under lease* on ``as_of`` when it is not owned and its
``lease_end`` is after that day. Without the user's leave (``ContractTerms``) it
must stay, like a kept vehicle. With it, returning the vehicle costs its fee: the
user's per-vehicle figure, else the factor set's share of the remaining payments
(``lease.early_termination_share`` × yearly payment × years left). The MILP weighs
yearly figures, so the fee counts per year of the lease's remaining term: fee ÷
years left (at least a month), which for the default is share × yearly payment.
Returning it then saves ``(1 − share)`` of its payment a year, not all of it.

An owned vehicle may always go: it is sold, and its ``annual_cost_dkk`` (purchase
annuity + running costs, ``economics.tco``) stops, which is what selling at its
residual value, the value the annuity leaves, means. A loss on the sale below
that value is the same per-vehicle fee (``termination_fee_dkk``), spread over a
year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from fleetplan.domain import FactorSet, LeaseType, Vehicle
from fleetplan.economics import fixed_cost_dkk_per_year
from fleetplan.economics.keys import EconKey

# the factor set's default when an edited set lacks the value (same source)
DEFAULT_EARLY_TERMINATION_SHARE = 0.5
# a fee is spread over the lease's years left, but over at least a month
MIN_REMAINING_YEARS = 1.0 / 12.0


@dataclass(frozen=True, slots=True)
class ContractTerms:
    """What the user allows: early return of all leases or of the named vehicles,
    and per-vehicle fees in kr (one-off) that replace the factor set's default.
    ``as_of`` is the day contracts are judged on (None: today)."""

    early_return_all: bool = False
    early_return: frozenset[str] = frozenset()
    termination_fee_dkk: Mapping[str, float] = field(default_factory=dict)
    as_of: date | None = None

    def __post_init__(self) -> None:
        bad = {k: v for k, v in self.termination_fee_dkk.items() if v < 0}
        if bad:
            raise ValueError(f"termination fees must be >= 0, got {bad}.")

    def day(self) -> date:
        return self.as_of or date.today()

    def allows(self, vehicle: Vehicle) -> bool:
        return self.early_return_all or vehicle.vehicle_id in self.early_return


def under_lease(vehicle: Vehicle, as_of: date) -> bool:
    """Leased (or rented) with a lease end after ``as_of``."""
    return (
        vehicle.lease_type is not LeaseType.OWNED
        and vehicle.lease_end is not None
        and vehicle.lease_end > as_of
    )


def years_left(vehicle: Vehicle, as_of: date) -> float:
    if vehicle.lease_end is None:
        return MIN_REMAINING_YEARS
    return max(MIN_REMAINING_YEARS, (vehicle.lease_end - as_of).days / 365.0)


def must_stay(vehicle: Vehicle, terms: ContractTerms) -> bool:
    """Under lease and early return not allowed."""
    return under_lease(vehicle, terms.day()) and not terms.allows(vehicle)


def termination_fee_dkk(
    vehicle: Vehicle, factors: FactorSet, terms: ContractTerms
) -> float:
    """The one-off cost of removing the vehicle now (0: none)."""
    own = terms.termination_fee_dkk.get(vehicle.vehicle_id)
    if own is not None:
        return own
    as_of = terms.day()
    if not under_lease(vehicle, as_of):
        return 0.0
    share = factors.get(
        EconKey.LEASE_EARLY_TERMINATION_SHARE, DEFAULT_EARLY_TERMINATION_SHARE
    )
    payment = fixed_cost_dkk_per_year(vehicle, factors)
    return float(share or 0.0) * payment * years_left(vehicle, as_of)


def removal_dkk_per_year(
    vehicle: Vehicle, factors: FactorSet, terms: ContractTerms
) -> float:
    """The fee as a yearly cost of removing the vehicle (the module docstring)."""
    fee = termination_fee_dkk(vehicle, factors, terms)
    if fee == 0.0:
        return 0.0
    as_of = terms.day()
    years = years_left(vehicle, as_of) if under_lease(vehicle, as_of) else 1.0
    return fee / years
