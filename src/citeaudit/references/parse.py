"""Parse one reference string into a CSL-JSON item with rules, style by style.

The parse is a visible list of small steps over a working string (see ``parse_reference``):
take the label, DOI and URLs off, find the authors and year (author-date styles put the year
right after the names; IEEE, MLA, Chicago notes and Vancouver put it later), then the title
(quoted, italic, or the first sentence), translators and editors named after it ("Translated
by X."), then what follows it: a chapter's editors and book, a journal with volume, issue and
pages, or a book's place and publisher.

Strings read by the trained labeller get a few mends after it (``_mend_*``): names it cut into
the title, "Place, Publisher" read as a place, a role sentence read as the container, a span of
years read as pages.  Every parsed item carries a confidence per field, "type" included, so a
reference without confidences is known to come from a structured record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from ..doi import find_dois
from .names import looks_like_organisation, parse_names, split_name_list

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ]
    )
    for m in names
}

YEAR = r"(?:1[5-9]\d\d|20\d\d)"

# The type of a parsed string is inferred from its other fields.  Every parsed reference carries
# it, so a reference without confidences is known to come from a structured record (.bib, JATS).
TYPE_CONFIDENCE = 0.6

# The label of a numbered entry: "[12] ", "12. ", "12) ".
_LABEL = re.compile(r"^\s*(?:\[(?P<b>\d{1,5})\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3})[.)])\s+")

# URLs, and the words that introduce them or the date they were read.
#   "Retrieved from https://x.org/y", "Available at: www.x.org", "[Accessed 3 May 2020]"
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_URL_WORDS = re.compile(
    r"(?:\bRetrieved\s+(?:on\s+)?(?:[\w ,]+?\s+)?from:?|\bAvailable\s+(?:at|from|online)\s*:?|\[Online\]\.?|\bOnline:|\bURL:?)\s*$",
    re.I,
)
# (Spaces before it are taken once, from the start of their run, or right after a previous match:
# linear on long runs of spaces; the same in _EDITORS_AFTER and _ROLE_SUFFIX.)
_ACCESSED = re.compile(
    r"(?:(?<!\s)[(\[]?\s*+|(?<=\s)(?:[(\[]\s*+)?+)\b(?:accessed|retrieved|cited|viewed|last\s+accessed)(?:\s+on)?\s*+:?\s*+"
    r"(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:\d{4}|\d{4}-\d\d-\d\d)\s*[)\]]?\.?",
    re.I,
)

# Italic spans as Markdown writes them: *Asian Survey*, _Nature_.
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(?P<a>[^*\n]+?)(?<!\s)\*(?![*\w])|(?<![_\w])_(?!\s)(?P<b>[^_\n]+?)(?<!\s)_(?![_\w])")

# Two italic runs with only a space between (markers as _take_italics leaves them): one run
# broken at a line end, within a word ("Op-\x02 \x01erating") or between words.
_SPLIT_ITALIC_WORD = re.compile(r"(?<=[a-z])-\x02\s+\x01(?=[a-z])")
_SPLIT_ITALIC = re.compile(r"\x02[ \t]+\x01")

# "et al." set in italics, as some styles print it: "Chen, J. *et al.* Shared memories…"
_ITALIC_ET_AL = re.compile(r"\*(?P<a>et\.?\s*al\.?)\*|(?<![_\w])_(?P<b>et\.?\s*al\.?)_(?![_\w])")

# A quoted title: "Title," / “Title.” / ‘Title’
_QUOTED = re.compile(r"[\"“”](?P<q>[^\"“”]{4,}?)[\"“”]|‘(?P<s>[^‘’]{4,}?)’")

# A title in straight single quotes (Harvard), closed before a comma or full stop:
#   'Modelling roof canopies', Urban Climate   (an apostrophe inside, as in "Japan's", is fine)
_SINGLE_QUOTED = re.compile(r"^'(?P<q>.{4,}?)[,.]?'(?=\s*[,.]|\s+[A-Z\x01]|$)(?P<s>)")

# Author-date: names, then "(1993)." / "(2020, June 24)." / "(n.d.)." / "(in press)."
# (A group author may carry its abbreviation in brackets: "World Health Organization (WHO). (2020).")
_NAMES_TEXT = r"(?:[^()\"“]|\((?!(?:Eds?|Editors?|Hrsg|Dirs?|Coords?|Trans)\b)[A-ZÀ-Þ][^()\"“\d]{0,120}\))"
_AUTHOR_DATE_PAREN = re.compile(
    rf"^(?P<authors>{_NAMES_TEXT}{{2,400}}?)[\s.,]*+\((?P<year>{YEAR})(?P<suffix>[a-z]?)"
    rf"(?:\s*,\s*(?P<date>[A-Za-z]+\.?(?:\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?)?))?\)[.,:]?\s*"
    rf"|^(?P<authors2>{_NAMES_TEXT}{{2,400}}?)[\s.,]*+\((?P<literal>n\.\s?d\.|in\s+press|forthcoming|s\.\s?f\.|o\.\s?J\.)\)[.,:]?\s*",
    re.I,
)
# Author-date without parentheses (Harvard, Chicago author-date): "Ziegler, C. E. 1993. Title"
_AUTHOR_DATE_BARE = re.compile(rf"^(?P<authors>{_NAMES_TEXT}{{2,300}}?[.,])\s+(?P<year>{YEAR})(?P<suffix>[a-z]?)[.,]\s+")

# Vancouver names: "Smith AB, Jones CD, et al." up to the full stop that ends them.
_VANCOUVER_NAMES = re.compile(
    r"^(?P<authors>(?:[A-ZÀ-Þ][\w'’\- ]*?\s[A-Z]{1,4}(?:,\s+|\.\s|\s*$))+(?:et\s+al\.?\s*)?)(?=\S)"
)

# A name written first-name-first with middle initials, then its end: "Sarita V. Adve." "Mark D. Hill and"
# (after the surname: the list's end, "and", or another such name; "Mayr E. Populations, species"
# is Vancouver's one author and a title)
_FORWARD_WITH_INITIALS = re.compile(
    r"[A-ZÀ-Þ][a-zà-ÿ'’-]+(?:\s[A-ZÀ-Þ]\.){1,3}\s[A-ZÀ-Þ][\w'’-]*[a-zà-ÿ]"
    r"(?=\.(?:\s|$)|\s+(?:and|&)\s|,\s+(?:and\s+)?[A-ZÀ-Þ][a-zà-ÿ'’-]+\s[A-ZÀ-Þ]\.)"
)

# Nature, ACS and many numbered styles: "Surname, I." names, the last after "&" or "and", then
# the title with no year between: "Köchy, M., Hiederer, R. & Freibauer, A. Global distribution…"
_INVERTED_NAME = r"(?:[a-z]{1,4}\s){0,3}[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+){0,2},\s(?:[A-ZÀ-Þ]\.\s?-?){1,4}"
_INVERTED_NAMES = re.compile(
    rf"^(?P<authors>{_INVERTED_NAME}(?:,\s{_INVERTED_NAME}){{0,40}}(?:,?\s(?:&|and)\s{_INVERTED_NAME}|,?\set\sal\.)?)\s+(?=[\w\"“‘'\x01])"
)

# Where a sentence ends inside a reference: ". " not after an initial or a known abbreviation.
_ABBREVIATIONS = (
    "vol|vols|no|nos|pp|p|ed|eds|edn|trans|rev|repr|ser|suppl|dept|univ|inst|natl|int|intl|"
    "st|dr|mr|mrs|ms|jr|sr|vs|ca|cf|al|co|inc|ltd|corp|assoc|soc|acad|conf|proc|j|am|br|nat|"
    "sci|res|med|chem|phys|biol|rep|bull|annu|u\\.s|e\\.g|i\\.e|etc|fig|ch|chap|sect|approx|dir|comp"
)
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS.replace("\\", "").split("|"))
# A full stop, question or exclamation mark followed by a space and more text, or the end.
# Whether it really ends a sentence (not "C." or "Vol.") is decided in _first_sentence_end.
_SENTENCE_BREAK = re.compile(r"[.?!](?=\s+[\w\"“(*\[¿¡\x01]|\s*$)")


# Volume, issue and pages, in the shapes the common styles print them.
_VOLUME_PATTERNS = [
    # vol. 3, no. 2, pp. 1-10  /  Vol. 12, No 4  (IEEE, MLA)
    re.compile(
        r"\bvol(?:ume)?s?\.?\s*(?P<volume>(?=[\w.-]*\d|[IVXLC]+\b)[\w.-]+)(?:\s*[,(]?\s*(?:no|nr|issue|iss|num)\.?\s*(?P<issue>[\w/.–-]+)\)?)?",
        re.I,
    ),
    # 3, no. 2 (2019): 1–10  (Chicago)
    re.compile(
        r"(?<![\d(])(?P<volume>\d{1,5}),?\s*no\.\s*(?P<issue>[\w/–-]+)\s*(?:\([^)]*\))?\s*(?::\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–—]+\s*\d+)?))?",
        re.I,
    ),
    # 36(1), 100–108  /  3(2):1-10  /  12 (Suppl 2): S1–S5
    re.compile(
        r"(?<![\d(])(?P<volume>\d{1,5}[A-Z]?)\s*\((?P<issue>(?!(?:1[5-9]|20)\d\d\))[^()]{1,20})\)\s*(?:[,:.]\s*(?:pp?\.\s*)?(?P<page>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?))?"
    ),
    # 4, 78  /  67: 411-432  /  2019;12:1-10
    re.compile(r"(?<![\d(.])(?P<volume>\d{1,5})\s*[,:]\s*(?:pp?\.\s*)?(?P<page>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+)?)(?![\d(])"),
]
_PAGES = re.compile(r"\b(?:pp?\.|pages?|S\.)\s*(?P<page>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?)", re.I)
_BARE_PAGES = re.compile(r"(?<![\w/.])(?P<page>\d{1,6}\s*[-–—]+\s*\d{1,6})(?![\w/])")
_EDITION = re.compile(
    r"\(?\b(?P<edition>\d+(?:st|nd|rd|th)|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]ifth|[Rr]ev(?:ised)?\.?)\s+(?:ed(?:ition|n)?\.?)\)?",
)
# "In A. Dawisha & K. Dawisha (Eds.), *Book*" / IEEE's "in *Proc. LREC*" / "In: Book"
_CHAPTER = re.compile(r"^(?:[Ii]n:?|Im|Dans|En)\s+(?P<rest>\S.+)$", re.S)
# The names end where spaces start (the lookbehind), so that a long run of spaces is crossed once.
_EDITORS_BEFORE = re.compile(r"^(?P<eds>.+?)(?:(?<!\s)|(?<=^\s))\s*+\((?P<role>eds?|hrsg|dirs?|coords?|editors?)\.?\)\s*[,.:]?\s*(?P<book>.*)$", re.I | re.S)
# ACM/USENIX and MLA: "In L. Bouge and Y. Robert, editors, *Euro-Par'96*" / "In Smith, J., eds., Book"
_EDITORS_BEFORE_WORD = re.compile(r"^(?P<eds>[^\x01\x02]+?)(?:(?<!\s)|(?<=^\s)|(?=,)),?+\s++(?P<role>eds?\.|editors?)\s*[,.:]\s*(?P<book>.*)$", re.I | re.S)
# One name-list piece: words, initials ("J. E. J."), "et al.": "J. E. J. Altham and Ross Harrison".
_NAMES_PIECE = r"(?:(?-i:[A-ZÀ-Þ])\.-?\s?|\bet\s+al\.|[^,.(\x01\x02\x03])+"
_EDITORS_AFTER = re.compile(
    rf"(?:(?<!\s),?\s*+|(?<=\s)(?:,\s*+)?+)(?:ed(?:ited)?\.?\s+by|eds?\.)\s+(?P<eds>{_NAMES_PIECE}(?:,\s*{_NAMES_PIECE})*?)(?=[,.]\s|,?\s*\(|[,.]?$)", re.I
)
# A sentence after the title that names who translated or edited the work:
#   "Translated by Joel Weinsheimer and Donald G. Marshall."  "Trans. Alan Sheridan."  "Edited by G. Roth."
_ROLE_SENTENCE = re.compile(
    rf"^(?P<role>(?:edited\s+and\s+)?translated\s+(?:from\s+the\s+\w+\s+)?by|trans(?:l)?\.|edited\s+by|ed\.)\s+"
    rf"(?P<names>{_NAMES_PIECE}(?:,\s*{_NAMES_PIECE})*?)\s*(?:\.\s+|\.?$)",
    re.I,
)
_PUBLISHER_WORDS = re.compile(
    r"\b(?:press|publish(?:ers?|ing)|verlag|books|editions?|éditions|editorial|editora|editrice|"
    r"university|universit(?:y|ät|é|à|ad)|wiley|springer|elsevier|routledge|sage|macmillan|penguin|"
    r"random house|harper|norton|blackwell|pearson|mcgraw|academic|institute|nauka|inc|ltd|llc|gmbh|"
    r"co\.|company|house|group|sons|limited|progress)\b",
    re.I,
)
# Place (and publisher) in brackets with the year already taken out: "(Oxford, )", "(London: Verso, )".
_PLACE_IN_BRACKETS = re.compile(r"(?:\(|^\s*)(?P<place>[A-ZÀ-Þ][\w .'’-]{1,40}?)(?::\s*(?P<publisher>[^():,]{2,60}?))?,?\s*\)")

# A month, perhaps with a day, left after the year was taken: "April", "May 3", "Jan. 12".
_DATE_ONLY = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?)?",
    re.I,
)
_PLACE_PUBLISHER = re.compile(r"^(?P<place>[A-ZÀ-Þ][\w .,'’-]{1,50}?(?:,\s*[A-Z]{2,})?)\s*:\s*(?P<publisher>[^:]{2,120}?)\s*$")
_THESIS = re.compile(r"\b(?:thesis|dissertation|Ph\.?\s?D|doctoral|master'?s|Diss\.|mémoire|tesis|tesi)\b", re.I)
_REPORT = re.compile(r"\b(?:report|working paper|technical|tech\. rep|white paper|discussion paper|policy brief|occasional paper)\b", re.I)
_CONFERENCE = re.compile(r"\b(?:proceedings|proc|conference|symposium|workshop|congress|meeting|colloquium)\b", re.I)
_NEWSPAPER = re.compile(r"\b(?:times|post|herald|tribune|gazette|daily|news|guardian|journal of commerce|izvestiya|pravda|shimbun|zeitung|le monde|telegraph|observer)\b", re.I)


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """A CSL-JSON item, a confidence per field, and what the parser could not place."""

    csl: dict[str, Any]
    confidence: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    label: str | None = None


@dataclass(slots=True)
class _Work:
    """The working state of one parse: the string still to be placed and what was found."""

    rest: str
    italics: list[str]
    csl: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def set(self, name: str, value: Any, confidence: float) -> None:
        if value in (None, "", []):
            return
        if isinstance(value, str):
            value = _tidy(value)
            if not value:
                return
        self.csl[name] = value
        self.confidence[name] = confidence


# The pages that cite an entry, which hyperref's and biblatex's backref print after it: "(Cited on
# pp. 2, 3, and 11)", "Cited on page 5.", "(cit. on p. 4)": no part of the work
_BACK_REFERENCES = re.compile(
    r"(?:[(\[][^\S\n]{0,3})?(?<!\w)(?:cited|cit\.)\s+on\s+(?:pages?|pp?\.)\s*\d{1,5}(?:\s*(?:[,–-]|,?\s*and)\s*\d{1,5}){0,60}\.?[)\]]?\.?\s*$",
    re.I,
)


def parse_reference(text: str, *, prefer_rules: bool = False) -> ParsedReference:
    """Parse one reference string with the trained labeller, or the rules where they read better.

    On plain strings the CRF labeller reads better than the rules on every corpus measured by
    bench/parse_eval.py (rules alone: 0.84 F1 on AnyStyle gold, 0.51 on humanities; labeller
    0.96 and 0.91), so it reads them.  Entries with Markdown italics (a manuscript's list) keep
    the rules' reading: italics mark the title and container, which the labeller never saw in
    training.  ``prefer_rules`` says the same for a whole list written with italics, so that
    its few entries without any (a book whose title lost them) are read alike.
    Never raises on odd input.  Backref's "(Cited on pp. 2, 3)" after an entry is left out.
    """
    text = _BACK_REFERENCES.sub("", text).rstrip() or text
    if prefer_rules or has_italics(text):
        return parse_with_rules(text)
    from .labeller import label, model_available

    if not model_available():
        return parse_with_rules(text)
    labelled = label(text)
    csl = _tidy_labelled(dict(labelled.csl))
    confidence = dict(labelled.confidence)
    _mend_cut_author_list(text, csl, confidence, labelled.spans)
    _split_place_publisher(csl, confidence)
    _mend_glued_name(text, csl, confidence)
    _mend_year_range(text, csl, confidence)
    _mend_container(csl, confidence)
    _mend_web_title(csl, confidence)
    if _core_fields(csl) < 3 and (not csl or _known_shape(text)):
        # The labeller missed the title, the names or the year of an entry whose shape the rules
        # know (author-date, Vancouver names): take only the missing fields from the rules.
        # (Taking the rules' whole reading instead costs 0.07 F1 on GROBID's noisy strings.)
        ruled = parse_with_rules(text)
        if not csl:
            return ruled
        journal_without_title = csl.get("container-title") and (csl.get("volume") or csl.get("page")) and not csl.get("editor")
        for name in ("title", "author", "issued"):
            if name == "author" and csl.get("editor"):
                continue
            if name == "title" and journal_without_title:
                continue  # "Phys. Rev. B 195, 503": a journal reference printed without its title
            if not csl.get(name) and ruled.csl.get(name):
                csl[name] = ruled.csl[name]
                confidence[name] = min(0.5, ruled.confidence.get(name, 0.5))
    _mend_colon_author(text, csl, confidence)
    if not csl.get("DOI"):
        found = find_dois(text)  # the DOI patterns are exact; the labeller may split a DOI
        if found:
            csl["DOI"] = found[0][0]
            confidence["DOI"] = 0.95
    problems = tuple(
        problem
        for problem, found in (
            ("no title found", csl.get("title")),
            ("no author found", csl.get("author") or csl.get("editor")),
            ("no year found", csl.get("issued")),
        )
        if not found
    )
    number = _LABEL.match(re.sub(r"\s+", " ", text).strip())
    label_text = (number.group("b") or number.group("p") or number.group("n")) if number else None
    csl.setdefault("type", "document")
    confidence.setdefault("type", TYPE_CONFIDENCE)  # a parsed string, not a structured record
    return ParsedReference(csl=csl, confidence=confidence, problems=problems, label=label_text)


# LNCS's "Author: Title (year)" with an organisation as the author: "Open Garden: Firechat (2019), https://..."
_COLON_AUTHOR = re.compile(r"^(?:\[?\d{1,4}[.\]]\s*)?(?P<who>[^:()\d]{2,80}?):\s+(?P<what>[^():]{2,200}?)[.,]?\s*\((?P<year>\d{4})\)")


def _mend_colon_author(text: str, csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """An organisation written as LNCS writes authors, before a colon, read as one person whose
    given name ends in that colon ("Open Garden:" "Firechat"): the words before the colon are the
    author, those after it up to the year the title."""
    authors = csl.get("author")
    if csl.get("title") or not isinstance(authors, list) or len(authors) != 1:
        return
    name = authors[0]
    if not str(name.get("given", "")).rstrip().endswith(":"):
        return
    found = _COLON_AUTHOR.match(re.sub(r"\s+", " ", text).strip())
    if found is None:
        return
    csl["author"] = [{"literal": found.group("who").strip()}]
    csl["title"] = found.group("what").strip()
    confidence["author"] = confidence["title"] = 0.5
    for field in ("publisher", "publisher-place"):  # the same words, read a second time
        if str(csl.get(field, "")) in found.group(0):
            csl.pop(field, None)
            confidence.pop(field, None)


def _mend_web_title(csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """A web resource with no author whose only words before its address were read as a note:
    those words are its title ("OpenMP application program interface. http://www.openmp.org/...
    (Jul 2011)"), which is how it is found, not an entry that "could not be parsed"."""
    note = csl.get("note")
    if not csl.get("URL") or csl.get("title") or csl.get("author") or csl.get("editor") or not isinstance(note, str):
        return
    if not note.strip() or csl.get("container-title"):
        return
    csl["title"] = csl.pop("note").strip()
    confidence["title"] = min(0.5, confidence.pop("note", 0.5))


# A name written first-name-first: "Oriol Vinyals", "Ekin D. Cubuk", "Wan-Yen Lo".
_FORWARD_NAME = re.compile(r"^[A-ZÀ-Þ][\w'’-]*\.?(?:\s+(?:[A-ZÀ-Þ][\w'’-]*\.?|(?:van|von|de|der|da|di|le|la)))*\s+[A-ZÀ-Þ][\w'’-]+$")


def _mend_cut_author_list(text: str, csl: dict[str, Any], confidence: dict[str, float], spans: Mapping[str, tuple[int, int]]) -> None:
    """Names the labeller read as the title's start after an author run that ends in a comma.

    "Geoffrey Hinton, Oriol Vinyals, and Jeff Dean. Distilling the knowledge…": a list does
    not end in a comma, so the names up to the first full stop go back to the authors.
    """
    span, title = spans.get("author"), csl.get("title")
    if not span or not isinstance(title, str) or not text[span[0] : span[1]].rstrip().endswith(","):
        return
    end = _first_sentence_end(title)
    if end is None:
        return
    head = title[:end]
    names = split_name_list(head)
    if not names or not all(_FORWARD_NAME.match(n) for n in names) or not title[end + 1 :].strip():
        return
    if len(names) < 2 and not re.search(r"(?:\band|&)\s", head):
        return  # one capitalised phrase is more likely the title: "J.V. Morrison, Homeric Misdirection."
    title_span = spans.get("title")
    if title_span and text[title_span[0] : title_span[0] + 1] in "\"“‘'«":
        return  # a quoted title: "A. Camerotto, ‘Obrimos Ares, Obrimos Hector. Epiteti…’"
    csl["author"] = [*csl.get("author", []), *parse_names(head)]
    csl["title"] = _tidy(title[end + 1 :])
    confidence["title"] = min(confidence.get("title", 0.75), 0.75)


# "Torino, Einaudi Editore" read as a place: Italian, Spanish and French lists write "Place, Publisher".
_PLACE_COMMA_PUBLISHER = re.compile(r"^(?P<place>[A-ZÀ-Þ][\w.'’ -]{1,30}?),\s+(?P<publisher>[A-ZÀ-Þ][\w.&'’ -]{1,60})$")
# What may follow a city after a comma: a state, province or country ("Cambridge, MA", "Paris, France").
_REGION = re.compile(
    r"^(?:[A-Z]{2,3}|[A-Z]\.\s?[A-Z]\.|U\.?S\.?A?\.?|England|Scotland|Wales|Ireland|Germany|France|Italy|Spain|"
    r"Portugal|Canada|Australia|India|China|Japan|Brazil|Mexico|Switzerland|Austria|Netherlands|Belgium|Sweden|"
    r"Norway|Denmark|Finland|Poland|Russia|Israel|Argentina|Chile|South Africa|New Zealand|Mass|Calif|Conn|Penn|Ill)\.?$"
)


def _split_place_publisher(csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """A place "Torino, Einaudi Editore" with no publisher is a place and a publisher."""
    place = csl.get("publisher-place")
    if csl.get("publisher") or not isinstance(place, str):
        return
    match = _PLACE_COMMA_PUBLISHER.match(place.strip())
    if not match or _REGION.match(match.group("publisher").strip()) or " and " in place:
        return
    if not _PUBLISHER_WORDS.search(match.group("publisher")) or _PUBLISHER_WORDS.search(match.group("place")):
        return  # "San Jose, California", "Amsterdam, The Netherlands": a place; only a publisher's word tells
    csl["publisher-place"] = match.group("place").strip()
    csl["publisher"] = match.group("publisher").strip()
    confidence["publisher"] = min(confidence.get("publisher-place", 0.7), 0.7)


# How many volumes a book has, read as its volume: "3 vols", "2 vols."
_VOLUME_COUNT = re.compile(r"\d+\s*vols?\.?")
# A translator or editor sentence read as the container: "Trans. Siân Reynolds", "Edited by X".
_ROLE_CONTAINER = re.compile(r"^(?P<role>trans(?:l)?\.|translated\s+by|edited\s+by|ed\.)\s+(?P<names>.+)$", re.I)
# "in idem, The Past Revisited": the same author's own book.
_IDEM = re.compile(r"^(?:idem|eadem|iidem|id\.|ead\.)\s*,?\s+", re.I)


def _mend_year_range(text: str, csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """A span of years read as pages: "3 vols., Paris, 1984–1992", "London: Collins, 1972–73"."""
    page = csl.get("page")
    if not isinstance(page, str):
        return
    issued = csl.get("issued") or {}
    first = (issued.get("date-parts") or [[None]])[0][0] if isinstance(issued, dict) else None
    years = re.fullmatch(rf"({YEAR})-({YEAR})", page)
    if years and not issued and int(years.group(2)) >= int(years.group(1)):
        start, end = int(years.group(1)), int(years.group(2))
    elif first and re.fullmatch(r"\d{2}", page) and re.search(rf"\b{first}\s*[-–]\s*{page}\b", text) and int(page) > first % 100:
        start, end = first, first - first % 100 + int(page)  # "1972–73": the end of the span, not a page
    else:
        return
    csl["issued"] = {"date-parts": [[start], [end]]}
    confidence["issued"] = min(confidence.get("issued", 1.0), confidence.pop("page", 0.6), 0.6)
    del csl["page"]
    if isinstance(csl.get("volume"), str) and _VOLUME_COUNT.fullmatch(csl["volume"]):
        del csl["volume"]  # "3 vols": how many volumes, not which
        confidence.pop("volume", None)


def _mend_container(csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """Containers that are something else: a translator sentence, "idem", an edited book's title."""
    container = csl.get("container-title")
    if not isinstance(container, str):
        return
    role = _ROLE_CONTAINER.match(container)
    volume = str(csl.get("volume") or "")
    numbered = bool(csl.get("issue") or csl.get("page") or (volume and not _VOLUME_COUNT.fullmatch(volume)))
    # (a journal has numbers: "Trans. Amer. Math. Soc. 347"; "2 vols" only counts a book's volumes)
    if role and not numbered and _plausible_names(role.group("names")):
        name = "translator" if role.group("role").lower().startswith("trans") else "editor"
        if not csl.get(name):
            csl[name] = parse_names(role.group("names"))
            confidence[name] = min(confidence.get("container-title", 0.6), 0.6)
        csl.pop("container-title")
        confidence.pop("container-title", None)
        return
    idem = _IDEM.match(container)
    if idem:
        csl["container-title"] = container[idem.end() :]
    if not csl.get("title") and csl.get("editor") and not csl.get("author") and not csl.get("page"):
        # "Nora, P. (ed.), Les Lieux de mémoire, 3 vols., Paris": the edited book's own title
        csl["title"] = csl.pop("container-title")
        confidence["title"] = min(confidence.pop("container-title", 0.6), 0.6)
        if csl.get("type") in ("chapter", "paper-conference", "article-journal"):
            csl["type"] = "book"


def _mend_glued_name(text: str, csl: dict[str, Any], confidence: dict[str, float]) -> None:
    """A name with a digit glued on read as journal and volume: "Detectron2, 2019." is a title."""
    container, volume = csl.get("container-title"), csl.get("volume")
    if csl.get("title") or not isinstance(container, str) or not isinstance(volume, str) or csl.get("page"):
        return
    if not re.fullmatch(r"[A-Za-z][\w-]*", container):
        return  # "Eur. Phys. J. A48": a journal's name and volume, not one word
    glued = f"{container}{volume}"
    if not re.search(rf"(?<!\w){re.escape(glued)}(?!\w)", text):
        return
    csl["title"] = glued
    confidence["title"] = min(confidence.get("container-title", 0.6), 0.6)
    for name in ("container-title", "volume"):
        csl.pop(name, None)
        confidence.pop(name, None)
    if csl.get("type") == "article-journal":
        csl["type"] = "document"


def _known_shape(text: str) -> bool:
    source = _LABEL.sub("", re.sub(r"\s+", " ", text).strip())
    return author_date_shape(text) or bool(_VANCOUVER_NAMES.match(source))


def _core_fields(csl: Mapping[str, Any]) -> int:
    """How many of title, names and year a reading found."""
    return sum(bool(x) for x in (csl.get("title"), csl.get("author") or csl.get("editor"), csl.get("issued")))


def _tidy_labelled(csl: dict[str, Any]) -> dict[str, Any]:
    """The labeller's fields in the forms the rest of citeaudit uses: "n.d.", issue "24" not "(24)"."""
    issued = csl.get("issued")
    if isinstance(issued, dict) and issued.get("literal"):
        literal = str(issued["literal"]).strip("()[] ")
        if re.fullmatch(r"n\.?\s?d\.?|in\s+press|forthcoming", literal, re.I):
            csl["issued"] = {"literal": _normal_literal(literal)}
    for name in ("volume", "issue"):
        if isinstance(csl.get(name), str):
            csl[name] = csl[name].strip("()[] ") or csl[name]
    return csl


def parse_with_rules(text: str) -> ParsedReference:
    """Parse one reference string with the style rules alone."""
    source = re.sub(r"\s+", " ", text).strip()
    label_match = _LABEL.match(source)
    label = None
    if label_match:
        label = label_match.group("b") or label_match.group("p") or label_match.group("n")
        source = source[label_match.end() :]
    work = _Work(rest=source, italics=[])
    steps = (
        _take_doi, _take_urls, _take_italics, _take_authors_and_year, _take_title, _take_roles,
        _take_container, _take_publisher, _infer_type,
    )  # fmt: skip
    for step in steps:
        step(work)
    if not work.csl.get("title"):
        work.problems.append("no title found")
    if not work.csl.get("author") and not work.csl.get("editor"):
        work.problems.append("no author found")
    if "issued" not in work.csl:
        work.problems.append("no year found")
    work.confidence.setdefault("type", TYPE_CONFIDENCE)
    return ParsedReference(csl=work.csl, confidence=work.confidence, problems=tuple(work.problems), label=label)


def has_italics(text: str) -> bool:
    """Whether a reference carries Markdown italics (``*Asian Survey*``), an italic "et al." aside."""
    return bool(_ITALIC.search(_ITALIC_ET_AL.sub("", text)))


def author_date_shape(text: str) -> bool:
    """Whether a reference puts its year right after the authors (APA, Harvard, Chicago author-date)."""
    source = _LABEL.sub("", re.sub(r"\s+", " ", text).strip())
    source = _ITALIC.sub(lambda m: m.group("a") or m.group("b"), source)
    return bool(_AUTHOR_DATE_PAREN.match(source) or _AUTHOR_DATE_BARE.match(source))


# --- steps -----------------------------------------------------------------------------------


def _take_doi(work: _Work) -> None:
    found = find_dois(work.rest)
    if not found:
        return
    doi, start, end = found[0]
    work.set("DOI", doi, 0.99)
    for _, s, e in reversed(found):
        work.rest = work.rest[:s] + work.rest[e:]
    work.rest = re.sub(r"\b(?:doi|DOI)\s*:?\s*$", "", work.rest.strip()).strip()


def _take_urls(work: _Work) -> None:
    urls = list(_URL.finditer(work.rest))
    for match in reversed(urls):
        before = work.rest[: match.start()]
        words = _URL_WORDS.search(before)
        cut = words.start() if words else match.start()
        work.rest = work.rest[:cut].rstrip() + " " + work.rest[match.end() :].lstrip()
    if urls:
        work.set("URL", urls[0].group().rstrip(".,;)"), 0.95)
    accessed = _ACCESSED.search(work.rest)
    if accessed and urls:
        work.rest = work.rest[: accessed.start()] + work.rest[accessed.end() :]
    work.rest = re.sub(r"\s+", " ", work.rest).strip().rstrip(",;")


def _take_italics(work: _Work) -> None:
    work.rest = _ITALIC_ET_AL.sub(lambda m: m.group("a") or m.group("b"), work.rest)  # "Chen, J. *et al.*": no title
    work.italics = [(m.group("a") or m.group("b")).strip(" ,.:;") for m in _ITALIC.finditer(work.rest)]
    # Keep a marker where italics were, so the title/container steps can see segment edges.
    work.rest = _ITALIC.sub(lambda m: "\x01" + (m.group("a") or m.group("b")) + "\x02", work.rest)
    # One italic run that a PDF line break cut in two: "*19th Symposium on Op-* *erating Systems*".
    work.rest = _SPLIT_ITALIC_WORD.sub("", work.rest)
    work.rest = _SPLIT_ITALIC.sub(" ", work.rest)
    # Adjacent italic runs such as "*36*(1)" or "*Vol. 2:* 1945" are fine as they are.


def _take_authors_and_year(work: _Work) -> None:
    rest = work.rest
    match = _AUTHOR_DATE_PAREN.match(rest)
    if match and _plausible_names(match.group("authors") or match.group("authors2")):
        authors = match.group("authors") or match.group("authors2")
        _set_authors(work, authors)
        if match.group("year"):
            _set_issued(work, match.group("year"), match.group("suffix"), match.group("date"))
        else:
            work.set("issued", {"literal": _normal_literal(match.group("literal"))}, 0.9)
        work.rest = rest[match.end() :]
        return
    match = _AUTHOR_DATE_BARE.match(rest)
    if match and _plausible_names(match.group("authors")):
        _set_authors(work, match.group("authors"))
        _set_issued(work, match.group("year"), match.group("suffix"), None)
        work.rest = rest[match.end() :]
        return
    # Other styles: names end at the quoted or italic title, or at the first full stop.
    quote = _QUOTED.search(rest)
    italic = rest.find("\x01")
    candidates = [i for i in (quote.start() if quote else -1, italic) if i > 0]
    # "Sarita V. Adve. Title": a first name, its initials, then the surname; no Vancouver "Surname I."
    vancouver = None if _FORWARD_WITH_INITIALS.match(rest) else _VANCOUVER_NAMES.match(rest)
    if candidates and _plausible_names(rest[: min(candidates)]):
        cut = min(candidates)
        _set_authors(work, rest[:cut])
        work.rest = rest[cut:]
    elif vancouver and _plausible_names(vancouver.group("authors")):
        _set_authors(work, vancouver.group("authors"))
        work.rest = rest[vancouver.end() :]
    elif (inverted := _INVERTED_NAMES.match(rest)) and _plausible_names(inverted.group("authors")):
        _set_authors(work, inverted.group("authors"))
        work.rest = rest[inverted.end() :]
    else:
        end = _first_sentence_end(rest)
        if end is not None and _plausible_names(rest[:end]):
            _set_authors(work, rest[:end])
            work.rest = rest[end + 1 :]
    _take_late_year(work)


def _take_late_year(work: _Work) -> None:
    """The year where IEEE, MLA, Chicago and Vancouver put it, taken out of the rest."""
    rest = work.rest
    patterns = (
        rf"\((?:[A-Z][a-z]+\.?\s+)?(?:\d{{1,2}},?\s+)?(?P<year>{YEAR})(?P<suffix>[a-z]?)\)",  # (2019) (May 2019)
        rf"(?<![\d-])(?P<year>{YEAR})(?P<suffix>[a-z]?)(?:\s+[A-Z][a-z]{{2}}(?:\s+\d{{1,2}})?)?\s*;",  # 2019;12 / 2019 Jan;
        rf"(?<![\d/–-])(?P<year>{YEAR})(?P<suffix>[a-z]?)(?![\d/–-])",  # any year, last one wins
    )
    for pattern in patterns:
        found = list(re.finditer(pattern, rest))
        if found:
            match = found[-1] if pattern == patterns[-1] else found[0]
            # A month written next to the year: "May 2019", "2019 Jan".
            month = None
            context = rest[max(0, match.start() - 12) : match.end() + 5].lower()
            for name, number in MONTHS.items():
                if re.search(rf"\b{name}\b", context):
                    month = name
                    break
            _set_issued(work, match.group("year"), match.group("suffix"), month)
            work.confidence["issued"] = 0.8
            work.rest = (rest[: match.start()] + " \x03 " + rest[match.end() :]).strip()
            return
    literal = re.search(r"\b(n\.\s?d\.|in\s+press|forthcoming)", rest, re.I)
    if literal:
        work.set("issued", {"literal": _normal_literal(literal.group(1))}, 0.7)
        work.rest = rest[: literal.start()] + rest[literal.end() :]


def _take_title(work: _Work) -> None:
    rest = work.rest.lstrip(" .,:;")
    if rest.startswith("\x03"):
        rest = rest[1:].lstrip(" .,:;")
    quote = _QUOTED.match(rest) or _SINGLE_QUOTED.match(rest)
    if quote:
        work.set("title", quote.group("q") or quote.group("s"), 0.95)
        work.rest = rest[quote.end() :]
        return
    if rest.startswith("\x01"):
        end = rest.find("\x02")
        title = rest[1:end] if end > 0 else rest[1:]
        after = rest[end + 1 :] if end > 0 else ""
        # An italic title that goes on in roman type after a span of years:
        #   "*Soviet foreign policy: Vol. 2:* 1945-1980."  "*Japan's response ... era*, 1985-1991: A ..."
        tail = re.match(r"^\s*+[,:]?\s*+\d{4}\s*+[-–]\s*+\d{4}[^.\x01]*", after)
        if tail:
            title, after = title + tail.group(), after[tail.end() :]
        work.set("title", title, 0.9)
        work.csl["_title_italic"] = True
        work.rest = after
        return
    end = _first_sentence_end(rest)
    if end is None:
        end = len(rest)
    # A question or an exclamation is part of the title ("Why?"); a full stop only ends it.
    title = rest[: end + 1] if end < len(rest) and rest[end] in "?!" else rest[:end]
    # A bracketed description belongs with the title: "[Doctoral dissertation, MIT]".
    work.set("title", title, 0.75)
    work.rest = rest[end + 1 :] if end < len(rest) else ""


def _take_roles(work: _Work) -> None:
    """Translators and editors named right after the title: "Translated by X." "Edited by Y."."""
    while True:
        rest = work.rest.lstrip(" .,;:")
        match = _ROLE_SENTENCE.match(rest)
        if not match or not _plausible_names(match.group("names")):
            return
        role = "translator" if re.match(r"(?:edited\s+and\s+)?trans", match.group("role"), re.I) else "editor"
        if role not in work.csl:
            _set_names(work, role, match.group("names"))
        work.rest = rest[match.end() :]


def _take_container(work: _Work) -> None:
    rest = work.rest.strip(" .,;:")
    chapter = _CHAPTER.match(rest)
    if chapter:
        _take_chapter(work, chapter.group("rest"))
        return
    # The container is the italic run that opens the rest, or the text up to the volume.
    container = None
    if rest.startswith("\x01"):
        end = rest.find("\x02")
        container = rest[1:end] if end > 0 else rest[1:]
        rest = rest[end + 1 :] if end > 0 else ""
        editors = _EDITORS_AFTER.match(rest)
        if editors and "editor" not in work.csl and _plausible_names(editors.group("eds")):
            # MLA: "*Culture, Media, Language*, edited by Stuart Hall et al., Hutchinson, 1980"
            _set_names(work, "editor", editors.group("eds"))
            rest = rest[editors.end() :]
            work.csl["_chapter"] = True
    rest = rest.replace("\x01", "").replace("\x02", "")  # italic volume numbers: "*36*(1)"
    numbers = _volume_issue_pages(rest)
    if container is None and numbers:
        start = numbers.pop("_start")
        head = rest[:start].strip(" .,;:\x03")
        if head and not re.fullmatch(r"[\d\s\x03]*", head):
            container = head
            rest = rest[start:]
    if numbers:
        start = numbers.pop("_start", None)
        for name in ("volume", "issue", "page"):
            if numbers.get(name):
                work.set(name, _clean_number(numbers[name]), 0.85)
        work.rest = numbers.pop("_after", "")
        if work.csl.get("_chapter") and isinstance(start, int):
            work.rest = rest[:start] + " " + work.rest  # MLA: the publisher stands before the pages
    elif container is not None and re.fullmatch(r"\s*+[,.]?\s*+(\d{1,5})\s*+[.,]?\s*", rest):
        work.set("volume", rest.strip(" ,."), 0.6)  # "*International Affairs*, 3."
        work.rest = ""
    elif container is not None:
        pages = _PAGES.search(rest)
        if pages:
            work.set("page", _clean_number(pages.group("page")), 0.8)
        work.rest = rest
    else:
        work.rest = rest
    if container is not None:
        work.set("container-title", container.strip(" ,.\x03"), 0.85)

    elif not work.csl.get("_title_italic"):
        # Plain text with no numbers: what follows the title may be a journal name or a
        # publisher; publishers give themselves away by their words.
        first = _first_sentence(work.rest)
        if first and not _PUBLISHER_WORDS.search(first) and not _PLACE_PUBLISHER.match(first) and _looks_like_periodical(first):
            work.set("container-title", first, 0.5)
            work.rest = work.rest[len(first) :]


def _take_chapter(work: _Work, rest: str) -> None:
    eds = _EDITORS_BEFORE.match(rest) or _EDITORS_BEFORE_WORD.match(rest)
    book_part = rest
    if eds and _plausible_names(eds.group("eds")):
        _set_names(work, "editor", eds.group("eds"))
        book_part = eds.group("book")
    if book_part.startswith("\x01"):
        end = book_part.find("\x02")
        book = book_part[1:end] if end > 0 else book_part[1:]
        after = book_part[end + 1 :] if end > 0 else ""
    else:
        stop = re.search(r"\(pp?\.|,\s*(?:ed(?:ited)?\.?\s+by|eds?\.)\s|\.\s", book_part)
        book = book_part[: stop.start()] if stop else book_part
        after = book_part[stop.start() :] if stop else ""
    work.set("container-title", book, 0.85)
    after_eds = _EDITORS_AFTER.search(after)
    if after_eds and "editor" not in work.csl:
        _set_names(work, "editor", after_eds.group("eds"))
        after = after[: after_eds.start()] + after[after_eds.end() :]
    pages = _PAGES.search(after) or _BARE_PAGES.search(after)
    if pages:
        work.set("page", _clean_number(pages.group("page")), 0.85)
        after = after[: pages.start()] + after[pages.end() :]
    volume = re.search(r"\bVol(?:ume)?\.?\s*(\w+)", after, re.I)
    if volume:
        work.set("volume", volume.group(1), 0.7)
        after = after[: volume.start()] + after[volume.end() :]
    work.csl["_chapter"] = True
    work.rest = re.sub(r"^[\s().,;:]+", "", after)


def _take_publisher(work: _Work) -> None:
    rest = work.rest.replace("\x03", " ")
    rest = re.sub(r"\(\s*\)", "", rest)
    place = _PLACE_IN_BRACKETS.search(rest)
    if place:  # British humanities: "*Fenland Histories* (Oxford, 2001)", "(London: Verso, 1991)"
        work.set("publisher-place", place.group("place"), 0.7)
        work.set("publisher", place.group("publisher"), 0.7)
        rest = rest[: place.start()] + rest[place.end() :]
    number = re.search(r"\((?P<n>[^()]*\b(?:No|Report|Rep|Series|WP|Paper)\b\.?[^()]*)\)", rest)
    if number:  # "(WMO-No. 1203)", "(Report No. 12)": a report number, not a publisher
        work.set("number", number.group("n"), 0.7)
        rest = rest[: number.start()] + rest[number.end() :]
    edition = _EDITION.search(rest)
    if edition:
        work.set("edition", re.sub(r"(?i)(st|nd|rd|th)$", "", edition.group("edition")), 0.85)
        rest = rest[: edition.start()] + rest[edition.end() :]
    if "page" not in work.csl:
        pages = _PAGES.search(rest)
        if pages:
            work.set("page", _clean_number(pages.group("page")), 0.7)
            rest = rest[: pages.start()] + rest[pages.end() :]
    rest = re.sub(r"\s+", " ", rest).strip(" .,;:")
    if not rest:
        return
    if _THESIS.search(rest):
        work.csl["_thesis"] = True
    if work.csl.get("container-title") and not work.csl.get("_chapter") and not _PUBLISHER_WORDS.search(rest) and ":" not in rest:
        return  # leftovers of a journal reference (month, "Article e123"): not a publisher
    rest = re.sub(r"(?<!\s)\s*+,\s*+(?=\.)", "", rest)  # "Science 1124, . Springer" once the pages are gone
    sentences = [s.strip(" .,;") for s in re.split(r"(?<=[a-z)\d])\.\s+", rest) if s.strip(" .,;")]
    sentences = [s for s in sentences if not _DATE_ONLY.fullmatch(s)]  # "April", "May 3"
    for sentence in sentences:
        place = _PLACE_PUBLISHER.match(sentence)
        if place:
            work.set("publisher-place", place.group("place"), 0.8)
            work.set("publisher", place.group("publisher").strip(" ,"), 0.8)
            return
    for sentence in sentences:
        if _PUBLISHER_WORDS.search(sentence) or len(sentences) == 1:
            # "Hokuseido Press" / "Progress Publishers" / "Nauka" (a lone sentence is a publisher)
            publisher = re.sub(r",\s*\d{4}$", "", sentence)
            if re.fullmatch(r"[\d\s,.;:()–-]*", publisher):
                return
            if len(publisher) <= 120:
                work.set("publisher", publisher, 0.7 if _PUBLISHER_WORDS.search(sentence) else 0.5)
            return


def _infer_type(work: _Work) -> None:
    csl = work.csl
    chapter = csl.pop("_chapter", False)
    italic_title = csl.pop("_title_italic", False)
    thesis = csl.pop("_thesis", False)
    container = csl.get("container-title", "")
    title = csl.get("title", "")
    if chapter:
        kind = "paper-conference" if _CONFERENCE.search(container) else "chapter"
    elif thesis or _THESIS.search(title):
        kind = "thesis"
    elif container and _CONFERENCE.search(container):
        kind = "paper-conference"
    elif container and any(k in csl for k in ("volume", "issue", "page")):
        kind = "article-journal"
    elif container and _NEWSPAPER.search(container):
        kind = "article-newspaper"
    elif container:
        kind = "article-magazine" if len(((csl.get("issued") or {}).get("date-parts") or [[0]])[0]) > 1 else "article-journal"
    elif _REPORT.search(title) or _REPORT.search(csl.get("publisher", "")):
        kind = "report"
    elif csl.get("publisher") or italic_title:
        kind = "book"
    elif csl.get("URL"):
        kind = "webpage"
    else:
        kind = "document"
    # Put "type" first for readers of the JSON.
    work.csl = {"type": kind, **{k: v for k, v in csl.items() if k != "type"}}


# --- helpers ---------------------------------------------------------------------------------


# What follows names that edited or translated rather than wrote: "Burton, Antoinette, ed."
_ROLE_SUFFIX = re.compile(r"(?:(?<!\s),?\s*+|(?<=\s)(?:,\s*+)?+)\(?\b(?:eds?|editors?|hrsg|trans|comp|dirs?)\.?\)?\s*$", re.I)


def _set_authors(work: _Work, text: str) -> None:
    text = text.strip(" ,;:")
    if text.endswith(".") and not re.search(r"(?:\b[A-ZÀ-Þ]|\bet al)\.$", text):
        text = text[:-1]
    editors = re.search(r"(?<!\s)\s*+\((?:eds?|hrsg|dirs?)\.?\)\s*$|(?:(?<!\s)|(?=,)),?+\s++eds?\.?$|,\s+editors?$", text, re.I)
    if editors:
        _set_names(work, "editor", text[: editors.start()])
        return
    _set_names(work, "author", text)


def _set_names(work: _Work, role: str, text: str) -> None:
    names = parse_names(text.replace("\x01", "").replace("\x02", ""))
    if names:
        work.csl[role] = names
        work.confidence[role] = 0.85


def _set_issued(work: _Work, year: str, suffix: str | None, date: str | None) -> None:
    parts: list[int] = [int(year)]
    if date:
        words = date.lower().replace(".", "").split()
        month = MONTHS.get(words[0]) if words else None
        if month:
            parts.append(month)
            day = re.match(r"\d{1,2}", words[1]) if len(words) > 1 else None
            if day:
                parts.append(int(day.group()))
    issued: dict[str, Any] = {"date-parts": [parts]}
    if suffix:
        issued["year-suffix"] = suffix.lower()
    work.set("issued", issued, 0.95)


def _normal_literal(text: str) -> str:
    lowered = re.sub(r"\s+", " ", text.lower())
    return "n.d." if lowered.startswith("n") else lowered


def _plausible_names(text: str | None) -> bool:
    """Whether a string can be an author list (rather than a title or a sentence)."""
    if not text:
        return False
    text = text.strip(" .,;:").replace("\x01", "").replace("\x02", "")
    text = _ROLE_SUFFIX.sub("", text)
    if not text or len(text) > 400 or re.search(r"\d", text):
        return False
    names = split_name_list(text)
    if not names:
        return False
    for name in names:
        words = name.replace(",", " ").split()
        if not words:
            return False
        if looks_like_organisation(name) and len(words) <= 12:
            continue
        if len(words) > 6:
            return False
        lower = [w for w in words if w[:1].islower() and w.lower().strip(".") not in {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "ten", "ter", "y", "e", "al", "bin", "ibn", "zu"}]
        if lower:
            return False
    return True


def _first_sentence_end(text: str) -> int | None:
    """Offset of the full stop (or ?/!) that ends the first sentence, outside quotes/italics.

    Linear in the text: the brackets and quotes before each candidate are counted on from the last
    one, and the word before it is read back from it (copying and counting the whole text before
    every candidate was quadratic: an entry of 4,000 "A." initials took 1.8 s).
    """
    counts = dict.fromkeys("\x01\x02()[]\"“”", 0)
    counted = 0
    for match in _SENTENCE_BREAK.finditer(text):
        start = match.start()
        for char in counts:
            counts[char] += text.count(char, counted, start)
        counted = start
        if match.group() == ".":
            token = _word_before(text, start)
            if re.fullmatch(r"[A-ZÀ-Þ]|(?:[A-Za-z]\.)+[A-Za-z]", token) or token.lower() in _ABBREVIATION_SET:
                continue
        if counts["\x01"] - counts["\x02"] > 0:
            continue
        if counts["("] > counts[")"] or counts["["] > counts["]"]:
            continue
        if counts["\""] % 2 or counts["“"] > counts["”"]:
            continue
        if match.group() == "." and start and text[start - 1].isdecimal() and _next_is_digit(text, match.end()):
            continue
        return start
    return None


def _word_before(text: str, end: int) -> str:
    """The run of word characters and full stops that ends at ``end``: "Proc." -> "Proc", "e.g." -> "e.g"."""
    if end and text[end - 1] == "\n":  # '$' also matches before a final line break
        end -= 1
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return text[start:end]


def _next_is_digit(text: str, start: int) -> bool:
    """Whether the first character after white space from ``start`` is a digit."""
    while start < len(text) and text[start].isspace():
        start += 1
    return start < len(text) and text[start].isdecimal()


def _first_sentence(text: str) -> str:
    text = text.strip(" .,;:")
    end = _first_sentence_end(text)
    return text[:end] if end is not None else text


def _looks_like_periodical(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 12 and sum(w[:1].isupper() for w in words) >= max(1, len(words) // 2)


def _volume_issue_pages(text: str) -> dict[str, str] | None:
    """Volume, issue and pages found in ``text``, with where they start and what follows."""
    for pattern in _VOLUME_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        found = {k: v for k, v in match.groupdict().items() if v}
        if pattern is _VOLUME_PATTERNS[-1] and not found.get("page"):
            continue
        after = text[match.end() :]
        if "page" not in found:
            pages = _PAGES.search(after) or re.match(r"^\s*[,:]\s*(?P<page>[A-Za-z]?\d+(?:\s*[-–—]+\s*[A-Za-z]?\d+)?)\b", after)
            if pages:
                found["page"] = pages.group("page")
                after = after[: pages.start()] + after[pages.end() :]
        found["_start"] = match.start()  # type: ignore[assignment]
        found["_after"] = after
        return found
    pages = _PAGES.search(text)
    if pages:
        return {"page": pages.group("page"), "_start": pages.start(), "_after": text[pages.end() :]}  # type: ignore[dict-item]
    return None


def _clean_number(value: str) -> str:
    value = re.sub(r"(?<!\s)\s*+[-–—]+\s*|(?<=\s)[-–—]+\s*", "-", value.strip(" .,;:"))
    return value


def _tidy(value: str) -> str:
    value = value.replace("\x01", "").replace("\x02", "").replace("\x03", "")
    value = re.sub(r"\s+", " ", value).strip(" ,;:")
    if value.endswith(".") and not re.search(r"\b(?:[A-Z]|[A-Z][a-z]{0,2}|al|ed|eds|Inc|Ltd|Co|Jr)\.$", value):
        value = value[:-1].rstrip()
    return value
