"""Ids of the economics values and options a factor set may hold.

``fleetplan.domain.FactorKey`` holds the ids of prices, emission factors, the CO2
price and the mileage allowance. The ids here are the rest of what the TCO method,
the life-cycle view and the external options read. They are plain strings, like
``FactorKey``'s, so a factor set stays a flat, JSON-able mapping.
"""

from __future__ import annotations


class EconKey:
    """Ids of the numeric values ``fleetplan.economics`` reads besides ``FactorKey``."""

    # TCO method (Miljøstyrelsen's TCO tool for vehicles / POGI)
    DISCOUNT_RATE = "tco.discount_rate"
    EVALUATION_YEARS = "tco.evaluation_years"
    PRICE_DEVELOPMENT_ELECTRIC = "tco.price_development.electric"
    PRICE_DEVELOPMENT_PETROL = "tco.price_development.petrol"
    PRICE_DEVELOPMENT_DIESEL = "tco.price_development.diesel"
    PRICE_DEVELOPMENT_HVO = "tco.price_development.hvo"
    # plug-in hybrids: share of km driven on electricity
    PHEV_ELECTRIC_SHARE = "phev.electric_share"
    # taxi tariff (start fee + per km + per hour), day and evening/weekend
    TAXI_DAY_START_DKK = "taxi.day.start_dkk"
    TAXI_DAY_DKK_PER_KM = "taxi.day.dkk_per_km"
    TAXI_DAY_DKK_PER_H = "taxi.day.dkk_per_h"
    TAXI_EVENING_START_DKK = "taxi.evening.start_dkk"
    TAXI_EVENING_DKK_PER_KM = "taxi.evening.dkk_per_km"
    TAXI_EVENING_DKK_PER_H = "taxi.evening.dkk_per_h"
    TAXI_DAY_FIRST_HOUR = "taxi.day.first_hour"
    TAXI_DAY_LAST_HOUR = "taxi.day.last_hour"
    TAXI_KM_PER_L = "taxi.km_per_l"
    # electric rental car
    RENTAL_DKK_PER_DAY = "rental.dkk_per_day"
    RENTAL_INCLUDED_KM_PER_DAY = "rental.included_km_per_day"
    RENTAL_EXTRA_DKK_PER_KM = "rental.extra_dkk_per_km"
    RENTAL_KWH_PER_KM = "rental.kwh_per_km"
    # life cycle: production of the body by size class, battery per kWh, service life
    PRODUCTION_SMALL_CAR_KG = "lca.production.small_car_kg"
    PRODUCTION_MEDIUM_CAR_KG = "lca.production.medium_car_kg"
    PRODUCTION_VAN_KG = "lca.production.van_kg"
    PRODUCTION_MINIBUS_KG = "lca.production.minibus_kg"
    PRODUCTION_BIKE_KG = "lca.production.bike_kg"
    PRODUCTION_CARGO_BIKE_KG = "lca.production.cargo_bike_kg"
    BATTERY_PRODUCTION_KG_PER_KWH = "lca.battery_kg_per_kwh"
    EV_DESIGN_RANGE_KM = "lca.ev_design_range_km"  # battery estimate when unknown
    # an EV whose register has no range: the range a run assumes when asked to
    ASSUMED_EV_RANGE_KM = "ev.assumed_range_km"
    EBIKE_BATTERY_KWH = "lca.ebike_battery_kwh"
    SERVICE_LIFE_YEARS = "lca.service_life_years"
    DEFAULT_YEARLY_KM = "lca.default_yearly_km"
    # a lease returned before its end: the share of the remaining payments paid
    LEASE_EARLY_TERMINATION_SHARE = "lease.early_termination_share"
    # a charge point at a municipal site: hardware + installation per point, and
    # the grid connection per kW of peak it adds (``analytics.charger_need``)
    CHARGE_POINT_DKK = "charger.point_dkk"
    CHARGER_GRID_DKK_PER_KW = "charger.grid_dkk_per_kw"


class EconOption:
    """Ids of the non-numeric switches (``FactorSet.options``) and their values."""

    ANNUALISATION = "annualisation"
    ANNUALISATION_PERIOD = "period"  # 365 / days of the selected period
    ANNUALISATION_DATA_SPAN = "data_span"  # 365 / days from first start to last end

    YEARLY_VALUE = "yearly_value"
    # equivalent annual amount of the NPV over the evaluation period, every cost
    YEARLY_ANNUITY = "annuity"
    # energy and CO2e cost: NPV / years; fixed cost as given (OS2 FleetOptimiser)
    YEARLY_DISCOUNTED_MEAN = "discounted_mean"

    CO2E_BASIS = "co2e_basis"  # which factors the reported and valued CO2e use
    BASIS_WTW = "wtw"
    BASIS_TTW = "ttw"

    ELECTRIC_PROJECTION = "electric_co2e_projection"
    # when the electricity factor is exactly 0.09 kg/kWh, use the declining series of
    # Miljøstyrelsen's TCO tool (0.089 in year 1) as OS2 FleetOptimiser does
    PROJECTION_OS2 = "os2"
    PROJECTION_NONE = "none"
