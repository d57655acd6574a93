"""Where things are in a Pandoc Markdown text, before anything is read from it.

``layout(source)`` returns the leading YAML front matter (read with PyYAML), the stretches of the
footnote definitions, and a *masked* copy of the source: front matter, fenced and indented code
blocks, code spans, HTML comments and ``<code>``, link targets, autolinks, bare URLs, link
definitions and ``\\@`` replaced by spaces of the same length (newlines kept), so that every
offset in the masked text is an offset in the file, and ``@`` is left only where Pandoc could
read a citation.

    ```python        fenced code (``` or ~~~, any indentation, closed by the same run)
        @decorator   indented code: four spaces past the content (page, list item's text, note)
    [^1]: text       a footnote definition; it goes on over lazy and indented lines
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..citations.patterns import CODE_SPAN

# The leading YAML block: "---" on the first line, closed by "---" or "...".
# A "---" followed by a blank line is a horizontal rule, not front matter.
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?![ \t]*\n)(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


# Fenced code: ``` or ~~~ (three or more), any indentation; closed by the same run or longer.
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
# A footnote definition line: "[^1]: text", "[^note-a]: text"
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
# A list item's opening: "- ", "* ", "+ ", "1. ", "(a) ", "#. "
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\(?(?:\d{1,9}|[a-zA-Z]|#)[.)])(?:[ \t]+|$)")
# A link reference definition: "[label]: https://x.org"
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:\s", re.MULTILINE)

# A code span as CommonMark reads it (citations.patterns.CODE_SPAN: each run of backticks taken
# whole; trying every shorter opener inside a run was cubic: 800 backticks took 14 s). A comment or an HTML code element ends
# before the next opener of its kind, so that thousands of unclosed '<!--' are not each read to
# the end of the text (quadratic: 8,000 took 2 s); a comment holding '<!--' is masked from there.
# Inline stretches where '@' is no citation, masked with spaces (offsets kept):
#   `code` ``co`de`` (within a paragraph)   <!-- comment -->   <code>@x</code>   ](https://x.org/@me)   <https://x>  <me@x.org>
#   https://medium.com/@user/post   \@escaped
_INLINE_MASK = re.compile(
    rf"""(?P<code>{CODE_SPAN})
      | (?P<comment><!--(?:(?!<!--).)*?-->)
      | (?P<html_code><(?P<tag>code|pre|kbd|samp|script|style)\b[^<>]*+>(?:(?!<(?P=tag)\b).)*?</(?P=tag)\s*>)
      | (?P<target>(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+["'][^"'\n]*["'])?\))
      | (?P<autolink><[a-zA-Z][\w+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>)
      | (?P<url>\b(?:https?|ftp)://[^\s<>]+|\bwww\.[^\s<>]+)
      | (?P<escape>\\@)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where things are in a Pandoc manuscript's source: front matter, footnote definitions."""

    masked: str  # the source with code, comments, URLs and front matter blanked out
    front: tuple[int, int] | None  # the YAML block, without its fences
    meta: dict[str, Any]
    meta_error: str | None
    footnotes: tuple[tuple[int, int], ...]  # each definition, continuations included


def read_front_matter(source: str) -> tuple[dict[str, Any], tuple[int, int] | None, str | None]:
    """The leading YAML block as a dict, where its text is, and why it could not be read (or None)."""
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, None, None
    span = (match.start("yaml"), match.end("yaml")) if match.group("yaml") else (match.end(), match.end())
    import yaml

    from .csl_files import flow_too_deep  # here: csl_files imports this module

    if flow_too_deep(match.group("yaml") or ""):
        return {}, span, "the front matter nests too deeply to be read"
    try:
        meta = yaml.load(match.group("yaml") or "", Loader=yaml_loader()) or {}
    except yaml.YAMLError as exc:
        return {}, span, f"the front matter is not valid YAML ({' '.join(str(exc).split())[:160]})"
    except RecursionError:  # "[[[[...": PyYAML recurses once per level
        return {}, span, "the front matter nests too deeply to be read"
    return (meta if isinstance(meta, dict) else {}), span, None


def yaml_loader() -> type:
    """PyYAML's safe loader, reading R Markdown's tagged values (``!expr Sys.Date()``) as text."""
    import yaml

    class TolerantLoader(yaml.SafeLoader):
        pass

    def tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    TolerantLoader.add_multi_constructor("!", tagged)
    return TolerantLoader


def layout(source: str) -> Layout:
    """Mask what holds no citation and find the front matter and footnote definitions."""
    meta, front, error = read_front_matter(source)
    chars = list(source)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    fm = FRONT_MATTER.match(source)
    if fm:
        blank(0, fm.end())
    footnotes: list[tuple[int, int]] = []
    lines = _lines(source, fm.end() if fm else 0)
    fence: str | None = None
    context = "para"  # what the last unindented block was: para, list, footnote
    item_indent = 2  # where the last list item's text starts: "- a" 2, "10. a" 4
    prev_blank = True
    in_code = False
    note_start: int | None = None
    note_end = 0
    for start, end in lines:
        line = source[start:end]
        if fence is not None:
            blank(start, end)
            if re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", line):
                fence = None
            continue
        if not line.strip():
            prev_blank = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        # Code is indented four past the content: of the page, a note (4), a list item's text.
        needed = {"list": item_indent + 4, "footnote": 8}.get(context, 4)
        if indent >= needed and (prev_blank or in_code):
            in_code = True
            blank(start, end)
            prev_blank = False
            if note_start is not None:
                note_end = end
            continue
        in_code = False
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group("fence")
            blank(start, end)
            prev_blank = False
            continue
        if _FOOTNOTE_DEF.match(line):
            if note_start is not None:
                footnotes.append((note_start, note_end))
            note_start, note_end = start, end
            context = "footnote"
        elif note_start is not None and (not prev_blank or indent >= 4):
            note_end = end  # a lazy continuation line, or an indented paragraph of the note
        elif prev_blank:
            if note_start is not None:
                footnotes.append((note_start, note_end))
                note_start = None
            if indent < 4:
                item = _LIST_ITEM.match(line)
                context = "list" if item else "para"
                item_indent = len(item.group().expandtabs(4)) if item else item_indent
        elif _LIST_ITEM.match(line):
            context = "list"
            item_indent = len(_LIST_ITEM.match(line).group().expandtabs(4))
        prev_blank = False
    if note_start is not None:
        footnotes.append((note_start, note_end))
    masked = "".join(chars)
    for match in _LINK_DEFINITION.finditer(masked):
        blank(match.start(), masked.find("\n", match.start()) if "\n" in masked[match.start():] else len(masked))
    masked = "".join(chars)
    for match in _INLINE_MASK.finditer(masked):
        if match.lastgroup == "target":  # keep "(" so that "[@a](url)" still reads as a link
            blank(match.start() + 1, match.end())
        else:
            blank(match.start(), match.end())
    return Layout("".join(chars), front, meta, error, tuple(footnotes))


def _lines(source: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start`` on, without the newline."""
    lines = []
    pos = start
    while pos < len(source):
        end = source.find("\n", pos)
        end = len(source) if end < 0 else end
        lines.append((pos, end))
        pos = end + 1
    return lines


__all__ = ["FRONT_MATTER", "Layout", "layout", "read_front_matter", "yaml_loader"]
