"""Who a verified OpenID Connect login is in Fleetplan: account, role and
organisation from configurable claims, applied at every login.

The role claim (``oidc_role_claim``) is a dotted path into the claims, so
Keycloak's ``realm_access.roles`` works as well as Entra ID's ``roles``. Its
value, a string or a list, is translated by ``oidc_role_map`` (or taken as
``read``/``write``/``admin`` when there is no map) and the highest role wins.
When a role claim is configured, the account's role follows it at every
login: a removed provider role downgrades the account to
``oidc_default_role``, or refuses the login (and ends the user's sessions)
when that setting is empty. Without a role claim, roles are managed in
Fleetplan and a new account gets ``oidc_default_role``.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from typing import Any

from fleetplan.api.oidc_client import (
    DEACTIVATED,
    NO_ORGANISATION,
    NO_ROLE,
    NO_USERNAME,
    OidcRefused,
)
from fleetplan.api.security import Role
from fleetplan.api.settings import WebSettings
from fleetplan.api.users import (
    USERNAME_PATTERN,
    UserAccount,
    UserRepository,
    external_account,
    update_user,
)
from fleetplan.store.organisations import OrganisationError, find_organisation
from fleetplan.store.scoped import using_organisation


def claim_at(claims: dict[str, Any], path: str) -> Any:
    """The claim named ``path``, or the value at its dotted path
    (``resource_access.fleetplan.roles``); ``None`` when absent."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def parse_role_map(text: str) -> dict[str, Role]:
    """``"Fleetplan.Admin=admin, Fleetplan.Editor=write"`` as a dict."""
    mapping: dict[str, Role] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, _sep, role = item.rpartition("=")
        if not name.strip() or role.strip() not in Role._value2member_map_:
            raise ValueError(f"oidc_role_map: {item.strip()!r} is not NAME=ROLE.")
        mapping[name.strip()] = Role(role.strip())
    return mapping


def claimed_role(claims: dict[str, Any], settings: WebSettings) -> Role | None:
    """The highest Fleetplan role named by the role claim, else ``None``."""
    if not settings.oidc_role_claim:
        return None
    value = claim_at(claims, settings.oidc_role_claim)
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        return None
    mapping = parse_role_map(settings.oidc_role_map) or {r.value: r for r in Role}
    roles = [mapping[n] for n in names if isinstance(n, str) and n in mapping]
    return max(roles, key=lambda role: role.rank) if roles else None


def organisation_from_claims(
    claims: dict[str, Any], settings: WebSettings
) -> str | None:
    """The organisation slug the login names (``oidc_organisation_claim``);
    ``None`` when no such claim is configured. Refused when it is configured
    but the token does not carry it."""
    if not settings.oidc_organisation_claim:
        return None
    value = claim_at(claims, settings.oidc_organisation_claim)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        raise OidcRefused(NO_ORGANISATION, "no organisation claim in the ID token")
    return value.strip()


def organisation_id_of(users: UserRepository, slug: str | None) -> int | None:
    """The id of the organisation ``slug`` in the users' database, or of its
    only organisation when ``slug`` is None; refused when there is no such
    organisation or several to choose from. ``None`` for users in memory,
    which have no organisations (unless a slug asks for one)."""
    engine = getattr(users, "engine", None)
    if engine is None:
        if slug is None:
            return None
        raise OidcRefused(NO_ORGANISATION, f"no organisations to find {slug!r} in")
    try:
        return find_organisation(engine, slug).organisation_id
    except OrganisationError as exc:
        raise OidcRefused(NO_ORGANISATION, str(exc)) from exc


def _move(users: UserRepository, known: UserAccount, organisation_id: int) -> None:
    """The claim names another organisation than the account's: move it
    there (recorded in the organisation it leaves) and end the sessions that
    showed the other fleet."""
    old = known.organisation_id
    with nullcontext() if old is None else using_organisation(old):
        users.save(replace(known, organisation_id=organisation_id))
    users.sessions.revoke_user(known.username)


def account_for(
    users: UserRepository, claims: dict[str, Any], settings: WebSettings
) -> UserAccount:
    """The account of a verified ID token's identity, its role brought in
    line with the role claim and its organisation with the organisation claim
    (by slug). Raises :class:`OidcRefused`, or ``UserError`` (such as
    ``ExternalNameTaken``) when the username is another account's."""
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    username = claim_at(claims, settings.oidc_username_claim)
    if not isinstance(username, str) or not USERNAME_PATTERN.match(username):
        raise OidcRefused(NO_USERNAME, f"no usable {settings.oidc_username_claim}")
    slug = organisation_from_claims(claims, settings)
    known = users.get_external(issuer, subject)
    if slug is None and known is not None and known.organisation_id is not None:
        organisation_id: int | None = known.organisation_id  # no claim: stays
    else:  # without a claim, a new account needs a deployment of one organisation
        organisation_id = organisation_id_of(users, slug)
    default = Role(settings.oidc_default_role) if settings.oidc_default_role else None
    role = claimed_role(claims, settings) or default
    if role is None:
        if known is None or settings.oidc_role_claim:
            if known is not None:
                users.sessions.revoke_user(known.username)  # its old role ends now
            raise OidcRefused(NO_ROLE, f"no role in {settings.oidc_role_claim!r}")
        role = known.role  # roles managed in Fleetplan
    if (
        organisation_id is not None
        and known is not None
        and known.organisation_id != organisation_id
    ):
        _move(users, known, organisation_id)
    # A new account joins the claimed organisation, and changes are recorded
    # in it (store.scoped gives new rows the context's organisation).
    scope = (
        nullcontext()
        if organisation_id is None
        else using_organisation(organisation_id)
    )
    with scope:
        account = external_account(users, issuer, subject, username, role)
        if organisation_id not in (None, account.organisation_id):
            account = replace(account, organisation_id=organisation_id)
            users.save(account)
        if settings.oidc_role_claim and account.role is not role:
            # update_user ends the sessions that still carry the old role.
            account = update_user(users, account.username, role=role)
    if not account.active:
        raise OidcRefused(DEACTIVATED, f"{account.username} is deactivated")
    return account
