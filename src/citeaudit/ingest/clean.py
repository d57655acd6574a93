"""Undo what PDF-to-Markdown conversion leaves in a text, keeping every character's origin.

``clean(source)`` removes HTML tags, decodes entities and Markdown escapes, and unwraps the
LaTeX-math debris some converters emit, returning the cleaned text, a map from each cleaned
character to its offset in ``source``, and the spans that were superscript.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import Span

# HTML tags that converters leave in text.  Only these names are treated as markup, so that
# "<693::AID-ASI4>" inside a SICI DOI is left alone.
_TAG_NAMES = (
    "a|abbr|b|big|br|cite|code|del|div|em|font|hr|i|ins|li|mark|ol|p|s|small|span|strike|"
    "strong|sub|sup|table|td|th|tr|tt|u|ul"
)

# One alternative per kind of debris, tried left to right at each position.
#   <sup>13 &</sup>quot;   a superscript that swallowed the start of an entity
#   <sup> </sup>           superscript on and off
#   <i> </i> <em>          italics, turned into Markdown '*' so both look alike downstream
#   <a href="..."> <br/>   other tags, dropped
#   &quot; &#8211; &#x2014; entities
#   $\underline{09/06}$    inline math holding LaTeX commands around plain text
#   \$ \# \_               Markdown backslash escapes
_TOKEN = re.compile(
    rf"""
      (?P<supent><sup>(?P<supnum>[^<&]*?)\s*&</sup>(?P<entname>[a-zA-Z]{{2,8}};))
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
    offsets: list[int] = field(default_factory=list)

    def add(self, text: str, origin: int, *, spread: bool = True) -> None:
        """Append text taken from ``origin``; ``spread`` maps char i to ``origin + i``."""
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.offsets.append(origin + i if spread else origin)

    def add_mapped(self, text: str, offsets: list[int]) -> None:
        self.chars.extend(text)
        self.offsets.extend(offsets)

    def __len__(self) -> int:
        return len(self.chars)

    def text(self) -> str:
        return "".join(self.chars)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    offsets: tuple[int, ...]
    superscripts: tuple[Span, ...]


def clean(source: str) -> Cleaned:
    """Strip markup from ``source``; see the module docstring."""
    out = TextBuilder()
    superscripts: list[Span] = []
    sup_start: int | None = None
    pos = 0
    for match in _TOKEN.finditer(source):
        if match.start() > pos:
            out.add(source[pos : match.start()], pos)
        pos = match.end()
        kind = match.lastgroup
        if kind == "supent":
            start = len(out)
            number = match.group("supnum")
            out.add(number, match.start("supnum"))
            superscripts.append(Span(start, len(out)))
            out.add(" " + html.unescape("&" + match.group("entname")), match.start("entname") - 1, spread=False)
        elif kind == "supopen":
            sup_start = len(out)
        elif kind == "supclose":
            if sup_start is not None and len(out) > sup_start:
                superscripts.append(Span(sup_start, len(out)))
            sup_start = None
        elif kind == "italic":
            out.add("*", match.start())
        elif kind == "entity":
            out.add(html.unescape(match.group()), match.start(), spread=False)
        elif kind == "math":
            _add_math(out, source, match.start(), match.end())
        elif kind == "escape":
            out.add(match.group()[1], match.start() + 1)
        # plain tags vanish
    out.add(source[pos:], pos)
    offsets = out.offsets + [len(source)]
    return Cleaned(text=out.text(), offsets=tuple(offsets), superscripts=tuple(superscripts))


def _add_math(out: TextBuilder, source: str, start: int, end: int) -> None:
    """Keep what LaTeX-math debris wrapped, dropping the '$', commands and braces."""
    inner_start, inner_end = start + 1, end - 1
    pos = inner_start
    for noise in _MATH_NOISE.finditer(source, inner_start, inner_end):
        out.add(source[pos : noise.start()], pos)
        pos = noise.end()
    out.add(source[pos:inner_end], pos)
