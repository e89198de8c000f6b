"""NiceGUI pages; importing this package registers every page."""

from fleetplan.web.pages import (  # noqa: F401  (registers pages)
    home,
    locations,
    login,
    placeholders,
    scenarios,
    settings,
    simulation,
    vehicles,
)
