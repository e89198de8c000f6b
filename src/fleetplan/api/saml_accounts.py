"""The Fleetplan account of a SAML identity, brought in line with the
assertion at every login: its role from the privileges, its organisation from
the CVR number (``saml_organisations`` names the organisation's slug).

An account whose authority changed moves to the new organisation, and its
sessions, which showed the other fleet, end; a role change ends them too
(``update_user``). The changes are made as the organisation, so they are
written to its audit log.
"""

from __future__ import annotations

from dataclasses import replace

from fleetplan.api.saml_identity import SamlIdentity, SamlRefused
from fleetplan.api.users import (
    UserAccount,
    UserRepository,
    external_account,
    update_user,
)
from fleetplan.store.organisations import OrganisationError, find_organisation
from fleetplan.store.scoped import using_organisation


def organisation_id_of(users: UserRepository, slug: str) -> int:
    """The id of organisation ``slug`` in the users' database; refused when
    there is none (users kept in memory have no organisations)."""
    engine = getattr(users, "engine", None)
    if engine is None:
        raise SamlRefused("organisation", f"no organisations to find {slug!r} in")
    try:
        return find_organisation(engine, slug).organisation_id
    except OrganisationError as exc:
        raise SamlRefused("organisation", str(exc)) from exc


def _move(users: UserRepository, account: UserAccount, organisation_id: int) -> None:
    """Move ``account`` into ``organisation_id``, as its old organisation (whose
    audit log records it); its sessions showed the old fleet, so they end."""
    with using_organisation(account.organisation_id or organisation_id):
        users.save(replace(account, organisation_id=organisation_id))
    users.sessions.revoke_user(account.username)


def account_for(users: UserRepository, identity: SamlIdentity) -> UserAccount:
    """The account linked to ``identity`` (created at its first login), with
    the identity's role and organisation. Raises :class:`SamlRefused`, or
    ``ExternalNameTaken`` when the username is another account's."""
    organisation_id = organisation_id_of(users, identity.organisation)
    known = users.get_external(identity.issuer, identity.subject)
    if known is not None and known.organisation_id != organisation_id:
        _move(users, known, organisation_id)
    # As the organisation: a new account is created in it, and the audit log
    # of the organisation records the changes.
    with using_organisation(organisation_id):
        account = external_account(
            users, identity.issuer, identity.subject, identity.username, identity.role
        )
        if account.role is not identity.role:
            account = update_user(users, account.username, role=identity.role)
    if not account.active:
        raise SamlRefused("inactive", f"{account.username} is deactivated")
    return account
