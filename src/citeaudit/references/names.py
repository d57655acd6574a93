"""Personal and organisational names: parse an author list, and the one definition of "same name".

An author list becomes CSL names (``{"family", "given"}`` or ``{"literal"}`` for an
organisation).  A list cut short ("Tobin, J., Fong, R., et al.", APA's "... Zwienenberg, M.")
keeps a marker name, :data:`ET_AL_LITERAL`, where the names were left out, so that a reader of
the list knows it has at least one more author than it shows (:func:`truncated`).  Group authors
keep their abbreviation as written ("World Health Organization (WHO)"); :func:`name_keys`
yields both forms, so "(WHO, 2020)" and "(World Health Organization, 2020)" both reach it.
"""

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
    r"program(?:me)?|authority|administration|academy|league|union|trust|"
    r"blog|labs|magazine|newspaper|wikipedia|initiative|alliance|forum|partnership|"
    # the same words in Indonesian and Malay: agency, centre, ministry, office, institute, directorate
    r"badan|pusat|kementerian|dinas|lembaga|direktorat)\b",
    re.I,
)

# Small words that join the words of a group's name: "Intergovernmental Panel on Climate Change".
_CONNECTORS = {"of", "on", "for", "and", "the", "in", "de", "des", "du", "für", "und", "et", "y", "del", "della", "di", "dan"}
# Those that also join a person's names ("Simone de Beauvoir", "Ortega y Gasset").
_PERSON_LINKS = {"de", "des", "du", "y", "del", "della", "di"}


@lru_cache(maxsize=65536)
def looks_like_organisation(name: str) -> bool:
    """Whether a name is an organisation rather than a person ("World Health Organization")."""
    stripped = name.strip().rstrip(".")
    if _ORG_WORDS.search(stripped):
        return True
    paren = _PAREN_PART.search(stripped)
    if paren and "," not in stripped:
        # A group with its abbreviation: "SENAMHI (Servicio Nacional …)", "Met Office (UKMO)".
        outside = (stripped[: paren.start()] + stripped[paren.end() :]).strip()
        return bool(_ACRONYM.match(paren.group(1).strip()) or _ACRONYM.match(outside))
    # "Intergovernmental Panel on Climate Change": capitalised words joined by "on", "of"...
    words = stripped.split()
    if "." in stripped:
        return False  # initials: "I.J.F. de Jong" is a person
    # ("de", "del", "di", "y" also join a person's names: "Simone de Beauvoir", "Ortega y Gasset".)
    linked = [w for w in words[1:-1] if w in _CONNECTORS and (w not in _PERSON_LINKS or len(words) >= 4)]
    if "," not in stripped and len(words) >= 3 and linked:
        return all(w[:1].isupper() or w in _CONNECTORS for w in words)
    return stripped.isupper() and len(stripped) > 1 and " " not in stripped


# Where an author list leaves names out: "et al.", "and others", APA 7's ellipsis ("…", ". . .").
#   "Tobin, J., Fong, R., et al."  "Aron, L., Brown, K., . . . Zwienenberg, M."
# Linear on long runs of spaces: a match starts where a run of spaces starts (or, right after the
# previous match's trailing spaces, at the omission itself), and spaces are taken once.
_OMISSION = re.compile(
    r"(?<!\s),?\s*+(?:\bet\.?\s*al\b\.?|\band\s+others\b|\u2026|\.\s?\.\s?\.)\s*,?"
    r"|(?<=\s)(?:,\s*+)?+(?:\bet\.?\s*al\b\.?|\band\s+others\b|\u2026|\.\s?\.\s?\.)\s*,?",
    re.I,
)
# A parenthesised part of a name, kept whole while the list is split: "SENAMHI (Servicio … e …)".
_PAREN_PART = re.compile(r"\(([^()]*)\)")
# What joins two names: "; ", " and ", " & ", German/French/Indonesian "und", "et", "dan"
# (Portuguese/Spanish "e", "y" below).
# (Linear on long runs of spaces the way _OMISSION is.)
_NAME_JOIN = re.compile(
    r"(?<!\s)(?:\s*+;\s*|\s*+,\s*+(?:and|und|et|dan)\s+|\s++(?:and|und|et|dan)\s+|\s*+,?\s*+&\s*)"
    r"|(?<=\s)(?:;\s*|,\s*+(?:and|und|et|dan)\s+|,\s*+&\s*|&\s*)"
)
# Spanish and Portuguese "and", which also joins the parts of one surname ("Ortega y Gasset").
_Y_JOIN = re.compile(r"(?<!\s)(?:\s*+,)?+\s++(?:y|e)\s+|(?<=\s),\s++(?:y|e)\s+")
# An abbreviation: "WHO", "SENAMHI", "UNESCO", "IPCC" (two or more capitals, digits allowed).
_ACRONYM = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ0-9&-]+$")

# A hyphen and a space inside a word, left by a PDF line break: "Le- ung", "Martin- Facklam".
_BROKEN_LOWER = re.compile(r"(?<=[a-zà-ÿ])- (?=[a-zà-ÿ])")
_BROKEN_UPPER = re.compile(r"(?<=[a-zà-ÿ])- (?=[A-ZÀ-Þ][a-zà-ÿ])")

# An abbreviation whose closing bracket was cut off at the end: "World Health Organization (WHO".
_OPEN_ACRONYM = re.compile(r"\([A-ZÀ-Þ][A-ZÀ-Þ0-9&-]+$")

# The name that stands where an author list was cut short; see :func:`truncated`.
ET_AL_LITERAL = "et al."


def is_et_al(name: object) -> bool:
    """Whether a CSL name is the marker of names left out ("et al.", "others")."""
    if not isinstance(name, dict):
        return False
    literal = str(name.get("literal") or (name.get("family") if not name.get("given") else "") or "")
    return literal.strip().lower().rstrip(".") in {"et al", "others", "et. al"}


def truncated(names: object) -> bool:
    """Whether a CSL name list is cut short: the work has more authors than it shows."""
    return isinstance(names, (list, tuple)) and any(is_et_al(n) for n in names)


def listed_names(names: object) -> list[dict[str, str]]:
    """The CSL names actually printed, without the marker of names left out."""
    if not isinstance(names, (list, tuple)):
        return []
    return [n for n in names if isinstance(n, dict) and not is_et_al(n)]


def parse_names(text: str) -> list[dict[str, str]]:
    """An author list -> CSL names, with ``{"literal": "et al."}`` where names were left out.

    >>> parse_names("Karlan, Dean, Robert Osei, and Christopher Udry")[1]
    {'family': 'Osei', 'given': 'Robert'}
    >>> parse_names("Tobin, J., et al.")[-1]
    {'literal': 'et al.'}
    """
    text = text.strip()
    if _OPEN_ACRONYM.search(text):
        text += ")"  # "World Health Organization (WHO" lost its bracket to a field boundary
    out: list[dict[str, str]] = []
    for piece in _split(text):
        if piece is None:
            if out and not is_et_al(out[-1]):
                out.append({"literal": ET_AL_LITERAL})
            continue
        if piece.startswith("(") and piece.count("(") == 1 and piece.count(")") == piece.endswith(")"):
            piece = piece.strip("()")  # "Ackermann, M. et al. (Fermi-LAT)": the collaboration
        name = parse_name(piece)
        if name.get("family") or name.get("literal"):
            out.append(name)
    return out


def split_name_list(text: str) -> list[str]:
    """Split an author list into single names, for both "Last, F." and "F. Last" forms.

    Names left out ("et al.", "…") are dropped here; :func:`parse_names` keeps a marker.

    >>> split_name_list("Aron, L., & Jensen, K. M.")
    ['Aron, L.', 'Jensen, K. M.']
    """
    return [piece for piece in _split(text) if piece is not None]


def _split(text: str) -> list[str | None]:
    """Names in order, ``None`` where names were left out."""
    text = re.sub(r"\s+", " ", text.strip().strip(",;"))
    # A word broken at a line end in a PDF: "Le- ung" -> "Leung", "Martin- Facklam" -> "Martin-Facklam".
    text = _BROKEN_LOWER.sub("", text)
    text = _BROKEN_UPPER.sub("-", text)
    # Keep parenthesised parts whole: "SENAMHI (Servicio … e Hidrología)" is one name.
    kept: list[str] = []

    def hide(match: re.Match[str]) -> str:
        kept.append(match.group())
        return f"\x10{len(kept) - 1}\x11"

    text = _PAREN_PART.sub(hide, text)
    out: list[str | None] = []
    segments = _OMISSION.split(text)
    for position, segment in enumerate(segments):
        if position > 0:
            out.append(None)
        if one_group_name(segment):
            out.append(segment.strip(" ,"))
            continue
        pieces = [q for p in _NAME_JOIN.split(segment) for q in _split_y(p.strip()) if q.strip(" ,")]
        for piece in pieces:
            out.extend(_split_commas(piece.strip(" ,")))
    names: list[str | None] = []
    for name in out:
        if name is None:
            if names and names[-1] is not None:
                names.append(None)
            continue
        name = re.sub(r"\x10(\d+)\x11", lambda m: kept[int(m.group(1))], name).strip(" ,")
        if name:
            names.append(name)
    return names


def one_group_name(segment: str) -> bool:
    """A group's name whose words are joined by "and": never two names.

    "Food and Agriculture Organization of the United Nations", "Department of Health and
    Social Care", "Pusat Data dan Sistem Informasi Pertanian": no comma, semicolon, ampersand
    or initial, a word that only groups have in their names, and a side of the "and" that reads
    as a group's name: a small joining word in it ("of Health"), or two words with the group's
    word ("Agriculture Organization", "Pusat Data").  "Press and Teukolsky", "Bank and Young"
    and "Andreas Union and Maria Young" are two people.
    """
    stripped = segment.strip(" ,")
    if re.search(r"[,;&.]", stripped) or not _ORG_WORDS.search(stripped):
        return False
    sides = [side.split() for side in _GROUP_JOIN.split(stripped)]
    if len(sides) < 2:
        return True
    for words in sides:
        if any(word in _GROUP_LINKS for word in words[1:-1]):
            return True
    first, last = sides[0], sides[-1]
    return (len(last) >= 2 and bool(_ORG_WORDS.search(" ".join(last)))) or (
        len(first) >= 2 and bool(_ORG_WORDS.match(first[0]))
    )


# The "and" between the two sides of a group's name, in our users' languages.
_GROUP_JOIN = re.compile(r"(?<!\s)\s+(?:and|und|et|dan)\s+")  # (?<!\s): tried once per run of spaces
# Small words that join the words of one side of a group's name: "Department of Health".
_GROUP_LINKS = frozenset(_CONNECTORS - {"and", "und", "et", "dan", "y"})


def _split_y(piece: str) -> list[str]:
    """Split on "y"/"e" only after a whole name: "García, J. y Pérez, L." but "Ortega y Gasset, J."."""
    parts = _Y_JOIN.split(piece)
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        if "," in left or len(left.split()) >= 2:
            out.append(part)
        else:
            out[-1] = f"{left} y {part}" if " y " in piece else f"{left} e {part}"
    return out


def _split_commas(piece: str) -> list[str]:
    parts = [p.strip() for p in piece.split(",") if p.strip()]
    if len(parts) <= 1:
        return parts
    both_full = (
        len(parts) == 2 and len(parts[0].split()) >= 2 and len(parts[1].split()) >= 2
        and parts[0].split()[0].lower() not in PARTICLES
    )  # "Dimitrios Georgakopoulos, Marek Rusinkiewicz": two people
    if len(parts) == 2 and not both_full and (_is_given(parts[1]) or (_GIVEN_WITH_INITIAL.match(parts[1]) and len(parts[0].split()) == 1)) and not _is_full_name(parts[0]) and not _VANCOUVER_NAME.match(parts[0]):
        return [f"{parts[0]}, {parts[1]}"]  # "Carlile, Lonny E."
    # "Last, F., Last, F." -> pair each surname with the initials that follow it; Chicago and
    # MLA invert only the first name: "Karlan, Dean, Robert Osei" -> "Karlan, Dean" + "Robert Osei".
    names: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and not _is_full_name(part) and _given_after(part, nxt):
            names.append(f"{part}, {nxt}")
            i += 2
        else:
            names.append(part)
            i += 1
    return names


def _given_after(part: str, nxt: str) -> bool:
    """Whether ``nxt`` holds the given names of surname ``part`` ("Kuhn" + "Thomas S.")."""
    if _is_initials(nxt):
        return True
    if _VANCOUVER_NAME.match(part) or looks_like_organisation(part):
        return False
    if not _is_given(nxt) and not _GIVEN_WITH_INITIAL.match(nxt):
        return False
    if _GLUED_FULL_NAME.match(part) or _GLUED_FULL_NAME.match(nxt):
        return False  # "F.Cucker, M.Shub": two people with initials glued on
    surname_words = [w for w in part.split() if w.lower() not in PARTICLES]
    if not all(w[:1].isupper() and not _is_initials(w) for w in surname_words):
        return False  # "and V. Mathai": not a surname
    given_words = nxt.split()
    # "Karlan, Dean": one surname word; "García Márquez, Gabriel": one given name.  Two
    # two-word parts are two people written first-name-first ("Josh Tobin, Rachel Fong").
    return len(surname_words) <= 1 or (len(given_words) == 1 and len(surname_words) <= 3)


# A full name with its initials glued on: "F.Cucker", "J.-P.Sartre".
_GLUED_FULL_NAME = re.compile(r"^(?:[A-ZÀ-Þ]\.-?)+[A-ZÀ-Þ][a-zà-ÿ'’-]+$")
# Given names whose last initial lost its full stop to the sentence: "Thomas S" in "Kuhn, Thomas S."
_GIVEN_WITH_INITIAL = re.compile(r"^(?:[A-ZÀ-Þ][a-zà-ÿ]+\s+){1,2}[A-ZÀ-Þ]\.?$")


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
    name = re.sub(r"(?<!\s)\s*+\((?:eds?|Hrsg|dir|coord)\.?\)\s*$|(?:(?<!\s)|(?=,)),?+\s++(?:eds?\.|editors?)$", "", name, flags=re.I)
    if not name:
        return {"literal": ""}
    if _group_author(name):
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


def _group_author(name: str) -> bool:
    """An organisation: "World Health Organization (WHO)", "SENAMHI (Servicio …)", "The Guardian"."""
    paren = _PAREN_PART.search(name)
    if paren:
        outside = (name[: paren.start()] + name[paren.end() :]).strip(" ,.")
        inside = paren.group(1).strip()
        if _ACRONYM.match(inside) or _ACRONYM.match(outside) or looks_like_organisation(outside):
            return True
    if "," in name:
        return False
    if looks_like_organisation(name):
        return True
    # "The Guardian", "The Lancet": a person's name does not start with an article.
    # ("Das", "Le", "La" are surnames too: "Das AV", "Le LP", so only the English article counts.)
    return bool(re.match(r"The\s+[A-ZÀ-Þ]", name)) and "." not in name


def _with_particle(family: str, given: str) -> dict[str, str]:
    result = {"family": family.strip().rstrip(".") if not family.strip().endswith("Jr.") else family.strip()}
    if given:
        result["given"] = given.strip()
    return result


# Russian surname endings that romanisation systems spell differently: "-skiy", "-skij", "-skii", "-sky".
_ROMANISED_ENDING = re.compile(r"(?<=sk)(?:iy|ij|ii|yi|yj|y)$")

# A leading article that a citation may drop: "(Guardian, 2019)" for "The Guardian".
_ARTICLES = frozenset({"the", "der", "die", "das", "la", "le", "les", "el", "los", "las"})


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Comparable forms of a surname or group name: the one definition of "same name".

    Plain ASCII and German-style transliteration, with and without particles: "Müller" and
    "Mueller" share a key; so do "van der Berg", "Van der Berg" and "Berg".  A group author's
    abbreviation and full name are each a key ("World Health Organization (WHO)" -> "who" and
    "worldhealthorganization"), and a leading article may go ("The Guardian" -> "guardian").
    A hyphenated surname is one word: "Kowalczyk-Dubois" never shares a key with "Kowalczyk".
    """
    text = unicodedata.normalize("NFC", name.strip())
    variants = [text]
    paren = _PAREN_PART.search(text)
    if paren:
        variants = [text[: paren.start()] + text[paren.end() :], paren.group(1)]
    keys = set()
    for part in variants:
        for variant in (part, _german(part)):
            ascii_ = anyascii(variant).lower()
            ascii_ = re.sub(r"['’`]", "", ascii_)
            words = re.findall(r"[a-z0-9]+", ascii_)
            if not words:
                continue
            keys.add("".join(words))
            stripped = [w for w in words if w not in PARTICLES]
            if stripped:
                keys.add("".join(stripped))
                keys.add(_ROMANISED_ENDING.sub("y", "".join(stripped)))  # "Tchaikovskiy" -> "tchaikovsky"
            if len(words) > 1 and words[0] in _ARTICLES:
                keys.add("".join(words[1:]))
    return frozenset(keys)


def _german(text: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


@lru_cache(maxsize=65536)
def _surname_words(name: str) -> tuple[str, ...]:
    """The words of a person's surname without particles; a hyphenated surname is one word."""
    ascii_ = re.sub(r"['’`]", "", anyascii(_german(unicodedata.normalize("NFC", name))).lower())
    return tuple(w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", ascii_) if w not in PARTICLES)


def same_name(a: str, b: str) -> bool:
    """Whether two surnames (or group names) are the same, up to case, diacritics and particles.

    A compound surname written with spaces may be cited by its first or last part ("García
    Márquez" as "García", "Nunes da Fonseca" as "Fonseca"); a hyphenated one only whole, and a
    name that only starts like another is another person ("Kowalczyk" is not "Kowalczyk-Dubois").
    """
    if name_keys(a) & name_keys(b):
        return True
    if looks_like_organisation(a) or looks_like_organisation(b) or "(" in a or "(" in b:
        return False
    short, long_ = sorted((_surname_words(a), _surname_words(b)), key=len)
    if len(short) != 1 or not 2 <= len(long_) <= 3 or len(short[0]) < 3:
        return False
    return short[0] in (long_[0], long_[-1])


def same_name_keys(name: str) -> frozenset[str]:
    """Index keys for :func:`same_name`: two names that are the same share at least one key.

    The converse does not hold (keys narrow the candidates, :func:`same_name` decides), so an
    index of the reference list by these keys lets a citation look at a handful of entries
    rather than at all of them.  The keys follow the two ways :func:`same_name` can say yes:
    a shared :func:`name_keys` form ("k:"), or a one-word surname that is the first or last word
    of a compound one ("w:").
    """
    keys = {"k:" + key for key in name_keys(name)}
    words = _surname_words(name)
    if 1 <= len(words) <= 3:
        keys.update(("w:" + words[0], "w:" + words[-1]))
    return frozenset(keys)


def family_of(csl_name: dict[str, str]) -> str:
    """The surname (or organisation) to match citations against."""
    return csl_name.get("family") or csl_name.get("literal") or ""
