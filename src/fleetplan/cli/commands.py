"""Imports every command module so its commands register on ``app``.

Add one line per new module (keep them sorted).
"""

from fleetplan.cli import analyse_command as analyse_command
from fleetplan.cli import connector_commands as connector_commands
from fleetplan.cli import dataset_info as dataset_info
from fleetplan.cli import economics_commands as economics_commands
from fleetplan.cli import gps_commands as gps_commands
from fleetplan.cli import optimise_command as optimise_command
from fleetplan.cli import org_commands as org_commands
from fleetplan.cli import plan_command as plan_command
from fleetplan.cli import report_commands as report_commands
from fleetplan.cli import simulate_command as simulate_command
from fleetplan.cli import store_commands as store_commands
from fleetplan.cli import suitability_command as suitability_command
from fleetplan.cli import web_commands as web_commands
from fleetplan.cli import worker_command as worker_command
