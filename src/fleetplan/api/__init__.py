"""The REST API (``/api/v1``, OpenAPI), its services, users and security."""

from fleetplan.api.app import API_PREFIX as API_PREFIX
from fleetplan.api.app import create_api as create_api
from fleetplan.api.deps import require_role as require_role
from fleetplan.api.proxy import uvicorn_proxy_options as uvicorn_proxy_options
from fleetplan.api.security import Role as Role
from fleetplan.api.services import AppServices as AppServices
from fleetplan.api.services import get_services as get_services
from fleetplan.api.settings import WebSettings as WebSettings
from fleetplan.api.users import InMemoryUserRepository as InMemoryUserRepository
from fleetplan.api.users import UserAccount as UserAccount
from fleetplan.api.users import UserError as UserError
from fleetplan.api.users import UserRepository as UserRepository
from fleetplan.api.users import authenticate as authenticate
from fleetplan.api.users import create_user as create_user
from fleetplan.api.users_db import SqlUserRepository as SqlUserRepository

__all__ = [
    "API_PREFIX",
    "AppServices",
    "InMemoryUserRepository",
    "Role",
    "SqlUserRepository",
    "UserAccount",
    "UserError",
    "UserRepository",
    "WebSettings",
    "authenticate",
    "create_api",
    "create_user",
    "get_services",
    "require_role",
    "uvicorn_proxy_options",
]
