"""NiceGUI pages; importing this package registers every page."""

from fleetplan.web.pages import (  # noqa: F401  (registers pages)
    analysis,
    home,
    locations,
    login,
    optimisation,
    platform,
    reports,
    scenarios,
    settings,
    simulation,
    suitability,
    vehicles,
)
