"""Personal and organisational names: parse an author list, and compare surnames loosely."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le",
    "ten", "ter", "zu", "al", "el", "bin", "ibn", "st", "st.", "d'", "l'", "y",
}

# Initials as written: "A.", "A. C.", "A.C.", "J.-P.", "AC" (Vancouver), "Ph.".
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ](?:[a-z]{1,2}\.|\.)?[\s-]*){1,4}$")
_VANCOUVER_INITIALS = re.compile(r"^[A-ZÀ-Þ]{1,4}(?:-[A-ZÀ-Þ]{1,2})?$")  # "CE", "J-H"
_VANCOUVER_NAME = re.compile(r"^\S.*\s[A-ZÀ-Þ]{1,4}(?:-[A-ZÀ-Þ]{1,2})?\.?$")  # "Cao R", "Nunes da Fonseca R"
_ORG_WORDS = re.compile(
    r"\b(?:organi[sz]ation|association|society|institute|institution|university|council|committee|"
    r"commission|agency|department|ministry|office|bureau|foundation|group|consortium|"
    r"centre|center|board|national|international|world|united|federal|government|service|"
    r"team|network|project|collaboration|corporation|company|inc|ltd|press|affairs|bank|fund|"
    r"program(?:me)?|authority|administration|academy|league|union|trust)\b",
    re.I,
)


_CONNECTORS = {"of", "on", "for", "and", "the", "in", "de", "des", "du", "für", "und", "et", "y", "del", "della", "di"}


def looks_like_organisation(name: str) -> bool:
    """Whether a name is an organisation rather than a person ("World Health Organization")."""
    stripped = name.strip().rstrip(".")
    if _ORG_WORDS.search(stripped):
        return True
    # "Intergovernmental Panel on Climate Change": capitalised words joined by "on", "of"...
    words = stripped.split()
    if "." in stripped:
        return False  # initials: "I.J.F. de Jong" is a person
    if "," not in stripped and len(words) >= 3 and any(w in _CONNECTORS for w in words[1:-1]):
        return all(w[:1].isupper() or w in _CONNECTORS for w in words)
    return stripped.isupper() and len(stripped) > 1 and " " not in stripped


def split_name_list(text: str) -> list[str]:
    """Split an author list into single names, for both "Last, F." and "F. Last" forms.

    >>> split_name_list("Aron, L., & Jensen, K. M.")
    ['Aron, L.', 'Jensen, K. M.']
    """
    text = re.sub(r"\s+", " ", text.strip().strip(",;"))
    text = re.sub(r",?\s*(?:\bet al\.?|\.\.\.|…)\s*$", "", text)
    pieces = [p.strip() for p in re.split(r"\s*;\s*|\s*,?\s+(?:&|and|und|et|y|e)\s+|\s*&\s*", text) if p.strip()]
    names: list[str] = []
    for piece in pieces:
        names.extend(_split_commas(piece))
    return [n.strip(" ,") for n in names if n.strip(" ,")]


def _split_commas(piece: str) -> list[str]:
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    if len(parts) <= 1:
        return parts
    both_full = (
        len(parts) == 2 and len(parts[0].split()) >= 2 and len(parts[1].split()) >= 2
        and parts[0].split()[0].lower() not in PARTICLES
    )  # "Dimitrios Georgakopoulos, Marek Rusinkiewicz": two people
    if len(parts) == 2 and not both_full and _is_given(parts[1]) and not _is_full_name(parts[0]) and not _VANCOUVER_NAME.match(parts[0]):
        return [f"{parts[0]}, {parts[1]}"]  # "Carlile, Lonny E."
    # "Last, F., Last, F." -> pair each surname with the initials that follow it.
    names: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and _is_initials(nxt) and not _is_full_name(part):
            names.append(f"{part}, {nxt}")
            i += 2
        else:
            names.append(part)
            i += 1
    return names


def _is_initials(text: str) -> bool:
    return bool(_INITIALS.match(text) or _VANCOUVER_INITIALS.match(text))


def _is_given(text: str) -> bool:
    """Given names after "Surname,": initials, or one to three capitalised words."""
    if _is_initials(text):
        return True
    words = text.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return False
    # "Jones CD" is a Vancouver surname with initials, not given names.
    return not (len(words) >= 2 and _VANCOUVER_INITIALS.match(words[-1]))


def _is_full_name(text: str) -> bool:
    """"F. Last" or "First Last" written in one piece (IEEE, MLA second author)."""
    words = text.split()
    return len(words) >= 2 and bool(_INITIALS.match(" ".join(words[:-1])) or (words[-1][:1].isupper() and "." in words[0]))


def parse_name(text: str) -> dict[str, str]:
    """One name -> CSL name: ``{"family", "given"}``, with particles, or ``{"literal"}``.

    Handles "Ziegler, C. E.", "C. E. Ziegler", "Ziegler CE", "van der Berg, J.", "World Meteorological
    Organization".
    """
    name = re.sub(r"\s+", " ", text.strip().strip(",;")).strip()
    name = re.sub(r"(?<=\s[A-ZÀ-Þ]) (?=[A-ZÀ-Þ](?:\s|$))", "", name)  # "Keller S C" -> "Keller SC"
    name = re.sub(r"\s*\((?:eds?|Hrsg|dir|coord)\.?\)\s*$|,?\s+(?:eds?\.|editors?)$", "", name, flags=re.I)
    if not name:
        return {"literal": ""}
    if looks_like_organisation(name) and "," not in name:
        return {"literal": name.rstrip(".")}
    if "," in name:
        family, given = [p.strip() for p in name.split(",", 1)]
        given = re.sub(r",\s*(?:Jr|Sr|II|III|IV)\.?$", "", given)
        if re.search(r"(?:^|[\s.-])[A-ZÀ-Þ]$", given):
            given += "."  # "C. E" lost its last full stop to the sentence: "C. E."
        return _with_particle(family, given)
    words = name.split(" ")
    last = words[-1].rstrip(".") if len(words) >= 2 else ""
    if last and _VANCOUVER_INITIALS.match(last) and not _VANCOUVER_INITIALS.match(words[0].rstrip(".")):
        # Vancouver: "Ziegler CE", "van der Berg J", "Lee E.", "Yoon J-H"
        initials = "-".join(". ".join(part) + "." for part in last.split("-"))
        return _with_particle(" ".join(words[:-1]), initials)
    if len(words) == 1:
        return {"family": words[0].rstrip(".")}
    # "C. E. Ziegler", "Lonny E. Carlile", "Jan van der Berg"
    for i, word in enumerate(words[:-1]):
        if word.lower() in PARTICLES and i > 0:
            return _with_particle(" ".join(words[i:]), " ".join(words[:i]))
    return {"family": words[-1].rstrip("."), "given": " ".join(words[:-1])}


def _with_particle(family: str, given: str) -> dict[str, str]:
    result = {"family": family.strip().rstrip(".") if not family.strip().endswith("Jr.") else family.strip()}
    if given:
        result["given"] = given.strip()
    return result


@lru_cache(maxsize=4096)
def name_keys(name: str) -> frozenset[str]:
    """Comparable forms of a surname: plain ASCII and German-style transliteration, no particles.

    "Müller" and "Mueller" share a key; so do "van der Berg", "Van der Berg" and "Berg".
    """
    text = unicodedata.normalize("NFC", name.strip())
    keys = set()
    for variant in (text, _german(text)):
        ascii_ = anyascii(variant).lower()
        ascii_ = re.sub(r"['’`]", "", ascii_)
        words = re.findall(r"[a-z0-9]+", ascii_)
        if not words:
            continue
        keys.add("".join(words))
        stripped = [w for w in words if w not in PARTICLES]
        if stripped:
            keys.add("".join(stripped))
    return frozenset(keys)


def _german(text: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def same_name(a: str, b: str) -> bool:
    """Whether two surnames are the same person's, up to case, diacritics and particles."""
    return bool(name_keys(a) & name_keys(b))


def family_of(csl_name: dict[str, str]) -> str:
    """The surname (or organisation) to match citations against."""
    return csl_name.get("family") or csl_name.get("literal") or ""
