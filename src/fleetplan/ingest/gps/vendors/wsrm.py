"""The bit of WS-ReliableMessaging (2005/02) a WCF service such as Skyhost's
asks of a client: open a sequence with ``CreateSequence``, then number every
message in it with a ``Sequence`` header. zeep has no WS-RM, so the sequence is
opened here with a hand-built envelope and the header handed to each call."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from lxml import etree

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WSRM = "http://schemas.xmlsoap.org/ws/2005/02/rm"
CREATE_ACTION = f"{WSRM}/CreateSequence"
ANONYMOUS = f"{WSA}/anonymous"


def create_sequence_envelope(address: str) -> bytes:
    """A SOAP 1.2 ``CreateSequence`` request to ``address``."""
    s, a, r = (f"{{{ns}}}" for ns in (SOAP12, WSA, WSRM))
    envelope = etree.Element(s + "Envelope", nsmap={"s": SOAP12, "a": WSA})
    header = etree.SubElement(envelope, s + "Header")
    action = etree.SubElement(header, a + "Action", {s + "mustUnderstand": "1"})
    action.text = CREATE_ACTION
    etree.SubElement(header, a + "MessageID").text = f"urn:uuid:{uuid.uuid4()}"
    to = etree.SubElement(header, a + "To", {s + "mustUnderstand": "1"})
    to.text = address
    body = etree.SubElement(envelope, s + "Body")
    create = etree.SubElement(body, r + "CreateSequence", nsmap={None: WSRM})
    acks = etree.SubElement(create, r + "AcksTo")
    etree.SubElement(acks, a + "Address").text = ANONYMOUS
    offer = etree.SubElement(create, r + "Offer")
    etree.SubElement(offer, r + "Identifier").text = f"urn:uuid:{uuid.uuid4()}"
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def sequence_identifier(response: bytes) -> str | None:
    """The new sequence's identifier from a ``CreateSequenceResponse``."""
    try:
        root = etree.fromstring(response)
    except etree.XMLSyntaxError:
        return None
    found = root.find(f".//{{{WSRM}}}CreateSequenceResponse/{{{WSRM}}}Identifier")
    return None if found is None or not found.text else found.text.strip()


@dataclass
class Sequence:
    """An open sequence; ``header()`` numbers the next message 1, 2, 3, ..."""

    identifier: str
    sent: int = field(default=0)

    def header(self) -> etree._Element:
        self.sent += 1
        r, s = f"{{{WSRM}}}", f"{{{SOAP12}}}"
        element = etree.Element(r + "Sequence", {s + "mustUnderstand": "1"})
        etree.SubElement(element, r + "Identifier").text = self.identifier
        etree.SubElement(element, r + "MessageNumber").text = str(self.sent)
        return element
