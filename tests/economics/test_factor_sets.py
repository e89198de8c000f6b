"""The built-in factor sets: names, sources, OS2 values, JSON round trip."""

from __future__ import annotations

import pytest

from fleetplan.domain import FactorKey, FactorSet
from fleetplan.economics import (
    DEFAULT_FACTOR_SET_NAME,
    EconKey,
    EconOption,
    builtin_factor_sets,
    get_builtin_factor_set,
)


def test_default_first_and_named() -> None:
    names = [s.name for s in builtin_factor_sets()]
    assert names[0] == DEFAULT_FACTOR_SET_NAME == "dk-2025"
    assert "os2-defaults" in names


@pytest.mark.parametrize("factor_set", builtin_factor_sets(), ids=lambda s: s.name)
def test_every_value_has_unit_year_and_source(factor_set: FactorSet) -> None:
    for key, value in factor_set.values.items():
        assert value.unit, key
        assert value.year is not None, key
        assert value.source, key


def test_sets_hold_the_same_keys() -> None:
    dk, os2 = builtin_factor_sets()
    assert set(dk.values) == set(os2.values)
    public = {v for k, v in vars(FactorKey).items() if k.isupper()}
    assert public <= set(dk.values)


def test_os2_defaults_values_and_source() -> None:
    """OS2 simulation_settings defaults as listed in factors.md."""
    s = get_builtin_factor_set("os2-defaults")
    expected = {
        FactorKey.PRICE_ELECTRIC_DKK_PER_KWH: 2.13,
        FactorKey.PRICE_PETROL_DKK_PER_L: 12.33,
        FactorKey.PRICE_DIESEL_DKK_PER_L: 10.83,
        FactorKey.PRICE_HVO_DKK_PER_L: 19.84,
        FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH: 0.09,
        FactorKey.CO2E_WTW_PETROL_KG_PER_L: 2.52,
        FactorKey.CO2E_WTW_DIESEL_KG_PER_L: 2.98,
        FactorKey.CO2E_WTW_HVO_KG_PER_L: 0.894,
        FactorKey.CO2_PRICE_DKK_PER_T: 1500.0,
        FactorKey.ALLOWANCE_LOW_DKK_PER_KM: 3.70,
        FactorKey.ALLOWANCE_HIGH_DKK_PER_KM: 2.17,
        FactorKey.ALLOWANCE_THRESHOLD_KM: 20_000.0,
    }
    for key, value in expected.items():
        assert s[key] == value, key
        assert s.values[key].source.startswith(
            "OS2FleetOptimiser simulation_settings defaults"
        )
    assert s.options[EconOption.ANNUALISATION] == EconOption.ANNUALISATION_DATA_SPAN


def test_dk_2025_values() -> None:
    s = get_builtin_factor_set("dk-2025")
    assert s[FactorKey.PRICE_PETROL_DKK_PER_L] == 13.60
    assert s[FactorKey.PRICE_DIESEL_DKK_PER_L] == 12.60
    assert s[FactorKey.PRICE_ELECTRIC_DKK_PER_KWH] == 2.31
    assert s[FactorKey.CO2E_WTW_ELECTRIC_KG_PER_KWH] == 0.07
    assert s[FactorKey.CO2E_WTW_HVO_KG_PER_L] == 0.24
    assert s[FactorKey.CO2E_TTW_ELECTRIC_KG_PER_KWH] == 0.0
    assert s[FactorKey.ALLOWANCE_LOW_DKK_PER_KM] == 3.81
    assert s.options[EconOption.ANNUALISATION] == EconOption.ANNUALISATION_PERIOD


@pytest.mark.parametrize("factor_set", builtin_factor_sets(), ids=lambda s: s.name)
def test_json_round_trip(factor_set: FactorSet) -> None:
    assert FactorSet.from_dict(factor_set.to_dict()) == factor_set


def test_unknown_set_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="dk-2025"):
        get_builtin_factor_set("nope")


@pytest.mark.parametrize("factor_set", builtin_factor_sets(), ids=lambda s: s.name)
def test_charger_costs_are_sourced_and_not_zero(factor_set: FactorSet) -> None:
    """Issue 20: a charge point is not free (the business case paid back in 2027
    with 0 kr), and every price says whether it includes VAT."""
    for key in (EconKey.CHARGE_POINT_DKK, EconKey.CHARGER_GRID_DKK_PER_KW):
        assert factor_set[key] > 0
        assert "VAT" in factor_set.values[key].source
    dk = get_builtin_factor_set("dk-2025")
    for key in (
        FactorKey.PRICE_PETROL_DKK_PER_L,
        FactorKey.PRICE_DIESEL_DKK_PER_L,
        FactorKey.PRICE_ELECTRIC_DKK_PER_KWH,
    ):
        assert dk.values[key].year == 2025
        assert "incl. 25 % VAT" in dk.values[key].source
