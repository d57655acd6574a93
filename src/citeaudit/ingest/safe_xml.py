"""The one way citeaudit parses XML from a manuscript (JATS, DOCX parts, EndNote fields).

A manuscript's XML is untrusted: a DOCTYPE may declare an external entity
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) or a billion-laughs chain of entities that
expand to gigabytes.  The parser here never expands an entity, never loads a DTD, never
touches the network, and keeps libxml2's limits on depth and text size (``huge_tree`` off).
"""

from __future__ import annotations

from lxml import etree


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """An lxml parser that reads no file and no URL, expands no entity and keeps the size limits."""
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, recover=recover
    )


def parse_xml(data: bytes, *, recover: bool = False) -> etree._Element:
    """Parse untrusted XML with :func:`safe_parser`; raises ``etree.XMLSyntaxError`` as lxml does."""
    return etree.fromstring(data, safe_parser(recover=recover))


__all__ = ["parse_xml", "safe_parser"]
