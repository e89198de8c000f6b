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
from fleetplan.analytics.charger_need import ChargerNeed as ChargerNeed
from fleetplan.analytics.charger_need import LocationChargers as LocationChargers
from fleetplan.analytics.charger_need import charger_need as charger_need
from fleetplan.analytics.charger_need import location_chargers as location_chargers
from fleetplan.analytics.charger_need import plug_ins as plug_ins
from fleetplan.analytics.data_quality import DataQualityReport as DataQualityReport
from fleetplan.analytics.data_quality import Finding as Finding
from fleetplan.analytics.data_quality import FindingKind as FindingKind
from fleetplan.analytics.data_quality import data_quality as data_quality
from fleetplan.analytics.ev_suitability import CandidateFit as CandidateFit
from fleetplan.analytics.ev_suitability import Reason as Reason
from fleetplan.analytics.ev_suitability import (
    VehicleSuitability as VehicleSuitability,
)
from fleetplan.analytics.ev_suitability import ev_suitability as ev_suitability
from fleetplan.analytics.green_accounts import GreenAccounts as GreenAccounts
from fleetplan.analytics.green_accounts import GreenAccountsRow as GreenAccountsRow
from fleetplan.analytics.green_accounts import green_accounts as green_accounts
from fleetplan.analytics.peaks import PeakProfile as PeakProfile
from fleetplan.analytics.peaks import PeakReport as PeakReport
from fleetplan.analytics.peaks import concurrency_steps as concurrency_steps
from fleetplan.analytics.peaks import peak_concurrency as peak_concurrency
from fleetplan.analytics.peaks import vehicles_for_coverage as vehicles_for_coverage
from fleetplan.analytics.rates import KmRates as KmRates
from fleetplan.analytics.rates import candidate_scores as candidate_scores
from fleetplan.analytics.rates import rates_for as rates_for
from fleetplan.analytics.selection import AnalysisFilter as AnalysisFilter
from fleetplan.analytics.selection import Selection as Selection
from fleetplan.analytics.selection import factor_set_for as factor_set_for
from fleetplan.analytics.selection import select as select
from fleetplan.analytics.service import AnalysisKind as AnalysisKind
from fleetplan.analytics.service import AnalysisOptions as AnalysisOptions
from fleetplan.analytics.service import analyse as analyse
from fleetplan.analytics.service import analyse_all as analyse_all
from fleetplan.analytics.short_trips import ShortTripReport as ShortTripReport
from fleetplan.analytics.short_trips import ShortTripRow as ShortTripRow
from fleetplan.analytics.short_trips import short_trips as short_trips
from fleetplan.analytics.transition import CandidateScore as CandidateScore
from fleetplan.analytics.transition import PlanStep as PlanStep
from fleetplan.analytics.transition import TransitionPlan as TransitionPlan
from fleetplan.analytics.transition import transition_plan as transition_plan
from fleetplan.analytics.utilisation import UtilisationReport as UtilisationReport
from fleetplan.analytics.utilisation import VehicleUtilisation as VehicleUtilisation
from fleetplan.analytics.utilisation import utilisation as utilisation

__all__ = [
    "AnalysisFilter",
    "AnalysisKind",
    "AnalysisOptions",
    "BreakEvenYear",
    "BusinessCase",
    "BusinessCaseInputs",
    "CandidateFit",
    "CandidateScore",
    "ChargerNeed",
    "DataQualityReport",
    "Finding",
    "FindingKind",
    "GreenAccounts",
    "GreenAccountsRow",
    "KmRates",
    "LocationChargers",
    "PeakProfile",
    "PeakReport",
    "PlanStep",
    "Reason",
    "ScenarioSaving",
    "Selection",
    "ShortTripReport",
    "ShortTripRow",
    "TransitionPlan",
    "UtilisationReport",
    "VehicleRunningCost",
    "VehicleSuitability",
    "VehicleUtilisation",
    "analyse",
    "analyse_all",
    "break_even",
    "candidate_scores",
    "charger_need",
    "concurrency_steps",
    "data_quality",
    "ev_suitability",
    "factor_set_for",
    "green_accounts",
    "location_chargers",
    "peak_concurrency",
    "plug_ins",
    "rates_for",
    "select",
    "short_trips",
    "transition_plan",
    "utilisation",
    "vehicles_for_coverage",
]
