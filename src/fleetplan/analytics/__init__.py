"""Analyses of how the fleet is used: peaks, utilisation, short trips, data quality,
transition plan, green accounts and the business case."""

from fleetplan.analytics.peaks import PeakProfile as PeakProfile
from fleetplan.analytics.peaks import PeakReport as PeakReport
from fleetplan.analytics.peaks import concurrency_steps as concurrency_steps
from fleetplan.analytics.peaks import peak_concurrency as peak_concurrency
from fleetplan.analytics.peaks import vehicles_for_coverage as vehicles_for_coverage

__all__ = [
    "PeakProfile",
    "PeakReport",
    "concurrency_steps",
    "peak_concurrency",
    "vehicles_for_coverage",
]
