"""The council reports' text in Danish and English.

The text lives in the user interface's catalogue pair ``web/i18n/da-council.toml``
and ``en-council.toml`` (one place for translators; a test keeps the two in step),
and the factor names, units and sources in ``<lang>-factors.toml``, as the
Indstillinger page shows them (``web/factor_labels.py``: a built-in source is
translated under ``fsrc.`` + the first 10 hex digits of the SHA-1 of its English
text). This module reads those files as data instead of importing
``fleetplan.web``, so the API and the CLI can write a Danish report without
loading NiceGUI.
"""

from __future__ import annotations

import hashlib
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
    texts: dict[str, str] = {}
    for area in ("factors", "council"):
        path = _DIR / f"{language}-{area}.toml"
        if path.exists():  # the factor names are a nicety; the report's own text is not
            with path.open("rb") as handle:
                texts.update({str(k): str(v) for k, v in tomllib.load(handle).items()})
    return texts


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

    def factor(self, key: str) -> str:
        """A factor key's name (the key itself when it has none)."""
        return self._texts.get(f"factor.{key}", key)

    def unit(self, unit: str) -> str:
        return self._texts.get(f"funit.{unit}", unit)

    def source(self, source: str) -> str:
        """A built-in source translated; any other as written."""
        digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]
        return self._texts.get(f"fsrc.{digest}", source)
