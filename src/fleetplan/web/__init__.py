"""The user interface: NiceGUI pages on the API's FastAPI app, Danish and English."""

from fleetplan.web.app import create_app as create_app
from fleetplan.web.translate import LANGUAGES as LANGUAGES
from fleetplan.web.translate import t as t
from fleetplan.web.translate import translate as translate

__all__ = ["LANGUAGES", "create_app", "t", "translate"]
