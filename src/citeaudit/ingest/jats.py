"""Read a JATS XML article: its text, its ``<ref-list>``, and the publisher's ``<xref>`` links.

The text is the article as a reader sees it (title, abstracts, body, back matter, sub-articles),
every character pointing at its place in the XML file.  The reference list is read from the
tagged citations (``element-citation``, ``mixed-citation``; untagged text is parsed like any
written entry) and keyed by ``<ref id>``.  Each ``<xref ref-type="bibr" rid="...">`` becomes a
prepared citation of that key, so that the callouts the text shows ("[3]", "(Smith et al.,
2010)") are checked against the links the publisher made.

The XML is checked with lxml; the text is read with a small tokenizer over the file itself, so
that offsets are exact even in files written on one line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

from ..doi import find_dois
from ..errors import FormatError
from ..model import Citation, CitationKind, Manuscript, Reference, Span, offset_map
from ..references.names import parse_name
from ..references.parse import parse_reference
from .clean import TextBuilder
from .safe_xml import parse_xml

# One piece of XML markup: comment, CDATA, processing instruction, doctype, end tag, start tag.
#   <!-- x -->  <![CDATA[a<b]]>  <?xml ...?>  <!DOCTYPE article ...>  </p>  <xref rid="b1"/>
_MARKUP = re.compile(
    r"""(?P<comment><!--.*?-->)
      | (?P<cdata><!\[CDATA\[.*?\]\]>)
      | (?P<pi><\?.*?\?>)
      | (?P<doctype><!DOCTYPE(?:[^\[>]|\[.*?\])*>)
      | (?P<end></(?P<end_name>[^\s>]+)\s*>)
      | (?P<start><(?P<name>[^\s/>!?]+)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?P<empty>/)?>)""",
    re.VERBOSE | re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""(?P<name>[^\s=/>]+)\s*=\s*(?:"(?P<a>[^"]*)"|'(?P<b>[^']*)')""")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Elements whose content a reader does not see as running text.
HIDDEN = frozenset(
    "journal-meta article-categories contrib-group aff author-notes pub-date history permissions "
    "funding-group kwd-group custom-meta-group self-uri related-article object-id graphic "
    "inline-graphic alt-text long-desc annotation processing-meta article-id counts "
    "trans-title-group ref-list front-stub"
    .split()
)
# Inside <article-meta>, only these are text.
FRONT_TEXT = frozenset({"title-group", "abstract", "trans-abstract"})
# Elements that stand on their own line (a paragraph break before and after).
BLOCKS = frozenset(
    "p title sec list list-item caption td th tr fig table-wrap disp-quote fn ack app abstract "
    "article-title boxed-text def term label disp-formula statement ref sub-article body back "
    "speech verse-group verse-line".split()
)
# Elements after which a space separates what follows: "Smith" "AB" -> "Smith AB".
SPACED = frozenset(
    "surname given-names suffix prefix name string-name collab year source article-title "
    "chapter-title volume issue fpage lpage elocation-id etal publisher-name publisher-loc "
    "pub-id ext-link uri person-group edition".split()
)

# JATS publication types -> CSL types.
CSL_TYPES = {
    "journal": "article-journal", "book": "book", "confproc": "paper-conference",
    "conference": "paper-conference", "thesis": "thesis", "report": "report", "web": "webpage",
    "webpage": "webpage", "data": "dataset", "dataset": "dataset", "software": "software",
    "patent": "patent", "preprint": "article", "newspaper": "article-newspaper",
    "magazine": "article-magazine", "other": "document",
}
_CITATIONS = ("element-citation", "mixed-citation", "nlm-citation", "citation")
# "2010a" -> year 2010, suffix "a"
_YEAR = re.compile(r"(?P<year>1[5-9]\d\d|20\d\d)(?P<suffix>[a-z]?)")


@dataclass(slots=True)
class _Xref:
    rids: tuple[str, ...]
    start: int
    end: int = -1


@dataclass(slots=True)
class _Ref:
    key: str
    start: int  # text offsets of the entry as printed
    end: int


@dataclass(slots=True)
class _Walk:
    """The article's text, laid out as the tokenizer meets it."""

    source: str
    out: TextBuilder = field(default_factory=TextBuilder)
    xrefs: list[_Xref] = field(default_factory=list)
    superscripts: list[Span] = field(default_factory=list)
    refs: list[_Ref] = field(default_factory=list)
    pending: int | None = None  # where a space is owed, if a word follows
    blocks: frozenset[str] = BLOCKS  # elements that stand on their own line in this pass
    open_xrefs: list[_Xref | None] = field(default_factory=list)  # one per open <xref>
    sup_starts: list[tuple[int, int]] = field(default_factory=list)  # text offset, xrefs before
    ref_starts: list[tuple[str, int]] = field(default_factory=list)

    def text(self, start: int, end: int) -> None:
        """Add the character data in ``source[start:end]``, entities decoded, spaces collapsed."""
        pos = start
        for entity in _ENTITY.finditer(self.source, start, end):
            self._chars(self.source[pos : entity.start()], pos)
            self._char(html.unescape(entity.group()), entity.start())
            pos = entity.end()
        self._chars(self.source[pos:end], pos)

    def _chars(self, text: str, origin: int) -> None:
        for i, ch in enumerate(text):
            self._char(ch, origin + i)

    def _char(self, ch: str, origin: int) -> None:
        if self.pending is not None and (ch.isalnum() or ch in "([“\"‘"):
            if self.out.chars and self.out.chars[-1] not in " \n":
                self.out.add(" ", self.pending)
        self.pending = None
        if ch in " \t\r\n":
            if not self.out.chars or self.out.chars[-1] in " \n":
                return
            ch = " "
        self.out.add(ch, origin)

    def space(self, origin: int) -> None:
        """Owe a space: "<surname>Smith</surname><given-names>AB</given-names>" reads "Smith AB"."""
        self.pending = origin

    def open(self, name: str, attrs: dict[str, str], shown: bool, at: int, references: bool) -> None:
        """An element starts: break the line, or note where an xref, sup or ref begins."""
        if shown and name in self.blocks:
            self.brk(at)
        if name == "xref":
            bibliographic = shown and not references and attrs.get("ref-type") == "bibr"
            xref = _Xref(tuple(attrs.get("rid", "").split()), len(self.out)) if bibliographic else None
            if xref is not None:
                self.xrefs.append(xref)
            self.open_xrefs.append(xref)
        if shown and name == "sup":
            self.sup_starts.append((len(self.out), len(self.xrefs)))
        if shown and references and name == "ref":
            self.ref_starts.append((attrs.get("id", ""), len(self.out)))

    def close(self, name: str, shown: bool, at: int) -> None:
        """An element ends: close what ``open`` noted, then break the line or owe a space."""
        if name == "xref" and self.open_xrefs:
            xref = self.open_xrefs.pop()
            if xref is not None:
                xref.end = len(self.out)
        if name == "sup" and shown and self.sup_starts:
            # Only a superscript holding a bibliographic xref is a callout; "S<sup>90</sup>" is not.
            start, xrefs_before = self.sup_starts.pop()
            if len(self.out) > start and len(self.xrefs) > xrefs_before:
                self.superscripts.append(Span(start, len(self.out)))
        if name == "ref" and shown and self.ref_starts:
            key, start = self.ref_starts.pop()
            while self.out.chars and self.out.chars[-1] == " ":
                self.out.chars.pop()
                self.out.offsets.pop()
            self.refs.append(_Ref(key, start, len(self.out)))
        if shown and name in self.blocks:
            self.brk(at)
        elif shown and name in SPACED:
            self.space(at)

    def brk(self, origin: int) -> None:
        """End the current block: no trailing space, one blank line."""
        self.pending = None
        while self.out.chars and self.out.chars[-1] == " ":
            self.out.chars.pop()
            self.out.offsets.pop()
        if self.out.chars and self.out.chars[-1] != "\n":
            self.out.add("\n\n", origin, spread=False)


def read_jats_string(source: str, path: str = "<string>") -> Manuscript:
    """Read a JATS article given as a string."""
    root = _parse(source, path)
    walk = _Walk(source)
    body_end = _walk(walk, source, references=False)
    walk.brk(len(source))
    references_start = len(walk.out)
    _walk(walk, source, references=True)
    walk.brk(len(source))
    manuscript = Manuscript(
        path=path,
        source=source,
        text=walk.out.text(),
        offsets=offset_map(walk.out.offsets, len(source)),
        body=Span(0, body_end),
        references=Span(references_start, len(walk.out)) if walk.refs else None,
        reference_heading="References" if walk.refs else None,
        superscripts=tuple(walk.superscripts),
        format="jats",
    )
    bibliography = _references(manuscript, root, walk.refs)
    citations = _citations(manuscript, walk.xrefs, bibliography)
    return replace(manuscript, bibliography=tuple(bibliography), prepared_citations=citations)


def _parse(source: str, path: str) -> etree._Element:
    data = source.encode("utf-8")
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        if not re.match(r"Entity '\w+' not defined", exc.msg or ""):
            raise FormatError(f"{path}: is not well-formed XML ({exc.msg})") from exc
        # Named entities (&nbsp;) declared only in the DTD, which is not fetched: the text walk
        # decodes them itself, and the reference list does without them.
        root = parse_xml(data, recover=True)
    if root is None:
        raise FormatError(f"{path}: is not well-formed XML (nothing could be read)")
    if etree.QName(root).localname != "article":
        raise FormatError(f"{path}: is XML but not a JATS article (its root is <{etree.QName(root).localname}>, not <article>)")
    return root


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _walk(walk: _Walk, source: str, *, references: bool) -> int:
    """Lay out the visible text (``references=False``) or the reference list (``True``).

    Returns the text length reached when the walk ended.
    """
    stack: list[tuple[str, bool]] = []  # element name, visible
    walk.blocks = frozenset({"ref"}) if references else BLOCKS
    pos = 0
    for token in _MARKUP.finditer(source):
        visible = stack[-1][1] if stack else False
        if token.start() > pos and visible:
            walk.text(pos, token.start())
        pos = token.end()
        kind = token.lastgroup
        if kind == "cdata" and visible:
            walk.text(token.start() + 9, token.end() - 3)
        if kind == "start":
            name = _local(token.group("name"))
            attrs = _attributes(token.group("attrs"))
            parent = stack[-1][0] if stack else ""
            shown = _visible(name, parent, visible, references, stack)
            walk.open(name, attrs, shown, token.start(), references)
            if token.group("empty"):
                walk.close(name, shown, token.end())
            else:
                stack.append((name, shown))
        elif kind == "end" and stack:
            name, shown = stack.pop()
            walk.close(name, shown, token.start())
    return len(walk.out)


def _visible(name: str, parent: str, visible: bool, references: bool, stack: list[tuple[str, bool]]) -> bool:
    if not stack:
        return not references
    if references:  # only the entries of a ref-list, without their printed labels
        if name == "ref" and parent == "ref-list":
            return True
        return visible and not (name == "label" and parent == "ref")
    if not visible:
        return False
    if parent in ("article-meta",) and name not in FRONT_TEXT:
        return False
    return name not in HIDDEN


def _attributes(text: str) -> dict[str, str]:
    return {
        _local(m.group("name")): html.unescape(m.group("a") if m.group("a") is not None else m.group("b"))
        for m in _ATTRIBUTE.finditer(text or "")
    }


# --- the reference list -------------------------------------------------------------------------


def _references(manuscript: Manuscript, root: etree._Element, printed: list[_Ref]) -> list[Reference]:
    """One Reference per ``<ref>`` of the main ref-lists, in order, matched to its printed text."""
    elements = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "ref"
                and e.getparent() is not None and etree.QName(e.getparent()).localname == "ref-list"]
    references = []
    for index, (element, shown) in enumerate(zip(elements, printed), start=1):
        span = Span(shown.start, shown.end)
        text = manuscript.text[span.start : span.end]
        csl, problems = _csl(element, text)
        label = _label(element)
        references.append(
            Reference(
                index=index,
                raw=text,
                span=span,
                location=manuscript.locate(span.start),
                csl=csl,
                key=element.get("id") or shown.key,
                label=label,
                problems=problems,
            )
        )
    return references


def _label(ref: etree._Element) -> str | None:
    label = _child(ref, "label")
    if label is None:
        return None
    digits = re.sub(r"\D", "", _text(label))
    return digits or None


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname in names:
            return child
    return None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _descendant(element: etree._Element, name: str) -> etree._Element | None:
    for child in element.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return child
    return None


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


# A web address in a citation's text: "https://x.org/a", "www.gmc-uk.org/med_ed/index.htm"
_PRINTED_URL = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"]+", re.I)


def _csl(ref: etree._Element, printed: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    citation = _child(ref, *_CITATIONS)
    if citation is None:
        alternatives = _child(ref, "citation-alternatives")
        citation = _child(alternatives, *_CITATIONS) if alternatives is not None else None
    if citation is None:
        parsed = parse_reference(printed)
        return dict(parsed.csl), parsed.problems
    tagged = {etree.QName(e).localname for e in citation.iter() if isinstance(e.tag, str)}
    if not tagged & {"surname", "collab", "string-name", "year", "source", "article-title"}:
        parsed = parse_reference(printed)  # untagged: the entry as printed, entities decoded
        return dict(parsed.csl), parsed.problems
    kind = citation.get("publication-type") or citation.get("citation-type") or "other"
    csl: dict[str, Any] = {"type": CSL_TYPES.get(kind, "document")}
    authors, editors = _people(citation)
    if authors:
        csl["author"] = authors
    if editors:
        csl["editor"] = editors
    article_title = _text(_descendant(citation, "article-title"))
    chapter_title = _text(_descendant(citation, "chapter-title"))
    source = _text(_child(citation, "source"))
    if csl["type"] == "book" and (chapter_title or article_title) and source:
        csl["type"] = "chapter"
    title = chapter_title or article_title or (source if csl["type"] in ("book", "thesis", "report", "webpage", "dataset", "software", "document") else "")
    if title:
        csl["title"] = title
    if source and source != title:
        csl["container-title"] = source
    year = _YEAR.search(_text(_child(citation, "year")) or _text(_descendant(citation, "year")))
    if year:
        csl["issued"] = {"date-parts": [[int(year.group("year"))]]}
        if year.group("suffix"):
            csl["issued"]["year-suffix"] = year.group("suffix")
    for name, csl_name in (("volume", "volume"), ("issue", "issue"), ("publisher-name", "publisher"), ("publisher-loc", "publisher-place"), ("edition", "edition")):
        value = _text(_child(citation, name))
        if value:
            csl[csl_name] = value
    first, last = _text(_child(citation, "fpage")), _text(_child(citation, "lpage"))
    page = f"{first}-{last}" if first and last else first or _text(_child(citation, "elocation-id"))
    if page:
        csl["page"] = page
    doi = _doi(citation)
    if doi:
        csl["DOI"] = doi
    for link in _links(citation):
        href = link.get("{http://www.w3.org/1999/xlink}href") or _text(link)
        if href and not find_dois(href):
            csl["URL"] = href
            break
    if "URL" not in csl:
        # An address printed without a link element: "... July 2001. www.gmc-uk.org/med_ed/index.htm"
        printed_url = _PRINTED_URL.search(_text(citation))
        if printed_url and not find_dois(printed_url.group()):
            csl["URL"] = printed_url.group().rstrip(".,;:)")
    problems = () if "issued" in csl else ("no year found",)
    return csl, problems


def _people(citation: etree._Element) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    # Names right in the citation are its authors: PLOS writes no <person-group> at all, and
    # BMC writes the chapter's authors as bare <name>s before the editors' <person-group>.
    authors: list[dict[str, str]] = _names(citation)
    editors: list[dict[str, str]] = []
    for group in _children(citation, "person-group"):
        role = group.get("person-group-type", "author")
        target = editors if role == "editor" else authors if role == "author" else None
        if target is not None:
            target.extend(_names(group))
    return authors, editors


def _names(parent: etree._Element) -> list[dict[str, str]]:
    names = []
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local in ("name", "string-name") and _child(child, "surname") is not None:
            name = {"family": _text(_child(child, "surname"))}
            given = _text(_child(child, "given-names"))
            if given:
                name["given"] = given
            names.append(name)
        elif local == "string-name":
            names.append(parse_name(_text(child)))
        elif local == "collab":
            names.append({"literal": _text(child)})
    return names


def _links(citation: etree._Element) -> list[etree._Element]:
    """The citation's ``<ext-link>`` and ``<uri>``, also those inside ``<comment>`` ("Accessed at ...")."""
    holders = [citation, *_children(citation, "comment")]
    return [link for holder in holders for name in ("ext-link", "uri") for link in _children(holder, name)]


def _doi(citation: etree._Element) -> str | None:
    for pub_id in _children(citation, "pub-id"):
        if (pub_id.get("pub-id-type") or "").lower() == "doi":
            found = find_dois(_text(pub_id))
            return found[0][0] if found else _text(pub_id)
    for link in _links(citation):
        found = find_dois(link.get("{http://www.w3.org/1999/xlink}href") or _text(link))
        if found:
            return found[0][0]
    return None


# --- the publisher's links ---------------------------------------------------------------------


def _citations(manuscript: Manuscript, xrefs: list[_Xref], references: list[Reference]) -> tuple[Citation, ...]:
    """One prepared citation per rid of each bibliographic ``<xref>``, and per work inside a range.

    BMC and others link only the ends of a range: ``[<xref rid="B1">1</xref>-<xref
    rid="B9">9</xref>]`` names nine works but carries two links, and some write one link over
    "1–3".  The works inside are added (with an empty span at the dash, or the link's span).
    """
    by_key = {ref.key: ref for ref in references}
    citations = []
    for n, xref in enumerate(xrefs):
        span = Span(xref.start, max(xref.start, xref.end))
        shown = manuscript.text[span.start : span.end]
        for rid in xref.rids:
            citations.append(_xref_citation(manuscript, span, shown, rid, by_key.get(rid)))
        inside = _range_inside(manuscript, xref, xrefs[n + 1] if n + 1 < len(xrefs) else None, references)
        for ref, at in inside:
            citations.append(_xref_citation(manuscript, at, manuscript.text[at.start : at.end], ref.key or "", ref))
    return tuple(citations)


def _xref_citation(manuscript: Manuscript, span: Span, shown: str, rid: str, ref: Reference | None) -> Citation:
    number = int(ref.label) if ref is not None and ref.label and ref.label.isdigit() else None
    return Citation(
        kind=CitationKind.NUMERIC if number is not None else CitationKind.PARENTHETICAL,
        text=shown,
        span=span,
        location=manuscript.locate(span.start),
        group=shown,
        number=number,
        key=rid,
    )


# The number an xref shows: "7", "[7]", "(7)".
_SHOWN_NUMBER = re.compile(r"^[\[(]?\s*(?P<n>\d{1,4})\s*[\])]?$")
# A range written inside one xref: "1–3", "[1-3]".
_SHOWN_RANGE = re.compile(r"^[\[(]?\s*(?P<a>\d{1,4})\s*[-\u2010-\u2014\u2212]\s*(?P<b>\d{1,4})\s*[\])]?$")
# What stands between the two ends of a range: a dash, perhaps spaced ("1</xref> – <xref>").
_RANGE_GAP = re.compile(r"^\s*[-\u2010-\u2014\u2212]\s*$")
_MAX_RANGE = 200  # a wider "range" is a misreading (a page span, a year), not a callout


def _range_inside(
    manuscript: Manuscript, xref: _Xref, following: _Xref | None, references: list[Reference]
) -> list[tuple[Reference, Span]]:
    """The entries strictly inside a range this xref opens, each with the span to cite it at."""
    if len(xref.rids) != 1:
        return []
    shown = manuscript.text[xref.start : max(xref.start, xref.end)].strip()
    one = _SHOWN_RANGE.match(shown)
    if one:
        low, high, last_key = int(one.group("a")), int(one.group("b")), None
        at = Span(xref.start, max(xref.start, xref.end))
        inclusive = True
    else:
        first = _SHOWN_NUMBER.match(shown)
        if first is None or following is None or len(following.rids) != 1:
            return []
        second = _SHOWN_NUMBER.match(manuscript.text[following.start : max(following.start, following.end)].strip())
        if second is None or not _RANGE_GAP.match(manuscript.text[xref.end : following.start]):
            return []
        low, high, last_key = int(first.group("n")), int(second.group("n")), following.rids[0]
        at = Span(xref.end, xref.end)
        inclusive = False
    if not 1 < high - low <= _MAX_RANGE and not (inclusive and high - low == 1):
        return []
    numbered = _numbered(references, xref.rids[0], low, last_key, high)
    if numbered is None:
        return []
    return [(numbered[k], at) for k in range(low + 1, high + (1 if inclusive else 0))]


def _numbered(references: list[Reference], first_key: str, low: int, last_key: str | None, high: int) -> dict[int, Reference] | None:
    """Entries by the number the text shows for them, if the range's ends agree with it.

    The number is the entry's label where the list is labelled, else its place in the list; the
    ends' links must point at the entries with those numbers, and every number between must
    name one entry, or the range is left as its links say.
    """
    labels = {int(ref.label): ref for ref in references if ref.label and ref.label.isdigit()}
    places = {n: ref for n, ref in enumerate(references, start=1)}
    for by_number in (labels, places):
        if by_number.get(low) is None or by_number[low].key != first_key:
            continue
        if last_key is not None and (by_number.get(high) is None or by_number[high].key != last_key):
            continue
        if all(k in by_number for k in range(low + 1, high + 1)):
            return by_number
    return None
