"""SAML 2.0 login through KOMBIT's Context Handler (Fælleskommunal
Adgangsstyring), docs/sso.md.

``/saml/login`` redirects the browser to the IdP with a signed AuthnRequest
(HTTP-Redirect binding) and keeps the request's id in a signed cookie.
``/saml/acs`` receives the IdP's response (HTTP-POST binding), validates it
(``saml_response``), reads the user's organisation and role from the OIOSAML
attributes (``saml_identity``), and starts a session for the account linked
to the identity (IdP entity id, NameID). The role follows the privileges at
every login. A refused login goes back to the login page, which says why in
the user's language. ``/saml/metadata`` is the SP's metadata for KOMBIT.

The request cookie is ``SameSite=None; Secure``: the IdP's POST back is a
cross-site request, which would not carry a ``Lax`` cookie.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from saml2 import BINDING_HTTP_REDIRECT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from fleetplan.api.deps import ServicesDep
from fleetplan.api.routes.auth import start_session
from fleetplan.api.saml_accounts import account_for
from fleetplan.api.saml_config import (
    acs_url,
    idp_entity_id,
    saml_enabled,
    sp_client,
    sp_metadata,
)
from fleetplan.api.saml_identity import SamlRefused, identity_of
from fleetplan.api.saml_replay import AssertionIds
from fleetplan.api.saml_response import validate_response
from fleetplan.api.services import AppServices
from fleetplan.api.users import UserError
from fleetplan.config import Settings, get_settings

router = APIRouter(prefix="/saml", tags=["auth"])
log = logging.getLogger(__name__)

REQUEST_COOKIE = "fleetplan_saml_request"
REQUEST_MAX_AGE_S = 600
METADATA_TYPE = "application/samlmetadata+xml"


def _settings() -> Settings:
    settings = get_settings()
    if not saml_enabled(settings):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "SAML login is not set up.")
    return settings


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="fleetplan-saml-request")


def _acs(request: Request, settings: Settings) -> str:
    return acs_url(settings, str(request.base_url))


@router.get(
    "/metadata",
    response_class=Response,
    responses={200: {"content": {METADATA_TYPE: {}}, "description": "SP metadata"}},
)
def saml_metadata(request: Request) -> Response:
    """The service provider's metadata: entity id, ACS and certificate."""
    settings = _settings()
    return Response(
        sp_metadata(settings, _acs(request, settings)), 200, None, METADATA_TYPE
    )


@router.get("/login")
def saml_login(request: Request, services: ServicesDep) -> RedirectResponse:
    """Redirect to the IdP with a signed AuthnRequest."""
    settings = _settings()
    client = sp_client(settings, _acs(request, settings))
    request_id, info = client.prepare_for_authenticate(
        entityid=idp_entity_id(client),
        binding=BINDING_HTTP_REDIRECT,
        sign=True,
        sigalg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    response = RedirectResponse(dict(info["headers"])["Location"])
    response.set_cookie(
        REQUEST_COOKIE,
        _serializer(services.settings.secret_key).dumps(request_id),
        max_age=REQUEST_MAX_AGE_S,
        httponly=True,
        samesite="none",
        secure=True,
        path="/api/v1/saml",
    )
    return response


def _request_id(request: Request, secret: str) -> str:
    try:
        value = _serializer(secret).loads(
            request.cookies.get(REQUEST_COOKIE, ""), max_age=REQUEST_MAX_AGE_S
        )
    except BadSignature:
        return ""
    return value if isinstance(value, str) else ""


def _refused(reason: str) -> RedirectResponse:
    response = RedirectResponse(
        f"/login?error=saml_{reason}", status_code=status.HTTP_303_SEE_OTHER
    )
    response.delete_cookie(REQUEST_COOKIE, path="/api/v1/saml")
    return response


def _end_sessions(services: AppServices, issuer: str, subject: str) -> None:
    """A known identity that may no longer log in (privileges or authority
    taken away at KOMBIT) loses the sessions of its earlier logins too."""
    account = services.users.get_external(issuer, subject)
    if account is not None:
        services.users.sessions.revoke_user(account.username)


@router.post("/acs", name="saml_acs")
def saml_acs(
    request: Request,
    services: ServicesDep,
    saml_response: Annotated[str, Form(alias="SAMLResponse")] = "",
) -> RedirectResponse:
    """Receive the IdP's response; log in, or back to the login page."""
    settings = _settings()
    client = sp_client(settings, _acs(request, settings))
    request_id = _request_id(request, services.settings.secret_key)
    try:
        seen = AssertionIds(services.replay_marks)
        valid = validate_response(client, saml_response, request_id, seen)
    except SamlRefused as exc:
        log.warning("SAML response refused (%s): %s", exc.reason, exc)
        return _refused(exc.reason)
    try:
        identity = identity_of(valid.issuer, valid.subject, valid.attributes, settings)
        account = account_for(services.users, identity)
    except SamlRefused as exc:
        log.warning("SAML login of %s refused (%s): %s", valid.subject, exc.reason, exc)
        _end_sessions(services, valid.issuer, valid.subject)
        return _refused(exc.reason)
    except UserError:  # the name is another account's, here or elsewhere
        return _refused("name_taken")
    log.info(
        "SAML login of %s (CVR %s, organisation %s, role %s)",
        account.username,
        identity.cvr,
        identity.organisation,
        account.role.value,
    )
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    start_session(request, response, services, account)
    response.delete_cookie(REQUEST_COOKIE, path="/api/v1/saml")
    return response
