"""Who a validated SAML assertion says the user is: the OIOSAML attributes read
as a username, an organisation (by CVR number) and a role (by privilege).

KOMBIT's Context Handler sends the user's privileges in the attribute
``dk:gov:saml:attribute:Privileges_intermediate``: base64 of an OIO Basic
Privilege Profile document, privilege URIs in groups scoped to an authority::

    <bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">
      <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189846">
        <Privilege>http://fleetplan.dk/roles/editor</Privilege>
      </PrivilegeGroup>
    </bpp:PrivilegeList>

Only the groups scoped to the user's own CVR count, so a privilege given in
another authority grants nothing here. The role is the highest one that
``saml_role_privileges`` maps a privilege to, at every login: a privilege
taken away in the Context Handler takes the role away.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from fleetplan.api.security import Role
from fleetplan.api.users import USERNAME_PATTERN
from fleetplan.config import Settings

CVR_SCOPE_PREFIX = "urn:dk:gov:saml:cvrNumberIdentifier:"
_RANK = {Role.READ: 1, Role.WRITE: 2, Role.ADMIN: 3}

Attributes = Mapping[str, Sequence[str]]


# Why a login is refused; each names the login page's message saml.err.<reason>.
REASONS = frozenset(
    {
        "signature",
        "expired",
        "audience",
        "replay",
        "request",
        "status",
        "invalid",
        "attributes",
        "privileges",
        "organisation",
        "privilege",
        "name_taken",
        "inactive",
    }
)


class SamlRefused(Exception):
    """A SAML login refused; ``reason`` names the message ``saml.err.<reason>``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown SAML refusal reason {reason!r}")
        super().__init__(detail or reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SamlIdentity:
    """The user of one validated assertion."""

    issuer: str  # the IdP's entity id
    subject: str  # the assertion's NameID
    username: str
    cvr: str
    organisation: str
    role: Role


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def privileges_by_cvr(encoded: str) -> dict[str, set[str]]:
    """The privilege URIs of a ``Privileges_intermediate`` value per CVR scope.

    Groups with another kind of scope are left out. Raises
    :class:`SamlRefused` (``privileges``) when the value is not base64 of a
    privilege list.
    """
    try:
        raw = base64.b64decode(encoded.strip(), validate=False)
        root = ElementTree.fromstring(raw)
    except (binascii.Error, ValueError, SyntaxError, DefusedXmlException) as exc:
        raise SamlRefused(
            "privileges", "Privileges_intermediate is unreadable"
        ) from exc
    if _local(root.tag) != "PrivilegeList":
        raise SamlRefused("privileges", f"{root.tag} is not a PrivilegeList")
    found: dict[str, set[str]] = {}
    for group in root:
        scope = group.get("Scope", "")
        if _local(group.tag) != "PrivilegeGroup" or not scope.startswith(
            CVR_SCOPE_PREFIX
        ):
            continue
        uris = found.setdefault(scope.removeprefix(CVR_SCOPE_PREFIX), set())
        uris.update(
            (p.text or "").strip() for p in group if _local(p.tag) == "Privilege"
        )
    return found


def role_of(privileges: set[str], role_privileges: Mapping[str, str]) -> Role | None:
    """The highest role a privilege maps to; ``None`` when none does."""
    roles = [
        Role(role_privileges[uri])
        for uri in privileges
        if role_privileges.get(uri) in Role._value2member_map_
    ]
    return max(roles, key=_RANK.__getitem__, default=None)


def organisation_of(cvr: str, settings: Settings) -> str | None:
    """The slug of the organisation of a CVR number (``saml_organisations``);
    the one place that maps an authority to a Fleetplan organisation."""
    return settings.saml_organisations.get(cvr)


def _one(attributes: Attributes, name: str) -> str:
    values = attributes.get(name) or []
    return str(values[0]).strip() if values else ""


def identity_of(
    issuer: str, subject: str, attributes: Attributes, settings: Settings
) -> SamlIdentity:
    """The Fleetplan user of a validated assertion, or :class:`SamlRefused`."""
    username = _one(attributes, settings.saml_username_attribute)
    if not USERNAME_PATTERN.match(username) or not subject:
        raise SamlRefused("attributes", f"username {username!r} or NameID unusable")
    groups = privileges_by_cvr(_one(attributes, settings.saml_privileges_attribute))
    # The user's authority; without the CVR attribute, the only scope given.
    cvr = _one(attributes, settings.saml_cvr_attribute) or (
        next(iter(groups)) if len(groups) == 1 else ""
    )
    organisation = organisation_of(cvr, settings) if cvr else None
    if organisation is None:
        raise SamlRefused("organisation", f"CVR {cvr!r} is no organisation here")
    role = role_of(groups.get(cvr, set()), settings.saml_role_privileges)
    if role is None:
        raise SamlRefused("privilege", f"no Fleetplan privilege for CVR {cvr}")
    return SamlIdentity(issuer, subject, username, cvr, organisation, role)
