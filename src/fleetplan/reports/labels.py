"""The council reports' text in Danish and English.

The text lives in the user interface's catalogue pair ``web/i18n/da-council.toml``
and ``en-council.toml`` (one place for translators; a test keeps the two in step).
This module reads that pair as data files instead of importing ``fleetplan.web``,
so the API and the CLI can write a Danish report without loading NiceGUI.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("da", "en")
_DIR = Path(__file__).resolve().parents[1] / "web" / "i18n"


@cache
def _catalogue(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {LANGUAGES}.")
    with (_DIR / f"{language}-council.toml").open("rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).items()}


class Labels:
    """``labels(key, **params)``: the key's text in one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._texts = _catalogue(language)

    def __call__(self, key: str, **params: Any) -> str:
        text = self._texts.get(key)
        if text is None:
            raise KeyError(f"no council text {key!r} in {self.language!r}.")
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return key in self._texts
