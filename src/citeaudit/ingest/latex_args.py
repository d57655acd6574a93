"""Cite commands and their arguments read the way TeX reads them: balanced braces, over lines.

A regular expression cannot follow ``\\cite[\\href{u}{see \\emph{this}}\\newline p.~3][]{key}``
(braces nested three deep, over two lines), nor biblatex's multicite commands, which take any
number of ``[pre][post]{keys}`` groups: ``\\parencites(all)()[see][12]{a}[][3]{b,c}``.  This
module scans them character by character, and knows the cite macros an author defines
(``\\newcommand{\\mycite}[1]{\\citep{#1}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cite commands that take one [pre][post]{keys} group: natbib, biblatex, apacite.
#   \cite \citep* \Citet \citeauthor \parencite \textcite \footcite \fullcite \shortciteA \nocite
SINGLE_CITE = re.compile(
    r"""(?:[Cc]ite(?:p|t|alp|alt|author|fullauthor|year|yearpar|num|title|date|url|poss|A|NP|authorNP|yearNP)?
          |[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ff]ootcite(?:text)?|[Ss]martcite|[Ss]upercite
          |[Ff]ullcite|footfullcite|[Pp]?notecite|fnotecite|shortcite(?:A|NP)?|nocite
          |cite[tp]alias|citeasnoun|citename|possessivecite|citeN)""",
    re.VERBOSE,
)
# biblatex multicite commands: (pre)(post) for the whole, then [pre][post]{keys} groups.
#   \cites \Cites \parencites \textcites \autocites \footcites \smartcites \supercites
MULTI_CITE = re.compile(r"(?:[Cc]ites|[Pp]arencites|[Tt]extcites|[Aa]utocites|[Ff]ootcites|footcitetexts|[Ss]martcites|[Ss]upercites)")

# A command name and its star: "\citep*" -> "citep", "*"
COMMAND = re.compile(r"\\(?P<name>[A-Za-z@]+)(?P<star>\*?)")

# A cite inside a macro's body whose keys are one of the macro's arguments: "\citep[#2]{#1}"
_CITE_OF_ARGUMENT = re.compile(r"\\(?P<name>[A-Za-z]+)\*?\s*(?:\[[^\[\]]*\]\s*){0,2}\{\s*#(?P<arg>[1-9])\s*\}")

# A command whose name says it cites: "\citeref", "\mycite", "\Citeauthor*" (not "\citestyle" alone:
# its argument is no key, which the bibliography then tells).
_CITE_LIKE = re.compile(r"cite", re.IGNORECASE)

# Longest argument read; a runaway "[" without its "]" stops here instead of eating the file.
MAX_ARGUMENT = 4000


@dataclass(frozen=True, slots=True)
class KeyGroup:
    """One ``[pre][post]{keys}`` group: the notes as written and where the keys lie."""

    first: str | None
    second: str | None
    keys_start: int
    keys_end: int


@dataclass(frozen=True, slots=True)
class CiteCommand:
    """A cite command as read: its name (with the star), its key groups, and where it ends.

    ``guessed``: a command this module does not know, whose name says it cites (``\\citeref``
    from a class file not at hand); it cites only if its keys are the bibliography's.
    """

    name: str
    groups: tuple[KeyGroup, ...]
    end: int
    guessed: bool = False


@dataclass(frozen=True, slots=True)
class CiteMacro:
    """An author's macro that cites: ``arguments`` it takes, which one holds the keys, and whether
    the first is optional (``\\newcommand{\\mycite}[2][]{\\citep[#1]{#2}}``)."""

    arguments: int
    keys_argument: int
    optional_first: bool


def is_cite_name(name: str) -> bool:
    return bool(SINGLE_CITE.fullmatch(name) or MULTI_CITE.fullmatch(name))


def skip_space(text: str, pos: int, end: int | None = None) -> int:
    """Past spaces, one line break at a time, and comments (a blank line ends an argument list)."""
    end = len(text) if end is None else end
    breaks = 0
    while pos < end:
        ch = text[pos]
        if ch == "%":
            stop = text.find("\n", pos, end)
            pos = end if stop < 0 else stop + 1
        elif ch == "\n":
            breaks += 1
            if breaks > 1:
                return pos
            pos += 1
        elif ch in " \t":
            pos += 1
        else:
            break
    return pos


def balanced(text: str, pos: int, opening: str, closing: str) -> int | None:
    """The offset just past the group that opens at ``pos``, or ``None`` when it does not close.

    Braces nest; inside ``[...]`` a ``]`` within braces does not close it; ``\\{`` and ``\\]``
    are escapes; comments are skipped.
    """
    if pos >= len(text) or text[pos] != opening:
        return None
    depth = 0  # brace depth inside the group
    i = pos + 1
    limit = min(len(text), pos + MAX_ARGUMENT)
    while i < limit:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "%":
            stop = text.find("\n", i, limit)
            i = limit if stop < 0 else stop + 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i + 1 if closing == "}" else None
            depth -= 1
        elif ch == closing and depth == 0:
            return i + 1
        i += 1
    return None


def _group(text: str, pos: int) -> tuple[KeyGroup, int] | None:
    """``[pre][post]{keys}`` at ``pos`` (spaces before each part allowed)."""
    notes: list[str] = []
    at = skip_space(text, pos)
    while len(notes) < 2 and at < len(text) and text[at] == "[":
        stop = balanced(text, at, "[", "]")
        if stop is None:
            return None
        notes.append(text[at + 1 : stop - 1])
        at = skip_space(text, stop)
    stop = balanced(text, at, "{", "}")
    if stop is None:
        return None
    first, second = (notes + [None, None])[:2]
    return KeyGroup(first, second, at + 1, stop - 1), stop


def read_cite(text: str, pos: int, macros: dict[str, CiteMacro] | None = None) -> CiteCommand | None:
    """The cite command starting at the backslash at ``pos``, or ``None`` when there is none."""
    command = COMMAND.match(text, pos)
    if command is None:
        return None
    name = command.group("name")
    at = command.end()
    if SINGLE_CITE.fullmatch(name):
        found = _group(text, at)
        if found is None:
            return None
        return CiteCommand(name + command.group("star"), (found[0],), found[1])
    if MULTI_CITE.fullmatch(name):
        at = skip_space(text, at)
        for _ in range(2):  # (pre)(post) notes for the whole list
            if at < len(text) and text[at] == "(":
                stop = text.find(")", at, at + MAX_ARGUMENT)
                if stop < 0:
                    return None
                at = skip_space(text, stop + 1)
        groups = []
        while (found := _group(text, at)) is not None:
            groups.append(found[0])
            at = found[1]
        return CiteCommand(name + command.group("star"), tuple(groups), at) if groups else None
    macro = (macros or {}).get(name)
    if macro is None:
        if not _CITE_LIKE.search(name):
            return None
        found = _group(text, at)
        return None if found is None else CiteCommand(name + command.group("star"), (found[0],), found[1], guessed=True)
    arguments: list[tuple[int, int]] = []
    at = skip_space(text, at)
    if macro.optional_first:
        if at < len(text) and text[at] == "[":
            stop = balanced(text, at, "[", "]")
            if stop is None:
                return None
            arguments.append((at + 1, stop - 1))
            at = skip_space(text, stop)
        else:
            arguments.append((at, at))
    while len(arguments) < macro.arguments:
        stop = balanced(text, at, "{", "}")
        if stop is None:
            return None
        arguments.append((at + 1, stop - 1))
        at = skip_space(text, stop) if len(arguments) < macro.arguments else stop
    start, stop = arguments[macro.keys_argument - 1]
    return CiteCommand(name, (KeyGroup(None, None, start, stop),), at)


def cite_macro(arguments: int, optional_first: bool, body: str) -> CiteMacro | None:
    """The macro's cite, when its body cites the keys in one of its arguments."""
    found = _CITE_OF_ARGUMENT.search(body)
    if found is None or not is_cite_name(found.group("name")):
        return None
    keys_argument = int(found.group("arg"))
    if keys_argument > arguments:
        return None
    return CiteMacro(arguments, keys_argument, optional_first)


# A key within a keys argument, or a comment between keys: "a,% old one\n b"
KEY = re.compile(r"%[^\n]*|(?P<key>[^,\s%{}]+)")
# A key as cite_keys reads it, where a "[" opens a note: "smith2001", "Read:2014qva", "a.b-c/d"
_BARE_KEY = re.compile(r"[^,\s%{}\[\]]+")


@dataclass(frozen=True, slots=True)
class CitedKey:
    """One key of a keys argument, where it lies, and the notes written before it (REVTeX)."""

    key: str
    start: int
    end: int
    first: str | None = None
    second: str | None = None


def _unbraced(note: str) -> str:
    """A note without the braces that protect it: "{See, e.g., }" -> "See, e.g., "."""
    stripped = note.strip()
    if stripped.startswith("{") and balanced(stripped, 0, "{", "}") == len(stripped):
        return stripped[1:-1]
    return note


def cite_keys(text: str, start: int, end: int) -> list[CitedKey]:
    r"""The keys between ``start`` and ``end`` (a cite command's ``{...}``), with their own notes.

    Keys are separated by commas; comments run to the end of their line.  REVTeX 4.2 lets each key
    carry its own notes and merge with the one before, all inside the braces:
    ``\cite{[{See }][{ for a review}]Read:2014qva,*PDG}``: the bracket groups before a key are
    its notes (braces protect commas and brackets in them) and a ``*`` before a key is not part
    of it.  Text that is neither (a stray brace) is skipped up to the next comma.
    """
    keys: list[CitedKey] = []
    at = start
    while at < end:
        ch = text[at]
        if ch in " \t\r\n,":
            at += 1
            continue
        if ch == "%":
            stop = text.find("\n", at, end)
            at = end if stop < 0 else stop + 1
            continue
        notes: list[str] = []
        while len(notes) < 2 and at < end and text[at] == "[":
            stop = balanced(text, at, "[", "]")
            if stop is None or stop > end:
                break
            notes.append(text[at + 1 : stop - 1])
            at = skip_space(text, stop, end)
        if at + 1 < end and text[at] == "*" and _BARE_KEY.match(text, at + 1, end):
            at += 1  # REVTeX's "*b": merged with the key before; a lone "*" (\nocite{*}) is a key
        found = _BARE_KEY.match(text, at, end)
        if found is None:
            stop = text.find(",", at, end)  # not a key: skip to the next one
            at = end if stop < 0 else stop + 1
            continue
        first, second = ([_unbraced(note) for note in notes] + [None, None])[:2]
        keys.append(CitedKey(found.group(), found.start(), found.end(), first, second))
        at = found.end()
    return keys
