"""Translations: ``t(key, **params)`` in the page's language (Danish by default).

Catalogues are ``i18n/<lang>.toml`` plus one ``i18n/<lang>-<area>.toml`` per page
area, with stable English keys (a key may be defined in one file only). The
language of a browser is the ``fleetplan_lang`` cookie, set by ``/lang/{code}``.
"""

from __future__ import annotations

import tomllib
import weakref
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES: tuple[str, ...] = ("da", "en")
DEFAULT_LANGUAGE = "da"
LANGUAGE_COOKIE = "fleetplan_lang"
_DIR = Path(__file__).resolve().parent / "i18n"

_client_language: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


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
        from fleetplan.web.numbers import plural_form

        form = f"{key}.{plural_form(params['count'], language)}"
        key = form if form in texts else f"{key}.other"
    text = texts[key]
    return text.format(**params) if params else text


def language_from_cookie(value: str | None) -> str:
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def set_page_language(language: str) -> None:
    """Remember the language of the NiceGUI client that is building its page."""
    from nicegui import context

    _client_language[context.client] = language_from_cookie(language)


def current_language() -> str:
    from nicegui import context

    try:
        return _client_language.get(context.client, DEFAULT_LANGUAGE)
    except RuntimeError:  # outside a page
        return DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    """``translate`` in the current page's language."""
    return translate(current_language(), key, **params)
