"""Where each setting, price and factor of a run came from.

Precedence (``docs/running.md``, "Where the settings come from"):

1. the user: a flag, an API field or a form field (``--no-shifts``,
   ``max_unallocated`` ...), and a factor set the user named (``--factors``, the
   API's ``factors``): its values win over the dataset's ``meta.json`` for every
   value the set defines;
2. the dataset's ``meta.json`` settings block (for a database: the settings saved
   with the dataset, including bike rules and shifts edited in Indstillinger);
3. the factor set (the default ``dk-2025`` when none is named) and Fleetplan's
   built-in defaults for run settings the factor set does not hold.

``ignore_meta`` skips step 2 altogether. Without a named factor set, meta's prices
and factors replace the default set's (the dataset's own comparison settings).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from fleetplan.domain import FactorSet, RunSettings
from fleetplan.ingest.meta_settings import (
    RUN_SETTING_META_KEYS,
    factor_overrides_with_keys,
    run_setting_meta_key,
    run_settings_from_meta,
)

META_SOURCE = "meta.json"


class Origin(StrEnum):
    FACTOR_SET = "factor_set"  # detail: the set's name
    META = "meta"  # detail: the meta.json key
    USER = "user"  # detail: the flag or field
    DEFAULT = "default"  # Fleetplan's built-in run-setting default


@dataclass(frozen=True, slots=True)
class SettingSource:
    """One value a run used and where it came from.

    ``unused_meta_value``: meta.json held another value that did not apply (the
    user named a factor set, or asked to ignore meta)."""

    key: str
    value: float | str
    unit: str
    origin: Origin
    detail: str
    unused_meta_value: float | str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": self.value,
            "unit": self.unit,
            "origin": str(self.origin),
            "detail": self.detail,
            "unused_meta_value": self.unused_meta_value,
        }


@dataclass(frozen=True, slots=True)
class Provenance:
    factor_set: str
    factors_explicit: bool
    ignore_meta: bool
    sources: tuple[SettingSource, ...]

    def source(self, key: str) -> SettingSource:
        for item in self.sources:
            if item.key == key:
                return item
        raise KeyError(f"no setting {key!r} in the provenance.")

    def counts(self) -> dict[str, int]:
        seen = Counter(str(s.origin) for s in self.sources)
        return {str(o): seen.get(str(o), 0) for o in Origin}

    def with_user(
        self, key: str, value: float | str, flag: str, unit: str = ""
    ) -> Provenance:
        """A copy where the user set ``key`` (by ``flag``)."""
        items = list(self.sources)
        for index, item in enumerate(items):
            if item.key == key:
                items[index] = replace(
                    item, value=value, origin=Origin.USER, detail=flag
                )
                return replace(self, sources=tuple(items))
        items.append(SettingSource(key, value, unit, Origin.USER, flag))
        return replace(self, sources=tuple(items))

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor_set": self.factor_set,
            "factors_explicit": self.factors_explicit,
            "ignore_meta": self.ignore_meta,
            "counts": self.counts(),
            "rows": [s.to_dict() for s in self.sources],
        }


_RUN_UNITS = {
    "turnaround_min": "min",
    "slack_unallocated_trips": "trips",
    "max_undriven_km": "km",
    "bike.max_km_per_trip": "km",
    "bike.bike_max_kmh": "km/h",
    "bike.ebike_max_kmh": "km/h",
    "bike.percentage_of_trips": "%",
}


def _run_value(settings: RunSettings, key: str) -> float | str:
    if key == "shifts":
        return (
            "; ".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in settings.shifts) or "-"
        )
    if key == "bike.slots":
        return "; ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in settings.bike.slots)
    if key.startswith("bike."):
        return float(getattr(settings.bike, key.removeprefix("bike.")))
    value = getattr(settings, key)
    return value if isinstance(value, str) else float(value)


@dataclass(frozen=True, slots=True)
class ResolvedSettings:
    factors: FactorSet
    settings: RunSettings
    provenance: Provenance


def resolve_settings(
    meta: Mapping[str, Any],
    factor_set: FactorSet,
    *,
    factors_explicit: bool = False,
    ignore_meta: bool = False,
    use_shifts: bool = True,
) -> ResolvedSettings:
    """The factor values and run settings of a run, by the module's precedence,
    with the origin of each."""
    block_meta: Mapping[str, Any] = {} if ignore_meta else meta
    from_meta = factor_overrides_with_keys(meta)
    applied = {} if factors_explicit or ignore_meta else from_meta
    factors = factor_set.with_values(
        {k: v for k, (v, _) in applied.items()}, source=META_SOURCE
    )
    rows: list[SettingSource] = []
    for key in sorted(factors.values):
        item = factors.values[key]
        if key in applied:
            rows.append(
                SettingSource(key, item.value, item.unit, Origin.META, applied[key][1])
            )
            continue
        other = from_meta.get(key)
        rows.append(
            SettingSource(
                key,
                item.value,
                item.unit,
                Origin.FACTOR_SET,
                factor_set.name,
                None if other is None or other[0] == item.value else other[0],
            )
        )
    settings = run_settings_from_meta(block_meta, use_shifts=use_shifts)
    meta_settings = run_settings_from_meta(meta)
    for key in RUN_SETTING_META_KEYS:
        value = _run_value(settings, key)
        meta_key = run_setting_meta_key(block_meta, key)
        if key == "shifts" and not use_shifts:
            origin, detail = Origin.USER, "shifts off"
        elif meta_key is not None:
            origin, detail = Origin.META, meta_key
        else:
            origin, detail = Origin.DEFAULT, "Fleetplan"
        unused: float | str | None = None
        if ignore_meta and run_setting_meta_key(meta, key) is not None:
            in_meta = _run_value(meta_settings, key)
            unused = None if in_meta == value else in_meta
        rows.append(
            SettingSource(key, value, _RUN_UNITS.get(key, ""), origin, detail, unused)
        )
    provenance = Provenance(factor_set.name, factors_explicit, ignore_meta, tuple(rows))
    return ResolvedSettings(factors, settings, provenance)
