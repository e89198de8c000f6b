"""The catalogues: ``translate(language, key, **params)``.

Catalogues are ``web/i18n/<lang>.toml`` plus one ``<lang>-<area>.toml`` per area,
with stable English keys (a key may be defined in one file only).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from fleetplan.texts.numbers import plural_form

LANGUAGES: tuple[str, ...] = ("da", "en")
DEFAULT_LANGUAGE = "da"
_DIR = Path(__file__).resolve().parents[1] / "web" / "i18n"


@cache
def catalogue(language: str) -> dict[str, str]:
    """The catalogue of ``language`` (cached)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {LANGUAGES}.")
    merged: dict[str, str] = {}
    files = [_DIR / f"{language}.toml", *sorted(_DIR.glob(f"{language}-*.toml"))]
    for path in files:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for key, value in data.items():
            if key in merged:
                raise ValueError(f"{path.name}: key {key!r} is defined twice.")
            merged[str(key)] = str(value)
    return merged


def translate(language: str, key: str, **params: Any) -> str:
    """The text of ``key`` in ``language`` with ``params`` filled in.

    A missing key raises ``KeyError`` (the catalogue test keeps them complete).
    With a ``count``, a key may have plural forms instead: ``<key>.one`` and
    ``<key>.other`` (CLDR's categories, chosen by Babel), so 1 gives
    "1 køretøj" and 2 "2 køretøjer".
    """
    texts = catalogue(language)
    if key not in texts and "count" in params:
        form = f"{key}.{plural_form(params['count'], language)}"
        key = form if form in texts else f"{key}.other"
    text = texts[key]
    return text.format(**params) if params else text
