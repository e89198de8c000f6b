"""Factor keys, units and sources as a user reads them (issue 16: Indstillinger
showed ids such as ``ev.kwh_per_km`` and English source texts).

Every factor key and run setting has a ``factor.<key>`` label in
``i18n/<lang>-factors.toml``; the EV range table's twelve monthly keys share one
label with the month's name. A built-in source text is translated under
``fsrc.<sha-1 of the English text>``, so a changed source shows in English until
its translation is updated (a test lists the missing ones). A source a user
typed into an own set is shown as typed.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

from babel.dates import format_date

from fleetplan.texts.numbers import locale_of
from fleetplan.web.translate import catalogue, translate

_MONTHLY = re.compile(r"^(?P<base>[a-z_.]+)\.m(?P<month>0[1-9]|1[0-2])$")


def factor_label(key: str, language: str) -> str:
    """The key's meaning in ``language`` (the key itself only if unknown)."""
    texts = catalogue(language)
    if f"factor.{key}" in texts:
        return texts[f"factor.{key}"]
    monthly = _MONTHLY.match(key)
    if monthly and f"factor.{monthly['base']}" in texts:
        month = format_date(
            date(2000, int(monthly["month"]), 1), "LLLL", locale=locale_of(language)
        )
        return translate(language, f"factor.{monthly['base']}", month=month)
    return key


def unit_label(unit: str, language: str) -> str:
    return catalogue(language).get(f"funit.{unit}", unit)


def source_key(source: str) -> str:
    return "fsrc." + hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]


def source_text(source: str, language: str) -> str:
    """A built-in source translated; another (a user's own) as written."""
    return catalogue(language).get(source_key(source), source)


def has_label(key: str, language: str) -> bool:
    return factor_label(key, language) != key
