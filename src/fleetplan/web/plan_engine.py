"""The transition plan's engine line on Plan og rapporter: how the plan was made
(the MILP: optimal or stopped at its time limit with the proven gap; or the rule
when the MILP found no plan) and what it saves against the rule, which is priced
by the same cost function (``optimise.transition_plan``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nicegui import ui

from fleetplan.texts.numbers import format_number, format_share
from fleetplan.web.translate import current_language, translate

MILLION = 1_000_000.0


def engine_text(engine: Mapping[str, Any], language: str) -> str:
    """One sentence for the engine row (``TransitionReport.engine``)."""

    def mio(value: float) -> str:
        return format_number(value / MILLION, 1, language)

    if engine.get("engine") != "milp" or engine.get("total_dkk") is None:
        return translate(language, "plan.engine.rule_fallback")
    rule = float(engine.get("rule_total_dkk") or 0.0)
    total = float(engine["total_dkk"])
    key = (
        "plan.engine.optimal" if engine["status"] == "optimal" else "plan.engine.limit"
    )
    return translate(
        language,
        key,
        total=mio(total),
        gap=f"{format_number(100.0 * float(engine['gap']), 2, language)} %",
        rule=mio(rule),
        saving=format_share(1.0 - total / rule if rule > 0 else 0.0, language),
        seconds=format_number(float(engine["runtime_s"]), 1, language),
    )


def engine_line(engine: Mapping[str, Any] | None) -> None:
    """The sentence under the plan (nothing when the rule made the plan)."""
    if not engine:
        return
    ui.label(engine_text(engine, current_language())).classes("text-caption").props(
        'data-testid="plan-engine"'
    )
