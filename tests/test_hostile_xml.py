"""Hostile XML and zip files (issue 12): JATS and DOCX never expand entities, read local files or inflate bombs."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from citeaudit.cli import main
from citeaudit.errors import FormatError, InputError
from citeaudit.ingest import docx as docx_module
from citeaudit.ingest import read_manuscript
from citeaudit.ingest.docx import read_docx_bytes, text_parts
from citeaudit.ingest.jats import read_jats_string
from citeaudit.ingest.safe_xml import safe_parser

from docx_maker import make_docx, p

SECRET = "SECRET-hunter2"

# Ten levels of ten: expanded, "lol" would be 10**10 times in the text (30 GB).
LAUGHS = "".join(
    f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n else "lol"}">' for n in range(10)
)


def _doctype(root: str, secret_file: Path) -> dict[str, str]:
    """DOCTYPEs an attacker writes, each with the entity the body then uses."""
    url = secret_file.as_uri()
    return {
        "external-entity": (f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}">]>', "&xxe;"),
        "billion-laughs": (f"<!DOCTYPE {root} [{LAUGHS}]>", "&lol9;"),
        "parameter-entity": (f'<!DOCTYPE {root} [<!ENTITY % p SYSTEM "{url}"> %p;]>', ""),
        "external-dtd": (f'<!DOCTYPE {root} SYSTEM "{url}">', ""),
        "network-dtd": (f'<!DOCTYPE {root} SYSTEM "http://127.0.0.1:9/evil.dtd">', ""),
    }


ATTACKS = ["external-entity", "billion-laughs", "parameter-entity", "external-dtd", "network-dtd"]


def _jats(doctype: str, entity: str) -> str:
    return (
        f'<?xml version="1.0"?>{doctype}<article><body><p>Shown {entity} here (<xref ref-type="bibr" rid="b1">1</xref>).</p></body>'
        '<back><ref-list><ref id="b1"><mixed-citation>Smith A. A title. J. 2001;1:1-2.</mixed-citation></ref></ref-list></back></article>'
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_jats_entities_never_expand(tmp_path, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    doctype, entity = _doctype("article", secret)[attack]
    started = time.perf_counter()
    try:
        manuscript = read_jats_string(_jats(doctype, entity), "a.xml")
    except FormatError:
        return  # refused as not well-formed: inert too
    assert time.perf_counter() - started < 2.0
    assert SECRET not in manuscript.text
    assert manuscript.text.count("lol") < 100
    assert len(manuscript.bibliography) == 1


def _replace_part(data: bytes, name: str, content: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """The .docx with part ``name`` replaced and ``extra`` parts added (compressed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, content if member.filename == name else source.read(member))
        for extra_name, extra_content in (extra or {}).items():
            archive.writestr(extra_name, extra_content)
    return out.getvalue()


def _document(doctype: str, entity: str) -> bytes:
    plain = make_docx([p("Shown (Smith, 2001)."), p("References"), p("Smith, A. (2001). A title. J, 1, 1-2.")])
    xml = zipfile.ZipFile(io.BytesIO(plain)).read("word/document.xml").decode()
    xml = xml.replace('standalone="yes"?>', 'standalone="yes"?>' + doctype, 1).replace("Shown (", f"Shown {entity} (", 1)
    return _replace_part(plain, "word/document.xml", xml.encode())


@pytest.mark.parametrize("attack", ATTACKS)
def test_docx_entities_never_expand(tmp_path, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    doctype, entity = _doctype("w:document", secret)[attack]
    started = time.perf_counter()
    try:
        manuscript = read_docx_bytes(_document(doctype, entity), "a.docx")
    except InputError:
        return  # refused with one line: inert too
    assert time.perf_counter() - started < 2.0
    assert SECRET not in manuscript.text
    assert manuscript.text.count("lol") < 100
    assert "Smith" in manuscript.text


@pytest.mark.parametrize("attack", ATTACKS)
def test_docx_note_parts_never_expand(tmp_path, attack):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    doctype, entity = _doctype("w:footnotes", secret)[attack]
    plain = make_docx([p("Shown (Smith, 2001)."), p("References"), p("Smith, A. (2001). A title. J, 1, 1-2.")])
    notes = zipfile.ZipFile(io.BytesIO(plain)).read("word/footnotes.xml").decode()
    notes = notes.replace('standalone="yes"?>', 'standalone="yes"?>' + doctype, 1)
    try:
        manuscript = read_docx_bytes(_replace_part(plain, "word/footnotes.xml", notes.encode()), "a.docx")
    except InputError:
        return
    assert SECRET not in manuscript.text


def test_the_parsers_are_configured_safe(tmp_path):
    import docx.oxml.parser
    from lxml import etree

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    for parser in (safe_parser(), safe_parser(recover=True), docx.oxml.parser.oxml_parser):
        # lxml does not expose its options; resolving an external entity is the observable test.
        xml = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{secret.as_uri()}">]><r>&x;</r>'.encode()
        root = etree.fromstring(xml, parser)
        assert SECRET not in "".join(root.itertext())


def _plain_docx() -> bytes:
    return make_docx([p("Shown (Smith, 2001)."), p("References"), p("Smith, A. (2001). A title. J, 1, 1-2.")])


IMAGE_REL = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/image1.png"/>\n'
)


def _with_image(size: int) -> bytes:
    """A .docx whose (related) image part inflates to ``size`` zero bytes."""
    plain = _plain_docx()
    rels = zipfile.ZipFile(io.BytesIO(plain)).read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", IMAGE_REL + "</Relationships>")
    plain = _replace_part(plain, "word/_rels/document.xml.rels", rels.encode())
    types = zipfile.ZipFile(io.BytesIO(plain)).read("[Content_Types].xml").decode()
    types = types.replace("<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1)
    return _replace_part(plain, "[Content_Types].xml", types.encode(), extra={"word/media/image1.png": b"\0" * size})


def test_an_image_bomb_is_never_inflated():
    data = _with_image(64 << 20)  # 64 MiB of zeros in 64 KB
    assert len(data) < 200_000
    started = time.perf_counter()
    slim = text_parts(data, "a.docx")
    assert len(slim) < 100_000  # the image was handed on empty
    manuscript = read_docx_bytes(data, "a.docx")
    assert time.perf_counter() - started < 5.0
    assert len(manuscript.bibliography or ()) <= 1 and "Smith" in manuscript.text


@pytest.mark.parametrize(
    "limits, part, message",
    [
        pytest.param({"MAX_ZIP_RATIO_FROM": 1000}, "word/document.xml", "inflates", id="xml-ratio"),
        pytest.param({"MAX_UNZIPPED_BYTES": 100_000, "MAX_ZIP_RATIO": 10**6}, "word/extra.xml", "more than", id="xml-total"),
        pytest.param({"MAX_ZIP_MEMBERS": 3}, "word/extra.xml", "parts", id="member-count"),
    ],
)
def test_xml_bombs_are_refused_before_inflating(monkeypatch, limits, part, message):
    for name, value in limits.items():
        monkeypatch.setattr(docx_module, name, value)
    bomb = b"<x>" + b" " * 2_000_000 + b"</x>"  # 2 MB of XML in 2 KB: ratio ~1000
    plain = _plain_docx()
    names = zipfile.ZipFile(io.BytesIO(plain)).namelist()
    data = _replace_part(plain, part, bomb) if part in names else _replace_part(plain, "", b"", extra={part: bomb})
    with pytest.raises(InputError, match=message):
        read_docx_bytes(data, "bomb.docx")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data.replace(b"word/document.xml", b"word/documenX.xml"), id="no-document"),
        pytest.param(lambda data: b"PK\x03\x04" + b"\0" * 100, id="zip-header-only"),
    ],
)
def test_damaged_docx_is_one_line(tmp_path, damage):
    path = tmp_path / "bad.docx"
    path.write_bytes(damage(_plain_docx()))
    result = CliRunner().invoke(main, ["verify", str(path), "--offline", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_zip_bomb_cli_exit_2_is_fast(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_module, "MAX_ZIP_RATIO_FROM", 1000)
    path = tmp_path / "bomb.docx"
    path.write_bytes(_replace_part(_plain_docx(), "word/document.xml", b"<x>" + b" " * 3_000_000 + b"</x>"))
    result = CliRunner().invoke(main, ["verify", str(path), "--offline", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "zip bomb" in result.output
    assert read_manuscript  # the public reader is the one the CLI used
