"""Turn a JATS article into the plain-text/Markdown manuscript its authors would have had.

The output is what citeaudit is benchmarked on, and the gold (which in-text mention points at
which reference) comes from the XML's ``<xref ref-type="bibr">`` tags, never from citeaudit's
own code.

Layout of the produced text (blocks separated by a blank line)::

    # Article title
    # Abstract            (the main abstract only)
    # Introduction        (body sections; ``##`` for a sub-section, and so on)
    paragraphs, in-text citations exactly as printed: "[3]–[5]", "(Smith et al., 2010; Jones, 2011a)"
    Figure 1. Caption...  (figure, table and supplementary captions are kept as paragraphs;
                           tables as Markdown pipe tables; lists as "- " items)
    # Acknowledgments / # Appendix ... / # Decision letter / # Author response
    # References
    1. Surname AB, ... (one reference per line; PLOS numbered "N. ", eLife unnumbered)

Inline markup (italic, bold, sub/superscript) is flattened to plain text; MathML to its
characters.  eLife's sub-articles (decision letter, author response) follow the back matter,
before the references, each under its own ``#`` heading: they cite the article's references.

Gold: one :class:`Mention` per xref, except that PLOS ranges written as two xrefs with a dash
between (``[3]–[5]``, or ``3<xref/>-5`` with empty xrefs for the implied middle) become one
mention whose targets are the whole range.  Targets are 1-based positions in the rendered
reference list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MML = "http://www.w3.org/1998/Math/MathML"
XLINK = "{http://www.w3.org/1999/xlink}href"

# Elements that float out of a paragraph: rendered as blocks after the paragraph they sit in.
FLOATS = frozenset(
    {"fig", "fig-group", "table-wrap", "table-wrap-group", "supplementary-material", "media",
     "boxed-text", "fn", "attrib"}
)
# Elements that interrupt a paragraph: the paragraph is split around them.
SPLITS = frozenset({"list", "disp-quote", "disp-formula", "def-list", "statement", "preformat"})
# Elements whose content is never printed as text.
SKIP = frozenset(
    {"graphic", "inline-graphic", "object-id", "annotation", "annotation-xml", "permissions",
     "alt-text", "long-desc", "ref-list"}
)

# "[12]" or "12": a PLOS callout that can be the end of a range.
NUMERIC_CALLOUT = re.compile(r"\[?\d+\]?")
# What PLOS prints between the two ends of a range: "–", "-", " – ".
RANGE_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")
# Runs of layout whitespace in the XML (not no-break or thin spaces, which are printed).
LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class Mention:
    """One in-text mention: ``text[start:end]`` and the reference positions it cites."""

    start: int
    end: int
    targets: tuple[int, ...]
    text: str
    xrefs: int  # how many <xref> elements (empty ones included) make it up


@dataclass(frozen=True, slots=True)
class Article:
    """A converted article: the manuscript text, the gold mentions and the reference lines."""

    name: str
    style: str  # "numeric" (PLOS) or "author-year" (eLife)
    text: str
    mentions: tuple[Mention, ...]
    references: tuple[tuple[int, int], ...]  # span of each reference line, in list order
    reference_keys: tuple[tuple[str, str], ...] = ()  # (first author's surname, year) per reference

    @property
    def gold_pairs(self) -> int:
        return sum(len(m.targets) for m in self.mentions)

    @property
    def xref_count(self) -> int:
        return sum(m.xrefs for m in self.mentions)


# -- building text with marks -------------------------------------------------------------


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    rid: str


class _Run:
    """Text being built for one block, with the xrefs found in it."""

    def __init__(self, prefix: str = "") -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[_Mark] = []
        self.prefix = prefix

    def add(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Block:
    text: str
    marks: list[_Mark]


def _normalise(run: _Run, escape_pipes: bool = False) -> _Block:
    """Collapse layout whitespace, strip the ends, add the prefix; carry the marks along."""
    raw = run.text()
    out: list[str] = []
    new_at = [0] * (len(raw) + 1)  # raw offset -> offset in out
    n = 0
    pending_space = False
    for i, ch in enumerate(raw):
        if ch in " \t\r\n":
            new_at[i] = n
            pending_space = n > 0
            continue
        if pending_space:
            out.append(" ")
            n += 1
            pending_space = False
        new_at[i] = n
        if escape_pipes and ch == "|":
            out.append("\\|")
            n += 2
        else:
            out.append(ch)
            n += 1
    new_at[len(raw)] = n
    text = "".join(out)
    shift = len(run.prefix) if text else 0
    marks = []
    for m in run.marks:
        start, end = new_at[m.start], new_at[m.end]
        if m.end > m.start:
            # the end maps past trailing layout space, so take one after the last character
            end = new_at[m.end - 1] + 1
        marks.append(_Mark(min(start, len(text)) + shift, min(end, len(text)) + shift, m.rid))
    return _Block((run.prefix + text) if text else "", marks)


def _local(e: etree._Element) -> str:
    return etree.QName(e).localname if isinstance(e.tag, str) else ""


def _math_text(e: etree._Element) -> str:
    """The characters of a MathML element, fences included."""
    if _local(e) in SKIP:
        return ""
    text = (e.text or "") + "".join(
        _math_text(c) + (c.tail or "") for c in e if isinstance(c.tag, str)
    )
    if _local(e) == "mfenced":
        text = e.get("open", "(") + text + e.get("close", ")")
    return text


def _formula_text(e: etree._Element) -> str:
    """A formula as text: its MathML, else its TeX, else whatever text it has."""
    math = e if _local(e) == "math" else e.find(f".//{{{MML}}}math")
    if math is not None:
        return _math_text(math)
    tex = e if _local(e) == "tex-math" else e.find(".//tex-math")
    if tex is not None:
        return tex.text or ""
    # a formula typeset as a picture: whatever text it has besides its label
    return (e.text or "") + "".join(
        _math_text(c) + (c.tail or "") for c in e if isinstance(c.tag, str) and _local(c) != "label"
    )


def _is_doi_line(p: etree._Element) -> bool:
    """eLife's "DOI: http://dx.doi.org/…" line under a caption: the publisher's, not the author's."""
    if _local(p) != "p" or p.find("ext-link") is None:
        return False
    return "".join(p.itertext()).strip().startswith("DOI:")


# Elements that end a word: a space goes either side when they are flattened inline.
SPACED = frozenset({"p", "title", "label", "list-item", "td", "th", "term", "def", "caption", "sec"})


# -- the renderer -------------------------------------------------------------------------


class _Renderer:
    """Walks the article, appending normalised blocks (text plus xref marks)."""

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self._run = _Run()
        self._deferred: list[etree._Element] = []
        self._inline_only = 0
        self._level = 1

    # blocks

    def inline_block(self, elems: list[etree._Element | None], prefix: str = "") -> None:
        """One block made of the inline text of ``elems`` (a heading, a paragraph, a caption)."""
        outer_run, outer_deferred = self._run, self._deferred
        self._run, self._deferred = _Run(prefix), []
        for i, e in enumerate(x for x in elems if x is not None):
            if i:
                self._run.add(" ")
            self._inline(e, tail=False, top=True)
        self._emit(self._run)
        deferred = self._deferred
        self._run, self._deferred = outer_run, outer_deferred
        for f in deferred:
            self.block(f, self._level)

    def heading(self, level: int, elems: list[etree._Element | None]) -> None:
        self.inline_block(elems, prefix="#" * min(level, 6) + " ")

    def text_block(self, text: str) -> None:
        self.blocks.append(_Block(text, []))

    def children(self, elem: etree._Element, level: int) -> None:
        for c in elem:
            self.block(c, level)

    def block(self, e: etree._Element, level: int) -> None:
        name = _local(e)
        self._level = level
        if not name or name in SKIP or name in ("label", "title", "caption", "attrib"):
            return
        if name in ("sec", "app", "ack", "app-group", "abstract"):
            title = e.find("title")
            if title is not None and "".join(title.itertext()).strip():
                self.heading(level, [e.find("label"), title])
                self.children(e, level + 1)
            elif name == "ack":
                self.text_block("#" * level + " Acknowledgments")
                self.children(e, level + 1)
            else:
                self.children(e, level)
        elif name in ("p", "disp-formula", "preformat", "def-item"):
            if not _is_doi_line(e):
                self.inline_block([e])
        elif name in FLOATS or name == "statement":
            self._captioned(e, level)
        elif name == "list":
            for item in e:
                if _local(item) == "list-item":
                    self._list_item(item, level)
        elif name == "disp-quote":
            for c in e:
                if _local(c) == "p":
                    self.inline_block([c], prefix="> ")
                else:
                    self.block(c, level)
        elif name in ("def-list", "fn-group", "table-wrap-foot", "notes", "alternatives"):
            self.children(e, level)
        elif name == "table":
            self._table(e)
        elif "".join(e.itertext()).strip():
            self.inline_block([e])

    def _captioned(self, e: etree._Element, level: int) -> None:
        """A figure, table, box or supplement: label and caption title, caption paragraphs, body."""
        caption = e.find("caption")
        title = caption.find("title") if caption is not None else e.find("title")
        if e.find("label") is not None or title is not None:
            self.inline_block([e.find("label"), title])
        if caption is not None:
            for c in caption:
                if _local(c) != "title":
                    self.block(c, level)
        for c in e:
            if _local(c) not in ("label", "caption", "title"):
                self.block(c, level)

    def _list_item(self, item: etree._Element, level: int) -> None:
        prefix = "- "
        for c in item:
            if _local(c) == "p":
                self.inline_block([c], prefix=prefix)
                prefix = "  "
            elif _local(c) != "label":
                self.block(c, level)

    def _table(self, table: etree._Element) -> None:
        """A Markdown pipe table; the first row is the header."""
        rows: list[list[_Block]] = []
        for tr in table.iter("tr"):
            cells = []
            for cell in tr:
                if _local(cell) not in ("td", "th"):
                    continue
                outer = self._run
                self._run = _Run()
                self._inline_only += 1
                self._inline(cell, tail=False, top=True)
                self._inline_only -= 1
                cells.append(_normalise(self._run, escape_pipes=True))
                self._run = outer
            if cells:
                rows.append(cells)
        if not rows:
            return
        width = max(len(r) for r in rows)
        parts: list[str] = []
        marks: list[_Mark] = []
        pos = 0
        for i, cells in enumerate(rows):
            line = "|"
            for cell in cells + [_Block("", [])] * (width - len(cells)):
                line += " "
                base = pos + len(line)
                marks.extend(_Mark(m.start + base, m.end + base, m.rid) for m in cell.marks)
                line += cell.text + " |"
            if i == 0:
                line += "\n|" + "---|" * width
            line += "\n" if i < len(rows) - 1 else ""
            parts.append(line)
            pos += len(line)
        self.blocks.append(_Block("".join(parts), marks))

    # inline

    def _emit(self, run: _Run) -> None:
        block = _normalise(run)
        if block.text.strip():
            self.blocks.append(block)
        elif block.marks:
            raise ValueError("a citation would be lost in an empty block")

    def _inline(self, e: etree._Element, tail: bool = True, top: bool = False) -> None:
        name = _local(e)
        movable = not top and not self._inline_only
        if name and name not in SKIP:
            if movable and name in FLOATS:
                self._deferred.append(e)
            elif movable and name in SPLITS:
                # the paragraph so far, the interruption, then a fresh paragraph
                self._emit(self._run)
                self.block(e, self._level)
                self._run = _Run()
            elif name == "xref" and e.get("ref-type") == "bibr":
                start = self._run.length
                self._run.add("".join(e.itertext()))
                for rid in (e.get("rid") or "").split():
                    self._run.marks.append(_Mark(start, self._run.length, rid))
            elif name in ("inline-formula", "disp-formula", "math", "tex-math"):
                self._run.add(" " if name == "disp-formula" else "")
                self._run.add(_formula_text(e))
                label = e.find("label")
                if label is not None:
                    self._run.add(" " + "".join(label.itertext()))
            elif name == "alternatives":
                pick = next((c for c in e if _local(c) in ("math", "tex-math", "table")), None)
                if pick is not None:
                    self._inline(pick, tail=False)
            elif name == "break":
                self._run.add(" ")
            else:
                if name in SPACED:
                    self._run.add(" ")
                self._run.add(e.text or "")
                for c in e:
                    self._inline(c)
                if name in SPACED:
                    self._run.add(" ")
        if tail:
            self._run.add(e.tail or "")


# -- references ---------------------------------------------------------------------------


def _flat(e: etree._Element | None) -> str:
    """Text of an element with layout whitespace collapsed; a space between name parts."""
    if e is None:
        return ""
    parts: list[str] = []

    def walk(x: etree._Element) -> None:
        name = _local(x)
        if name in SKIP:
            parts.append(x.tail or "")
            return
        if name == "name":
            bits = [_flat(c) for c in x if _local(c) in ("prefix", "surname", "given-names", "suffix")]
            parts.append(" ".join(b for b in bits if b))
        else:
            parts.append(x.text or "")
            for c in x:
                walk(c)
        parts.append(x.tail or "")

    parts.append(e.text or "")
    for c in e:
        walk(c)
    return LAYOUT_SPACE.sub(" ", "".join(parts)).strip()


def _name(n: etree._Element) -> str:
    if _local(n) == "collab":
        return _flat(n)
    if _local(n) == "etal":
        return "et al."
    bits = [_flat(n.find(t)) for t in ("surname", "given-names", "suffix")]
    return " ".join(b for b in bits if b)


def _sentence(s: str) -> str:
    s = s.strip()
    return s if not s or s[-1] in ".?!" else s + "."


def reference_key(ref: etree._Element) -> tuple[str, str]:
    """(first author's surname or collab, year) of a reference, from its tags."""
    first = ref.find(".//name/surname")
    collab = ref.find(".//collab")
    author = _flat(first) if first is not None else _flat(collab)
    year = re.match(r"\d{4}", _flat(ref.find(".//year")))
    return author, year.group(0) if year else ""


def render_mixed(ref: etree._Element) -> str:
    """A PLOS mixed-citation flattened as printed (a space between surname and given names)."""
    return " ".join(_flat(mc) for mc in ref.findall("mixed-citation"))


def render_element(ec: etree._Element) -> str:
    """An eLife element-citation in eLife's author-year style.

    ``Surname AB, Surname CD. Year. Title. Source volume:fpage–lpage. doi: 10.…``
    """
    groups: dict[str, list[etree._Element]] = {}
    for g in ec.findall("person-group"):
        groups.setdefault(g.get("person-group-type", "author"), []).append(g)
    # one eLife record splits its authors over two groups (the second holding only <etal/>)
    names = [
        _name(n) for g in groups.get("author", []) for n in g if _local(n) in ("name", "collab", "etal")
    ]
    names += [_flat(c) for c in ec.findall("collab")]
    out = []
    if names:
        out.append(_sentence(", ".join(n for n in names if n)))
    year = _flat(ec.find("year"))
    if year:
        out.append(year + ".")
    title = _flat(ec.find("article-title")) or _flat(ec.find("chapter-title"))
    if title:
        out.append(_sentence(title))
    source = _flat(ec.find("source"))
    volume, fpage, lpage = (_flat(ec.find(t)) for t in ("volume", "fpage", "lpage"))
    pages = fpage + ("\u2013" + lpage if lpage else "")
    kind = ec.get("publication-type", "journal")
    if kind == "book":
        eds = [
            _name(n) for g in groups.get("editor", []) for n in g if _local(n) in ("name", "collab", "etal")
        ]
        if eds:
            out.append("In: " + ", ".join(eds) + (", editors." if len(eds) > 1 else ", editor."))
        if source:
            out.append(_sentence(source))
        edition = _flat(ec.find("edition"))
        if edition:
            out.append(_sentence(edition))
        loc, pub = _flat(ec.find("publisher-loc")), _flat(ec.find("publisher-name"))
        if loc or pub:
            out.append(_sentence(": ".join(x for x in (loc, pub) if x)))
        if pages:
            out.append("p. " + pages + ".")
    else:
        where = source
        if volume and pages:
            where += f" {volume}:{pages}"
        elif volume or pages:
            where += " " + (volume or pages)
        if where:
            out.append(_sentence(where))
        loc, pub = _flat(ec.find("publisher-loc")), _flat(ec.find("publisher-name"))
        if pub:
            out.append(_sentence(": ".join(x for x in (loc, pub) if x)))
    comment = _flat(ec.find("comment"))
    if comment:
        out.append(comment)
    doi = _flat(ec.find("pub-id[@pub-id-type='doi']"))
    link = ec.find("ext-link")
    if not doi and link is not None:
        href = link.get(XLINK) or _flat(link)
        m = re.match(r"https?://(?:dx\.)?doi\.org/(10\..+)", href)
        if m:
            doi = m.group(1)
        else:
            out.append(href)
    if doi:
        out.append("doi: " + doi)
    return " ".join(out)


# -- gold grouping ------------------------------------------------------------------------


def _group(text: str, marks: list[_Mark], ordinal: dict[str, int], numeric: bool) -> list[Mention]:
    """Mentions of one block: one per xref, PLOS dash ranges joined into one."""
    groups: list[list[_Mark]] = []
    for m in marks:
        if groups and numeric and _joins(text, groups[-1][-1], m):
            groups[-1].append(m)
        else:
            groups.append([m])
    mentions = []
    for g in groups:
        targets = {ordinal[m.rid] for m in g}
        ends = [ordinal[m.rid] for m in g if m.end > m.start]
        for a, b in zip(ends, ends[1:]):
            targets.update(range(min(a, b), max(a, b) + 1))
        start, end = g[0].start, max(m.end for m in g)
        # distinct xref elements: several rids in one xref share a span
        xrefs = len({(m.start, m.end) if m.end > m.start else id(m) for m in g})
        mentions.append(Mention(start, end, tuple(sorted(targets)), text[start:end], xrefs))
    return mentions


def _joins(text: str, a: _Mark, b: _Mark) -> bool:
    def callout(m: _Mark) -> bool:
        return m.end == m.start or NUMERIC_CALLOUT.fullmatch(text[m.start:m.end]) is not None

    if not (callout(a) and callout(b)):
        return False
    between = text[a.end:b.start]
    if RANGE_DASH.fullmatch(between):
        return True
    return between == "" and (a.end == a.start or b.end == b.start)


# -- the article --------------------------------------------------------------------------


def convert_string(xml: bytes | str, name: str = "<string>") -> Article:
    """Convert one JATS article (its XML) into manuscript text and gold mentions."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
    root = etree.fromstring(xml, parser)
    refs = root.findall("back/ref-list//ref")
    ordinal = {r.get("id"): i for i, r in enumerate(refs, 1)}
    numeric = any(r.find("label") is not None for r in refs)

    renderer = _Renderer()
    renderer.heading(1, [root.find("front/article-meta/title-group/article-title")])
    for abstract in root.findall("front/article-meta/abstract"):
        if abstract.get("abstract-type") is None:
            renderer.text_block("# Abstract")
            renderer.children(abstract, 2)
            break
    body = root.find("body")
    if body is not None:
        renderer.children(body, 1)
    back = root.find("back")
    if back is not None:
        for c in back:
            if _local(c) not in ("ref-list", "fn-group", "glossary"):
                renderer.block(c, 1)
    # eLife's decision letter and author response cite the article's references too; they go
    # before the reference list so that it stays the last section.
    for sub in root.findall("sub-article"):
        sub_body = sub.find("body")
        if sub_body is not None:
            renderer.heading(1, [sub.find("front-stub/title-group/article-title")])
            renderer.children(sub_body, 2)

    text_parts: list[str] = []
    mentions: list[Mention] = []
    pos = 0
    for block in renderer.blocks:
        if text_parts:
            text_parts.append("\n\n")
            pos += 2
        for m in _group(block.text, block.marks, ordinal, numeric):
            mentions.append(Mention(m.start + pos, m.end + pos, m.targets, m.text, m.xrefs))
        text_parts.append(block.text)
        pos += len(block.text)

    ref_spans: list[tuple[int, int]] = []
    if refs:
        text_parts.append("\n\n# References\n\n")
        pos += len("\n\n# References\n\n")
        for i, ref in enumerate(refs, 1):
            if ref.find("mixed-citation") is not None:
                line = render_mixed(ref)
            else:
                ec = ref.find("element-citation")
                line = render_element(ec) if ec is not None else _flat(ref)
            if numeric:
                line = f"{_flat(ref.find('label')) or i}. {line}"
            if i > 1:
                text_parts.append("\n")
                pos += 1
            ref_spans.append((pos, pos + len(line)))
            text_parts.append(line)
            pos += len(line)
    text_parts.append("\n")
    text = "".join(text_parts)
    return Article(
        name=name,
        style="numeric" if numeric else "author-year",
        text=text,
        mentions=tuple(mentions),
        references=tuple(ref_spans),
        reference_keys=tuple(reference_key(ref) for ref in refs),
    )


def convert_file(path: str | Path) -> Article:
    """Convert the JATS file at ``path``."""
    path = Path(path)
    return convert_string(path.read_bytes(), name=path.name)


def main(argv: list[str] | None = None) -> int:
    """Print a converted article (``--gold`` to list the gold mentions instead)."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--gold", action="store_true", help="list gold mentions and targets")
    args = parser.parse_args(argv)
    article = convert_file(args.path)
    if args.gold:
        for m in article.mentions:
            print(f"{m.start}:{m.end}\t{m.text!r}\t{list(m.targets)}")
    else:
        print(article.text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
