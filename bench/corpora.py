"""Loaders for the labelled reference-string corpora in ``../shared/corpora``.

Every corpus becomes a list of :class:`Labelled`: the reference string as printed, the string
cut into labelled segments (for training a sequence labeller) and the gold fields (for scoring
a parser).  Segment labels are one shared vocabulary, :data:`LABELS`, mapped from each corpus's
own tags; gold fields use CSL-JSON names (``author`` and ``editor`` are lists of family names).

The evaluation sets and the training set are fixed here, in :func:`evaluation_sets` and
:func:`training_set`, and kept disjoint by :func:`overlap_key` (lower-cased, accents folded,
every non-alphanumeric dropped) plus a near-duplicate check (:func:`near_duplicates`).

Gold conventions (how each corpus's tags become fields), kept fixed for every parser:

* ``author``/``editor``: family names in order; an organisation is kept whole.  PLOS gives
  ``<surname>`` directly; the other corpora tag the whole name list, which
  :func:`family_names` splits (its agreement with PLOS's own surnames is printed by
  ``bench/parse_eval.py --check-gold``).  Role words (``In``, ``ed.``, ``(eds.)``,
  ``editors``, ``trans.``) and ``et al.`` are not names.
* ``year``: the first 1500-2099 year in the date segment(s); no year, no gold year.
* ``volume``/``issue``: AnyStyle and ParsCit tag ``36(2)`` or ``vol. 36, no. 9`` as one
  volume span; :func:`split_volume` separates the issue.
* ``page``: the page span without ``pp.``/``p.``/``pages``.
* A ``https://doi.org/10...`` URL counts as the DOI, on both sides.
* PLOS: ``<name>``s after the title, or before "editors (2010)", are editors; a PubMed link
  is not a URL; ``<object-id>`` (not printed) is left out of the string; a
  ``<mixed-citation>`` with fewer than three tagged fields is skipped (untagged "other" types).
* AnyStyle: a year tagged inside the volume span ("2007;10(3):") is the gold year.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

#: The labeller's label vocabulary (CSL names where CSL has one).
LABELS = (
    "author", "editor", "translator", "title", "container-title", "collection-title",
    "date", "volume", "issue", "page", "publisher", "publisher-place", "edition",
    "DOI", "URL", "ISBN", "note", "citation-number", "other",
)  # fmt: skip

#: Fields scored by ``bench/parse_eval.py``.
FIELDS = (
    "author", "editor", "title", "container-title", "year", "volume", "issue", "page",
    "publisher", "publisher-place", "DOI", "URL",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the reference string and its label (``""``: untagged text between fields)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Labelled:
    """One reference string with its segments and gold fields."""

    corpus: str
    source: str
    segments: tuple[Segment, ...]
    gold: dict = field(default_factory=dict, compare=False)
    scored: tuple[str, ...] = FIELDS

    @property
    def text(self) -> str:
        return _join(seg.text for seg in self.segments)


def _join(parts: Iterable[str]) -> str:
    return re.sub(r"\s+", " ", "".join(parts)).strip()


# ---------------------------------------------------------------------------------------
# Normalisation shared by the overlap check and the scorer

_NON_ALNUM = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case, accents stripped, ligatures expanded (``ﬁ`` -> ``fi``)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def overlap_key(text: str) -> str:
    """The key two strings share when they are the same reference: alphanumerics only."""
    return _NON_ALNUM.sub("", fold(text))


def near_duplicates(candidates: list[str], against: list[str], threshold: float = 0.9) -> set[int]:
    """Indices of ``candidates`` that are near-copies of some string in ``against``.

    Two strings are near-copies when they share a word 4-gram and the Jaccard similarity of
    their word 3-gram sets is at least ``threshold`` (catches re-typeset or re-OCRed copies
    that :func:`overlap_key` misses).
    """

    def grams(text: str, n: int) -> set[tuple[str, ...]]:
        words = _NON_ALNUM.sub(" ", fold(text)).split()
        return {tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}

    index: dict[tuple[str, ...], list[int]] = {}
    against_tri = [grams(t, 3) for t in against]
    for j, text in enumerate(against):
        for g in grams(text, 4):
            index.setdefault(g, []).append(j)
    hits = set()
    for i, text in enumerate(candidates):
        tri = grams(text, 3)
        seen: set[int] = set()
        for g in grams(text, 4):
            for j in index.get(g, ()):
                if j in seen:
                    continue
                seen.add(j)
                other = against_tri[j]
                if len(tri & other) / max(1, len(tri | other)) >= threshold:
                    hits.add(i)
                    break
            if i in hits:
                break
    return hits


# ---------------------------------------------------------------------------------------
# Gold field extraction from labelled segments

YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")  # 1993 in "(1993a)."
_DOI = re.compile(r"10\.\d{4,9}/\S+")  # 10.1016/0003-2697(85)90071-5
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/", re.I)
_EDGE = " \t\n.,;:/-–—\u2013\u2014\"'“”‘’«»()[]{}*"

# "In", "In:", "in" before a container or an editor list.
_IN_PREFIX = re.compile(r"^\s*(?:in|dans|en|em|im)\s*[:.]?\s+", re.I)
# "ed.", "eds", "edited by", "hrsg. von", "a cura di", "trans." around a name list.
_ROLE = re.compile(
    r"\(?(?:\b[Ee]ds?\b\.?|\b[Ee]dd\b\.?|\b(?:[Ee]ditors?|[Ee]ditor(?:es|s)|[Ee]dited\s+by|[Ee]d\.\s*by"
    r"|[Hh]rsg\.?|[Hh]gg?\.|[Hh]erausgegeben\s+von|a\s+cura\s+di|[Cc]ur\.|[Cc]oord\.|[Dd]ir\."
    r"|[Tt]rans\.?|[Tt]ransl\.|[Tt]ranslated\s+by|tr\.|[Cc]omp\.|[Cc]ompiled\s+by)(?!\w))\)?"
    r"(?:\s+(?:by|von))?"
)
_ET_AL = re.compile(r"\bet\.?\s*al\b\.?|\bu\.\s*a\.|\bet\s+alii\b", re.I)


def clean_value(text: str) -> str:
    """Trim whitespace and edge punctuation, keeping a closing bracket that has its opener."""
    text = re.sub(r"\s+", " ", strip_markup(text)).strip()
    out = text.strip(_EDGE)
    # "Proc. (IEEE)" keeps its closing bracket; "36(2)" is split elsewhere.
    if out and text.find(out) >= 0:
        end = text.find(out) + len(out)
        while end < len(text) and text[end] in ")]":
            if out.count("(" if text[end] == ")" else "[") <= out.count(text[end]):
                break
            out += text[end]
            end += 1
    return out


def strip_container(text: str) -> str:
    """A container title without a leading ``In:``."""
    return clean_value(_IN_PREFIX.sub("", clean_value(text)))


_PAGE_PREFIX = re.compile(r"^\s*(?:pages?|pp|p|pgs?|pg|ss|s|seiten|str|c|с)\b\s*\.?\s*(?=\w)", re.I)


def clean_page(text: str) -> str:
    """``pp. 334–344.`` -> ``334-344``."""
    text = clean_value(text)
    text = _PAGE_PREFIX.sub("", text)
    text = re.sub(r"\s*[-–—‐‑]+\s*", "-", text)
    return clean_value(text)


_VOL_PREFIX = re.compile(r"^\s*(?:vols?|volume|bd|band|t|tome|tomo|v|jg|jahrgang|anno|vol)\s*\.?\s*(?=\w)", re.I)
_ISSUE_WORD = r"(?:no|nos|nr|num|number|issue|iss|n|h|heft|fasc|fascicolo|n°|№)\s*[.°]?\s*"
# The shapes a volume span takes: "36", "36(2)", "36 (2):", "vol. 36, no. 9", "36, 1", "43:17:",
# "36.2", "5:98–108" (volume:pages), "61(2):327–335", "No. 9" (an issue alone).
_VOL_SHAPES = (
    re.compile(r"^(?P<volume>[\w.–-]*?\w)\s*\((?P<issue>[^)]+)\)\s*(?::\s*(?P<page>\S.*))?$"),
    re.compile(r"^(?P<volume>\w[\w–-]*)\s*[,;]?\s*" + _ISSUE_WORD + r"(?P<issue>\w[\w/–-]*)\b.*$", re.I),
    re.compile(r"^(?P<volume>\d+)\s*:\s*(?P<page>\w+(?:\s*[-–]\s*\w+)?)$"),
    re.compile(r"^(?P<volume>\d+)\s*[,/.]\s*(?P<issue>\d+(?:[-–/]\d+)?)$"),
    re.compile(r"^" + _ISSUE_WORD + r"(?P<issue>\w[\w/–-]*)$", re.I),
)


def strip_markup(text: str) -> str:
    """``<italic>Water Research</italic>`` -> ``Water Research`` (markup left in some strings)."""
    return re.sub(r"</?[a-z][\w-]*/?>", "", text)


def split_volume(text: str) -> tuple[str, str, str]:
    """A volume span as (volume, issue, pages): ``vol.36, no. 9`` -> (``36``, ``9``, ``""``)."""
    m = re.match(r"^\s*(\d+)\s*:\s*(\d+)\s*:\s*$", text)  # "43:17:" is volume:issue:
    if m:
        return m.group(1), m.group(2), ""
    text = clean_value(strip_markup(text)).lstrip("(")
    text = re.sub(r"^\d{1,4}\s*;\s*(?=\d)", "", text)  # "2009;108(2)" and "18;29(11)" (day)
    text = clean_value(_VOL_PREFIX.sub("", text))
    for shape in _VOL_SHAPES:
        m = shape.match(text)
        if m:
            parts = m.groupdict()
            return (
                clean_value(_VOL_PREFIX.sub("", parts.get("volume") or "")),
                clean_issue(parts.get("issue") or ""),
                clean_page(parts.get("page") or ""),
            )
    return text, "", ""


def clean_issue(text: str) -> str:
    text = clean_value(text)
    return clean_value(re.sub(r"^(?:no|nos|nr|n|issue|iss|heft|h)\s*[.°]?\s*", "", text, flags=re.I))


def doi_of(text: str) -> str:
    m = _DOI.search(text)
    return m.group(0).rstrip(".,;)]") if m else ""


# --- names -------------------------------------------------------------------------------

_ORG_WORDS = re.compile(
    r"\b(?:organi[sz]ation|association|institut\w*|society|committee|council|group|agency|department"
    r"|university|universit\w+|office|bureau|commission|consortium|collaborat\w+|foundation|ministry"
    r"|cent(?:re|er)s?|board|network|federation|services?|trust|team|inc|ltd|corporation|corp|company"
    r"|project|union|nations|bank|programme|program|administration|authority|academy|initiative"
    r"|national|international|world|american|european|statistics|survey|alliance|forum|panel"
    r"|working|laboratory|hospital|health|ministerio|ministère|bundesamt|conference|census)\b",
    re.I,
)
_PARTICLES = {
    "von", "van", "de", "der", "den", "da", "di", "du", "des", "del", "della", "la", "le",
    "dos", "das", "do", "ter", "ten", "zu", "vom", "zum", "'t", "el", "al", "bin", "ibn", "st",
}  # fmt: skip
_SUFFIX = re.compile(r"^(?:jr\.?|sr\.?|ii|iii|iv|jun\.|sen\.|\d(?:st|nd|rd|th))$", re.I)
# "R.", "R.L.", "W.-P.", "RL", "Ch.", "J.-M." (but not "Xu", "Le" or "SMITH")
_INITIALS = re.compile(r"^(?:[A-Z\u00C0-\u00DE]\.?-?|[A-Z\u00C0-\u00DE][a-z]\.-?)+$")


def _is_initials(word: str) -> bool:
    if not _INITIALS.match(word):
        return False
    return "." in word or sum(ch.isalpha() for ch in word) <= 4


def _given_like(piece: str) -> bool:
    """Whether a comma piece is given names: initials, or one or two capitalised words."""
    words = piece.split()
    if not words or len(words) > 3:
        return False
    if all(_is_initials(w) for w in words):
        return True
    return all(w[:1].isupper() and not w.isupper() or _is_initials(w) for w in words) and len(words) <= 2


def _family_of(piece: str) -> str:
    """The family name of one name written in either order (``R. Kuiper``, ``Zoller SD``)."""
    words = [w for w in piece.split() if not _SUFFIX.match(w)]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    # "Zoller SD", "Smith J. A.", "von Berger L": family first, initials last.
    if _is_initials(words[-1]) and not _is_initials(words[0]):
        k = len(words)
        while k > 1 and _is_initials(words[k - 1]):
            k -= 1
        return " ".join(words[:k])
    # "R. Kuiper", "W.-P. de Roever", "Bill Nichols": family last, with its particles.
    k = len(words) - 1
    while k > 0 and words[k - 1].lower() in _PARTICLES:
        k -= 1
    return " ".join(words[k:])


def family_names(text: str) -> list[str]:
    """Family names in a printed name list (gold side; see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    text = _IN_PREFIX.sub("", text.strip())
    text = _ROLE.sub(" ", text)
    text = _ET_AL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(_EDGE + " ")
    if not text:
        return []
    # Hyphenation from PDF line breaks: "Martin- Facklam" -> "Martin-Facklam".
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    # Organisations stay whole ("Centers for Disease Control and Prevention"); other pieces
    # are split on "and", "&", "und", "et", spaced dashes, and a dash glued before initials
    # as in "M. Carlisle-O. Levaniouk".
    pieces: list[str] = []
    orgs: set[int] = set()
    for piece in re.split(r"\s*[;,]\s*", text):
        if _ORG_WORDS.search(piece) and not re.search(r"\b[A-Z]\.", piece):
            orgs.add(len(pieces))
            pieces.append(piece.strip(_EDGE + " "))
            continue
        piece = re.sub(r"\s*(?:\band\b|&|\bund\b|\bet\b|\be\b|\by\b|\s[–—-]\s)\s*", ", ", piece)
        piece = re.sub(r"(?<=[a-z])[-–](?=[A-Z]\.)", ", ", piece)
        pieces.extend(p.strip(_EDGE + " ") for p in piece.split(","))
    keep = [i for i, p in enumerate(pieces) if p and (i in orgs or not _SUFFIX.match(p))]
    orgs = {keep.index(i) for i in orgs if i in keep}
    pieces = [pieces[i] for i in keep]
    names: list[str] = []
    names_inverted = False
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if i in orgs:
            names.append(piece)
            i += 1
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        words = piece.split()
        single_family = len(words) == 1 or (
            all(w.lower() in _PARTICLES for w in words[:-1]) and not _is_initials(words[-1])
        )
        initials_next = nxt is not None and all(_is_initials(w) for w in nxt.split())
        # "Miller Bertolami, M. M.": a family name of several words before initials.
        multi_family = 1 < len(words) <= 3 and not any(_is_initials(w) for w in words) and initials_next
        pairable = (single_family or multi_family) and not _is_initials(piece.replace(" ", ""))
        if nxt is not None and i + 1 not in orgs and pairable and _given_like(nxt):
            # Inverted "Family, Given"; a capitalised word as given name only when the
            # list is inverted from the start or the next piece is initials.
            if all(_is_initials(w) for w in nxt.split()) or i == 0 or names_inverted:
                names.append(piece)
                names_inverted = True
                i += 2
                continue
        names.append(_family_of(piece))
        i += 1
    return [n for n in names if n]


# ---------------------------------------------------------------------------------------
# Segments -> gold fields

def gold_fields(segments: Iterable[Segment]) -> dict:
    """Gold CSL-ish fields from labelled segments (see the module docstring)."""
    by: dict[str, list[str]] = {}
    for seg in segments:
        by.setdefault(seg.label, []).append(seg.text)
    gold: dict = {}
    if "author" in by:
        gold["author"] = [n for t in by["author"] for n in family_names(t)]
    if "editor" in by:
        gold["editor"] = [n for t in by["editor"] for n in family_names(t)]
    for label, name, clean in (
        ("title", "title", clean_value),
        ("container-title", "container-title", strip_container),
        ("publisher", "publisher", clean_value),
        ("publisher-place", "publisher-place", clean_value),
        ("page", "page", clean_page),
        ("URL", "URL", lambda t: clean_value(t.strip().strip("<>"))),
    ):
        if label in by:
            value = clean(" ".join(by[label][:1]))
            if value:
                gold[name] = value
    for text in by.get("date", []):
        m = YEAR.search(text)
        if m:
            gold["year"] = m.group(1)
            break
    if "volume" in by:
        m = re.match(r"^\s*(1[5-9]\d\d|20\d\d)\s*;", by["volume"][0])
        if m and "year" not in gold:  # "Value Health. 2007;10(3): 214-20." tags the year as volume
            gold["year"] = m.group(1)
        volume, issue, page = split_volume(by["volume"][0])
        if volume:
            gold["volume"] = volume
        if issue:
            gold["issue"] = issue
        if page and "page" not in gold:
            gold["page"] = page
    if "issue" in by:
        issue = clean_issue(by["issue"][0])
        if issue:
            gold["issue"] = issue
    for text in by.get("DOI", []):
        text = re.sub(r"\s+", "", text)  # PDF noise: "doi :10 .1007/978-3"
        if doi_of(text):
            gold["DOI"] = doi_of(text)
            break
    if "URL" in gold and _DOI_URL.match(re.sub(r"\s+", "", gold["URL"])):
        gold.setdefault("DOI", doi_of(re.sub(r"\s+", "", gold.pop("URL"))))
    return {k: v for k, v in gold.items() if v}


# ---------------------------------------------------------------------------------------
# AnyStyle (Wapiti dataset XML)

_ANYSTYLE = {
    "author": "author", "editor": "editor", "translator": "translator", "director": "author",
    "producer": "author", "title": "title", "container-title": "container-title",
    "journal": "container-title", "collection-title": "collection-title", "date": "date",
    "volume": "volume", "pages": "page", "publisher": "publisher", "location": "publisher-place",
    "edition": "edition", "genre": "note", "note": "note", "url": "URL", "doi": "DOI",
    "isbn": "ISBN", "source": "note", "medium": "note", "citation-number": "citation-number",
}  # fmt: skip


def load_anystyle(name: str) -> list[Labelled]:
    """``anystyle/parser/<name>.xml``: spans joined with single spaces, as AnyStyle does."""
    root = ET.parse(CORPORA / "anystyle" / "parser" / f"{name}.xml").getroot()
    out = []
    for n, seq in enumerate(root.iter("sequence")):
        segs = []
        for el in seq:
            text = re.sub(r"\s+", " ", "".join(el.itertext())).strip()
            if text:
                if segs:
                    segs.append(Segment("", " "))
                segs.append(Segment(_ANYSTYLE.get(el.tag, "other"), text))
        if segs:
            out.append(Labelled(f"anystyle-{name}", f"{name}.xml#{n}", tuple(segs), gold_fields(segs)))
    return out


# ---------------------------------------------------------------------------------------
# GROBID (TEI <bibl>)

def _grobid_label(el: ET.Element, has_article: bool) -> str:
    tag = el.tag.split("}")[-1].lower()
    attrs = {k.split("}")[-1]: (v or "").lower() for k, v in el.attrib.items()}
    if tag in ("author", "authors"):
        return "author"
    if tag == "editor":
        return "editor"
    if tag == "orgname":
        return "author"
    if tag == "title":
        level = attrs.get("level") or attrs.get("type", "")
        if level == "a":
            return "title"
        if level == "j":
            return "container-title"
        if level == "m":
            return "container-title" if has_article else "title"
        if level == "s":
            return "collection-title"
        return "title"
    if tag in ("date", "year", "month"):
        return "date"
    if tag == "biblscope":
        unit = attrs.get("unit") or attrs.get("type") or attrs.get("level", "")
        return {"volume": "volume", "vol": "volume", "issue": "issue", "page": "page",
                "pp": "page", "pages": "page"}.get(unit, "other")  # fmt: skip
    if tag in ("publisher", "publishe"):
        return "publisher"
    if tag == "pubplace":
        return "publisher-place"
    if tag == "idno":
        kind = attrs.get("type", "")
        return {"doi": "DOI", "isbn": "ISBN"}.get(kind, "note")
    if tag == "ptr":
        return "URL"
    if tag in ("note", "notes"):
        return "note"
    if tag == "lb":
        return ""
    return "other"


def _bibl_segments(bibl: ET.Element) -> tuple[Segment, ...]:
    has_article = any(
        c.tag.split("}")[-1] == "title" and c.get("level") == "a" for c in bibl
    )
    segs = []
    if bibl.text:
        segs.append(Segment("", bibl.text))
    for child in bibl:
        label = _grobid_label(child, has_article)
        text = "".join(child.itertext())
        if child.tag.split("}")[-1] == "ptr" and not text.strip():
            text = child.get("target", "")
        if text:
            segs.append(Segment(label, text))
        if child.tail:
            segs.append(Segment("", child.tail))
    return tuple(_normalise_segments(segs))


def _normalise_segments(segs: list[Segment]) -> list[Segment]:
    """Collapse whitespace, dropping empty runs but keeping a separating space."""
    out: list[Segment] = []
    for seg in segs:
        text = re.sub(r"\s+", " ", seg.text)
        if not text:
            continue
        if not text.strip():
            if out and not out[-1].text.endswith(" "):
                out.append(Segment("", " "))
            continue
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text.lstrip()
        out.append(Segment(seg.label, text))
    while out and not out[0].text.strip():
        out.pop(0)
    if out:
        out[0] = Segment(out[0].label, out[0].text.lstrip())
        out[-1] = Segment(out[-1].label, out[-1].text.rstrip())
    return [s for s in out if s.text]


def _load_bibls(path: Path, corpus: str) -> list[Labelled]:
    root = ET.parse(path).getroot()
    out = []
    for n, bibl in enumerate(el for el in root.iter() if el.tag.split("}")[-1] == "bibl"):
        segs = _bibl_segments(bibl)
        if segs:
            out.append(Labelled(corpus, f"{path.name}#{n}", segs, gold_fields(segs)))
    return out


def load_grobid_evaluation() -> list[Labelled]:
    """GROBID's citation evaluation set (326 distinct strings, arXiv + INSPIRE-HEP)."""
    out = []
    for path in sorted((CORPORA / "grobid" / "citation" / "evaluation").glob("*.xml")):
        out.extend(_load_bibls(path, "grobid-eval"))
    return _dedupe(out)


def load_grobid_corpus() -> list[Labelled]:
    """GROBID's citation training corpus, without the copies of its evaluation files."""
    out = []
    for path in sorted((CORPORA / "grobid" / "citation" / "corpus").glob("*")):
        if path.name.startswith("evaluation-citation"):
            continue
        out.extend(_load_bibls(path, "grobid-corpus"))
    return out


# ---------------------------------------------------------------------------------------
# ParsCit (one tagged string per line)

_PARSCIT = {
    "author": "author", "editor": "editor", "title": "title", "booktitle": "container-title",
    "journal": "container-title", "date": "date", "volume": "volume", "pages": "page",
    "publisher": "publisher", "location": "publisher-place", "institution": "publisher",
    "tech": "note", "note": "note", "notes": "note",
}  # fmt: skip
_PARSCIT_TAG = re.compile(r"<(/?)([a-z]+)>")


def load_parscit(name: str) -> list[Labelled]:
    """``parscit/<name>.tagged.txt``; ``<br>`` markers dropped."""
    path = CORPORA / "parscit" / f"{name}.tagged.txt"
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        line = line.replace("<br>", " ").strip()
        if not line:
            continue
        segs: list[Segment] = []
        label, pos = "", 0
        for m in _PARSCIT_TAG.finditer(line):
            if m.start() > pos:
                segs.append(Segment(label, line[pos : m.start()]))
            if m.group(1):
                label = ""
            else:
                label = _PARSCIT.get(m.group(2), "other")
            pos = m.end()
        if pos < len(line):
            segs.append(Segment(label, line[pos:]))
        segs = _normalise_segments(segs)
        if segs:
            out.append(Labelled(f"parscit-{name}", f"{path.name}#{n}", tuple(segs), gold_fields(segs)))
    return out


# ---------------------------------------------------------------------------------------
# PLOS (<mixed-citation> in JATS)

_PLOS_SIMPLE = {
    "year": "date", "month": "date", "day": "date", "article-title": "title",
    "chapter-title": "title", "volume": "volume", "issue": "issue", "fpage": "page",
    "lpage": "page", "publisher-name": "publisher", "publisher-loc": "publisher-place",
    "edition": "edition", "collab": "author", "etal": "other", "comment": "",
}  # fmt: skip


def _plos_citation(mc: ET.Element, corpus: str, source: str) -> Labelled | None:
    kids = list(mc)
    has_title = any(k.tag in ("article-title", "chapter-title") for k in kids)
    segs: list[Segment] = []
    authors: list[str] = []
    editors: list[str] = []
    gold: dict = {}
    fpage = lpage = ""
    n_tags = 0

    def name_text(el: ET.Element) -> tuple[str, str]:
        surname = "".join(el.find("surname").itertext()) if el.find("surname") is not None else ""
        given = el.find("given-names")
        parts = [p for p in (surname, "".join(given.itertext()) if given is not None else "") if p]
        suffix = el.find("suffix")
        if suffix is not None:
            parts.append("".join(suffix.itertext()))
        # The XML has no space between surname and given names; printed strings do.
        return surname, " ".join(parts)

    def walk(el: ET.Element, inherited: str | None) -> None:
        nonlocal fpage, lpage, n_tags
        if el.text:
            segs.append(Segment(inherited or "", el.text))
        for child in el:
            tag = child.tag
            if tag == "object-id":  # a PubMed id, not printed
                pass
            elif tag == "name":
                surname, text = name_text(child)
                # Names after the title are the book's editors even without a person-group:
                # "Horvath MP (2008) Title. In: Nosek J, Tomáska L, editors. Book."
                after_title = any(seg.label == "title" for seg in segs)
                role = "editor" if inherited == "editor" or after_title else "author"
                (editors if role == "editor" else authors).append(surname)
                segs.append(Segment(role, text))
                n_tags += 1
            elif tag == "person-group":
                walk(child, "editor" if child.get("person-group-type") == "editor" else "author")
            elif tag == "ext-link":
                href = child.get("{http://www.w3.org/1999/xlink}href", "")
                text = "".join(child.itertext())
                if _DOI_URL.match(href) or _DOI.match(text.strip()):
                    segs.append(Segment("DOI", text))
                    gold.setdefault("DOI", doi_of(href) or doi_of(text))
                elif re.match(r"\s*(?:\w+://|www\.)", text):
                    segs.append(Segment("URL", text))
                    gold.setdefault("URL", clean_value(text))
                else:  # "PubMed: 9928427" links a PubMed id; the printed text is no URL
                    segs.append(Segment("note", text))
                n_tags += 1
            elif tag == "comment":
                walk(child, None)
            elif tag in ("italic", "sup", "sub", "underline", "bold", "sc"):
                segs.append(Segment(inherited or "", "".join(child.itertext())))
            else:
                if tag == "source":
                    label = "container-title" if has_title else "title"
                else:
                    label = _PLOS_SIMPLE.get(tag, "other")
                text = "".join(child.itertext())
                segs.append(Segment(label, text))
                if tag == "collab":
                    authors.append(clean_value(text))
                elif tag == "fpage":
                    fpage = clean_value(text)
                elif tag == "lpage":
                    lpage = clean_value(text)
                elif label in ("title", "container-title", "volume", "issue", "publisher", "publisher-place"):
                    gold.setdefault(label, clean_value(text) if label != "issue" else clean_issue(text))
                elif tag == "year":
                    m = YEAR.search(text)
                    if m:
                        gold["year"] = m.group(1)
                n_tags += label not in ("other", "")
            if child.tail:
                joins_editors = inherited == "editor" and not child.tail.strip(" ,;")
                segs.append(Segment("editor" if joins_editors else "", child.tail))

    walk(mc, None)
    # "Edge SB, ..., editors (2010)": the names are editors, not authors.
    text = _join(s.text for s in segs)
    if authors and re.search(r"\b(?:editors?|eds?)\b\.?\s*\(?\d{4}", text) and not editors:
        first_date = next((i for i, s in enumerate(segs) if s.label == "date"), len(segs))
        between = _join(s.text for s in segs[:first_date] if s.label == "")
        if re.search(r"\b(?:editors?|eds?)\b", between):
            editors, authors = authors, []
            segs = [Segment("editor", s.text) if s.label == "author" else s for s in segs]
    if n_tags < 3:
        return None  # untagged or barely tagged "other" references carry no usable gold
    if authors:
        gold["author"] = authors
    if editors:
        gold["editor"] = editors
    if fpage:
        gold["page"] = f"{fpage}-{lpage}" if lpage else fpage
    gold = {k: v for k, v in gold.items() if v}
    return Labelled(corpus, source, tuple(_normalise_segments(segs)), gold)


def load_plos() -> list[Labelled]:
    """Every tagged ``<mixed-citation>`` of the PLOS articles (untagged ones are skipped)."""
    out = []
    for path in sorted((CORPORA / "plos-jats").glob("*.xml")):
        root = ET.parse(path).getroot()
        for n, mc in enumerate(root.iter("mixed-citation")):
            item = _plos_citation(mc, "plos", f"{path.name}#{n}")
            if item is not None:
                out.append(item)
    return out


# ---------------------------------------------------------------------------------------
# The fixed split

def _dedupe(items: list[Labelled]) -> list[Labelled]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = overlap_key(item.text)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


_PARSCIT_FIELDS = tuple(f for f in FIELDS if f not in ("DOI", "URL"))


def evaluation_sets() -> dict[str, list[Labelled]]:
    """The held-out evaluation corpora, by name (each deduplicated within itself)."""
    core = {overlap_key(x.text) for x in load_anystyle("core")}
    gold = [x for x in _dedupe(load_anystyle("gold")) if overlap_key(x.text) not in core]

    def parscit(*names: str) -> list[Labelled]:
        items = _dedupe([x for n in names for x in load_parscit(n)])
        return [Labelled(x.corpus, x.source, x.segments, x.gold, _PARSCIT_FIELDS) for x in items]

    return {
        "anystyle-gold": gold,
        "grobid-eval": load_grobid_evaluation(),
        "parscit-cora": parscit("cora"),
        "parscit-citeseerx": parscit("citeseerx"),
        "parscit-humanities": parscit("en-humanities", "it-humanities", "mixed-humanities"),
        "plos": _dedupe(load_plos()),
    }


#: Where the training strings come from; none of them is an evaluation corpus.
TRAINING_SOURCES = (
    "anystyle core.xml, good.xml, bad.xml",
    "grobid citation/corpus (minus evaluation-citation-* copies)",
    "parscit flux-cim-cs, iconip",
)


def training_set(evaluation: dict[str, list[Labelled]] | None = None) -> tuple[list[Labelled], dict]:
    """Training strings disjoint from every evaluation set, and a summary of what was removed."""
    evaluation = evaluation if evaluation is not None else evaluation_sets()
    pool = (
        load_anystyle("core") + load_anystyle("good") + load_anystyle("bad")
        + load_grobid_corpus() + load_parscit("flux-cim-cs") + load_parscit("iconip")
    )  # fmt: skip
    eval_texts = [x.text for items in evaluation.values() for x in items]
    eval_keys = {overlap_key(t) for t in eval_texts}
    stats = {"pool": len(pool)}
    kept = [x for x in pool if overlap_key(x.text) not in eval_keys]
    stats["removed_exact_overlap"] = len(pool) - len(kept)
    near = near_duplicates([x.text for x in kept], eval_texts)
    kept = [x for i, x in enumerate(kept) if i not in near]
    stats["removed_near_duplicate"] = len(near)
    before = len(kept)
    kept = _dedupe(kept)
    stats["removed_duplicate_within_training"] = before - len(kept)
    stats["training"] = len(kept)
    by_corpus: dict[str, int] = {}
    for x in kept:
        by_corpus[x.corpus] = by_corpus.get(x.corpus, 0) + 1
    stats["by_corpus"] = by_corpus
    return kept, stats


def iter_all() -> Iterator[Labelled]:
    """Every labelled string of every corpus (for inspection)."""
    for items in evaluation_sets().values():
        yield from items


if __name__ == "__main__":  # python bench/corpora.py: print the split
    ev = evaluation_sets()
    print(json.dumps({k: len(v) for k, v in ev.items()}))
    _, stats = training_set(ev)
    print(json.dumps(stats))
