"""Why-not sentences of EV suitability (``analytics.ev_suitability.Reason``) in
Danish or English: "3 dage i januar over 180 km med 5 t hjemme". The API and the
CLI share them (through ``fleetplan.texts``, without the user interface), so a
reason reads the same everywhere."""

from __future__ import annotations

from typing import Any

from fleetplan.analytics import CandidateFit, Reason
from fleetplan.texts.catalogue import translate
from fleetplan.texts.numbers import format_number


def reason_text(reason: Reason, language: str) -> str:
    """One reason as a sentence in ``language``."""
    p = dict(reason.params)
    if reason.code == "short_days":
        month = translate(language, f"suit.month.{p['month']}")
        km = format_number(p["km"], 0, language)
        if p["hours"] is None:  # only first days in the data: started full
            return translate(
                language,
                "suit.why.short_days_full",
                count=p["count"],
                month=month,
                km=km,
            )
        hours = format_number(
            p["hours"], 0 if float(p["hours"]).is_integer() else 1, language
        )
        return translate(
            language,
            "suit.why.short_days",
            count=p["count"],
            month=month,
            km=km,
            hours=hours,
        )
    if reason.code == "body":
        p = {k: translate(language, f"suit.body.{v}") for k, v in p.items()}
    elif reason.code == "cargo":
        p = {k: format_number(v or 0.0, 1, language) for k, v in p.items()}
    return translate(language, reason.key, **p)


def fit_text(fit: CandidateFit, language: str) -> str:
    """All of a candidate's reasons joined, or that it fits."""
    if fit.fits:
        return translate(language, "suit.fits")
    return "; ".join(reason_text(r, language) for r in fit.reasons)


def fit_row(fit: CandidateFit, language: str) -> dict[str, Any]:
    """The candidate's data with its sentence (``text``)."""
    return {**fit.to_dict(), "text": fit_text(fit, language)}
