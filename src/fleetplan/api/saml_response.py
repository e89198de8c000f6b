"""Validate a SAML response posted to the ACS, and say why one is refused.

pysaml2 checks the assertion's signature against the IdP's metadata, the
audience, the time window (``NotBefore``/``NotOnOrAfter`` of the conditions
and of the subject confirmation) and that it answers ``request_id``, the
AuthnRequest this browser was sent with. This module adds the replay check
and turns pysaml2's exceptions into the reasons the login page names
(``saml.err.<reason>``).
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass

from saml2 import BINDING_HTTP_POST
from saml2.client import Saml2Client
from saml2.response import (
    AuthnResponse,
    IncorrectlySigned,
    StatusError,
    UnsolicitedResponse,
)
from saml2.saml import Assertion
from saml2.sigver import SignatureError
from saml2.time_util import str_to_time
from saml2.validate import ResponseLifetimeExceed, ToEarly

from fleetplan.api.saml_config import CLOCK_SKEW_S
from fleetplan.api.saml_identity import SamlRefused
from fleetplan.api.saml_replay import AssertionIds

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ValidAssertion:
    issuer: str
    subject: str
    attributes: dict[str, list[str]]


def _reason(exc: Exception) -> str:
    """The refusal reason of a pysaml2 exception."""
    if isinstance(exc, SignatureError | IncorrectlySigned):
        return "signature"
    if isinstance(exc, ResponseLifetimeExceed | ToEarly):
        return "expired"
    if isinstance(exc, UnsolicitedResponse):
        return "request"
    if isinstance(exc, StatusError):
        return "status"
    # pysaml2 7.5 raises a bare Exception for a wrong audience.
    if "AudienceRestriction" in str(exc):
        return "audience"
    return "invalid"


def _parse(client: Saml2Client, encoded: str, request_id: str) -> AuthnResponse:
    try:
        parsed = client.parse_authn_request_response(
            encoded, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as exc:  # pysaml2 raises many kinds, some bare Exception
        reason = _reason(exc)
        log.warning("SAML response refused (%s): %s", reason, exc)
        raise SamlRefused(reason, str(exc)) from exc
    if parsed is None or parsed.assertion is None:
        raise SamlRefused("invalid", "no assertion in the SAML response")
    return parsed


def validate_response(
    client: Saml2Client, encoded: str, request_id: str, seen: AssertionIds
) -> ValidAssertion:
    """The issuer, NameID and attributes of a valid, first-used response to
    ``request_id``; raises :class:`SamlRefused` otherwise."""
    if not encoded or not request_id:
        raise SamlRefused("request", "no SAML response or no request of this browser")
    parsed = _parse(client, encoded, request_id)
    assertion = parsed.assertion
    # Kept until the assertion could no longer pass the time check anyway.
    until = assertion.conditions.not_on_or_after if assertion.conditions else None
    if not until:
        raise SamlRefused("expired", "the assertion has no NotOnOrAfter")
    expires_s = calendar.timegm(str_to_time(until)) + CLOCK_SKEW_S
    if not seen.first_use(str(assertion.id), expires_s):
        log.warning("SAML assertion %s replayed", assertion.id)
        raise SamlRefused("replay", f"assertion {assertion.id} was used before")
    name_id = parsed.name_id
    return ValidAssertion(
        issuer=str(parsed.issuer() or ""),
        subject=str(name_id.text or "") if name_id is not None else "",
        attributes=_attributes(assertion),
    )


def _attributes(assertion: Assertion) -> dict[str, list[str]]:
    """Attribute values by their SAML names as sent (pysaml2's ``ava`` would
    rename some, e.g. ``urn:oid:0.9.2342.19200300.100.1.1`` to ``uid``)."""
    found: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement:
        for attribute in statement.attribute:
            values = found.setdefault(str(attribute.name), [])
            values.extend(str(v.text or "") for v in attribute.attribute_value)
    return found
