"""A refused value as the form says it: the catalogue's text of the problem's
code, with the field's label as the form shows it and the bounds in the page's
number format (5.000.000 in Danish)."""

from __future__ import annotations

from collections.abc import Mapping

from fleetplan.ingest.field_rules import FieldProblem, parse_number
from fleetplan.texts.numbers import format_number
from fleetplan.web.translate import translate

_BOUNDED = ("range", "min", "max")  # not "year": 2000 is not 2.000


def message_text(
    code: str, label: str, params: Mapping[str, str], language: str
) -> str:
    """``register.err.<code>`` with ``label`` as the field and the bounds formatted.

    ``language`` is explicit: reports check their inputs in a worker thread,
    outside the page's context."""
    values = dict(params)
    for bound in ("low", "high") if code in _BOUNDED else ():
        number = parse_number(values.get(bound))
        # 5.000.000 and 200.000 grouped; four digits (a year: 2100) as they are
        if isinstance(number, float) and abs(number) >= 10_000:
            values[bound] = format_number(number, 0, language)
    values["field"] = label
    return translate(language, f"register.err.{code}", **values)


def problem_text(problem: FieldProblem, label_key: str, language: str) -> str:
    """The message of ``problem`` naming the field by the catalogue's ``label_key``."""
    label = translate(language, label_key)
    return message_text(problem.code, label, problem.params, language)
