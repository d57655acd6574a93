"""Which references a DOI registry cannot be expected to know, decided from the entry alone.

Crossref indexes scholarly works.  Newspapers, news agencies, magazines, web pages, archival
files, laws and organisations' reports are (almost) never there, so looking them up can only
produce a misleading "not found".  :func:`classify_unindexable` says which kind of source an
entry is, with the words that gave it away, or ``None`` when the entry should be looked up.

An entry that carries a DOI is always looked up, whatever it looks like.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..doi import is_valid_doi, normalize_doi
from .compare import fold

KINDS = ("newspaper", "news-agency", "magazine", "web-page", "archive", "law", "organisation-report")


@dataclass(frozen=True, slots=True)
class NotIndexable:
    """The kind of source an entry is, and what in the entry says so."""

    kind: str
    evidence: str

    @property
    def label(self) -> str:
        return self.kind.replace("-", " ")

    def describe(self) -> str:
        """What the entry is, in words: 'news agency "Reuters"', 'law: law or treaty (...)'."""
        return self.evidence if self.evidence.startswith(self.label) else f"{self.label}: {self.evidence}"


# Folded names; matched as whole words inside the entry's source (container, or first segment).
NEWS_AGENCIES = (
    "reuters", "associated press", "agence france presse", "afp", "kyodo", "kyodo news", "xinhua",
    "itar tass", "tass", "interfax", "ria novosti", "novosti", "yonhap", "upi", "united press international",
    "jiji", "jiji press", "bloomberg", "dpa", "ansa", "efe", "press trust of india", "anadolu",
    "bbc monitoring", "kcna", "korean central news agency", "tanjug", "prensa latina",
)
NEWSPAPERS = (
    "new york times", "washington post", "wall street journal", "financial times", "the times", "guardian",
    "los angeles times", "chicago tribune", "boston globe", "usa today", "international herald tribune",
    "christian science monitor", "japan times", "asahi", "asahi shimbun", "yomiuri", "daily yomiuri",
    "mainichi", "nikkei", "nihon keizai shimbun", "sankei", "izvestiia", "izvestia", "pravda",
    "kommersant", "izvestiya", "segodnya", "nikkei weekly", "mainichi daily news", "nezavisimaia gazeta", "nezavisimaya gazeta", "rossiiskaia gazeta", "rossiyskaya gazeta",
    "moscow times", "krasnaia zvezda", "krasnaya zvezda", "korea herald", "korea times", "chosun ilbo",
    "joongang ilbo", "dong a ilbo", "hankyoreh", "people s daily", "renmin ribao", "china daily",
    "global times", "south china morning post", "le monde", "le figaro", "frankfurter allgemeine",
    "suddeutsche zeitung", "el pais", "corriere della sera", "times of india", "the hindu",
    "sydney morning herald", "straits times", "daily telegraph", "independent", "svobodnyi sakhalin",
)
MAGAZINES = (
    "economist", "newsweek", "time magazine", "the atlantic", "new yorker", "forbes", "fortune",
    "far eastern economic review", "der spiegel", "ogonek", "ogonyok", "the diplomat", "national interest",
    "foreign policy", "harper s", "new republic", "new statesman", "time",
)
# Words that make a source name a newspaper's ("Svobodnyi Sakhalin" is caught by its dated shape).
_NEWSPAPER_WORDS = frozenset(
    {"times", "post", "herald", "tribune", "gazette", "gazeta", "shimbun", "ilbo", "daily", "chronicle",
     "courier", "observer", "zeitung", "pravda", "izvestiia", "izvestia", "news", "telegraph"}
)
# Names too short or too common to trust anywhere but as the whole source.
_EXACT_ONLY = frozenset({"afp", "upi", "dpa", "ansa", "efe", "time", "independent", "guardian", "tass"})

# Words of an organisation as author: "Ministry of Defence", "World Bank", "Boeicho".
_ORGANISATION = re.compile(
    r"\b(?:ministry|ministerstvo|department|agency|office|council|commission|bank|fund|organi[sz]ation|"
    r"institute|bureau|government|united nations|unesco|unicef|who|oecd|imf|nato|european union|"
    r"congress|parliament|senate|committee|association|foundation|secretariat|administration)\b"
    # Japanese ministries and agencies: "Gaimusho", "Boeicho", "Okurasho".
    r"|\b\w{3,}(?:cho|sho)\b",
    re.IGNORECASE,
)
# Titles that only governments and organisations publish: "Defense White Paper", "Boei Hakusho".
_REPORT_TITLE = re.compile(
    r"\b(?:white\s+paper|green\s+paper|hakusho|annual\s+report|country\s+report|policy\s+paper|"
    r"national\s+security\s+strategy|strategy\s+paper|fact\s+sheet|press\s+release)\b",
    re.IGNORECASE,
)
# Laws and treaties: "Civil Rights Act of 1964", "Pub. L. No. 88-352", "42 U.S.C. § 1983", "Federal Law No. 63-FZ".
_LAW = re.compile(
    r"\b(?:act\s+of\s+\d{4}|pub(?:lic)?\.?\s+l(?:aw)?\.?\s+(?:no\.?\s+)?\d+|u\.\s?s\.\s?c\.|c\.\s?f\.\s?r\.|"
    r"\d+\s+stat\.\s+\d+|federal(?:'|\u2019)?n?y?i?\s+(?:law|zakon)|law\s+no\.?\s*\d+|\d+-fz\b|"
    r"constitution\s+of\s+the|statute\s+of|directive\s+\(?eu\)?|regulation\s+\(?eu\)?|ukaz\b)",
    re.IGNORECASE,
)
# Archival files: "RGASPI, f. 17, op. 3, d. 1040", "National Archives, Box 12, Folder 3", "Papers of".
_ARCHIVE = re.compile(
    r"\b(?:archives?|archiv|arkhiv|archivo|rgaspi|garf|avprf|rgani|nara|public\s+record\s+office|"
    r"f\.\s*\d+\s*,\s*op\.\s*\d+|box\s+\d+\s*,\s*folder\s+\d+|fond\s+\d+|papers\s+of)\b",
    re.IGNORECASE,
)
# A web page: "Retrieved from", "Accessed 3 May 2020", "Available at", "[Online]".
_WEB = re.compile(r"\b(?:retrieved|accessed|available\s+(?:at|from)|online\s*\])|\[online\]", re.IGNORECASE)
_URL = re.compile(r"https?://(?!(?:dx\.)?doi\.org)\S+|www\.\S+", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# One news item as footnotes cite them: "New York Times, June 4 1995", "Kyodo, 22 March 1997",
# "Reuters, 1996" (the year-only form counts only for a known agency or paper), possibly after an
# author and title ('Ivkov, "Zamir i Bezopastnost," Pravda, December 18, 1972') and before an
# issue or page ("Kommersant- Daily, November 19, 1996, no 196, p. 4").
_NEWS_ITEM = re.compile(
    rf"^(?P<prefix>(?:[^,;]{{1,80}},\s*){{0,3}}?)(?P<source>[^,;()]{{2,60}}?),\s*"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{4}}|(?P<year>\d{{4}}))"
    rf"(?:,\s*(?:no|nr|p|pp)\.?\s*[\w-]+)*\.?$",
    re.IGNORECASE,
)
# Markup and footnote numbers that precede a footnote's text: "<sup>1</sup> ", "12. ", "[3] ".
_LEADING_MARK = re.compile(r"^\s*(?:<sup>\s*\d+\s*</sup>|\[\d+\]|\d{1,3}[.)]?\s)\s*")
_MARKUP = re.compile(r"<[^>]{1,80}>|[*_]{1,2}")

_CSL_TYPES = {
    "article-newspaper": "newspaper",
    "article-magazine": "magazine",
    "webpage": "web-page",
    "post": "web-page",
    "post-weblog": "web-page",
    "legislation": "law",
    "legal_case": "law",
    "bill": "law",
    "treaty": "law",
    "regulation": "law",
}


def _clean(raw: str) -> str:
    return " ".join(_MARKUP.sub("", _LEADING_MARK.sub("", raw or "")).split())


def _known(source: str, names: tuple[str, ...]) -> str | None:
    folded = fold(source).removeprefix("the ")
    for name in names:
        bare = name.removeprefix("the ")
        if folded == bare or (name not in _EXACT_ONLY and re.search(rf"(?:^| ){re.escape(bare)}(?: |$)", folded)):
            return name
    return None


def _scholarly(csl: Mapping[str, Any]) -> bool:
    # Volume, issue or pages: the shape of a journal article or a chapter, which registries hold.
    return any(csl.get(name) for name in ("volume", "issue", "page"))


def _news_items(text: str) -> list[re.Match[str]] | None:
    items = [_NEWS_ITEM.match(part.strip()) for part in text.split(";") if part.strip()]
    return items if items and all(items) else None


def _source_kind(source: str) -> NotIndexable | None:
    for kind, names in (("news-agency", NEWS_AGENCIES), ("newspaper", NEWSPAPERS), ("magazine", MAGAZINES)):
        if _known(source, names):
            return NotIndexable(kind, f'{kind.replace("-", " ")} "{source.strip()}"')
    return None


def classify_unindexable(csl: Mapping[str, Any], raw: str) -> NotIndexable | None:
    """The kind of non-scholarly source an entry is (newspaper, law, archive...), or ``None``."""
    doi = csl.get("DOI")
    if doi and is_valid_doi(normalize_doi(str(doi))):
        return None
    text = _clean(raw)
    kind = _CSL_TYPES.get(str(csl.get("type") or ""))
    if kind:
        return NotIndexable(kind, f"entry type {csl.get('type')}")

    # Footnote-style news items: "Kyodo, March 22, 1997; Xinhua, March 23, 1997".
    items = _news_items(text)
    if items:
        first = items[0]
        source = first.group("source").strip().strip('"\u201c\u201d')
        known = _source_kind(source)
        if known:
            return known
        newsy = bool(set(fold(source).split()) & _NEWSPAPER_WORDS)
        if not first.group("year") and (not first.group("prefix") or newsy):
            return NotIndexable("newspaper", f'a dated news item ("{first.group(0).rstrip(".")}")')

    scholarly = _scholarly(csl)
    if _LAW.search(text) and str(csl.get("type") or "") not in {"article-journal", "chapter"}:
        return NotIndexable("law", f'law or treaty ("{_LAW.search(text).group(0)}")')
    container = str(csl.get("container-title") or "")
    if container and not scholarly:
        known = _source_kind(container)
        if known:
            return known
        if set(fold(container).split()) & _NEWSPAPER_WORDS:
            return NotIndexable("newspaper", f'newspaper "{container}"')
    if not scholarly and (archive := _ARCHIVE.search(text)):
        return NotIndexable("archive", f'archival source ("{archive.group(0)}")')
    issued = (csl.get("issued") or {}).get("date-parts") or [[]]
    if not scholarly and container and len(issued[0]) >= 3 and not csl.get("publisher"):
        return NotIndexable("magazine", f"dated to the day in {container} with no volume or pages")
    if not scholarly and _URL.search(text) and (_WEB.search(text) or not (container or csl.get("publisher"))):
        return NotIndexable("web-page", f"web page ({_URL.search(text).group(0)})")
    if not scholarly and not container:
        author = _author_text(csl, text)
        title = str(csl.get("title") or text)
        if _REPORT_TITLE.search(title) or _REPORT_TITLE.search(text):
            return NotIndexable("organisation-report", f'report ("{(_REPORT_TITLE.search(title) or _REPORT_TITLE.search(text)).group(0)}")')
        if author and _ORGANISATION.search(author) and str(csl.get("type") or "report") in {"report", "document", ""}:
            return NotIndexable("organisation-report", f'report by an organisation ("{author}")')
    return None


def _author_text(csl: Mapping[str, Any], text: str) -> str:
    people = csl.get("author") or ()
    literal = [str(p.get("literal") or "") for p in people if isinstance(p, Mapping) and p.get("literal")]
    if literal:
        return literal[0]
    if len(people) == 1 and isinstance(people[0], Mapping) and not people[0].get("given"):
        return str(people[0].get("family") or "")
    if not people:
        return re.split(r"(?<!\s)\s*+\(|\.\s", text, maxsplit=1)[0]
    return ""
