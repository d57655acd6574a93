"""DOIs in every written form: find them in text, normalise them, tell a malformed one.

Shared by the reference parser (which pulls DOIs out of reference strings) and the resolver
(which looks them up), so that both agree on what one DOI is.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# A DOI as written in a reference, with any of its prefixes:
#   doi:10.2307/2645561   https://doi.org/10.2307/2645561   dx.doi.org/10.1000%2F182
#   DOI 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O
# The suffix runs to the first white space; trailing punctuation is trimmed afterwards.
DOI_IN_TEXT = re.compile(
    r"""
    (?:
        (?:https?://)?(?:dx\.|www\.)?doi\.org/      # resolver URL
      | \bdoi\s*[:=]?\s*                            # doi: 10.x, DOI 10.x
    )?
    (?P<doi>10\.\d{4,9}(?:\.\d+)*(?:/|%2[Ff])\S+)
    """,
    re.IGNORECASE | re.VERBOSE,
)

# What a normalised DOI must look like: prefix 10.NNNN, a slash, a non-empty suffix of
# printable characters.  Matches "10.2307/2645561"; not "10.23/x" (registrant too short).
VALID_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/[^\s]+$")

# Something that was meant as a DOI but lacks the digits: "doi:10.abc/1", "DOI: 10/1234".
DOI_ATTEMPT = re.compile(r"\bdoi\s*[:=]\s*(?P<doi>\S+)|(?:dx\.)?doi\.org/(?P<url>\S+)", re.IGNORECASE)

_TRAILING = ".,;:)]}>'\"\u201d\u2019*_"


# What PDF extraction glues onto a DOI: "…151502,arXiv", "…BF02345020.URLhttps://…"
_GLUED = re.compile(r",(?=[A-Za-z])|\.?(?:URL|https?:)", re.I)


def _trim(doi: str) -> str:
    # Trailing punctuation belongs to the sentence, except a ")" that closes an "(" inside
    # the DOI itself, as in 10.1002/(SICI)1097-4571(199806)49.
    glued = _GLUED.search(doi, doi.find("/") + 1)
    if glued:
        doi = doi[: glued.start()]
    while doi and doi[-1] in _TRAILING:
        if doi[-1] == ")" and doi.count("(") >= doi.count(")"):
            break
        if doi[-1] == "]" and doi.count("[") >= doi.count("]"):
            break
        if doi[-1] == ">" and doi.count("<") >= doi.count(">"):
            break
        doi = doi[:-1]
    return doi


def normalize_doi(value: str) -> str:
    """The canonical form of a written DOI: no prefix, URL-decoded, lower case, trimmed.

    >>> normalize_doi("https://dx.doi.org/10.2307%2F2645561.")
    '10.2307/2645561'
    """
    text = unquote(value.strip())
    match = DOI_IN_TEXT.search(text)
    doi = match.group("doi") if match else text
    return _trim(unquote(doi)).lower()


def is_valid_doi(doi: str) -> bool:
    """Whether a normalised DOI has the syntax the DOI handbook allows."""
    return bool(VALID_DOI.match(doi))


def find_dois(text: str) -> list[tuple[str, int, int]]:
    """Every DOI in a text as ``(normalised DOI, start, end)``, start/end covering the written form."""
    found = []
    for match in DOI_IN_TEXT.finditer(text):
        written = _trim(match.group(0))
        doi = normalize_doi(match.group("doi"))
        found.append((doi, match.start(), match.start() + len(written)))
    return found


def find_doi_attempts(text: str) -> list[str]:
    """Things written as DOIs (``doi:``/``doi.org/``) that do not have a DOI's syntax.

    A DOI with other text written between its label and its "10." is one too:
    "doi:org/10.1097/PSY.0b013e318246eb10" (a stray "org/" left from a resolver URL).
    """
    attempts = []
    for match in DOI_ATTEMPT.finditer(text):
        written = _trim(match.group("doi") or match.group("url") or "")
        if not written:
            continue
        inside = DOI_IN_TEXT.search(unquote(written))
        if not is_valid_doi(normalize_doi(written)) or (inside is not None and inside.start() > 0):
            if _cut_by_a_space(text, match.end(), match.group("doi") or match.group("url") or ""):
                continue
            attempts.append(written)
    return attempts


# The piece after a space that a line wrap put inside a DOI: "https://doi.org/10. 1145/3219819"
_NEXT_PIECE = re.compile(r"[ \t]+(?P<piece>\d[^\s,;<>\"]*)")  # a number goes on the DOI ("10. 1145/...")


def _cut_by_a_space(text: str, end: int, written: str) -> bool:
    """Whether an attempt ending at ``end`` is a whole DOI that a wrapped line cut with a space
    ("https://doi.org/10. 1145/3219819"): it is the DOI's to be found, not a malformed one."""
    following = _NEXT_PIECE.match(text, end)
    return following is not None and is_valid_doi(normalize_doi(_trim(written + following.group("piece"))))
