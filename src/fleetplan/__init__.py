"""Fleetplan: right-size a municipal vehicle fleet by TCO and life-cycle CO2e."""

__version__ = "0.1.0"
