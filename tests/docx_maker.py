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
{extra}</Relationships>"""
NUMBERING_REL = '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>\n'
STYLES_REL = '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\n'


def r(text: str, *, sup: bool = False, i: bool = False, b: bool = False, style: str | None = None) -> str:
    """One run of text with optional superscript, italic, bold and character style."""
    props = (f'<w:rStyle w:val="{style}"/>' if style else "") + ("<w:b/>" if b else "") + ("<w:i/>" if i else "")
    props += '<w:vertAlign w:val="superscript"/>' if sup else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def sym(char: str = "F02D", *, sup: bool = False) -> str:
    """A Symbol-font character run (``w:sym``), as Word writes the minus of "m⁻²"."""
    rpr = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if sup else ""
    return f'<w:r>{rpr}<w:sym w:font="Symbol" w:char="{char}"/></w:r>'


def field(instruction: str, shown: str, *, sup: bool = False) -> str:
    """Any complex field (``PAGE``, ``NOTEREF _Ref1 \\h``, ``HYPERLINK "..."``) showing ``shown``."""
    return _field(instruction, shown, sup=sup)


def _field(instruction: str, shown: str, data: str | None = None, *, sup: bool = False) -> str:
    half = len(instruction) // 2
    begin = f"<w:fldData>{data}</w:fldData>" if data else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin">{begin}</w:fldChar></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[:half])}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction[half:])}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r(shown, sup=sup)}"
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


def p(*pieces: str, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    """A paragraph; plain strings become plain runs; ``num`` is Word numbering (numId, ilvl)."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    body = "".join(piece if piece.startswith("<w:") else r(piece) for piece in pieces)
    return f"<w:p>{ppr}{body}</w:p>"


def _notes(kind: str, notes: dict[int, list[str]]) -> str:
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
    )
    body = "".join(f'<w:{kind} w:id="{n}">{"".join(paras)}</w:{kind}>' for n, paras in notes.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}">{separators}{body}</w:{kind}s>'


def numbering(abstracts: dict[int, list[tuple[str, str]]], nums: dict[int, tuple[int, int | None]]) -> str:
    """A numbering part: abstract id -> levels as (numFmt, lvlText); numId -> (abstract id, start override)."""
    body = ""
    for abstract, levels in abstracts.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for n, (fmt, text) in enumerate(levels)
        )
        body += f'<w:abstractNum w:abstractNumId="{abstract}">{lvls}</w:abstractNum>'
    for num_id, (abstract, start) in nums.items():
        override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start is not None else ""
        body += f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">{body}</w:numbering>'


def styles(numbered: dict[str, tuple[int, int]] | None = None, characters: dict[str, tuple[str | None, str | None]] | None = None) -> str:
    """A styles part: paragraph styles with numbering (style id -> (numId, ilvl)) and character
    styles (style id -> (vertAlign or None, basedOn or None))."""
    body = "".join(
        f'<w:style w:type="paragraph" w:styleId="{style}"><w:name w:val="{style}"/>'
        f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style>'
        for style, (num_id, ilvl) in (numbered or {}).items()
    )
    for style, (align, based) in (characters or {}).items():
        base = f'<w:basedOn w:val="{based}"/>' if based else ""
        rpr = f'<w:rPr><w:vertAlign w:val="{align}"/></w:rPr>' if align else ""
        body += f'<w:style w:type="character" w:styleId="{style}"><w:name w:val="{style}"/>{base}{rpr}</w:style>'

    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">{body}</w:styles>'


def make_docx(
    paragraphs: list[str],
    footnotes: dict[int, list[str]] | None = None,
    endnotes: dict[int, list[str]] | None = None,
    *,
    numbering_xml: str | None = None,
    styles_xml: str | None = None,
) -> bytes:
    """The bytes of a .docx holding ``paragraphs``, the notes given, and numbering and styles parts."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
        + "".join(paragraphs)
        + "<w:sectPr/></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        extra = (NUMBERING_REL if numbering_xml else "") + (STYLES_REL if styles_xml else "")
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS.format(extra=extra))
        if numbering_xml:
            archive.writestr("word/numbering.xml", numbering_xml)
        if styles_xml:
            archive.writestr("word/styles.xml", styles_xml)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/footnotes.xml", _notes("footnote", footnotes or {}))
        archive.writestr("word/endnotes.xml", _notes("endnote", endnotes or {}))
    return buffer.getvalue()
