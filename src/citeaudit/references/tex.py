"""LaTeX markup in BibTeX values and LaTeX prose -> plain Unicode, keeping each character's origin.

``latex_to_text(r'M{\\"u}ller \\& Co.~\\emph{et al.}')`` gives ``"Müller & Co. et al."`` and, for
every output character, the offset in the input it came from, so that text read from a ``.tex``
or ``.bib`` file still points back to the file.  Only what a reference or a sentence needs is
understood: accents, special letters, escapes, dashes and quotes, and commands whose argument is
text (``\\emph{...}``) or not (``\\label{...}``); any other command's name is dropped and its
argument kept.
"""

from __future__ import annotations

import re
import unicodedata

# Accent commands and the combining mark each puts on the next letter: \'e \"{o} \c c \v{s}
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}

# Commands that stand for a letter or a sign: \ss \o \aa \AE \l \i \textendash ...
LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ",
    "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "ldots": "…", "dots": "…", "textellipsis": "…", "S": "§", "P": "¶", "copyright": "©",
    "textregistered": "®", "texttrademark": "™", "pounds": "£", "euro": "€", "textasciitilde": "~",
    "textbackslash": "\\", "textasciicircum": "^", "textunderscore": "_", "textbar": "|",
    "textbraceleft": "{", "textbraceright": "}",  # what the BibTeX export writes for a brace in plain text
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "and": "and",
}

# Commands whose braced argument is not prose: \label{sec:intro}, \ref{fig:1}, \vspace{2em}
SKIP_ARGUMENT = frozenset(
    "label ref eqref pageref cref Cref autoref nameref vref includegraphics bibliographystyle "
    "usepackage RequirePackage documentclass vspace hspace setlength setcounter addtolength "
    "newcommand renewcommand providecommand newenvironment renewenvironment pagestyle "
    "thispagestyle begin end input include bibliography addbibresource nocite bibinfo bibfield"
    .split()
)

# One piece of LaTeX, tried left to right at each position:
#   % comment          a comment, with the line break and the next line's indent it swallows
#   \\                  a forced line break
#   \& \% \_ \{        an escaped character
#   \'e \"{o} \c c     an accent on a letter (braced or not), or on \i
#   \emph \ss          a command word (and its star)
#   \, \; \! \/        spacing commands
#   ~ -- --- `` ''     typographic ligatures
#   { } $              grouping and math shifts, dropped
_TOKEN = re.compile(
    r"""
      (?P<comment>(?<!\\)%[^\n]*(?:\n[ \t]*)?)
    | (?P<newline>\\\\(?:\[[^\]\n]{0,20}\])?)
    | (?P<escape>\\[&%$\#_{}])
    | (?P<accent>\\(?P<mark>['`^"~=.])\s*(?:\{\s*(?P<b1>\\?[A-Za-z])\s*\}|(?P<b2>\\[ij](?![A-Za-z])|[A-Za-z]))
                |\\(?P<wmark>[uvHckrdb])(?:\s*\{\s*(?P<b3>\\?[A-Za-z])\s*\}|\s+(?P<b4>[A-Za-z])))
    | (?P<command>\\(?P<name>[A-Za-z]+)\*?)
    | (?P<space>\\[,;:!/@ \n])
    | (?P<dash>---?)
    | (?P<quotes>``|'')
    | (?P<tilde>~)
    | (?P<drop>[{}$])
    """,
    re.VERBOSE,
)

# An argument after a command: optional [..] arguments, then one {...} group (no nesting beyond
# one level): "[width=3cm]{fig.pdf}", "{sec:intro}"
# (white space before it is skipped by the caller, so that no search here starts on a long run of it)
_ARGUMENT = re.compile(r"(?:\[[^\[\]]*\]\s*)*\{(?:[^{}]|\{[^{}]*\})*\}")


# Commands that set their argument (or the rest of their group) in italics.
ITALIC_ARGUMENT = frozenset({"emph", "textit", "textsl", "mkbibemph"})
ITALIC_SWITCH = frozenset({"em", "it", "itshape", "sl", "slshape"})


def latex_to_text(
    source: str, start: int = 0, end: int | None = None, *, italics: bool = False
) -> tuple[str, list[int]]:
    """Plain text of ``source[start:end]`` and, for each of its characters, its offset in ``source``.

    With ``italics``, text set in italics (``\\emph{...}``, ``{\\em ...}``) is wrapped in
    ``*...*`` as Markdown writes it, which tells the reference parser where a title is.
    """
    end = len(source) if end is None else end
    chars: list[str] = []
    origins: list[int] = []
    groups: list[bool] = []  # open braces: whether closing one ends italics
    italic_next = False  # the next "{" opens an italic argument

    def add(text: str, origin: int, spread: bool = False) -> None:
        for i, ch in enumerate(text):
            chars.append(ch)
            origins.append(origin + i if spread else origin)

    pos = start
    for match in _TOKEN.finditer(source, start, end):
        if match.start() < pos:
            continue  # inside an argument skipped below
        if match.start() > pos:
            add(source[pos : match.start()], pos, spread=True)
        pos = match.end()
        kind = match.lastgroup
        at = match.start()
        if kind == "accent":
            base = match.group("b1") or match.group("b2") or match.group("b3") or match.group("b4") or ""
            mark = ACCENTS[match.group("mark") or match.group("wmark")]
            letter = {"\\i": "i", "\\j": "j"}.get(base, base.lstrip("\\"))
            add(unicodedata.normalize("NFC", letter + mark), at)
        elif kind == "command":
            name = match.group("name")
            if name in LETTERS:
                add(LETTERS[name], at)
                # A letter command ends at "{}" or one space: "\ss{}e", "\o rsted"
                tail = re.match(r"\{\}|[ \t](?=\S)", source[pos:end])
                if tail:
                    pos += tail.end()
            elif name in SKIP_ARGUMENT:
                start = pos
                while start < end and source[start].isspace():
                    start += 1
                argument = _ARGUMENT.match(source, start, end)
                if argument:
                    pos = argument.end()
            elif italics and name in ITALIC_ARGUMENT and source.startswith("{", pos):
                italic_next = True
            elif italics and name in ITALIC_SWITCH and groups and not groups[-1]:
                groups[-1] = True
                add("*", at)
                pos += len(source[pos:end]) - len(source[pos:end].lstrip(" \t"))  # "{\em Dykes}"
        elif kind == "escape":
            add(match.group()[1], at + 1)
        elif kind in ("newline",):
            add(" ", at)
        elif kind == "space":
            if match.group() in ("\\ ", "\\\n", "\\,", "\\;", "\\:"):
                add(" ", at)
        elif kind == "dash":
            add("–" if match.group() == "--" else "—", at)
        elif kind == "quotes":
            add("“" if match.group() == "``" else "”", at)
        elif kind == "tilde":
            add(" ", at)
        elif kind == "drop" and match.group() == "{":
            groups.append(italic_next)
            if italic_next:
                add("*", at)
            italic_next = False
        elif kind == "drop" and match.group() == "}" and groups:
            if groups.pop():
                add("*", at)
        # comments and other dropped characters leave nothing
    if pos < end:
        add(source[pos:end], pos, spread=True)
    return "".join(chars), origins


def plain(source: str) -> str:
    """Just the plain text of some LaTeX: ``plain(r"{\\'E}cole") == "École"``."""
    return re.sub(r"\s+", " ", latex_to_text(source)[0]).strip()
