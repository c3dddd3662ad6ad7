"""What the sandbox customs says on the wire besides receipts: the DXP acknowledgement
(``DxpRep``) of a message it took, the format-check receipt (``CEB900``) of one it could not
read, and the ``DxpMsg`` transport envelope it unwraps (the signed CEB message base64-encoded
in ``Data``). Layouts after the GACC transport XSD (customs-messages.md, "Transport")."""
from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime

from lxml import etree

from heartland.customs.ceb.documents import NAMESPACE
from heartland.customs.ceb.xml import format_return_time

DXP_NAMESPACE = "http://www.chinaport.gov.cn/dxp"
CUSTOMS_DXP_ID = "DXPEDCCEB0000002"  # CBEC import (unconfirmed in the spec; used by public code)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def dxp_rep(*, receiver: str, code: str, info: str, message_guid: str, message_type: str, when: datetime,
            results: list[tuple[str, str, str]] = ()) -> bytes:
    """``<DxpRep>`` with one ``Response``: ``code`` 0 = taken; ``results`` as (RecId, Code, Info)."""
    root = etree.Element(f"{{{DXP_NAMESPACE}}}DxpRep", nsmap={None: DXP_NAMESPACE}, ver="1.0")
    q = lambda tag: f"{{{DXP_NAMESPACE}}}{tag}"  # noqa: E731
    etree.SubElement(root, q("RecevierId")).text = receiver  # sic, as in the XSD
    response = etree.SubElement(root, q("Response"))
    etree.SubElement(response, q("NodeId")).text = CUSTOMS_DXP_ID
    etree.SubElement(response, q("ResponseCode")).text = code
    etree.SubElement(response, q("ResponseInfo")).text = info
    if results:
        holder = etree.SubElement(response, q("Results"))
        for rec_id, result_code, result_info in results:
            result = etree.SubElement(holder, q("Result"))
            etree.SubElement(result, q("RecId")).text = rec_id
            etree.SubElement(result, q("Code")).text = result_code
            etree.SubElement(result, q("Info")).text = result_info
    etree.SubElement(response, q("NoticeTime")).text = format_return_time(when)
    head = etree.SubElement(response, q("OriHead"))
    etree.SubElement(head, q("CopMsgId")).text = message_guid
    etree.SubElement(head, q("MsgType")).text = message_type
    return _bytes(root)


def ceb900(*, status: str, info: str, when: datetime, message_guid: str = "", message_type: str = "Unknown") -> bytes:
    """The format-check receipt: ``MessageReturn`` with a negative ``returnStatus``."""
    root = etree.Element(f"{{{NAMESPACE}}}CEB900Message", nsmap={None: NAMESPACE}, guid=new_guid(), version="1.0")
    block = etree.SubElement(root, f"{{{NAMESPACE}}}MessageReturn")
    for tag, text in (("guid", new_guid()), ("returnStatus", status), ("returnInfo", info[:5000]),
                      ("returnTime", format_return_time(when)), ("oriCopMsgId", message_guid),
                      ("oriMessageType", message_type), ("oriBizMessage", "")):
        etree.SubElement(block, f"{{{NAMESPACE}}}{tag}").text = text
    return _bytes(root)


def unwrap(body: bytes) -> bytes:
    """The CEB message itself: ``body`` as it is, or the base64 ``Data`` of a ``DxpMsg``. A body
    that is not XML is returned as it is (the parser refuses it later)."""
    try:
        root = etree.fromstring(body, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return body
    if etree.QName(root) != etree.QName(DXP_NAMESPACE, "DxpMsg"):
        return body
    data = root.find(f"{{{DXP_NAMESPACE}}}Data")
    try:
        return base64.b64decode("".join((data.text or "").split()) if data is not None else "", validate=True)
    except (binascii.Error, ValueError):
        return b""


def wrap(message: bytes, *, sender: str, message_type: str, when: datetime) -> bytes:
    """``message`` in a ``DxpMsg`` addressed to customs (what a DXP client sends)."""
    root = etree.Element(f"{{{DXP_NAMESPACE}}}DxpMsg", nsmap={"dxp": DXP_NAMESPACE}, ver="1.0")
    q = lambda tag: f"{{{DXP_NAMESPACE}}}{tag}"  # noqa: E731
    info = etree.SubElement(root, q("TransInfo"))
    etree.SubElement(info, q("CopMsgId")).text = new_guid()
    etree.SubElement(info, q("SenderId")).text = sender
    etree.SubElement(etree.SubElement(info, q("ReceiverIds")), q("ReceiverId")).text = CUSTOMS_DXP_ID
    etree.SubElement(info, q("CreatTime")).text = when.isoformat(timespec="seconds")
    etree.SubElement(info, q("MsgType")).text = message_type
    etree.SubElement(root, q("Data")).text = base64.b64encode(message).decode("ascii")
    return _bytes(root)
