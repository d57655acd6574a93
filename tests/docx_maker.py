"""Build small .docx files for tests, as raw WordprocessingML (no template, no Word needed).

    make_docx([p("Text ", zotero([item], "(Smith, 2001)"), "."), p("References", style="Heading1")],
              footnotes={1: [p("A note.")]})

A paragraph is a list of pieces: plain strings, ``r(...)`` runs with formatting, fields and note
references.  Reference-manager fields are written as Word writes them: a complex field whose
instruction is split over several ``w:instrText`` runs.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>
</Relationships>"""


def r(text: str, *, sup: bool = False, i: bool = False, b: bool = False) -> str:
    """One run of text with optional superscript, italic and bold."""
    props = ("<w:b/>" if b else "") + ("<w:i/>" if i else "") + ('<w:vertAlign w:val="superscript"/>' if sup else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instruction: str, shown: str, data: str | None = None) -> str:
    half = len(instruction) // 2
    begin = f"<w:fldData>{data}</w:fldData>" if data else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin">{begin}</w:fldChar></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[:half])}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[half:])}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(shown)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def zotero(items: list[dict], shown: str) -> str:
    """A Zotero citation field storing CSL-JSON ``items`` and showing ``shown``."""
    data = {
        "citationID": "abc",
        "properties": {"formattedCitation": shown, "plainCitation": shown},
        "citationItems": [{"id": n, "uris": [f"http://zotero.org/users/1/items/{n}"], "itemData": item} for n, item in enumerate(items)],
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    }
    return _field(" ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data) + " ", shown)


def mendeley(items: list[dict], shown: str) -> str:
    """A Mendeley citation field (``ADDIN CSL_CITATION``)."""
    data = {"citationItems": [{"id": f"ITEM-{n}", "itemData": item} for n, item in enumerate(items)], "mendeley": {"formattedCitation": shown}}
    return _field("ADDIN CSL_CITATION " + json.dumps(data), shown)


def endnote(author: str, year: str, title: str, shown: str, *, in_data: bool = False) -> str:
    """An EndNote citation field; ``in_data`` keeps its XML base64-encoded in w:fldData."""
    xml = (
        f"<EndNote><Cite><Author>{escape(author)}</Author><Year>{year}</Year><RecNum>1</RecNum>"
        f"<record><contributors><authors><author>{escape(author)}, A.</author></authors></contributors>"
        f"<titles><title>{escape(title)}</title></titles><dates><year>{year}</year></dates></record></Cite></EndNote>"
    )
    if in_data:
        return _field(" ADDIN EN.CITE.DATA ", shown, base64.b64encode(xml.encode()).decode())
    return _field(" ADDIN EN.CITE " + xml, shown)


def bibliography(paragraphs: list[str]) -> list[str]:
    """Paragraphs wrapped in a Zotero bibliography field (begin in the first, end in the last)."""
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_BIBL {"uncited":[]} CSL_BIBLIOGRAPHY </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    out = list(paragraphs)
    out[0] = out[0].replace("<w:p>", "<w:p>" + begin, 1)
    out[-1] = out[-1].replace("</w:p>", end + "</w:p>", 1)
    return out


def note_ref(n: int, *, endnote: bool = False) -> str:
    kind = "endnoteReference" if endnote else "footnoteReference"
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind} w:id="{n}"/></w:r>'


def p(*pieces: str, style: str | None = None) -> str:
    """A paragraph; plain strings become plain runs."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(piece if piece.startswith("<w:") else r(piece) for piece in pieces)
    return f"<w:p>{ppr}{body}</w:p>"


def _notes(kind: str, notes: dict[int, list[str]]) -> str:
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
    )
    body = "".join(f'<w:{kind} w:id="{n}">{"".join(paras)}</w:{kind}>' for n, paras in notes.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}">{separators}{body}</w:{kind}s>'


def make_docx(paragraphs: list[str], footnotes: dict[int, list[str]] | None = None, endnotes: dict[int, list[str]] | None = None) -> bytes:
    """The bytes of a .docx holding ``paragraphs`` and the notes given."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
        + "".join(paragraphs)
        + "<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/footnotes.xml", _notes("footnote", footnotes or {}))
        archive.writestr("word/endnotes.xml", _notes("endnote", endnotes or {}))
    return buffer.getvalue()
