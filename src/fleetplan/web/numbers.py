"""Number formatting for the page's language (Danish: 1.234,5; English: 1,234.5)."""

from __future__ import annotations


def format_number(value: float, decimals: int, language: str) -> str:
    """``value`` rounded to ``decimals`` with the language's separators."""
    text = f"{value:,.{decimals}f}"
    if language == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_share(share: float, language: str) -> str:
    """A share 0..1 as a percentage with one decimal (0.625 -> "62,5 %")."""
    return f"{format_number(100.0 * share, 1, language)} %"
