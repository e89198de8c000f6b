"""Texts in Danish and English for every layer: the catalogues
(``web/i18n/<lang>[-<area>].toml``) and numbers, dates and plural forms through
Babel. It imports nothing of Fleetplan, so the API, the CLI and the reports write
the same sentences as the pages without loading the user interface."""
