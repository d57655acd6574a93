"""References -> a BibTeX file that BibTeX and biber read as meant and a LaTeX user would keep.

What is written, and why:

* An entry read from a ``.bib`` is written back as it was read: its type, key and fields, each
  value as BibTeX read it (``@string`` macros and ``#`` expanded, LaTeX kept: ``{DNA}``,
  ``$\\alpha$-helix``, ``\\,``, ``\\emph{...}``), so that ``.bib in -> export -> .bib`` gives the
  same fields.  ``--enrich`` only adds the fields the entry lacked.
* Anything else (an entry parsed from a reference string, a field filled from Crossref) is plain
  text made into BibTeX: the characters TeX treats specially become commands whose braces
  balance (``{`` -> ``\\textbraceleft{}``, ``&`` -> ``\\&``), because BibTeX counts every brace,
  escaped or not: ``\\{`` would open a group that swallows the rest of the file or, closed
  early, lets the text after it be read as a new entry.
* Capitals: a title keeps the capitals its source gave it through any ``.bst``.  The rule is
  one: every word of a title that has a capital letter, other than the capital that opens the
  title, is wrapped in braces (``A study of {DNA} in the {Russian} army``), since sentence-case
  styles (plain, abbrv, unsrt, ieeetr...) lower every letter that is not braced.  A title-case
  source thus keeps its title case too (``The {Structure} of {Scientific} {Revolutions}``):
  the exporter cannot tell a proper noun from a capital the style added, and a lowered proper
  noun is worse than a capital kept.
* ``?`` and ``!`` are kept; DOIs keep the case they were written in; a list of names cut short
  or elided (``A, B, … Z``) gives its names and ends in ``others`` (BibTeX's "et al."), never a
  ``…`` or an ``others`` in the middle; the month is written as BibTeX's month macro (``may``).
* Text is written as UTF-8 (biber, and BibTeX, which passes the bytes through); with
  ``ascii_only=True`` letters with accents and the typographic signs are written as LaTeX commands
  (``{\\"u}``, ``{\\ss}``, ``--``) for an 8-bit BibTeX, and a character with no LaTeX
  command stays UTF-8.
* One blank line between entries; a header line that says who wrote the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from ..doi import find_dois
from ..model import Reference
from .bibcsl import bib_to_csl
from .bibtex import MONTH_MACROS, BibBlock, InvalidNameError, split_names
from .names import is_et_al
from .tex import ACCENTS, LETTERS

#: The first line of every export: ``verify --refs`` and ``export`` overwrite only such a file.
HEADER = "% Exported by citeaudit from the manuscript's reference list."

# CSL types -> BibTeX entry types (any other type is written as @misc).
BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "misc",
    "document": "misc",
}

# Characters with a meaning in TeX or BibTeX, and what stands for each in a field value.  Every
# replacement has balanced braces: BibTeX counts "\{" as a brace like any other.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# One special character: "&" in "R&D"
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_UNESCAPE = {v: k for k, v in _SPECIAL.items()}
# One escape written by escape(), longest first: "\textbraceleft{}" before "\&"
_UNESCAPE_RE = re.compile("|".join(re.escape(v) for v in sorted(_UNESCAPE, key=len, reverse=True)))

# Signs written the TeX way with ascii=True.
_ASCII_SIGNS = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}",
    "\u00a0": "~", "§": r"\S{}", "¶": r"\P{}", "©": r"\copyright{}", "£": r"\pounds{}",
    "ı": r"{\i}", "ȷ": r"{\j}",
}
# Letters that are one LaTeX command: "ß" -> "{\ss}", "ø" -> "{\o}"
_ASCII_LETTERS = {
    letter: "{\\" + name + "}"
    for name, letter in LETTERS.items()
    if len(letter) == 1 and letter.isalpha() and name.isalpha() and letter not in "ıȷ"
}
# Combining marks -> the accent command that puts them on a letter: "\u0308" -> '"'
_ACCENT_COMMANDS = {mark: command for command, mark in ACCENTS.items()}

# A run of dashes between page numbers: "100–110", "1-2"
_DASHES = re.compile(r"[-–—]+")

# BibTeX's month macros, by month number.
_MONTH_BY_NUMBER = dict(enumerate(MONTH_MACROS, start=1))


def escape(value: str) -> str:
    """Plain text made safe as a BibTeX field value: ``"R&D {x}"`` -> ``"R\\&D \\textbraceleft{}x\\textbraceright{}"``."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], value)


def unescape(value: str) -> str:
    """Undo :func:`escape`, and drop the braces that protect capitals: ``"{DNA} \\&"`` -> ``"DNA &"``."""
    escapes: list[str] = []

    def stand_in(match: re.Match[str]) -> str:
        escapes.append(_UNESCAPE[match.group()])
        return f"\x00{len(escapes) - 1}\x00"

    text = re.sub(r"[{}]", "", _UNESCAPE_RE.sub(stand_in, value))
    return re.sub(r"\x00(\d+)\x00", lambda m: escapes[int(m.group(1))], text)


def is_balanced(value: str) -> bool:
    """Whether the braces of a value balance as BibTeX counts them (a backslash escapes nothing)."""
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def to_ascii(value: str) -> str:
    """Non-ASCII letters and signs as LaTeX commands: ``"Müller – Ørsted"`` -> ``'M{\\"u}ller -- {\\O}rsted'``.

    A character with no command (Greek, CJK) is left as it is.
    """
    out = []
    for ch in unicodedata.normalize("NFC", value):
        if ord(ch) < 128:
            out.append(ch)
        elif ch in _ASCII_SIGNS:
            out.append(_ASCII_SIGNS[ch])
        elif ch in _ASCII_LETTERS:
            out.append(_ASCII_LETTERS[ch])
        else:
            out.append(_accented(ch))
    return "".join(out)


def _accented(ch: str) -> str:
    """``"é"`` -> ``"{\\'e}"``, ``"š"`` -> ``"{\\v{s}}"``; the character itself when no command makes it."""
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[:1], parts[1:]
    if len(marks) != 1 or not base.isascii() or marks not in _ACCENT_COMMANDS:
        return ch
    command = _ACCENT_COMMANDS[marks]
    if command.isalpha():
        return "{\\" + command + "{" + base + "}}"  # {\v{s}}
    return "{\\" + command + base + "}"  # {\'e}


# A word of a title, with the punctuation stuck to it: "(DNA),"
_WORD = re.compile(r"\S+")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def protect_capitals(title: str) -> list[tuple[str, bool]]:
    """A plain-text title cut into runs, each saying whether it is to be braced.

    Every word with a capital letter is braced, without the punctuation around it, except a
    capital that opens the title (``"A study of (DNA)?"`` -> ``A study of ({DNA})?``): what the
    module docstring calls the rule.
    """
    runs: list[tuple[str, bool]] = []
    pos = 0
    for match in _WORD.finditer(title):
        if match.start() > pos:
            runs.append((title[pos : match.start()], False))
        pos = match.end()
        word = match.group()
        start, end = 0, len(word)
        while start < end and not _is_word_char(word[start]):
            start += 1
        while end > start and not _is_word_char(word[end - 1]):
            end -= 1
        core = word[start:end]
        capitals = [i for i, ch in enumerate(core) if ch.isupper()]
        opening = match.start() == 0 and start == 0 and capitals == [0]
        runs.extend([(word[:start], False), (core, bool(capitals) and not opening), (word[end:], False)])
    if pos < len(title):
        runs.append((title[pos:], False))
    return [run for run in runs if run[0]]


def plain_value(text: str, ascii_only: bool = False) -> str:
    """Plain text as the inside of a BibTeX value: escaped, on one line, LaTeX commands for ``ascii_only``.

    One line, because a line that starts with ``@`` starts a new entry for some readers.
    """
    value = escape(re.sub(r"\s+", " ", text))
    return to_ascii(value) if ascii_only else value


def title_value(title: str, ascii_only: bool = False) -> str:
    """A plain-text title as a BibTeX value, its capitals protected (see :func:`protect_capitals`)."""
    return "".join("{" + plain_value(run, ascii_only) + "}" if braced else plain_value(run, ascii_only) for run, braced in protect_capitals(title))


def _name_part(text: str, ascii_only: bool) -> str:
    value = plain_value(text.strip(), ascii_only)
    # A comma or a lone "and" inside one part would split the name or the list: brace it.
    return "{" + value + "}" if re.search(r",|\band\b", value, re.I) else value


def names_value(names: Sequence[Mapping[str, str]], ascii_only: bool = False) -> str:
    """A CSL name list as BibTeX writes one: ``"Kuhn, Thomas S. and others"``.

    A marker of names left out (``et al.``, an ellipsis read as one) is dropped where it
    stands and the list ends in ``others``: BibTeX knows "others" only as the last name.
    """
    rendered = []
    cut = False
    for name in names:
        if not isinstance(name, Mapping):
            continue
        if is_et_al(dict(name)) or str(name.get("literal", "")).strip() in ("…", "...", ". . ."):
            cut = True
            continue
        if name.get("literal"):
            rendered.append("{" + plain_value(str(name["literal"]), ascii_only) + "}")
            continue
        family = " ".join(
            part for part in (str(name.get("non-dropping-particle", "")), str(name.get("family", ""))) if part.strip()
        )
        if not family.strip():
            continue
        given = " ".join(
            part for part in (str(name.get("given", "")), str(name.get("dropping-particle", ""))) if part.strip()
        )
        parts = [_name_part(family, ascii_only)]
        if name.get("suffix"):
            parts.append(_name_part(str(name["suffix"]), ascii_only))
        if given:
            parts.append(_name_part(given, ascii_only))
        elif len(parts) == 1:
            parts = ["{" + parts[0] + "}"] if " " in family.strip() else parts  # "{Van Gogh}", no first name
        rendered.append(", ".join(parts))
    if cut and rendered:
        rendered.append("others")
    return " and ".join(rendered)


def _url_value(url: str) -> str:
    # TeX reads "%" and "#" before \url sees them; BibTeX needs the braces to balance.
    return url.strip().replace("%", r"\%").replace("#", r"\#").replace("{", "%7B").replace("}", "%7D")


def _doi_value(doi: str, raw: str) -> str:
    """The DOI as the reference wrote it (case and all), else as given; braces cannot be in it."""
    for found, start, end in find_dois(raw):
        if found == doi.lower():
            written = raw[start:end]
            at = written.lower().find(found)
            if at >= 0:
                doi = written[at : at + len(found)]
            break
    return doi.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")


def csl_to_fields(csl: Mapping[str, Any], raw: str = "", ascii_only: bool = False) -> dict[str, str]:
    """BibTeX fields (values as they go between the braces) for a CSL-JSON item, in a conventional order.

    ``raw`` is the reference as written, which gives the DOI's case.
    """
    kind = str(csl.get("type", "document"))
    fields: dict[str, str] = {}
    if csl.get("author"):
        fields["author"] = names_value(csl["author"], ascii_only)
    if csl.get("editor") and not (kind == "book" and fields.get("author")):
        # BibTeX's styles take a book's editor only where it has no author ("can't use both").
        fields["editor"] = names_value(csl["editor"], ascii_only)
    fields = {name: value for name, value in fields.items() if value}
    if csl.get("title"):
        fields["title"] = title_value(str(csl["title"]), ascii_only)
    container = csl.get("container-title")
    if container:
        key = "booktitle" if kind in ("chapter", "paper-conference") else "journal" if kind.startswith("article") else "howpublished"
        fields[key] = plain_value(str(container), ascii_only)
    issued = csl.get("issued") or {}
    parts = (issued.get("date-parts") or [[]]) if isinstance(issued, Mapping) else [[]]
    if parts and parts[0] and str(parts[0][0]).strip():
        fields["year"] = plain_value(str(parts[0][0]) + str(issued.get("year-suffix", "")), ascii_only)
        if len(parts[0]) > 1 and str(parts[0][1]).isdigit() and int(parts[0][1]) in _MONTH_BY_NUMBER:
            fields["month"] = _MONTH_BY_NUMBER[int(parts[0][1])]
    elif isinstance(issued, Mapping) and issued.get("literal"):
        fields["year"] = plain_value(str(issued["literal"]), ascii_only)
    for csl_name, bib_name in (
        ("volume", "volume"), ("issue", "number"), ("number", "number"), ("edition", "edition"),
        ("publisher", "publisher"), ("publisher-place", "address"), ("collection-title", "series"),
        ("ISBN", "isbn"), ("ISSN", "issn"),
    ):
        if csl.get(csl_name) and bib_name not in fields:
            fields[bib_name] = plain_value(str(csl[csl_name]), ascii_only)
    if csl.get("page"):
        fields["pages"] = plain_value("--".join(part.strip() for part in _DASHES.split(str(csl["page"]))), ascii_only)
    if kind == "report" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    if kind == "thesis" and "publisher" in fields:
        fields["school"] = fields.pop("publisher")
    if csl.get("DOI"):
        fields["doi"] = _doi_value(str(csl["DOI"]), raw)
    if csl.get("URL"):
        fields["url"] = _url_value(str(csl["URL"]))
    return fields


# Fields that say the same thing: an entry with one lacks none of the others.
_SAME_FIELD = {
    "journal": ("journal", "journaltitle"), "year": ("year", "date"), "address": ("address", "location"),
    "number": ("number", "issue"), "institution": ("institution", "publisher"), "school": ("school", "institution"),
    "publisher": ("publisher", "institution", "school", "organization"), "howpublished": ("howpublished", "journal", "booktitle"),
}


def bib_fields(reference: Reference, ascii_only: bool = False) -> dict[str, str]:
    """The fields of an entry read from a .bib, as read, and any its CSL gained since (``--enrich``)."""
    written = {name: _bib_value(value, ascii_only) for name, value in reference.bib_values.items()}
    block = BibBlock(
        entry_type=reference.bib_type, key=reference.key, offset=0, raw=reference.raw,
        fields=dict(reference.bib_values),
        names=_names_of(reference.bib_values),
    )
    read = bib_to_csl(block)
    gained = {name: value for name, value in reference.csl.items() if name not in read or name == "type"}
    if len(gained) > 1:
        for name, value in csl_to_fields(gained, reference.raw, ascii_only).items():
            if not any(same in written for same in _SAME_FIELD.get(name, (name,))):
                written[name] = value
    return written


def _names_of(values: Mapping[str, str]) -> dict[str, tuple[tuple[str, str, str], ...]]:
    names = {}
    for role in ("author", "editor"):
        try:
            names[role] = split_names(values.get(role, ""))
        except InvalidNameError:
            continue  # read as no names, as the reader did
    return names


def _bib_value(value: str, ascii_only: bool) -> str:
    """A value read from a .bib, as it goes back between braces: as read when its braces balance."""
    if not is_balanced(value):
        # BibTeX would not have read it like this: make the braces text so that it stays one field.
        value = value.replace(r"\{", r"\textbraceleft{}").replace(r"\}", r"\textbraceright{}")
        if not is_balanced(value):
            value = re.sub(r"[{}]", lambda m: _SPECIAL[m.group()], value)
    return to_ascii(value) if ascii_only else value


# What BibTeX accepts as an entry key: no white space, comma, brace, quote, "#", "%", "=" or parenthesis.
_BAD_KEY_CHAR = re.compile(r"[\s,{}\"#%'()=\\]")


def _entry(kind: str, key: str, fields: Mapping[str, str]) -> str:
    lines = [f"@{kind}{{{_BAD_KEY_CHAR.sub('_', key) or 'entry'},"]
    for name, value in fields.items():
        if name == "month" and value.strip().lower() in MONTH_MACROS:
            lines.append(f"  {name} = {value.strip().lower()},")
        else:
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


def to_bibtex(references: Sequence[Reference], ascii_only: bool = False) -> str:
    """The reference list as a BibTeX file: one entry per reference, keys as assigned, UTF-8 unless ``ascii_only``."""
    entries = []
    for reference in references:
        if reference.bib_type and reference.bib_values:
            kind, fields = reference.bib_type, bib_fields(reference, ascii_only)
        else:
            kind = BIBTEX_TYPES.get(str(reference.csl.get("type")), "misc")
            fields = csl_to_fields(reference.csl, reference.raw, ascii_only)
        entries.append(_entry(kind, reference.key, fields))
    return HEADER + "\n\n" + "\n\n".join(entries) + ("\n" if entries else "")
