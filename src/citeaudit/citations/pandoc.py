"""Pandoc's citation syntax: ``[@key]``, ``[see @a, p. 3; @b]``, ``@key [p. 33]``, ``[-@key]``.

``find_pandoc_cites(text)`` reads every citation Pandoc would read in ``text``, which the caller
has already masked: code spans, code blocks, link targets, URLs and front matter replaced by
spaces of the same length, so that offsets stay offsets into the original file.  The rules are
Pandoc's own (checked against ``pandoc -t json``):

    [@a; @b]                    a bracketed group: items split on ';', each an optional prefix,
    [see @a, pp. 33-35; @b]     an optional '-' (suppress author), '@key', and a locator
    [-@smith]                   suppress author
    @smith                      in prose ("author in text"); "@smith [p. 33]" takes a locator
    @{weird:key}                any key in braces
    foo@bar.com                 not a citation: '@' after a letter or digit
    @key.  @key:                trailing punctuation is not part of the key
    [@a](https://x)             a link: its text may hold in-text citations, it is no group
    [@a, @b]                    Pandoc reads a, then b in-text inside a's locator; the ','
                                is almost always a slip for ';' (``comma_for_semicolon``)
    (@good) ... as (@good)      an example list and a reference to its number, no citation

Cross-reference labels (pandoc-crossref's ``@fig:``, ``@sec:``, ``@tbl:``, ``@eq:``, ``@lst:``
and Quarto's ``@fig-``, ``@tbl-``, ``@sec-``...) are marked ``crossref``; the reader drops them
unless the bibliography holds that key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A citation key: starts with a word character, may hold internal punctuation that is followed
# by a word character ("smith:2001.a", "doe/x-y"), so "@smith." and "@k--x" stop before the dot
# and the dashes.  "@{any key}" takes anything but braces.
#   @smith04  @Zingale_2018  @key:sub  @{https://x.org/a?b=c}
def _key_pattern(name: str) -> str:
    return rf"(?:\{{(?P<{name}_braced>[^{{}}\n]+)\}}|(?P<{name}_plain>\w(?:\w|[:.#$%&+?<>~/-](?=\w))*))"


KEY = re.compile(_key_pattern("k"))

# '@' that can open a citation: not after a letter or digit (that is an e-mail address).
#   "see @smith"  "(@smith)"  "_@smith"  -- but not "foo@bar.com"
IN_TEXT = re.compile(r"(?<![^\W_])(?P<dash>-?)@" + _key_pattern("k"))

# A locator right after an in-text citation: "@smith [p. 33]" (one space at most, no '@' inside,
# not a link, not a footnote marker "[^1]").
_IN_TEXT_LOCATOR = re.compile(r" ?\[(?!\^)(?P<locator>[^\[\]@\n]*)\](?![(\[])")

# A bracketed span that may be a citation group: no nested brackets, and not the text of a link
# or image ("[@a](url)", "![@a](x.png)"); ``_group`` also wants an '@' and no blank line inside.
# One pass per '[' up to the next bracket, so nothing backtracks.
#   "[@a; @b]"  "[see @a, pp. 33-35;\n also @b]"
_BRACKET = re.compile(r"(?<![!\]\\])\[(?P<body>[^\[\]]*)\](?![(\[])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

# One item of a group: prefix, optional '-', '@key', locator.
#   "see @a, pp. 33-35"  " -@smith"  "also @b, chap. 1"
_ITEM = re.compile(r"(?P<prefix>[^@]*?)(?<![^\W_])(?P<dash>-?)@" + _key_pattern("k") + r"(?P<locator>.*)", re.DOTALL)

# A labelled item of a Pandoc example list: "(@good) This is a good example."; "(@good)" and
# "@good" in the text then refer to the example's number, not to a work.
EXAMPLE_LABEL = re.compile(r"^ {0,3}\(@(?P<label>[\w-]+)\)[ \t]", re.MULTILINE)

# Cross-reference labels, not works: pandoc-crossref's "@fig:plot", "[@sec:intro]" and
# Quarto's "@fig-plot", "@tbl-results", "@sec-intro", "@eq-energy", "@thm-main"
CROSSREF = re.compile(r"^(?:fig|sec|tbl|eq|lst|thm|lem|def|cor|prop|prp|cnj|exm|exr|sol|rem)[:-]\w", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PandocCite:
    """One work named by a Pandoc citation, with offsets into the text it was found in.

    ``start``/``end`` cover ``@key``; ``group_start``/``group_end`` cover the whole citation as
    written (``[see @a; @b]`` or ``@a [p. 3]``), shared by the items of one group.
    """

    key: str
    start: int
    end: int
    group_start: int
    group_end: int
    prefix: str = ""
    locator: str = ""
    in_text: bool = False
    suppress_author: bool = False
    comma_joined: bool = False  # named in another item's locator: "[@a, @b]"

    @property
    def crossref(self) -> bool:
        return bool(CROSSREF.match(self.key))


def _key(match: re.Match) -> str:
    return match.group("k_braced") or match.group("k_plain")


def find_pandoc_cites(text: str) -> list[PandocCite]:
    """Every citation in ``text`` (already masked, see the module docstring), in text order."""
    cites: list[PandocCite] = []
    taken: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(text):
        group = _group(text, bracket)
        if group:
            cites.extend(group)
            taken.append((bracket.start(), bracket.end()))
    spans = iter(sorted(taken))
    current = next(spans, None)
    examples = {m.group("label") for m in EXAMPLE_LABEL.finditer(text)}
    for match in IN_TEXT.finditer(text):
        while current is not None and current[1] <= match.start():
            current = next(spans, None)
        if current is not None and current[0] <= match.start() < current[1]:
            continue  # inside a group, read there
        key = _key(match)
        if key in examples:
            continue  # an example list's number
        at = match.start() + len(match.group("dash"))
        end = match.end()
        locator = _IN_TEXT_LOCATOR.match(text, end)
        cites.append(
            PandocCite(
                key=key, start=at, end=end, group_start=at, group_end=locator.end() if locator else end,
                locator=locator.group("locator").strip() if locator else "", in_text=True,
            )
        )
    cites.sort(key=lambda c: (c.start, c.end))
    return cites


def _group(text: str, bracket: re.Match) -> list[PandocCite]:
    """The items of a bracketed group, or [] when the brackets are not a citation group."""
    body_start = bracket.start("body")
    items: list[PandocCite] = []
    pos = 0
    body = bracket.group("body")
    if "@" not in body or _BLANK_LINE.search(body):
        return []
    for piece in body.split(";"):
        item = _ITEM.fullmatch(piece)
        if item is None:
            return []  # an item without a key: Pandoc reads no group here
        key = _key(item)
        at = body_start + pos + item.start("dash") + len(item.group("dash"))
        end = body_start + pos + item.end("k_braced" if item.group("k_braced") else "k_plain")
        if item.group("k_braced"):
            end += 1
        locator = item.group("locator")
        items.append(
            PandocCite(
                key=key, start=at, end=end, group_start=bracket.start(), group_end=bracket.end(),
                prefix=_squash(item.group("prefix")), locator=_squash(locator).lstrip(",").strip(),
                suppress_author=bool(item.group("dash")),
            )
        )
        # "[@a, @b]": Pandoc reads @b in-text inside a's locator.  Keep it, flagged.
        locator_start = body_start + pos + item.start("locator")
        for inner in IN_TEXT.finditer(text, locator_start, body_start + pos + len(piece)):
            inner_at = inner.start() + len(inner.group("dash"))
            items.append(
                PandocCite(
                    key=_key(inner), start=inner_at, end=inner.end(), group_start=bracket.start(),
                    group_end=bracket.end(), in_text=True, comma_joined=True,
                )
            )
        pos += len(piece) + 1
    return items


def _squash(text: str) -> str:
    return " ".join(text.split())


def comma_for_semicolon(written: str) -> str:
    """``[@a, @b]`` -> ``[@a; @b]``: the group as it was meant, for the suggestion."""
    return re.sub(r",(\s*-?@)", r";\1", written)


__all__ = ["CROSSREF", "EXAMPLE_LABEL", "IN_TEXT", "KEY", "PandocCite", "comma_for_semicolon", "find_pandoc_cites"]
