"""Analyses of how the fleet is used: peaks, utilisation, short trips, data quality,
transition plan, green accounts and the business case."""

from fleetplan.analytics.business_case import BreakEvenYear as BreakEvenYear
from fleetplan.analytics.business_case import BusinessCase as BusinessCase
from fleetplan.analytics.business_case import (
    BusinessCaseInputs as BusinessCaseInputs,
)
from fleetplan.analytics.business_case import ScenarioSaving as ScenarioSaving
from fleetplan.analytics.business_case import (
    VehicleRunningCost as VehicleRunningCost,
)
from fleetplan.analytics.business_case import break_even as break_even
from fleetplan.analytics.data_quality import DataQualityReport as DataQualityReport
from fleetplan.analytics.data_quality import Finding as Finding
from fleetplan.analytics.data_quality import FindingKind as FindingKind
from fleetplan.analytics.data_quality import data_quality as data_quality
from fleetplan.analytics.peaks import PeakProfile as PeakProfile
from fleetplan.analytics.peaks import PeakReport as PeakReport
from fleetplan.analytics.peaks import concurrency_steps as concurrency_steps
from fleetplan.analytics.peaks import peak_concurrency as peak_concurrency
from fleetplan.analytics.peaks import vehicles_for_coverage as vehicles_for_coverage
from fleetplan.analytics.rates import KmRates as KmRates
from fleetplan.analytics.short_trips import ShortTripReport as ShortTripReport
from fleetplan.analytics.short_trips import ShortTripRow as ShortTripRow
from fleetplan.analytics.short_trips import short_trips as short_trips
from fleetplan.analytics.utilisation import UtilisationReport as UtilisationReport
from fleetplan.analytics.utilisation import VehicleUtilisation as VehicleUtilisation
from fleetplan.analytics.utilisation import utilisation as utilisation

__all__ = [
    "BreakEvenYear",
    "BusinessCase",
    "BusinessCaseInputs",
    "DataQualityReport",
    "Finding",
    "FindingKind",
    "KmRates",
    "PeakProfile",
    "PeakReport",
    "ScenarioSaving",
    "ShortTripReport",
    "ShortTripRow",
    "UtilisationReport",
    "VehicleRunningCost",
    "VehicleUtilisation",
    "break_even",
    "concurrency_steps",
    "data_quality",
    "peak_concurrency",
    "short_trips",
    "utilisation",
    "vehicles_for_coverage",
]
