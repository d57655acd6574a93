"""Undo what PDF-to-Markdown conversion leaves in a text, keeping every character's origin.

``clean(source)`` removes HTML tags, decodes entities and Markdown escapes, and unwraps the
LaTeX-math debris some converters emit, returning the cleaned text, a map from each cleaned
character to its offset in ``source``, and the spans that were superscript.

Markdown links keep their text and lose their syntax: marker writes one citation as several
links, ``[(Abadi et al.,](#page-35-3) [2016)](#page-35-3)``, which reads as "(Abadi et al.,
2016)" once the links are gone.  Where each link pointed is kept (``Cleaned.links``), and so are
the ids that HTML anchors give to places in the text (``<span id="page-35-3"></span>``,
``Cleaned.anchors``), so that a link into the reference list can name its entry.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Span, offset_map

# HTML tags that converters leave in text.  Only these names are treated as markup, so that
# "<693::AID-ASI4>" inside a SICI DOI is left alone.
_TAG_NAMES = (
    "a|abbr|b|big|br|cite|code|del|div|em|font|hr|i|ins|li|mark|ol|p|s|small|span|strike|"
    "strong|sub|sup|table|td|th|tr|tt|u|ul"
)

# A Markdown link or image: "[text](target)", "![alt](src)", "[text](url "title")".  The text
# may hold escapes and one level of brackets: "[\\[20\\]](#page-8-0)", "[[20]](#cite.x)".
_LINK = (
    r"(?P<bang>!)?\[(?P<ltext>(?:\\.|[^\[\]\n\\]|\[[^\[\]\n]{0,200}\]){0,600})\]"
    r"\((?P<target>[^()\s]{0,2000}(?:\([^()\s]{0,200}\)[^()\s]{0,200})*)(?:\s+\"[^\"\n]{0,300}\")?\)"
)

# A reference-style link, "[Okafor et al., 2016][3]": its text stays, the label goes.  Text made
# of numbers only is not a link text, so that "[12][13]" stays two numeric citations.
_REF_LINK = r"\[(?P<rtext>(?=[^\[\]\n]{0,300}?[^\[\d\s,;\]–-])[^\[\]\n]{1,300})\]\[(?P<rref>[^\[\]\n]{1,60})\]"

# The id an HTML tag gives to its place: <span id="page-35-3">, <a name="intro" />
_ANCHOR_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']?(?P<id>[^"'\s<>]+)""", re.IGNORECASE)

# One alternative per kind of debris, tried left to right at each position.
#   [text](#target)        a Markdown link: its text stays, its target is recorded
#   ![alt](image.png)      an image: dropped
#   [text][label]          a reference-style link: its text stays
#   $^{1,2}$ $^3$          a superscript written as math (MinerU, Nougat): its numbers
#   <sup>13 &</sup>quot;   a superscript that swallowed the start of an entity
#   <sup> </sup>           superscript on and off
#   <i> </i> <em>          italics, turned into Markdown '*' so both look alike downstream
#   <a href="..."> <br/>   other tags, dropped
#   &quot; &#8211; &#x2014; entities
#   $\underline{09/06}$    inline math holding LaTeX commands around plain text
#   \$ \# \_               Markdown backslash escapes
_TOKEN = re.compile(
    rf"""
      (?P<link>{_LINK})
    | (?P<reflink>{_REF_LINK})
    | (?P<mathsup>\$\s*\^\s*\{{?\s*(?P<msup>\d{{1,4}}(?:\s*[,–-]\s*\d{{1,4}}){{0,20}})\s*\}}?\s*\$)
    | (?P<supent><sup>(?P<supnum>[^<&]*?)\s*&</sup>(?P<entname>[a-zA-Z]{{2,8}};))
    | (?P<supopen><sup\b[^<>]*>)
    | (?P<supclose></sup\s*>)
    | (?P<italic></?(?:i|em)\s*>)
    | (?P<tag></?(?:{_TAG_NAMES})\b(?:\s[^<>]*)?/?>)
    | (?P<entity>&(?:\#\d{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[a-zA-Z]{{2,8}});)
    | (?P<math>\$(?=[^$\n]{{0,400}}\\)[^$\n]{{1,400}}\$)
    | (?P<escape>\\[\\`*_{{}}\[\]()\#+\-.!$&%~^|<>"'])
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Inside LaTeX math debris: commands such as \underline{ and their braces, superscript
# markers and stray tags go; what they wrapped stays.
_MATH_NOISE = re.compile(r"\\(?:</?sup>)?[a-zA-Z]+\s*\{?|[{}^]|</?sup>|\\(?=[#_&%$])")


@dataclass(slots=True)
class TextBuilder:
    """Accumulates cleaned text and, for each character, where it came from."""

    chars: list[str] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("q"))  # machine integers: see model.offset_map

    def add(self, text: str, origin: int, *, spread: bool = True) -> None:
        """Append text taken from ``origin``; ``spread`` maps char i to ``origin + i``."""
        self.chars.extend(text)  # whole runs at once: a loop per character was most of reading (issue 11)
        self.offsets.extend(range(origin, origin + len(text)) if spread else [origin] * len(text))

    def add_mapped(self, text: str, offsets: Iterable[int]) -> None:
        self.chars.extend(text)
        self.offsets.extend(offsets)

    def __len__(self) -> int:
        return len(self.chars)

    def text(self) -> str:
        return "".join(self.chars)


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown link: the span of its text in the cleaned text, and where it points."""

    span: Span
    target: str
    target_offset: int  # offset of the target in the source


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    offsets: Sequence[int]
    superscripts: tuple[Span, ...]
    links: tuple[Link, ...] = ()
    anchors: tuple[tuple[str, int], ...] = ()  # (id, offset in the cleaned text)


@dataclass(slots=True)
class _State:
    out: TextBuilder = field(default_factory=TextBuilder)
    superscripts: list[Span] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    anchors: list[tuple[str, int]] = field(default_factory=list)
    sup_start: int | None = None
    defined: set[str] = field(default_factory=set)  # labels of "[label]: url" definitions


# A link definition, which makes "[text][label]" a link: "[3]: https://example.org/okafor"
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?!\^)(?P<label>[^\]\n]{1,60})\]:[ \t]+\S", re.M)


def clean(source: str) -> Cleaned:
    """Strip markup from ``source``; see the module docstring."""
    state = _State(defined={m.group("label").strip().lower() for m in _LINK_DEFINITION.finditer(source)})
    _clean_range(state, source, 0, len(source), links=True)
    offsets = offset_map(state.out.offsets, len(source))
    return Cleaned(
        text=state.out.text(), offsets=offsets, superscripts=tuple(state.superscripts),
        links=tuple(state.links), anchors=tuple(state.anchors),
    )


def _clean_range(state: _State, source: str, start: int, end: int, *, links: bool) -> None:
    """Clean ``source[start:end]`` into ``state``; links inside a link's text stay as written."""
    out = state.out
    pos = search_at = start
    while (match := _TOKEN.search(source, search_at, end)) is not None:
        kind = match.lastgroup
        if kind in ("ltext", "target", "bang"):
            kind = "link"
        if kind in ("rtext", "rref"):
            kind = "reflink"
        if (kind in ("link", "reflink") and not links) or (
            kind == "reflink" and match.group("rref").strip().lower() not in state.defined
        ):
            # A link inside a link's text, or "[Smith 2001][Jones 2002]" with no "[Jones 2002]:"
            # defined: the brackets are text, read on from just after the first one.
            search_at = match.start() + 1
            continue
        search_at = match.end()
        if match.start() > pos:
            out.add(source[pos : match.start()], pos)
        pos = match.end()
        if kind == "link":
            if match.group("bang"):
                continue  # an image: nothing of it is text
            text_start = len(out)
            _clean_range(state, source, match.start("ltext"), match.end("ltext"), links=False)
            state.links.append(Link(Span(text_start, len(out)), match.group("target"), match.start("target")))
        elif kind == "reflink":
            text_start = len(out)
            _clean_range(state, source, match.start("rtext"), match.end("rtext"), links=False)
            state.links.append(Link(Span(text_start, len(out)), "[" + match.group("rref") + "]", match.start("rref")))
        elif kind == "mathsup":
            begin = len(out)
            out.add(match.group("msup"), match.start("msup"))
            state.superscripts.append(Span(begin, len(out)))
        elif kind == "supent":
            begin = len(out)
            number = match.group("supnum")
            out.add(number, match.start("supnum"))
            state.superscripts.append(Span(begin, len(out)))
            out.add(" " + html.unescape("&" + match.group("entname")), match.start("entname") - 1, spread=False)
        elif kind == "supopen":
            state.sup_start = len(out)
        elif kind == "supclose":
            if state.sup_start is not None and len(out) > state.sup_start:
                state.superscripts.append(Span(state.sup_start, len(out)))
            state.sup_start = None
        elif kind == "italic":
            out.add("*", match.start())
        elif kind == "entity":
            out.add(html.unescape(match.group()), match.start(), spread=False)
        elif kind == "math":
            _add_math(out, source, match.start(), match.end())
        elif kind == "escape":
            out.add(match.group()[1], match.start() + 1)
        elif kind == "tag":
            anchor = _ANCHOR_ID.search(match.group())
            if anchor and not match.group().startswith("</"):
                state.anchors.append((anchor.group("id"), len(out)))
        # other tags vanish
    if end > pos:
        out.add(source[pos:end], pos)


def _add_math(out: TextBuilder, source: str, start: int, end: int) -> None:
    """Keep what LaTeX-math debris wrapped, dropping the '$', commands and braces."""
    inner_start, inner_end = start + 1, end - 1
    pos = inner_start
    for noise in _MATH_NOISE.finditer(source, inner_start, inner_end):
        out.add(source[pos : noise.start()], pos)
        pos = noise.end()
    out.add(source[pos:inner_end], pos)
