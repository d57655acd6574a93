"""A trained sequence labeller for reference strings: tokens -> field labels -> CSL-JSON.

A linear-chain CRF (python-crfsuite) labels every token of a reference string with one of
:data:`LABELS` (``author``, ``title``, ``container-title``, ``date``, ``volume``, ``page`` ...);
runs of equal labels become CSL fields, and each field's confidence is the mean marginal
probability the CRF gives its label over the field's tokens.

The model ships in ``citeaudit/models/`` and is loaded on first use.  It is trained by
``bench/train_labeller.py`` (fixed seed, training set disjoint from every evaluation corpus;
the split is documented there and in ``bench/corpora.py``); ``bench/parse_eval.py`` measures it.

    >>> label_reference("Ziegler, C. E. (1993). Foreign policy. Cambridge: CUP.")["title"]
    'Foreign policy'
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple, Protocol

from ..doi import find_dois
from .names import ET_AL_LITERAL, parse_names, truncated

MODEL_FILE = "reference-labeller.crfsuite"

LABELS = (
    "author", "editor", "translator", "title", "container-title", "collection-title",
    "date", "volume", "issue", "page", "publisher", "publisher-place", "edition",
    "DOI", "URL", "ISBN", "note", "citation-number", "other",
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Tokens

# One token: a URL or DOI whole, a run of digits, a run of letters (with inner apostrophes:
# O'Brien, d’Arc), or one other character.  "Rev.D94" -> "Rev" "." "D" "94".
_TOKEN = re.compile(
    r"(?:https?://|www\.)\S+"  # http://x.org/a_b
    r"|10\.\d{4,9}/\S+"  # 10.1016/0003-2697(85)90071-5
    r"|\d+"  # 1993
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"  # O'Brien
    r"|[^\w\s]|_",  # , . ( “
    re.I,
)
_TRAILING = ".,;:'\"”’>"


class Token(NamedTuple):
    """A token and its ``[start, end)`` offsets in the reference string."""

    text: str
    start: int
    end: int


def _trim_link(text: str) -> str:
    """A URL or DOI token without the sentence's punctuation (keeps a balanced ")")."""
    while text and (text[-1] in _TRAILING or (text[-1] == ")" and text.count("(") < text.count(")"))):
        text = text[:-1]
    return text


def tokenize(text: str) -> list[Token]:
    """Split a reference string into tokens that keep their offsets."""
    out = []
    pos = 0
    while True:
        m = _TOKEN.search(text, pos)
        if not m:
            break
        word = m.group(0)
        if len(word) > 3 and (word[0] in "hHwW1") and ("/" in word or word.lower().startswith("www.")):
            trimmed = _trim_link(word)
            if trimmed and trimmed != word:
                word = trimmed
        out.append(Token(word, m.start(), m.start() + len(word)))
        pos = m.start() + len(word)
    return out


# ---------------------------------------------------------------------------------------------
# Features

_MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec janvier février mars avril mai juin juillet août "
    "septembre octobre novembre décembre januar februar märz juni juli oktober dezember gennaio "
    "febbraio marzo aprile maggio giugno luglio agosto settembre ottobre dicembre enero febrero "
    "abril mayo junio julio agosto septiembre octubre noviembre diciembre spring summer autumn "
    "fall winter".split()
)
_LEXICON: dict[str, frozenset[str]] = {
    "role": frozenset(
        "ed eds edd editor editors edited hrsg hg hgg herausgegeben cura curatore trans transl "
        "translated translator tr comp compiled coord dir éd éds".split()
    ),
    "pagew": frozenset("pp p pages page pgs pg s ss seiten str".split()),
    "volw": frozenset("vol vols volume volumes v bd band tome tomo t jg jahrgang".split()),
    "issuew": frozenset("no nos nr num number issue iss n heft fasc fascicolo suppl supplement".split()),
    "in": frozenset("in dans en im em".split()),
    "and": frozenset("and und et e y".split()),
    "etal": frozenset("al alii".split()),
    "pub": frozenset(
        "press university universität université università universidad verlag publishers "
        "publisher publishing publications books editions éditions editore editori editorial "
        "inc ltd llc gmbh co company corporation springer wiley elsevier routledge sage "
        "academic mit oxford cambridge prentice hall mcgraw addison wesley kluwer blackwell "
        "palgrave macmillan penguin norton harvard yale princeton chicago pergamon dover "
        "gallimard seuil laterza einaudi mulino suhrkamp beck teubner de gruyter nijhoff brill".split()
    ),
    "journal": frozenset(
        "journal j proceedings proc conference conf symposium symp workshop review rev "
        "transactions trans bulletin bull annals ann letters lett acta zeitschrift revue "
        "rivista quarterly magazine international int research res science sci studies "
        "reports rep advances adv archives arch physical phys chemical chem american am "
        "nature nat society soc".split()
    ),
    "thesis": frozenset("thesis dissertation phd diss doctoral master masters tesi thèse".split()),
    "report": frozenset("report technical tech working paper memo preprint manuscript".split()),
    "web": frozenset("available retrieved accessed online url cited viewed".split()),
    "edition": frozenset("edition edn ed aufl auflage éd rev revised".split()),
    "place": frozenset(
        "london new york paris berlin oxford cambridge boston chicago amsterdam leiden "
        "princeton washington philadelphia tokyo munich münchen milano milan roma rome "
        "firenze torino bologna madrid barcelona frankfurt leipzig stuttgart wien vienna "
        "heidelberg dordrecht basel zürich zurich toronto sydney melbourne berkeley "
        "los angeles san francisco baltimore ithaca stanford thousand oaks hoboken "
        "amsterdam singapore beijing moscow bern geneva genève lyon bruxelles brussels".split()
    ),
}
_OPENERS = "([{“‘«"
_CLOSERS = ")]}”’»"
_QUOTES = "\"“”‘’«»'"


def _shape(word: str) -> str:
    """``Smith`` -> ``Xx``, ``J.`` -> ``X``, ``1993`` -> ``d4``, ``e1002984`` -> ``xd``."""
    if word.isdigit():
        return f"d{min(len(word), 5)}"
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:5])


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower() or text.lower()


_LEXICON_OF: dict[str, tuple[str, ...]] = {}
for _name, _words in _LEXICON.items():
    for _word in _words:
        _LEXICON_OF[_word] = (*_LEXICON_OF.get(_word, ()), "lex=" + _name)
for _word in _MONTHS:
    _LEXICON_OF[_word] = (*_LEXICON_OF.get(_word, ()), "lex=month")


@lru_cache(maxsize=65536)
def _base(w: str) -> tuple[str, ...]:
    """Word identity and shape: the features a token shares with its neighbours."""
    low = w.lower()
    if w.isdigit():
        if len(w) == 4 and 1500 <= int(w) <= 2099:
            return ("w=<d4>", "s=d4", "year")
        return (f"w=<d{min(len(w), 5)}>", f"s=d{min(len(w), 5)}")
    if len(w) > 3 and ("/" in w or "." in w) and low.startswith(("http", "www.", "10.")):
        return ("w=<doi>" if low.startswith("10.") else "w=<url>", "s=link")
    return ("w=" + low, "s=" + _shape(w))


@lru_cache(maxsize=65536)
def _intrinsic(w: str) -> tuple[str, ...]:
    """Features of a token on its own: identity, shape, case, affixes, lexicons."""
    f = list(_base(w))
    if w[:1].isupper():
        f.append("cap")
        if len(w) == 1:
            f.append("initial")
        elif w.isupper():
            f.append("allcap")
    if not w.isascii():
        f.append("nonascii")
    if w.isalpha():
        low = w.lower()
        f.append(f"len={min(len(w), 8)}")
        if len(w) > 3:
            f.append("p3=" + low[:3])
            f.append("x3=" + low[-3:])
        f.extend(_LEXICON_OF.get(low, ()) or _LEXICON_OF.get(_fold(w), ()))
    return tuple(f)


@lru_cache(maxsize=65536)
def _shape_of(w: str) -> str:
    return _base(w)[1][2:]


@lru_cache(maxsize=131072)
def _neighbour(w: str, offset: int) -> tuple[str, ...]:
    return tuple(f"{offset}:{x}" for x in _base(w))


def _bigram_word(w: str) -> str:
    return "D" if w.isdigit() else w.lower()


_POS = tuple(f"pos={k}" for k in range(10))
_SENT = tuple(f"sent={k}" for k in range(5))
_COMMA = tuple(f"comma={k}" for k in range(7))
_IDX = tuple(f"idx={k}" for k in range(4))


def token_features(tokens: Sequence[Token], text: str = "") -> list[list[str]]:
    """The CRF features of every token (strings; presence is the value)."""
    n = len(tokens)
    words = [t.text for t in tokens]
    bi = [_bigram_word(w) for w in words]
    feats: list[list[str]] = []
    quote = paren = sentences = commas = 0
    seen_year = seen_in = seen_quote_close = False
    for i, tok in enumerate(tokens):
        w = words[i]
        f = ["bias", *_intrinsic(w), _POS[(10 * i) // n], _SENT[min(sentences, 4)], _COMMA[min(commas, 6)]]
        if i < 4:
            f.append(_IDX[i])
        if i == n - 1:
            f.append("last")
        # Spacing: glued to the previous/next token, or not ("Phys.Rev", "(1993)").
        if i and tokens[i - 1].end == tok.start:
            f.append("glued<")
        if i + 1 < n and tokens[i + 1].start == tok.end:
            f.append("glued>")
        # Where we are: inside quotes or brackets, after the year, after "In", after a quote.
        if w in _QUOTES:
            if w in "“‘«" or (w in "\"'" and quote == 0):
                quote += 1
            elif quote:
                quote -= 1
                seen_quote_close = True
        if quote:
            f.append("inquote")
        if paren:
            f.append("inparen")
        if w in "([":
            paren += 1
        elif w in ")]" and paren:
            paren -= 1
        if seen_year:
            f.append("after_year")
        if seen_in:
            f.append("after_in")
        if seen_quote_close:
            f.append("after_quote")
        # Neighbours: identity and shape two either side, and the word bigrams.
        f.extend(_neighbour(words[i - 2], -2) if i >= 2 else ("-2:<edge>",))
        f.extend(_neighbour(words[i - 1], -1) if i >= 1 else ("-1:<edge>",))
        f.extend(_neighbour(words[i + 1], 1) if i + 1 < n else ("1:<edge>",))
        f.extend(_neighbour(words[i + 2], 2) if i + 2 < n else ("2:<edge>",))
        if i:
            f.append(f"bi<={bi[i - 1]}|{bi[i]}")
        if i + 1 < n:
            f.append(f"bi>={bi[i]}|{bi[i + 1]}")
            if i:  # the shapes around the token together: "(|d4|)" is a year in brackets
                f.append(f"tri={_shape_of(words[i - 1])}|{_shape_of(w)}|{_shape_of(words[i + 1])}")
        feats.append(f)
        # State after the token.
        if w.isdigit() and len(w) == 4 and 1500 <= int(w) <= 2099:
            seen_year = True
        elif w == ",":
            commas += 1
        elif w in ".?!" and i and len(words[i - 1]) > 1 and not words[i - 1].isupper():
            sentences += 1
        elif bi[i] in _LEXICON["in"] and i and words[i - 1] in ".,:;":
            seen_in = True
    return feats


# ---------------------------------------------------------------------------------------------
# Training data: labelled segments -> token labels


class _Segment(Protocol):
    label: str
    text: str


# Untagged words that AnyStyle keeps inside the field they introduce ("pp. 12", "vol. 3",
# "In Proceedings", "doi:10...", "Available at http...") or follow ("(eds.)").
_PREFIX_WORDS = frozenset(
    "pp p pages page vol vols volume no nos nr number issue in doi url available at from online "
    "retrieved accessed s bd".split()
)
_ROLE_WORDS_PLAIN = frozenset("ed eds edd editor editors edited by hrsg trans translated".split())


def _untagged_word(word: str, raw: list[str], labels: list[str], i: int) -> str:
    """The label of an untagged word: joined to the field it introduces, else ``other``."""
    if word in _ROLE_WORDS_PLAIN:
        if labels and labels[-1] in ("editor", "translator"):
            return labels[-1]
    if word in _PREFIX_WORDS or word in _ROLE_WORDS_PLAIN:
        for j in range(i + 1, min(i + 4, len(raw))):
            if raw[j]:
                return raw[j]
    return "other"


def labels_from_segments(segments: Iterable[_Segment]) -> tuple[str, list[Token], list[str]]:
    """The string, its tokens and one label per token, from ``(label, text)`` segments.

    Untagged punctuation (``""`` label) joins the field before it, opening brackets and quotes
    the field after it, as AnyStyle's own spans do; untagged words are ``other``.
    """
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for seg in segments:
        parts.append(seg.text)
        spans.append((pos, pos + len(seg.text), seg.label))
        pos += len(seg.text)
    text = "".join(parts)
    tokens = tokenize(text)
    raw: list[str] = []
    k = 0
    for tok in tokens:
        while k < len(spans) and spans[k][1] <= tok.start:
            k += 1
        raw.append(spans[k][2] if k < len(spans) else "")
    labels: list[str] = []
    for i, (tok, lab) in enumerate(zip(tokens, raw, strict=True)):
        if lab:
            labels.append(lab)
            continue
        if tok.text.isalnum() or len(tok.text) > 1:
            labels.append(_untagged_word(tok.text.lower(), raw, labels, i))
            continue
        if tok.text in _OPENERS:
            nxt = next((raw[j] for j in range(i + 1, len(raw)) if raw[j]), "")
            labels.append(nxt or (labels[-1] if labels else "other"))
        else:
            labels.append(labels[-1] if labels else next((x for x in raw[i:] if x), "other"))
    return text, tokens, labels


# ---------------------------------------------------------------------------------------------
# The model


class _Model:
    """The CRF tagger, opened from the package on first use (one per process).

    Needs python-crfsuite; :func:`model_available` tells whether it and the model are there.
    """

    _lock = threading.Lock()
    _tagger: Any = None
    _data: bytes = b""

    @classmethod
    def tagger(cls) -> Any:
        if cls._tagger is None:
            with cls._lock:
                if cls._tagger is None:
                    import pycrfsuite  # imported here: only the labeller needs it

                    # Read from the package whatever its form (directory, wheel, zip).  crfsuite
                    # reads the model in place, so the bytes must live as long as the tagger.
                    cls._data = (resources.files("citeaudit") / "models" / MODEL_FILE).read_bytes()
                    tagger = pycrfsuite.Tagger()
                    tagger.open_inmemory(cls._data)
                    cls._tagger = tagger
        return cls._tagger


def use_model(path: str) -> None:
    """Label with the model at ``path`` instead of the shipped one (training, benchmarks)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    with _Model._lock:
        _Model._tagger = tagger


@lru_cache(maxsize=1)
def model_available() -> bool:
    """Whether the shipped model file and python-crfsuite are both present (looked up once)."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError:
        return False
    return (resources.files("citeaudit") / "models" / MODEL_FILE).is_file()


@dataclass(frozen=True, slots=True)
class Labelling:
    """What the labeller made of one string: tokens, labels, the CSL item and confidences."""

    text: str
    tokens: tuple[Token, ...]
    labels: tuple[str, ...]
    csl: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


_lock = threading.Lock()


def label(text: str) -> Labelling:
    """Label one reference string and build its CSL item; never raises on odd input."""
    text = _SPACES.sub(" ", text).strip()
    tokens = tokenize(text)
    if not tokens:
        return Labelling(text, (), ())
    tagger = _Model.tagger()
    feats = token_features(tokens, text)
    with _lock:  # a crfsuite Tagger holds one sequence at a time
        labels = tagger.tag(feats)
        # Marginals are read only for the tokens of the fields that are output.
        csl, confidence, spans = build_csl(text, tokens, labels, tagger.marginal)
    return Labelling(text, tuple(tokens), tuple(labels), csl, confidence, spans)


def label_reference(text: str) -> dict[str, Any]:
    """The CSL-JSON item the labeller reads in one reference string."""
    return label(text).csl


# ---------------------------------------------------------------------------------------------
# Labels -> CSL

_EDGE = " \t.,;:/-–—\"'“”‘’«»*"
_SPACES = re.compile(r"\s+")
_BROKEN_WORD = re.compile(r"(\w)- (\w)")  # "Martin- Facklam": a line-break hyphen from a PDF
# The dash of a page range: "334 – 344". A match starts where a run of spaces starts (or at the dash
# right after the previous match's spaces) and takes spaces once: linear on long runs of spaces.
_DASHES = re.compile(r"(?<!\s)\s*+[-–—‐‑]+\s*|(?<=\s)[-–—‐‑]+\s*")
_YEAR_BEFORE_VOLUME = re.compile(r"^\d{1,4}\s*;\s*(?=\d)")  # "2009;108(2)", "18;29(11)"
_VOLUME_COLON_ISSUE = re.compile(r"^(\d+)\s*:\s*(\d+)\s*:?$")  # "43:17:"
_VOLUME_COLON_PAGES = re.compile(r"^(\d+)\s*:\s*(\w+\s*[-–]\s*\w+)$")  # "5:98–108"
_DOI_START = re.compile(r"^10\.\d{4,9}/\S")  # 10.1016/x
_DOI_RESOLVER = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/", re.I)  # https://doi.org/
_URL_PREFIX = re.compile(r"^(?:URL|Available|at|from|online)\s*:?", re.I)  # "URL:http://..."
_MARKUP = re.compile(r"</?[a-zA-Z][\w-]*/?>")  # <italic>Nature</italic> left in a string
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)(?:\s*[-–/]\s*\d{2,4})?\s*([a-z])?(?![a-z])")
# A date that is no year: "n.d.", "s.d.", "o.J.", "in press", "forthcoming", "im Druck".
_NO_DATE = re.compile(
    r"\b(?:n\.\s?d|s\.\s?d|s\.\s?f|o\.\s?J|in\s+press|forthcoming|under\s+review|submitted|im\s+Druck)\b", re.I
)
_IN_PREFIX = re.compile(r"^(?:in|dans|en|em|im)\b\s*:?\s*", re.I)
# Role words around a name list: "(eds.)", "edited by", "Hrsg. von", "a cura di", "trans.".
# Case matters: "Smith ED" and "Stanford TR" are initials, not roles.
_ROLE_WORDS = re.compile(
    r"\(?(?:\b[Ee]ds?\b\.?|\b[Ee]dd\b\.?|\b[EeÉé]ds?\.|\b[Ee]ditors?\b|\b[Ee]dited\s+by\b|\b[Ee]d\.\s*by\b"
    r"|\b[Hh]rsg\b\.?|\b[Hh]gg?\.|\b[Hh]erausgegeben\s+von\b|\ba\s+cura\s+di\b|\ba\s+c\.\s*di\b|\b[Cc]ur\."
    r"|\b[Cc]oord\.|\b[Dd]irs?\.|\b[Tt]rans\b\.?|\b[Tt]ransl\.|\b[Tt]ranslated\s+by\b|\btr\.|\b[Cc]omp\."
    r"|\b[Cc]ompiled\s+by\b)\)?(?:\s+(?:by|von)\b)?"
)
# A dash between two names: spaced ("Bakker – Fabbricotti") or glued before initials
# ("Carlisle-O. Levaniouk"), but not inside a double-barrelled name ("Martin-Facklam").
_NAME_DASH = re.compile(r"(?<!\s)\s++[-–—]\s+|(?<=[a-zà-ÿ])[-–](?=[A-ZÀ-Þ]\.)")
_SPACED_INITIALS = re.compile(r"(?<![\w.])([A-ZÀ-Þ]) (?=[A-ZÀ-Þ](?![\w.]))")  # "Keller S C"
# (Spaces before it are taken once, from the start of their run: linear on long runs of spaces.)
_ET_AL = re.compile(
    r"(?<!\s),?\s*+\b(?:et\.?\s*al\b\.?|(?-i:u\.\s*a\.))|(?<=\s)(?:,\s*+)?+\b(?:et\.?\s*al\b\.?|(?-i:u\.\s*a\.))|\.\.\.|…",
    re.I,
)
# "et al." right after an author run that did not take it in: "Josh Tobin, et al. “Title”".
_ET_AL_AFTER = re.compile(r"\s*+,?\s*+(?:\bet\.?\s*al\b|\band\s+others\b)", re.I)
_PAGE_PREFIX = re.compile(r"^(?:pp?|pages?|pgs?|pg|s|ss|seiten|str)\b\.?\s*", re.I)
_VOL_PREFIX = re.compile(r"^(?:vols?|volume|v|bd|band|t|tome|tomo|jg|jahrgang)\b\.?\s*(?=\w)", re.I)
_ISSUE_PREFIX = re.compile(r"^(?:no|nos|nr|num|number|issue|iss|n|h|heft|fasc)\b\s*[.°]?\s*|^[n№]°?\s*", re.I)
_VOLUME_ISSUE = re.compile(
    r"^(?P<volume>[\w.–-]*?\w)\s*(?:\((?P<i1>[^)]+)\)"  # 36(2)
    r"|[,;]?\s*(?:no|nos|nr|num|number|issue|iss|n|h|heft|fasc|n°|№)\s*[.°]?\s*(?P<i2>\w[\w/–-]*)"  # 36, no. 9
    r"|\s*[./]\s*(?P<i3>\d+))"  # 36.2, 12/3
    r"(?:\s*:\s*(?P<page>\w+(?:\s*[-–]\s*\w+)?))?",  # 61(2):327-335
    re.I,
)
_THESIS = re.compile(r"\b(?:thesis|dissertation|ph\.?\s?d|doctoral|diss\.|master'?s|tesi|thèse)\b", re.I)
_REPORT = re.compile(r"\b(?:report|working paper|technical|tech\.\s*rep|discussion paper|preprint)\b", re.I)
_PROCEEDINGS = re.compile(r"\b(?:proceedings|proc\.|conference|symposium|workshop|congress|meeting)\b", re.I)


def _clean(text: str) -> str:
    if "<" in text:
        text = _MARKUP.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    out = text.strip(_EDGE)
    # Keep a closing bracket whose opener is inside ("Proc. (IEEE)"), drop an unmatched one.
    while out.endswith((")", "]")) and out.count(out[-1] == ")" and "(" or "[") < out.count(out[-1]):
        out = out[:-1].rstrip(_EDGE)
    while out.startswith(("(", "[")) and out.count(out[0]) > out.count(out[0] == "(" and ")" or "]"):
        out = out[1:].lstrip(_EDGE)
    return out


def _runs(tokens: Sequence[Token], labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of one label as ``(label, first token, last token)``; a run jumps over punctuation
    labelled otherwise (``Title , Title``) but ends at a word labelled otherwise."""
    runs: list[list] = []
    for i, (tok, lab) in enumerate(zip(tokens, labels, strict=True)):
        punct = len(tok.text) == 1 and not tok.text.isalnum()
        if runs and runs[-1][0] == lab:
            runs[-1][2] = i
            continue
        if punct and runs:
            # Punctuation with another label: look ahead; if the next word continues the run,
            # the punctuation belongs to it.
            j = i + 1
            while j < len(tokens) and len(tokens[j].text) == 1 and not tokens[j].text.isalnum():
                j += 1
            if j < len(tokens) and labels[j] == runs[-1][0]:
                runs[-1][2] = i
                continue
        runs.append([lab, i, i])
    return [(r[0], r[1], r[2]) for r in runs]


def _names(text: str, role: str) -> list[dict[str, str]]:
    if "<" in text:
        text = _MARKUP.sub("", text)
    text = _IN_PREFIX.sub("", text.strip())
    text = _ROLE_WORDS.sub(" ", text)
    text = _ET_AL.sub(", et al., ", text)  # names.parse_names keeps a marker where names were left out
    if "-" in text or "–" in text or "—" in text:
        text = _BROKEN_WORD.sub(r"\1-\2", text)
        # Continental lists: "E.J. Bakker – F. Fabbricotti", "M. Carlisle-O. Levaniouk".
        text = _NAME_DASH.sub("; ", text)
    # Spaced Vancouver initials: "Keller S C, Bessell M S" -> "Keller SC, Bessell MS".
    text = _SPACED_INITIALS.sub(r"\1", text)
    text = _SPACES.sub(" ", text).strip(_EDGE + "()")
    if not text:
        return []
    return parse_names(text)


def _split_volume(text: str) -> tuple[str, str, str]:
    text = _clean(text)
    text = _YEAR_BEFORE_VOLUME.sub("", text)
    text = _VOL_PREFIX.sub("", text)
    if _ISSUE_PREFIX.match(text) and not text[:1].isdigit():
        return "", _clean(_ISSUE_PREFIX.sub("", text)), ""
    m = _VOLUME_ISSUE.match(text)
    if m and m.end() >= len(text.rstrip(_EDGE)):
        issue = m.group("i1") or m.group("i2") or m.group("i3") or ""
        return _clean(m.group("volume")), _clean(_ISSUE_PREFIX.sub("", issue)), _page(m.group("page") or "")
    m = _VOLUME_COLON_ISSUE.match(text)
    if m:
        return m.group(1), m.group(2), ""
    m = _VOLUME_COLON_PAGES.match(text)
    if m:
        return m.group(1), "", _page(m.group(2))
    return text, "", ""


# What follows a DOI glued on by PDF extraction: ",arXiv:...", ".URL https..", ".ISSN".
_AFTER_DOI = re.compile(
    r"(?:[,;](?=[A-Za-z])|\.(?=(?:URL|url|http|arXiv|arxiv|ISSN|ISBN|PMID|PMC|Epub|Available|doi|DOI)))\S*$"
)
# A space PDF extraction put inside a link, after a dot, slash or colon:
# "10.1371/journal. pbio.0060118", "https: //doi.org/x", "doi :10 .1007/x".
_SPACE_IN_LINK = re.compile(r"(?<=[./:])\s+(?=\w)|(?<=\w)\s+(?=[./:]\s*\w)")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)  # http://x.org/a_b


def _doi(text: str) -> str:
    """The first DOI in a text, without what PDF extraction glued to its end or put inside."""
    best = ""
    if "10" not in text:
        return best
    for candidate in (text, _SPACE_IN_LINK.sub("", text)):
        for doi, _start, _end in find_dois(candidate):
            doi = _AFTER_DOI.sub("", doi).rstrip(".")
            if _DOI_START.match(doi):
                # The joined form wins only when it extends the DOI found with spaces.
                if not best or (doi.startswith(best) and len(doi) > len(best)):
                    best = doi
                break
    return best


def _find_url(text: str) -> str:
    """The first URL in a text (spaces from PDF extraction removed), or ``""``."""
    m = _URL_IN_TEXT.search(text) or _URL_IN_TEXT.search(_SPACE_IN_LINK.sub("", text))
    return _trim_link(m.group(0)) if m else ""


# A link written without scheme or "www": "oraltradition.org/x", "nber.org/papers/w7653".
_BARE_LINK = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?:[/:?#]\S*)?$")


def _url(text: str) -> str:
    """The URL in a run labelled URL: the first link, else the run if it looks like one."""
    found = _find_url(text)
    if found:
        return found
    bare = _URL_PREFIX.sub("", _SPACES.sub("", text).strip("<>.,;"))  # "URL https : //x.org"
    return _find_url(bare) or (bare if _BARE_LINK.match(bare) else "")


def _page(text: str) -> str:
    text = _clean(text)
    if text.startswith("(") and text.endswith(")"):
        text = _clean(text[1:-1])
    text = _PAGE_PREFIX.sub("", text)
    text = _DASHES.sub("-", text)
    return _clean(text)


_YEAR_HOSTS = frozenset(
    ("title", "container-title", "volume", "publisher", "publisher-place", "note", "other", "edition")
)


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and 1500 <= int(word) <= 2099


def _repair(tokens: Sequence[Token], labels: Sequence[str]) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The labels and their runs, with two known slips mended.

    * A place between a journal and its volume ("Proc Natl Acad Sci USA 93: 1") is part of the
      journal's name when there is no publisher.
    * With no date at all, a year at the edge of another field is the date: "J. Am. Chem. Soc.
      2010, 132, 6474" (read as volume "2010, 132"), "(2011) Predictors of ..." (read as title).
    """
    fixed = _mend_roles(tokens, list(labels))
    runs = _runs(tokens, fixed)
    if "publisher" not in fixed:
        for k in range(1, len(runs) - 1):
            lab, a, b = runs[k]
            if lab == "publisher-place" and runs[k - 1][0] == "container-title" and runs[k + 1][0] in ("volume", "issue"):
                fixed[a : b + 1] = ["container-title"] * (b + 1 - a)
                runs = _runs(tokens, fixed)
                break
    if "date" not in fixed:
        for lab, a, b in runs:
            if lab not in _YEAR_HOSTS:
                continue
            words = [i for i in range(a, b + 1) if tokens[i].text.isalnum()]
            edge = [i for i in (words[:1] + words[-1:]) if _is_year(tokens[i].text)]
            if edge:
                fixed[edge[0]] = "date"
                runs = _runs(tokens, fixed)
                break
    return fixed, runs


# Words that say what the names after them did: "Translated by", "trans.", "edited by", "ed.".
_TRANSLATOR_WORDS = frozenset({"translated", "trans", "transl", "tr", "übersetzt", "traduit", "traducción"})
_EDITOR_WORDS = frozenset({"edited", "ed", "eds", "hrsg", "herausgegeben"})
_NAME_ROLES = ("editor", "translator")
_ROLE_OF_WORD = {word: "translator" for word in _TRANSLATOR_WORDS} | {word: "editor" for word in _EDITOR_WORDS}


def _mend_roles(tokens: Sequence[Token], labels: list[str]) -> list[str]:
    """Names take the role their role word states; a book title before ", ed." is the container.

    * "Translated by Joel Weinsheimer and Donald G. Marshall" read as translator "Translated by
      Joel" then editor "Weinsheimer ... Marshall": a names run with no role word of its own,
      right after a run that opens with one, takes that run's role.
    * "In: World, Mind, and Ethics, ed. J. Altham and R. Harrison" read as one editor run: when
      names follow ", ed." inside the run, what stands between "In" and ", ed." is the book.
    """
    if "editor" not in labels and "translator" not in labels:
        return labels  # nothing to mend (most entries)
    roles = _ROLE_OF_WORD
    runs = _runs(tokens, labels)
    for (lab, a, b), (nxt, c, d) in zip(runs, runs[1:]):
        if lab in _NAME_ROLES and nxt in _NAME_ROLES and lab != nxt and roles.get(tokens[a].text.lower()) == lab:
            if not any(tokens[k].text.lower() in roles for k in range(c, d + 1)):
                labels[c : d + 1] = [lab] * (d + 1 - c)
    for lab, a, b in _runs(tokens, labels):
        if lab != "editor" or tokens[a].text.lower() not in ("in", "im", "dans", "en"):
            continue
        for k in range(a + 2, b):
            after = [t for t in tokens[k + 1 : b + 1] if t.text.isalpha()]
            if tokens[k].text.lower() in _EDITOR_WORDS and tokens[k - 1].text == "," and after and after[-1].text[:1].isupper():
                if after[0].text.lower() == "by":
                    after = after[1:]
                if len(after) >= 1 and all(t.text[:1].isupper() for t in after if t.text.lower() not in ("and", "und", "et")):
                    labels[a:k] = ["container-title"] * (k - a)
                break
    return labels


def build_csl(
    text: str, tokens: Sequence[Token], labels: Sequence[str], marginal: Callable[[str, int], float]
) -> tuple[dict[str, Any], dict[str, float], dict[str, tuple[int, int]]]:
    """A CSL-JSON item, per-field confidences and character spans from token labels.

    ``marginal(label, i)`` is the probability the model gives ``label`` at token ``i``; a
    field's confidence is its mean over the field's word tokens (so a label mended by
    :func:`_repair` carries the model's doubt about it).
    """
    first: dict[str, tuple[int, int]] = {}
    every: dict[str, list[tuple[int, int]]] = {}
    labels, runs = _repair(tokens, labels)
    for lab, a, b in runs:
        if lab == "date" and not _YEAR.search(text[tokens[a].start : tokens[b].end]) and "date" in first:
            continue
        first.setdefault(lab, (a, b))
        every.setdefault(lab, []).append((a, b))
    csl: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    spans: dict[str, tuple[int, int]] = {}

    def conf(a: int, b: int) -> float:
        words = [i for i in range(a, b + 1) if tokens[i].text.isalnum()] or list(range(a, b + 1))
        if len(words) > 5:  # five tokens spread over the field stand for it (marginals cost time)
            step = (len(words) - 1) / 4
            words = [words[round(k * step)] for k in range(5)]
        return round(sum(marginal(labels[i], i) for i in words) / len(words), 3)

    def put(name: str, value: Any, run: tuple[int, int]) -> None:
        if value in (None, "", [], {}):
            return
        csl[name] = value
        confidence[name] = conf(*run)
        spans[name] = (tokens[run[0]].start, tokens[run[1]].end)

    def raw(run: tuple[int, int]) -> str:
        return text[tokens[run[0]].start : tokens[run[1]].end]

    for role in ("author", "editor", "translator"):
        if role in first:
            names = _names(raw(first[role]), role)
            if names and not truncated(names) and _ET_AL_AFTER.match(text, tokens[first[role][1]].end):
                names.append({"literal": ET_AL_LITERAL})  # "Tobin, J., et al." with "et al." read as other
            put(role, names, first[role])
    if "title" in first:
        put("title", _clean(raw(first["title"])), first["title"])
    if "container-title" in first:
        run = first["container-title"]
        put("container-title", _clean(_IN_PREFIX.sub("", _clean(raw(run)))), run)
    if "collection-title" in first:
        put("collection-title", _clean(raw(first["collection-title"])), first["collection-title"])
    for run in every.get("date", []):
        value = raw(run)
        m = _YEAR.search(value)
        if m:
            issued: dict[str, Any] = {"date-parts": [[int(m.group(1))]]}
            if m.group(2):
                issued["year-suffix"] = m.group(2)
            put("issued", issued, run)
            break
        if _NO_DATE.search(value):
            put("issued", {"literal": _clean(value)}, run)
            break
    if "volume" in first:
        volume, issue, page = _split_volume(raw(first["volume"]))
        put("volume", volume, first["volume"])
        put("issue", issue, first["volume"])
        put("page", page, first["volume"])
    if "issue" in first:
        put("issue", _clean(_ISSUE_PREFIX.sub("", _clean(raw(first["issue"])))), first["issue"])
    if "page" in first:
        put("page", _page(raw(first["page"])), first["page"])
    for name in ("publisher", "publisher-place", "edition", "ISBN"):
        if name in first:
            put(name, _clean(raw(first[name])), first[name])
    for run in every.get("URL", [])[:1]:
        url = _url(raw(run))
        resolver = _DOI_RESOLVER.match(url)
        if resolver and url[resolver.end() :].startswith("10."):
            put("DOI", _doi(url), run)
        else:
            put("URL", url, run)
    if "URL" not in csl:
        # A URL the model labelled otherwise (often as the DOI it contains).
        url = _find_url(text)
        if url and not _DOI_RESOLVER.match(url):
            csl["URL"] = url
            confidence["URL"] = 0.8
    for run in every.get("DOI", [])[:1]:
        put("DOI", _doi(raw(run)), run)
    if "DOI" not in csl:
        doi = _doi(text)
        if doi:
            csl["DOI"] = doi
            confidence["DOI"] = 0.9
    if "note" in every:
        notes = [_clean(raw(r)) for r in every["note"]]
        put("note", "; ".join(n for n in notes if n), every["note"][0])
    if "container-title" in csl and "title" not in csl and not ({"volume", "issue", "page"} & csl.keys()):
        # An edited book ("Foley (ed.), Teaching Oral Traditions, New York 1998"): what was read
        # as the container is the book's own title.
        for table in (csl, confidence, spans):
            table["title"] = table.pop("container-title")
    csl["type"] = _infer_type(csl)
    return csl, confidence, spans


def _infer_type(csl: dict[str, Any]) -> str:
    note = str(csl.get("note", ""))
    container = str(csl.get("container-title", ""))
    if _THESIS.search(note) or _THESIS.search(str(csl.get("publisher", ""))):
        return "thesis"
    if _REPORT.search(note):
        return "report"
    if container:
        if csl.get("editor") or (csl.get("publisher") and not csl.get("volume")):
            return "paper-conference" if _PROCEEDINGS.search(container) else "chapter"
        if _PROCEEDINGS.search(container):
            return "paper-conference"
        return "article-journal"
    if csl.get("publisher") or csl.get("publisher-place"):
        return "book"
    if csl.get("URL"):
        return "webpage"
    return "document"
