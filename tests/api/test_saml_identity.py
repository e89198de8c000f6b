"""The OIOSAML attributes read as username, organisation and role
(``api.saml_identity``): KOMBIT's base64 privilege lists, scoped per CVR."""

from __future__ import annotations

import base64

import pytest

from fleetplan.api.saml_identity import (
    SamlRefused,
    identity_of,
    privileges_by_cvr,
    role_of,
)
from fleetplan.api.security import Role
from fleetplan.config import Settings
from tests.saml_idp import (
    CVR_ATTRIBUTE,
    PRIVILEGES_ATTRIBUTE,
    UID_ATTRIBUTE,
    privileges,
)

READ, EDIT, ADMIN = (
    f"http://fleetplan.dk/roles/{r}" for r in ("read", "edit", "admin")
)
SETTINGS = Settings(
    saml_organisations={"58271713": "ballerup", "63640719": "herlev"},
    saml_role_privileges={READ: "read", EDIT: "write", ADMIN: "admin"},
)


def test_privileges_are_grouped_by_cvr_and_other_scopes_left_out() -> None:
    xml = (
        '<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">'
        '<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:58271713">'
        f"<Privilege> {EDIT} </Privilege><Privilege>{READ}</Privilege>"
        '<Constraint Name="urn:dk:kombit:KLE">00.*</Constraint></PrivilegeGroup>'
        '<PrivilegeGroup Scope="urn:dk:gov:saml:seNumberIdentifier:1">'
        f"<Privilege>{ADMIN}</Privilege></PrivilegeGroup>"
        "</bpp:PrivilegeList>"
    )
    encoded = base64.b64encode(xml.encode()).decode()
    assert privileges_by_cvr(encoded) == {"58271713": {EDIT, READ}}


@pytest.mark.parametrize(
    "value",
    [
        "not base64 at all!",
        base64.b64encode(b"<a><b></a>").decode(),  # not XML
        base64.b64encode(b"<Other/>").decode(),  # not a privilege list
        # an entity expansion (billion laughs): defusedxml refuses any entity
        base64.b64encode(
            b'<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<PrivilegeList>&b;</PrivilegeList>"
        ).decode(),
    ],
)
def test_unreadable_privileges_are_refused(value: str) -> None:
    with pytest.raises(SamlRefused) as refused:
        privileges_by_cvr(value)
    assert refused.value.reason == "privileges"


def test_role_is_the_highest_mapped_privilege() -> None:
    mapping = SETTINGS.saml_role_privileges
    assert role_of({READ, ADMIN, "urn:x"}, mapping) is Role.ADMIN
    assert role_of({EDIT, READ}, mapping) is Role.WRITE
    assert role_of({"urn:x"}, mapping) is None
    assert role_of({"urn:x"}, {"urn:x": "superuser"}) is None  # not a role


def _attributes(cvr: str | None, groups: dict[str, list[str]]) -> dict[str, list[str]]:
    found = {UID_ATTRIBUTE: ["jhansen"], PRIVILEGES_ATTRIBUTE: [privileges(groups)]}
    if cvr is not None:
        found[CVR_ATTRIBUTE] = [cvr]
    return found


def test_identity_has_the_organisation_and_role_of_its_own_cvr() -> None:
    groups = {"63640719": [EDIT], "58271713": [ADMIN]}
    identity = identity_of("idp", "CN=J", _attributes("63640719", groups), SETTINGS)
    assert (identity.username, identity.cvr) == ("jhansen", "63640719")
    assert (identity.organisation, identity.role) == ("herlev", Role.WRITE)


def test_without_the_cvr_attribute_the_only_scope_is_the_authority() -> None:
    one = identity_of("idp", "CN=J", _attributes(None, {"58271713": [READ]}), SETTINGS)
    assert (one.organisation, one.role) == ("ballerup", Role.READ)
    two = _attributes(None, {"58271713": [READ], "63640719": [READ]})
    with pytest.raises(SamlRefused, match="organisation"):
        identity_of("idp", "CN=J", two, SETTINGS)


@pytest.mark.parametrize(
    ("attributes", "reason"),
    [
        (_attributes("11111111", {"11111111": [ADMIN]}), "organisation"),
        (_attributes("58271713", {"58271713": ["urn:x"]}), "privilege"),
        ({**_attributes("58271713", {}), UID_ATTRIBUTE: ["a b/c"]}, "attributes"),
        ({**_attributes("58271713", {}), UID_ATTRIBUTE: []}, "attributes"),
    ],
)
def test_identity_refusals(attributes: dict[str, list[str]], reason: str) -> None:
    with pytest.raises(SamlRefused) as refused:
        identity_of("idp", "CN=J", attributes, SETTINGS)
    assert refused.value.reason == reason
