"""Translations: ``t(key, **params)`` in the page's language (Danish by default).

Catalogues are ``i18n/<lang>.toml`` plus one ``i18n/<lang>-<area>.toml`` per page
area, with stable English keys (a key may be defined in one file only). The
language of a browser is the ``fleetplan_lang`` cookie, set by ``/lang/{code}``.
"""

from __future__ import annotations

import weakref
from typing import Any

from fleetplan.texts.catalogue import DEFAULT_LANGUAGE as DEFAULT_LANGUAGE
from fleetplan.texts.catalogue import LANGUAGES as LANGUAGES
from fleetplan.texts.catalogue import catalogue as catalogue
from fleetplan.texts.catalogue import translate as translate

LANGUAGE_COOKIE = "fleetplan_lang"

_client_language: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


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
