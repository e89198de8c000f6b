"""A local SAML 2.0 identity provider for the tests, on pysaml2's ``Server``.

It plays KOMBIT's Context Handler: it reads the SP's signed AuthnRequest from
the redirect (refusing an unsigned or badly signed one), and builds the
response the browser posts back, with OIOSAML attributes and a signed
assertion. Keyword arguments spoil one thing at a time: no signature, a
signature by a key not in the metadata, another audience, an expired window.
Keys and self-signed certificates are made here, into a temporary folder.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, class_name, saml
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.s_utils import factory
from saml2.saml import NAMEID_FORMAT_X509SUBJECTNAME, NameID
from saml2.server import Server
from saml2.sigver import pre_signature_part, signed_instance_factory
from saml2.time_util import in_a_while
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from fleetplan.api.saml_config import XMLSEC1

IDP_ENTITY_ID = "https://saml.adgangsstyring.test.stoettesystemerne.dk"
SSO_URL = "https://idp.test/runtime/saml2/issue.idp"
PRIVILEGES_ATTRIBUTE = "dk:gov:saml:attribute:Privileges_intermediate"
CVR_ATTRIBUTE = "dk:gov:saml:attribute:CvrNumberIdentifier"
UID_ATTRIBUTE = "urn:oid:0.9.2342.19200300.100.1.1"


def make_keypair(folder: Path, name: str) -> tuple[Path, Path]:
    """A 2048-bit RSA key and a self-signed certificate (PEM files)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def privileges(groups: dict[str, list[str]]) -> str:
    """A ``Privileges_intermediate`` value: base64 of a privilege list with
    one group per CVR number."""
    body = "".join(
        f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:{cvr}">'
        + "".join(f"<Privilege>{uri}</Privilege>" for uri in uris)
        + "</PrivilegeGroup>"
        for cvr, uris in groups.items()
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">'
        f"{body}</bpp:PrivilegeList>"
    )
    return base64.b64encode(xml.encode()).decode()


@dataclass(frozen=True, slots=True)
class AuthnRequest:
    """What the IdP read from the SP's redirect."""

    request_id: str
    acs_url: str
    sp_entity_id: str
    relay_state: str


def _config(
    entity_id: str, key: Path, cert: Path, sp_metadata: Path | None
) -> IdPConfig:
    config = IdPConfig()
    config.load(
        {
            "entityid": entity_id,
            "xmlsec_binary": XMLSEC1,
            "key_file": str(key),
            "cert_file": str(cert),
            "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (SSO_URL, BINDING_HTTP_REDIRECT),
                            (SSO_URL, BINDING_HTTP_POST),
                        ]
                    },
                    "want_authn_requests_signed": True,
                    "policy": {"default": {"lifetime": {"minutes": 5}}},
                }
            },
        }
    )
    return config


class SamlIdp:
    """The IdP: ``metadata_file`` is what the SP is configured with; call
    :meth:`trust_sp` with the SP's metadata before the first login."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key, self.cert = make_keypair(folder, "idp")
        self.metadata_file = folder / "idp-metadata.xml"
        own = _config(IDP_ENTITY_ID, self.key, self.cert, None)
        self.metadata_file.write_text(str(entity_descriptor(own)))
        self.server: Server | None = None
        self.forger: Server | None = None  # same entity id, a key not in metadata

    def trust_sp(self, sp_metadata_xml: str) -> None:
        path = self.folder / "sp-metadata.xml"
        path.write_text(sp_metadata_xml)
        self.server = Server(config=_config(IDP_ENTITY_ID, self.key, self.cert, path))
        other_key, other_cert = make_keypair(self.folder, "forger")
        self.forger = Server(config=_config(IDP_ENTITY_ID, other_key, other_cert, path))

    def read_request(self, location: str) -> AuthnRequest:
        """The AuthnRequest of the SP's redirect; pysaml2 raises unless its
        query signature verifies against the SP's metadata."""
        assert self.server is not None, "call trust_sp first"
        query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        parsed = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        message = parsed.message
        return AuthnRequest(
            message.id,
            message.assertion_consumer_service_url,
            message.issuer.text,
            query.get("RelayState", ""),
        )

    def response(
        self,
        request: AuthnRequest,
        attributes: dict[str, list[str]],
        *,
        subject: str = "C=DK,O=Ballerup Kommune,CN=Jens Hansen,Serial=CVR:1-RID:2",
        sign: bool = True,
        sign_response: bool = False,
        forged: bool = False,
        audience: str | None = None,
        issued_min_ago: int = 0,
    ) -> dict[str, str]:
        """The form the browser posts to the SP's ACS (``SAMLResponse``,
        ``RelayState``). The assertion is valid for 5 minutes from its issue,
        ``issued_min_ago`` minutes ago (more than 5: expired)."""
        server = self.forger if forged else self.server
        assert server is not None, "call trust_sp first"
        response = server.create_authn_response(
            attributes,
            request.request_id,
            request.acs_url,
            request.sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_X509SUBJECTNAME, text=subject),
            authn={"class_ref": saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=False,
            sign_response=False,
        )
        assertion = response.assertion
        # The times and audience are set here, so one thing can be spoilt.
        issued = in_a_while(minutes=-issued_min_ago)
        until = in_a_while(minutes=5 - issued_min_ago)
        assertion.issue_instant = response.issue_instant = issued
        assertion.conditions.not_before = issued
        assertion.conditions.not_on_or_after = until
        for confirmation in assertion.subject.subject_confirmation:
            confirmation.subject_confirmation_data.not_on_or_after = until
        if audience is not None:
            restriction = assertion.conditions.audience_restriction[0]
            restriction.audience = [factory(saml.Audience, text=audience)]
        # Inner first: the response's signature covers the signed assertion.
        signed = [assertion] if sign else []
        signed += [response] if sign_response else []
        for element in signed:
            element.signature = pre_signature_part(
                element.id,
                server.sec.my_cert,
                2,
                sign_alg=SIG_RSA_SHA256,
                digest_alg=DIGEST_SHA256,
            )
        to_sign = [(class_name(e), e.id) for e in signed]
        xml: Any = signed_instance_factory(response, server.sec, to_sign)
        encoded = base64.b64encode(str(xml).encode()).decode()
        return {"SAMLResponse": encoded, "RelayState": request.relay_state}

    def encrypted_response(
        self, request: AuthnRequest, attributes: dict[str, list[str]]
    ) -> dict[str, str]:
        """A good response as the Context Handler sends it: the signed assertion
        encrypted for the SP's encryption certificate in its metadata."""
        assert self.server is not None, "call trust_sp first"
        xml = self.server.create_authn_response(
            attributes,
            request.request_id,
            request.acs_url,
            request.sp_entity_id,
            name_id=NameID(format=NAMEID_FORMAT_X509SUBJECTNAME, text="CN=Enc"),
            authn={"class_ref": saml.AUTHN_PASSWORD_PROTECTED},
            sign_assertion=True,
            sign_response=True,
            encrypt_assertion=True,
            encrypt_assertion_self_contained=True,
        )
        assert "EncryptedAssertion" in str(xml)
        encoded = base64.b64encode(str(xml).encode()).decode()
        return {"SAMLResponse": encoded, "RelayState": request.relay_state}
