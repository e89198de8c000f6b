"""The ``settings.external_options`` block of meta.json <-> ``ExternalRules``.

```json
"external_options": {
  "by_category": {"van": ["rental"], "truck": []},
  "by_department": {"Vej og Park": ["rental", "taxi"]}
}
```

A category or department not named keeps its default (``domain.external_rules``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fleetplan.domain import EXTERNAL_KINDS, ExternalRules, VehicleCategory

META_KEY = "external_options"


def _kinds(raw: Any, where: str) -> frozenset[str]:
    if not isinstance(raw, list | tuple):
        raise ValueError(f"{where} must be a list of {EXTERNAL_KINDS}.")
    return frozenset(str(k).strip().lower() for k in raw)


def external_rules_from_block(block: Mapping[str, Any]) -> ExternalRules:
    """The rules of a settings block (the defaults where it sets none); a
    ``ValueError`` names an unknown category or option."""
    raw = block.get(META_KEY)
    if not isinstance(raw, Mapping):
        return ExternalRules()
    by_category = {}
    for name, kinds in (raw.get("by_category") or {}).items():
        try:
            category = VehicleCategory(str(name))
        except ValueError:
            raise ValueError(
                f"{META_KEY}.by_category: unknown category {name!r}; use "
                f"{[c.value for c in VehicleCategory]}."
            ) from None
        by_category[category] = _kinds(kinds, f"{META_KEY}.by_category.{name}")
    by_department = {
        str(name): _kinds(kinds, f"{META_KEY}.by_department.{name}")
        for name, kinds in (raw.get("by_department") or {}).items()
    }
    return ExternalRules(by_category, by_department)


def external_rules_block(rules: ExternalRules) -> dict[str, Any]:
    """The JSON block that ``external_rules_from_block`` reads back as ``rules``."""
    return {
        "by_category": {
            str(c): sorted(k, key=EXTERNAL_KINDS.index)
            for c, k in rules.by_category.items()
        },
        "by_department": {
            d: sorted(k, key=EXTERNAL_KINDS.index)
            for d, k in rules.by_department.items()
        },
    }
