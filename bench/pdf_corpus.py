"""A PDF corpus with exact truth: papers compiled from LaTeX, their truth read from .aux and .bbl.

The script writes a small paper per LaTeX class and citation style (plain prose generated from word
lists, no third-party text), cites entries of a ``.bib`` it writes from real reference metadata in
``../shared/corpora`` (PLOS and eLife JATS: journal articles, books, chapters; ParsCit: proceedings,
theses, technical reports), compiles it with TeX Live in a temporary folder, and reads citeaudit's
report on the PDF against the truth:

* **references**: every entry of the ``.bbl`` in order.  A BibTeX ``.bbl`` is the printed text
  (``\\bibitem`` to ``\\bibitem``, detexed with pylatexenc); a biber ``.bbl`` is data, so its
  entry text is the printed fields (names, title, container, volume, number, pages, year,
  publisher, DOI) in that order.
* **citations**: every ``\\cite`` with its keys: from the generated source for our papers (biblatex
  writes each key to the ``.aux`` once only), from the ``.aux`` ``\\citation`` lines for the
  documents in ``../shared/realworld/tex-*``.  Truth never comes from citeaudit.

Figures, per class and overall:

* **ref F1**: an entry found by citeaudit is right when it pairs one-to-one with a truth entry whose
  text matches (:func:`entry_similarity` >= :data:`MATCH_THRESHOLD`: rapidfuzz ``ratio`` of the
  normalised texts, accents folded, case and punctuation dropped, the entry's label removed; for
  a biber ``.bbl``, the share of the truth's words found in order, since the printed text adds
  words such as "In:" and "pp." that the data does not hold).
* **cite rec**: truth citations paired with a found citation by an order-preserving alignment
  (:func:`align_citations`; a found citation pairs with one of another key only when nothing
  better is possible); **cite prec**: found citations so paired.
* **link acc**: truth citations whose paired found citation targets exactly the entry that
  matches the cited key (per ``\\cite`` group, so the order inside ``[3, 1]`` does not matter);
  **link F1** divides the same count by found citations for precision.
* **false/paper**: error + warning findings per generated paper (every paper is clean: all
  entries cited once or more, all with the fields their type requires), and per page seconds of
  citeaudit (read + audit, one process).

    python bench/pdf_corpus.py [--classes a,b] [--limit N] [--keep DIR] [--json FILE]
                               [--jobs N] [--no-realworld] [--list]

The script installs nothing: a class whose files are missing is skipped with the Debian package
that holds them, and without ``pdflatex`` it prints what to install and exits 0.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

#: A found entry is the truth entry when their similarity reaches this (0-100).
MATCH_THRESHOLD = 90.0

TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-publishers texlive-bibtex-extra biber"
#: acl.sty and acl_natbib.bst are in no TeX Live package: where to put them by hand.
ACL_INSTALL = ("no package has them; copy latex/acl.sty and latex/acl_natbib.bst of github.com/acl-org/acl-style-files "
               "to $(kpsewhich -var-value TEXMFHOME)/tex/latex/acl/acl.sty and "
               "$(kpsewhich -var-value TEXMFHOME)/bibtex/bst/acl/acl_natbib.bst")

# --------------------------------------------------------------------------------------------
# Reference metadata from ../shared/corpora


@dataclass(frozen=True, slots=True)
class Record:
    """One reference's metadata, ready to be written as a BibTeX entry."""

    kind: str  # BibTeX entry type
    authors: tuple[tuple[str, str], ...]  # (family, given)
    title: str
    year: str
    fields: tuple[tuple[str, str], ...] = ()
    source: str = ""


def _clean(text: str | None) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text.strip(" .,;:")


def _given(given: str) -> str:
    """PLOS and eLife write initials run together ("AF"): spell them as "A. F."."""
    if re.fullmatch(r"[A-Z]{1,4}", given):
        return " ".join(f"{c}." for c in given)
    return given


def _jats_names(container: ET.Element) -> list[tuple[str, str]] | None:
    """Authors before the title (PLOS) or in the author person-group (eLife); None: unusable."""
    names: list[tuple[str, str]] = []
    for child in container:
        tag = child.tag
        if tag in ("article-title", "chapter-title", "source"):
            break
        groups = [child] if tag == "person-group" and child.get("person-group-type", "author") == "author" else []
        members = [child] if tag == "name" else [n for g in groups for n in g if n.tag in ("name", "collab", "etal")]
        for name in members:
            if name.tag != "name":
                return None
            family, given = _clean(name.findtext("surname")), _clean(name.findtext("given-names"))
            if not family or not given:
                return None
            names.append((family, _given(given)))
        if tag in ("collab", "etal"):
            return None
    return names or None


def _jats_record(citation: ET.Element, source: str) -> Record | None:
    kind = citation.get("publication-type")
    names = _jats_names(citation)
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", citation.findtext("year") or "")
    if not names or not year:
        return None
    get = lambda tag: _clean("".join(citation.find(tag).itertext())) if citation.find(tag) is not None else ""  # noqa: E731
    first, last = get("fpage"), get("lpage")
    if first and last and last.isdigit() and first.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # "1032-9" is 1032-1039
    pages = f"{first}--{last}" if first and last else first
    doi = next((_clean(e.text) for e in citation.iter("pub-id") if e.get("pub-id-type") == "doi"), "")
    if kind == "journal":
        if not (get("article-title") and get("source") and get("volume") and pages):
            return None
        fields = [("journal", get("source")), ("volume", get("volume")), ("number", get("issue")), ("pages", pages)]
        fields.append(("doi", doi))
        return Record("article", tuple(names), get("article-title"), year.group(), _nonempty(fields), source)
    if kind == "book" and get("publisher-name"):
        common = [("publisher", get("publisher-name")), ("address", get("publisher-loc"))]
        if get("chapter-title") and get("source") and pages:
            fields = [("booktitle", get("source")), *common, ("pages", pages)]
            return Record("incollection", tuple(names), get("chapter-title"), year.group(), _nonempty(fields), source)
        if get("source") and not get("chapter-title"):
            return Record("book", tuple(names), get("source"), year.group(), _nonempty(common), source)
    return None


def _nonempty(fields: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in fields if v)


def load_jats(corpora: Path) -> list[Record]:
    records = []
    for path in sorted(glob.glob(str(corpora / "plos-jats" / "*.xml")) + glob.glob(str(corpora / "elife-jats" / "*.xml"))):
        for ref in ET.parse(path).getroot().iter("ref"):
            for citation in ref:
                if citation.tag in ("mixed-citation", "element-citation"):
                    record = _jats_record(citation, Path(path).name)
                    if record is not None:
                        records.append(record)
    return records


PARSCIT_TAG = re.compile(r"<(\w+)>\s*(.*?)\s*</\1>")  # "<title> Fast analysis. </title>"
INITIALS = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*\s*)+$")  # "J. M." / "W.-P."
# A surname that is only initials: "A.C", "S", "J.M." (the record put the given name last)
SWAPPED_NAME = re.compile(r"(?:[A-Z]\.?-?){1,3}")


def parscit_names(text: str) -> list[tuple[str, str]] | None:
    """ "A. Cau, R. Kuiper, and W.-P. de Roever." or "Lucassen, J. M." -> [(family, given)]."""
    text = _clean(text)
    if re.search(r"et al|[0-9()\[\]]", text):
        return None
    inverted = re.fullmatch(r"([^,]+), ((?:[A-Z]\.\s*)+)", text)
    if inverted:
        return [(inverted.group(1).strip(), inverted.group(2).strip())]
    names = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text):
        words = part.split()
        if len(words) < 2:
            return None
        cut = len(words) - 1
        while cut > 1 and words[cut - 1][:1].islower():  # "de Roever"
            cut -= 1
        given, family = " ".join(words[:cut]), " ".join(words[cut:])
        if not re.fullmatch(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*", given) or not family[-1:].isalpha():
            return None
        if SWAPPED_NAME.fullmatch(family.split()[-1]):
            return None  # "YAO A.C", "Kripalani S": initials where the surname goes, a record's error
        names.append((family, given))
    return names or None


def load_parscit(corpora: Path) -> list[Record]:
    records = []
    for path in sorted(glob.glob(str(corpora / "parscit" / "*.tagged.txt"))):
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            tags = defaultdict(list)
            for tag, value in PARSCIT_TAG.findall(line):
                tags[tag].append(value)
            if len(tags["author"]) != 1 or len(tags["title"]) != 1:
                continue
            names = parscit_names(tags["author"][0])
            year = re.search(r"\b(19[5-9]\d|20[0-2]\d)\b", " ".join(tags["date"]))
            title = _clean(tags["title"][0]).strip("`'\"‘’“” ,")
            if not names or not year or len(title) < 12 or re.search(r"[{}\\$]", title):
                continue
            booktitle = _clean(re.sub(r"^In\s+", "", " ".join(tags["booktitle"])))
            tech = " ".join(tags["tech"])
            institution = _clean(tags["institution"][-1]) if tags["institution"] else ""
            pages = re.sub(r"^pp?\.\s*|\s", "", _clean(" ".join(tags["pages"]))).replace("-", "--")
            pages = pages if re.fullmatch(r"\d+(?:-+\d+)?", pages) else ""
            address = _clean(" ".join(tags["location"]))
            common = (names, title, year.group())
            if re.search(r"thesis", line, re.I) and institution:
                kind = "phdthesis" if re.search(r"ph\.?\s*d", line, re.I) else "mastersthesis"
                records.append(Record(kind, tuple(names), title, year.group(), _nonempty([("school", institution), ("address", address)]), Path(path).name))
            elif re.search(r"techn?i?c?a?l?\.? rep", tech, re.I) and institution:
                number = re.search(r"([A-Z][\w/.-]*\d[\w/.-]*)\W*$", tech)
                fields = [("institution", institution), ("number", number.group(1).rstrip(".") if number else ""), ("address", address)]
                records.append(Record("techreport", tuple(names), title, year.group(), _nonempty(fields), Path(path).name))
            elif re.search(r"Proc|Conference|Workshop|Symposium", booktitle) and not tags["journal"]:
                fields = [("booktitle", booktitle), ("pages", pages), ("address", address), ("publisher", _clean(" ".join(tags["publisher"])))]
                records.append(Record("inproceedings", tuple(names), title, year.group(), _nonempty(fields), Path(path).name))
            del common
    return records


# --------------------------------------------------------------------------------------------
# BibTeX


class Untypeable(ValueError):
    """A character with no LaTeX spelling we trust in every class."""


ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c ", "\u030c": "v ",
           "\u0306": "u ", "\u0304": "=", "\u0307": ".", "\u030b": "H ", "\u030a": "r ", "\u0328": "k "}  # fmt: skip
LETTERS = {"ø": r"\o", "Ø": r"\O", "ß": r"\ss", "ł": r"\l", "Ł": r"\L", "æ": r"\ae", "Æ": r"\AE", "œ": r"\oe",
           "å": r"\aa", "Å": r"\AA", "ı": r"\i", "đ": r"\dj", "‐": "-", "‑": "-", "–": "--", "—": "---",
           "’": "'", "‘": "`", "“": "``", "”": "''", "\u00a0": "~", "&": r"\&", "%": r"\%", "$": r"\$",
           "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
           ">": r"\textgreater{}", "×": r"$\times$", "±": r"$\pm$", "°": r"$^\circ$"}  # fmt: skip


def tex(text: str) -> str:
    """Plain text as LaTeX an 8-bit BibTeX and every class read alike (accents as commands)."""
    out = []
    for char in text:
        if char in LETTERS:
            out.append("{" + LETTERS[char] + "}" if char.isalpha() else LETTERS[char])
        elif char in "{}\\":
            raise Untypeable(char)
        elif ord(char) < 128:
            out.append(char)
        else:
            base, *marks = unicodedata.normalize("NFD", char)
            if len(marks) != 1 or marks[0] not in ACCENTS or ord(base) > 127:
                raise Untypeable(char)
            out.append("{\\" + ACCENTS[marks[0]] + base + "}")
    return "".join(out)


def bib_key(record: Record, taken: set[str]) -> str:
    from anyascii import anyascii

    stem = re.sub(r"[^a-z]", "", anyascii(record.authors[0][0]).lower())[:12] or "anon"
    key, n = f"{stem}{record.year}", 0
    while key in taken:
        n += 1
        key = f"{stem}{record.year}{chr(96 + n)}"
    taken.add(key)
    return key


def bib_entry(record: Record, key: str) -> str:
    """One BibTeX entry (raises Untypeable for a character we would rather not risk)."""
    names = " and ".join(f"{tex(family)}, {tex(given)}" for family, given in record.authors)
    lines = [f"@{record.kind}{{{key},", f"  author = {{{names}}},", f"  title = {{{tex(record.title)}}},"]
    for name, value in record.fields:
        lines.append(f"  {name} = {{{value if name == 'doi' else tex(value)}}},")
    lines.append(f"  year = {{{record.year}}},")
    return "\n".join(lines) + "\n}\n"


# --------------------------------------------------------------------------------------------
# Classes and citation styles


@dataclass(frozen=True, slots=True)
class Style:
    """A document class with one bibliography style: how to write, compile and cite."""

    name: str
    documentclass: str
    preamble: str = ""
    backend: str = "bibtex"  # or "biber"
    bst: str = ""  # BibTeX style; biber: the biblatex options
    cite: str = "numeric"  # numeric | authoryear | super
    front: str = "article"  # how the title block is written
    needs: tuple[str, ...] = ()  # files kpsewhich must find
    package: str = "texlive-latex-base"
    hyperref: str = "optional"  # optional | always (the class loads it) | never
    sorted_groups: bool = True  # numbers inside one \cite are printed sorted


STYLES = (
    Style("article-1col", r"\documentclass[11pt]{article}", r"\usepackage{cite}", bst="plain", needs=("cite.sty",)),
    Style("article-2col", r"\documentclass[10pt,twocolumn]{article}", "\\usepackage[T1]{fontenc}\n\\usepackage{mathptmx}\n\\usepackage{cite}", bst="unsrt", needs=("cite.sty", "mathptmx.sty")),
    Style("ieeetran", r"\documentclass[conference]{IEEEtran}", r"\usepackage{cite}", bst="IEEEtran", front="ieee", needs=("IEEEtran.cls", "IEEEtran.bst"), package="texlive-publishers"),
    Style("acmart-sigconf", r"\documentclass[sigconf,nonacm]{acmart}", "", bst="ACM-Reference-Format", front="acm", needs=("acmart.cls", "libertine.sty", "newtxmath.sty", "zi4.sty"), package="texlive-publishers texlive-fonts-extra", hyperref="always"),
    Style("llncs", r"\documentclass{llncs}", r"\usepackage{cite}", bst="splncs04", front="llncs", needs=("llncs.cls", "splncs04.bst"), package="texlive-publishers"),
    Style("elsarticle", r"\documentclass[preprint,12pt]{elsarticle}", r"\biboptions{sort&compress}", bst="elsarticle-num", front="elsarticle", needs=("elsarticle.cls", "elsarticle-num.bst"), package="texlive-publishers"),
    Style("revtex4-2", r"\documentclass[aps,prb,reprint,longbibliography]{revtex4-2}", "", bst="", front="revtex", needs=("revtex4-2.cls", "apsrev4-2.bst"), package="texlive-publishers"),
    Style("amsart", r"\documentclass{amsart}", r"\usepackage{cite}", bst="amsplain", front="ams", needs=("amsart.cls", "amsplain.bst", "cite.sty")),
    # acl.sty writes \bibliographystyle{acl_natbib} itself (a second one is a BibTeX error) and loads hyperref
    # unless told "nohyperref"; the +hyperref build loads it after, as for the other classes.
    Style("acl", r"\documentclass[11pt]{article}", r"\usepackage[nohyperref]{acl}", bst="", cite="authoryear", needs=("acl.sty", "acl_natbib.bst"), package=ACL_INSTALL, sorted_groups=False),
    Style("natbib-authoryear", r"\documentclass[11pt]{article}", r"\usepackage[authoryear,round]{natbib}", bst="plainnat", cite="authoryear", sorted_groups=False),
    Style("natbib-numeric", r"\documentclass[11pt]{article}", r"\usepackage[numbers,sort&compress]{natbib}", bst="plainnat"),
    Style("natbib-super", r"\documentclass[11pt]{article}", r"\usepackage[super,sort&compress]{natbib}", bst="unsrtnat", cite="super"),
    Style("biblatex-numeric-comp", r"\documentclass[11pt]{article}", "style=numeric-comp", backend="biber", needs=("biblatex.sty",), package="texlive-bibtex-extra biber"),
    Style("biblatex-authoryear", r"\documentclass[11pt]{article}", "style=authoryear,maxcitenames=2,uniquename=false,uniquelist=false", backend="biber", cite="authoryear", needs=("biblatex.sty",), package="texlive-bibtex-extra biber", sorted_groups=False),
    Style("biblatex-super", r"\documentclass[11pt]{article}", "style=numeric-comp", backend="biber", cite="super", needs=("biblatex.sty",), package="texlive-bibtex-extra biber"),
)  # fmt: skip


def missing_files(style: Style) -> list[str]:
    wanted = list(dict.fromkeys([*style.needs, *([f"{style.bst}.bst"] if style.backend == "bibtex" and style.bst else [])]))
    found = subprocess.run(["kpsewhich", *wanted], capture_output=True, text=True).stdout.split()
    have = {Path(p).name for p in found}
    return [w for w in wanted if w not in have]


# --------------------------------------------------------------------------------------------
# Papers

NOUNS = ("model", "method", "sample", "signal", "network", "protocol", "estimate", "measure", "process", "system",
         "pattern", "response", "structure", "variable", "boundary", "gradient", "cohort", "channel", "layer",
         "kernel", "surface", "sequence", "density", "pathway", "interval", "region", "cluster", "factor",
         "threshold", "baseline", "framework", "constraint", "observation", "mechanism", "component")  # fmt: skip
ADJECTIVES = ("robust", "sparse", "linear", "stable", "adaptive", "local", "global", "noisy", "simple", "large",
              "small", "hidden", "partial", "dense", "early", "recent", "careful", "general", "direct", "joint")  # fmt: skip
VERBS = ("improves", "explains", "reduces", "predicts", "describes", "limits", "extends", "supports", "changes",
         "controls", "follows", "reveals", "affects", "precedes", "matches", "replaces")  # fmt: skip
OPENERS = ("In this work", "In contrast", "As a result", "For this reason", "In practice", "Taken together",
           "On the other hand", "At the same time", "In most cases", "To our knowledge")  # fmt: skip
SECTIONS = ("Introduction", "Related Work", "Materials and Methods", "Results", "Discussion", "Conclusion")


def sentence(rng: random.Random) -> str:
    n1, n2, n3 = rng.sample(NOUNS, 3)
    a1, a2 = rng.sample(ADJECTIVES, 2)
    shapes = (
        f"The {a1} {n1} {rng.choice(VERBS)} the {n2} of each {a2} {n3}",
        f"{rng.choice(OPENERS)}, a {a1} {n1} {rng.choice(VERBS)} the {n2}",
        f"We find that the {n1} {rng.choice(VERBS)} a {a1} {n2} in the {a2} {n3}",
        f"Each {n1} {rng.choice(VERBS)} its {a1} {n2}, and the {n3} stays {a2}",
    )
    return rng.choice(shapes)


@dataclass
class Paper:
    """A generated paper: its LaTeX, .bib and the citations it makes (keys per \\cite, in order)."""

    style: Style
    hyperref: bool
    tex: str
    bib: str
    groups: list[list[str]] = field(default_factory=list)
    copy: int = 0  # which of the class's papers

    @property
    def name(self) -> str:
        return f"{self.style.name}-{self.copy + 1}{'+hyperref' if self.hyperref else ''}"


def pick_records(records: list[Record], rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` records of several types, as (key, BibTeX entry) pairs."""
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    share = {"article": 0.5, "book": 0.1, "incollection": 0.08, "inproceedings": 0.16, "techreport": 0.08, "phdthesis": 0.08}
    chosen: list[tuple[str, str]] = []
    taken: set[str] = set()
    seen: set[int] = set()

    def take(pool: list[Record], want: int) -> None:
        for record in rng.sample(pool, min(want * 3, len(pool))):
            if want == 0 or len(chosen) >= count:
                return
            if id(record) in seen:
                continue
            key = bib_key(record, set(taken))
            try:
                entry = bib_entry(record, key)
            except Untypeable:
                continue
            seen.add(id(record))
            taken.add(key)
            chosen.append((key, entry))
            want -= 1

    for kind, part in share.items():
        if by_kind.get(kind):
            take(by_kind[kind], max(1, round(count * part)))
    if len(chosen) < count:  # a type the corpora lack: journal articles instead
        take(records, count - len(chosen))
    rng.shuffle(chosen)
    return chosen[:count]


def cite_command(style: Style, keys: list[str], rng: random.Random, sentence_text: str) -> str:
    """The sentence with one citation of ``keys`` in the form the style uses."""
    joined = ",".join(keys)
    if style.cite == "super":
        macro = r"\supercite" if style.backend == "biber" else r"\cite"
        return f"{sentence_text}{macro}{{{joined}}}."
    if style.cite == "authoryear":
        textual = r"\textcite" if style.backend == "biber" else r"\citet"
        paren = r"\parencite" if style.backend == "biber" else r"\citep"
        if len(keys) == 1 and rng.random() < 0.35:
            return f"As {textual}{{{joined}}} report, {sentence_text[0].lower()}{sentence_text[1:]}."
        return f"{sentence_text} {paren}{{{joined}}}."
    return f"{sentence_text}~\\cite{{{joined}}}."


def generate_paper(
    style: Style, hyperref: bool, records: list[Record], seed: int, references: int = 28, appendix: bool = False
) -> Paper:
    """A clean paper: every entry cited at least once, no citation in a float or footnote.

    ``appendix``: an appendix of prose follows the reference list (where the list must end).
    """
    rng = random.Random(seed)
    chosen = pick_records(records, rng, references)
    keys = [key for key, _ in chosen]
    uncited = list(keys)
    cited: list[str] = []
    groups: list[list[str]] = []
    body = []
    for number, heading in enumerate(SECTIONS):
        body.append(f"\\section{{{heading}}}")
        for _ in range(3 if heading not in ("Conclusion",) else 1):
            sentences = []
            for _ in range(rng.randint(4, 7)):
                text = sentence(rng)
                if rng.random() < 0.45 and (uncited or cited):
                    size = rng.choice((1, 1, 1, 2, 2, 3, 4))
                    if uncited and (not cited or rng.random() < 0.75):
                        group = [uncited.pop(0) for _ in range(min(size, len(uncited)))]
                    else:  # cite again what was cited before
                        group = rng.sample(cited, min(size, len(cited)))
                    cited.extend(group if group[0] not in cited else [])
                    groups.append(group)
                    sentences.append(cite_command(style, group, rng, text))
                else:
                    sentences.append(text + ".")
                if rng.random() < 0.08:
                    sentences.append(f"The error falls as $n^{{-1/2}}$ and stays below $10^{{{rng.randint(2, 9)}}}$ runs.")
            body.append(" ".join(sentences) + "\n")
        if number == 0:  # a footnote: its marker is no citation, its text no entry
            body[-1] = body[-1].rstrip("\n") + "\\footnote{The data and the code are available from the authors on request.}\n"
        if number == 2:
            body.append(FIGURE)
        if number == 3:
            body.append(results_table(rng))
    while uncited:  # the last paragraph cites what is left
        group = [uncited.pop(0) for _ in range(min(3, len(uncited)))]
        cited.extend(group)
        groups.append(group)
        body.append(cite_command(style, group, rng, sentence(rng)))
    after = ""
    if appendix:
        paragraphs = "\n\n".join(" ".join(sentence(rng) + "." for _ in range(6)) for _ in range(3))
        after = f"\\appendix\n\\section{{Derivation of the estimates}}\n{paragraphs}\n"
    text = document(style, hyperref, "\n".join(body), rng, after)
    bib = "\n".join(entry for _, entry in chosen)
    return Paper(style, hyperref, text, bib, groups)


def results_table(rng: random.Random) -> str:
    rows = "\n".join(
        f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} & {rng.randint(10, 99)}.{rng.randint(0, 9)} & {rng.randint(1, 9)}.{rng.randint(10, 99)} \\\\"
        for _ in range(4)
    )
    return (
        "\\begin{table}[t]\\centering\n\\caption{Scores of each variant on the held-out runs.}\n"
        f"\\begin{{tabular}}{{lrr}}\\hline\nVariant & Score & Spread \\\\ \\hline\n{rows}\n\\hline\\end{{tabular}}\n\\end{{table}}\n"
    )


FIGURE = (
    "\\begin{figure}[t]\\centering\n\\fbox{\\parbox[c][3cm][c]{0.8\\linewidth}{\\centering a plot of the scores}}\n"
    "\\caption{Scores of the variants over ten runs; the bars show one standard deviation.}\n\\end{figure}\n"
)
TITLE = "A {adj} {noun} for {adj2} {noun2} estimation"
AUTHORS = (("Ana", "Pereira", "Universidade do Minho"), ("Jonas", "Lindqvist", "Lund University"))


def document(style: Style, hyperref: bool, body: str, rng: random.Random, after: str = "") -> str:
    title = TITLE.format(adj=rng.choice(ADJECTIVES).capitalize(), noun=rng.choice(NOUNS), adj2=rng.choice(ADJECTIVES), noun2=rng.choice(NOUNS))
    abstract = " ".join(sentence(rng) + "." for _ in range(4))
    preamble = [style.documentclass]
    if style.backend == "biber":
        preamble.append(f"\\usepackage[backend=biber,{style.preamble},maxbibnames=99,giveninits=false]{{biblatex}}")
        preamble.append(r"\addbibresource{refs.bib}")
    elif style.preamble:
        preamble.append(style.preamble)
    if hyperref and style.hyperref == "optional":
        preamble.append(r"\usepackage{hyperref}")
    names = [f"{first} {last}" for first, last, _ in AUTHORS]
    places = [place for _, _, place in AUTHORS]
    joined = r" \and ".join(names)
    front = {
        "article": f"\\title{{{title}}}\n\\author{{{joined}}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}",
        "ieee": f"\\begin{{document}}\n\\title{{{title}}}\n\\author{{\\IEEEauthorblockN{{{names[0]}}}\\IEEEauthorblockA{{{places[0]}}}\n\\and\n\\IEEEauthorblockN{{{names[1]}}}\\IEEEauthorblockA{{{places[1]}}}}}\n\\maketitle\n\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}",
        "acm": f"\\begin{{document}}\n\\title{{{title}}}\n" + "".join(f"\\author{{{n}}}\\affiliation{{\\institution{{{p}}}\\country{{Sweden}}}}\n" for n, p in zip(names, places)) + f"\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}\n\\maketitle",
        "llncs": f"\\begin{{document}}\n\\title{{{title}}}\n\\author{{{names[0]}\\inst{{1}} \\and {names[1]}\\inst{{2}}}}\n\\institute{{{places[0]} \\and {places[1]}}}\n\\maketitle\n\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}",
        "elsarticle": f"\\begin{{document}}\n\\begin{{frontmatter}}\n\\title{{{title}}}\n" + "".join(f"\\author{{{n}}}\n" for n in names) + f"\\address{{{places[0]}}}\n\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}\n\\end{{frontmatter}}",
        "revtex": f"\\begin{{document}}\n\\title{{{title}}}\n" + "".join(f"\\author{{{n}}}\\affiliation{{{p}}}\n" for n, p in zip(names, places)) + f"\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}\n\\maketitle",
        "ams": f"\\begin{{document}}\n\\title{{{title}}}\n" + "".join(f"\\author{{{n}}}\\address{{{p}}}\n" for n, p in zip(names, places)) + f"\\begin{{abstract}}\n{abstract}\n\\end{{abstract}}\n\\maketitle",
    }[style.front]
    if style.backend == "biber":
        back = r"\printbibliography"
    elif style.bst:
        back = f"\\bibliographystyle{{{style.bst}}}\n\\bibliography{{refs}}"
    else:
        back = r"\bibliography{refs}"
    return "\n".join(preamble) + "\n" + front + "\n" + body + "\n" + back + "\n" + after + "\\end{document}\n"


# --------------------------------------------------------------------------------------------
# Compiling


def run_tex(command: list[str], folder: Path, timeout: float = 180) -> tuple[bool, str]:
    try:
        proc = subprocess.run(command, cwd=folder, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"{command[0]}: timed out after {timeout:.0f} s"
    return proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]


def compile_latex(folder: Path, main: str, backend: str, strict: bool = True) -> tuple[Path | None, str]:
    """pdflatex, bibtex or biber, pdflatex twice: the PDF, or None and the log's last error."""
    latex = ["pdflatex", "-interaction=nonstopmode", *(["-halt-on-error"] if strict else []), main]
    stem = Path(main).stem
    ok, log = run_tex(latex, folder)
    if not ok and (strict or MISSING_FILE.search(log)):
        return None, _first_error(log)
    if backend == "biber" or "\\abx@aux" in _read(folder / f"{stem}.aux"):
        ok, log = run_tex(["biber", stem], folder)
    else:
        ok, log = run_tex(["bibtex", stem], folder)
    if not ok and strict:
        return None, _first_error(log)
    for _ in range(2):
        ok, log = run_tex(latex, folder)
    pdf = folder / f"{stem}.pdf"
    if (not ok and strict) or not pdf.exists():
        return None, _first_error(log)
    return pdf, "" if ok else _first_error(log)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


#: Where files that a default TeX Live install on Debian lacks are (say which package to install).
FILE_PACKAGES = {"beramono.sty": "texlive-fonts-extra", "eulervm.sty": "texlive-fonts-extra", "libertine.sty": "texlive-fonts-extra",
                 "newtxmath.sty": "texlive-fonts-extra", "zi4.sty": "texlive-fonts-extra",
                 "inconsolata.sty": "texlive-fonts-extra", "lmodern.sty": "lmodern", "ulem.sty": "texlive-plain-generic"}  # fmt: skip
#: Packages that only choose a font: a real document that loads one builds without it.
FONT_ONLY = frozenset({"beramono.sty", "eulervm.sty", "inconsolata.sty", "zi4.sty", "libertine.sty"})
MISSING_FILE = re.compile(r"File `([^']+)' not found")  # ! LaTeX Error: File `beramono.sty' not found.


def _first_error(log: str) -> str:
    for line in log.splitlines():
        if line.startswith("!") or "ERROR" in line or "error" in line.lower():
            missing = MISSING_FILE.search(line)
            if missing and missing.group(1) in FILE_PACKAGES:
                line = f"{line.strip()} (Debian: {FILE_PACKAGES[missing.group(1)]})"
            return line.strip()[:160]
    return (log.strip().splitlines() or ["failed"])[-1][:160]


# --------------------------------------------------------------------------------------------
# Truth from .aux and .bbl


@dataclass(frozen=True, slots=True)
class TruthEntry:
    key: str
    text: str
    printed: bool  # text is the printed entry (BibTeX .bbl), not a list of biber's fields


AUX_CITATION = re.compile(r"\\citation\{([^{}]*)\}")  # \citation{smith2001,doe2003}
CONTROL_KEY = re.compile(r"(?:REVTEX|apsrev|aip)\w*Control")  # revtex's hidden style entries
NOTE_KEY = re.compile(r"Note\d+")  # a footnote revtex sets as an entry of the reference list ("Note1")
NOCITE = re.compile(r"\\nocite\s*\{([^{}]*)\}")  # \nocite{a,b}: LaTeX writes it to the .aux as a \citation
BIBITEM = re.compile(r"\\bibitem(?![a-zA-Z])")  # where an entry starts; _bibitem_at reads its label and key


def aux_citations(aux: str) -> list[list[str]]:
    """Keys of each \\cite, in the order LaTeX wrote them (``\\nocite{*}`` and revtex's control left out)."""
    groups = []
    for keys in AUX_CITATION.findall(aux):
        group = [k.strip() for k in keys.split(",") if k.strip() and k.strip() != "*" and not CONTROL_KEY.fullmatch(k.strip())]
        if group:
            groups.append(group)
    return groups


def _detex(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    latex = re.sub(r"(?<!\\)%[^\n]*", "", latex)
    latex = re.sub(r"\\(?:newblock|BibitemShut\s*\{[^{}]*\}|BibitemOpen|providecommand|bibAnnoteFile\s*\{[^{}]*\}|natexlab\s*\{[^{}]*\})", " ", latex)
    latex = re.sub(r"\\(?:urlprefix|doiprefix|EOS|space|bibnamedelim[a-z]|bibinitdelim)\b", " ", latex)
    latex = re.sub(r"\\hskip[^\\]*\\relax|\\penalty\s*-?\d+", " ", latex)  # IEEEtran's "\hskip 1em plus 0.5em minus 0.4em\relax"
    latex = re.sub(r"\\href@noop\s*\{\}|\\[a-zA-Z]+@[a-zA-Z@]*", " ", latex)  # revtex's \href@noop {}
    latex = re.sub(r"\\(?:bibinfo|bibfield)\s*\{[^{}]*\}", "", latex)  # \bibinfo{title}{...}: keep the value
    latex = re.sub(r"\\(?:Eprint|href)\s*\{[^{}]*\}", "", latex)  # \href{url}{shown}: keep what is shown
    latex = re.sub(r"\\(?:url|path|doi|nolinkurl)\s*\{([^{}]*)\}", r" \1 ", latex)
    try:
        text = LatexNodes2Text(math_mode="text", keep_comments=False).latex_to_text(latex)
    except Exception as exc:  # pylatexenc raises several types on odd input; the raw text is still truth
        print(f"  detex: {type(exc).__name__}: {exc}", file=sys.stderr)
        text = re.sub(r"\\[a-zA-Z]+|[{}]", "", latex)
    return re.sub(r"\s+", " ", text).strip()


def bbl_entries(bbl: str) -> list[TruthEntry]:
    """Entries of a ``.bbl`` in order: printed text (BibTeX) or field values (biber)."""
    if "\\entry{" in bbl:
        return _biber_entries(bbl)
    body = bbl.split("\\end{thebibliography}")[0]
    items = [item for item in map(lambda m: _bibitem_at(body, m.start()), BIBITEM.finditer(body)) if item]
    entries = []
    for (start, end, key), after in zip(items, [*items[1:], None]):
        raw = body[end : after[0] if after else len(body)]
        if CONTROL_KEY.fullmatch(key) or not raw.strip():
            continue
        entries.append(TruthEntry(key, _detex(raw), True))
    return entries


# The key after a \bibitem's label, a comment between allowed (ACM's "\bibitem[Adve(1996)]%" / "{adve1996}")
BIBITEM_KEY = re.compile(r"(?:\s|%[^\n]*+\n)*+\{([^{}]+)\}")


def _bibitem_at(text: str, start: int) -> tuple[int, int, str] | None:
    """``\\bibitem[label]{key}`` at ``start``: (start, end, key); the label may nest braces deeply."""
    at = start + len("\\bibitem")
    while at < len(text) and text[at].isspace():
        at += 1
    if text.startswith("[", at):
        depth = 0
        while at < len(text):
            char = text[at]
            depth += {"{": 1, "}": -1}.get(char, 0)
            at += 1
            if char == "]" and depth == 0:
                break
    key = BIBITEM_KEY.match(text, at)
    return (start, key.end(), key.group(1).strip()) if key else None


BIBER_ENTRY = re.compile(r"\\entry\{([^{}]+)\}\{(\w+)\}.*?\\endentry", re.S)
BIBER_FIELD = re.compile(r"\\(?:field|strng)\{(\w+)\}\{((?:[^{}]|\{[^{}]*\})*)\}")  # \field{title}{A {DNA} atlas}
BIBER_LIST = re.compile(r"\\list\{(\w+)\}\{\d+\}\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")  # \list{publisher}{1}{{MIT}}
BIBER_NAME = re.compile(r"\{\{[^{}]*\}\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}\}")
BIBER_VERB = re.compile(r"\\verb\{(\w+)\}\s*\\verb ([^\n]*?)\s*\\endverb")  # \verb{doi} \verb 10.1/x \endverb
NAME_PART = re.compile(r"(family|given|prefix|suffix)=\{((?:[^{}]|\{[^{}]*\})*)\}")
BIBER_ORDER = ("title", "booktitle", "journaltitle", "volume", "number", "institution", "school", "publisher", "location",
               "year", "pages", "doi")  # fmt: skip


def _biber_entries(bbl: str) -> list[TruthEntry]:
    entries = []
    for match in BIBER_ENTRY.finditer(bbl):
        block = match.group(0)
        names = []
        author = re.search(r"\\name\{author\}\{\d+\}\{\}\{%?(.*?)\n\s*\}\s*\n", block, re.S)
        for name in BIBER_NAME.findall(author.group(1) if author else ""):
            parts = dict(NAME_PART.findall(name))
            names.append(" ".join(p for p in (parts.get("given", ""), parts.get("prefix", ""), parts.get("family", "")) if p))
        values = dict(BIBER_FIELD.findall(block))
        values.update(BIBER_VERB.findall(block))
        for name, items in BIBER_LIST.findall(block):
            values[name] = " and ".join(re.findall(r"\{((?:[^{}]|\{[^{}]*\})*)\}", items))
        if "pages" not in values and "pages" in block:
            pass
        text = ", ".join(names) + ". " + ". ".join(values[f] for f in BIBER_ORDER if values.get(f))
        entries.append(TruthEntry(match.group(1), _detex(text.replace("\\bibrangedash", "--").replace("\\bibinitperiod", ".")), False))
    return entries


# --------------------------------------------------------------------------------------------
# Scoring


#: hyperref's backref adds "(Cited on pp. 2, 3, and 11)" to each printed entry, after the .bbl.
BACKREF = re.compile(r"\s*\((?:Cited on|cit\. on) (?:pages?|pp?\.)[^()]*\)\s*$")


def normalise(text: str) -> str:
    """Accents folded, lower case, letters and digits only (so a word broken at a line end is
    whole again); a leading label ("[12]", "12.") and a trailing backref list dropped."""
    text = re.sub(r"^\s*(?:\[[^\]]{1,12}\]|\d{1,4}[.)]?)\s+", "", text)
    text = BACKREF.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text)
    return re.findall(r"[a-z0-9]+", "".join(c for c in text.lower() if not unicodedata.combining(c)))


def entry_similarity(found: str, truth: TruthEntry) -> float:
    """0-100: how well a found entry's text matches a truth entry (see the module docstring)."""
    from rapidfuzz import fuzz

    a, b = normalise(found), normalise(truth.text)
    if truth.printed:
        return fuzz.ratio(a, b)
    # Biber's .bbl holds fields, not the printed text: every word of the fields must be in the
    # entry, and the entry may be little longer than the fields (the style adds "In:", "pp.").
    wanted = [w for w in _words(truth.text) if len(w) > 1]
    if not wanted or not a:
        return 0.0
    covered = sum(1 for w in wanted if w in a) / len(wanted)
    length = len(a) / max(1, len(b))
    return 100.0 * covered * (1.0 if 0.8 <= length <= 1.3 else min(length, 1 / length))


def pair_references(found: list[str], truth: list[TruthEntry]) -> dict[int, int]:
    """One-to-one pairs found index -> truth index, best similarity first, at or above the threshold."""
    scores = []
    for i, text in enumerate(found):
        for j, entry in enumerate(truth):
            score = entry_similarity(text, entry)
            if score >= MATCH_THRESHOLD:
                scores.append((score, -abs(i - j), i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in sorted(scores, reverse=True):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def align_citations(truth: list[tuple[int, str]], found: list[str | None]) -> list[tuple[int, int]]:
    """Order-preserving alignment of truth citations (group, key) and found ones (key or None).

    A pair scores 2 when the found key is in the truth citation's group (so the order inside one
    ``\\cite`` does not count), 1 otherwise; the alignment with the highest total is kept.
    """
    groups: dict[int, set[str]] = defaultdict(set)
    for group, key in truth:
        groups[group].add(key)
    n, m = len(truth), len(found)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = 2 if found[j] in groups[truth[i][0]] else 1
            best[i][j] = max(best[i + 1][j], best[i][j + 1], pair + best[i + 1][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        pair = 2 if found[j] in groups[truth[i][0]] else 1
        if best[i][j] == pair + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def score_report(report: dict, truth_refs: list[TruthEntry], truth_groups: list[list[str]], order: dict[str, int], sorted_groups: bool) -> dict:
    """Counts for one PDF: references, citations and links against the truth."""
    found_refs = [ref.get("raw") or "" for ref in report.get("references", [])]
    pairs = pair_references(found_refs, truth_refs)
    key_of = {i + 1: truth_refs[j].key for i, j in pairs.items()}  # report index (1-based) -> truth key
    if sorted_groups:
        truth_groups = [sorted(g, key=lambda k: order.get(k, 1 << 30)) for g in truth_groups]
    truth = [(g, key) for g, keys in enumerate(truth_groups) for key in keys]
    found = []
    for citation in report.get("citations", []):
        targets = citation.get("targets") or []
        found.append(key_of.get(targets[0]) if len(targets) == 1 else None)
    aligned = align_citations(truth, found)
    by_group: dict[int, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    for i, j in aligned:
        group, key = truth[i]
        by_group[group][0][key] += 1
        if found[j] is not None:
            by_group[group][1][found[j]] += 1
    linked = sum(sum((want & got).values()) for want, got in by_group.values())
    findings = [f for f in report.get("findings", []) if f.get("severity") in ("error", "warning")]
    return {
        "refs_found": len(found_refs), "refs_truth": len(truth_refs), "refs_right": len(pairs),
        "cites_found": len(found), "cites_truth": len(truth), "cites_paired": len(aligned), "cites_linked": linked,
        "false_findings": len(findings),
        "false_examples": [f"{f['severity']} {f['code']}: {f['message']}"[:150] for f in findings[:3]],
        "unmatched_examples": [" | ".join(found_refs[i].split("\n"))[:200] for i in range(len(found_refs)) if i not in pairs][:3],
    }  # fmt: skip


def run_citeaudit(pdf: Path) -> tuple[dict, float, int]:
    """citeaudit's JSON report on the PDF (offline, in this process), seconds taken, pages."""
    import pypdfium2

    from citeaudit.config import Config
    from citeaudit.ingest import read_manuscript
    from citeaudit.pipeline import audit
    from citeaudit.report.json import report_to_dict
    from citeaudit.resolve import build_resolver

    started = time.perf_counter()
    config = Config(offline=True)
    report = report_to_dict(audit(read_manuscript(pdf), config, build_resolver(config)))
    seconds = time.perf_counter() - started
    document = pypdfium2.PdfDocument(str(pdf))
    pages = len(document)
    document.close()
    return report, seconds, pages


# --------------------------------------------------------------------------------------------
# One job: compile and score


def measure_generated(paper: Paper, keep: Path | None) -> dict:
    row = {"name": paper.name, "class": paper.style.name, "hyperref": paper.hyperref, "clean": True}
    with tempfile.TemporaryDirectory(prefix="pdfcorpus-") as tmp:
        folder = Path(tmp)
        (folder / "paper.tex").write_text(paper.tex, encoding="utf-8")
        (folder / "refs.bib").write_text(paper.bib, encoding="utf-8")
        pdf, why = compile_latex(folder, "paper.tex", paper.style.backend)
        if keep:
            target = keep / paper.name
            shutil.copytree(folder, target, dirs_exist_ok=True)
        if pdf is None:
            return {**row, "failed": f"compile: {why}"}
        truth_refs = bbl_entries(_read(folder / "paper.bbl"))
        written = set(re.findall(r"^@\w+\{([^,]+),", paper.bib, re.M))
        listed = sorted(e.key for e in truth_refs if not NOTE_KEY.fullmatch(e.key))
        if listed != sorted(written):  # every entry is cited, so every one is listed
            return {**row, "failed": f"truth: the .bbl lists {len(listed)} entries, the .bib has {len(written)}"}
        groups = paper.groups
        if paper.style.backend == "bibtex":  # the source's groups and LaTeX's .aux must agree
            groups = aux_citations(_read(folder / "paper.aux"))  # with revtex's notes, cited where they stand
            if [g for g in groups if not NOTE_KEY.fullmatch(g[0])] != paper.groups:
                return {**row, "failed": f"truth: .aux has {len(groups)} \\citation lines, the source {len(paper.groups)} \\cite"}
        return {**row, **score_pdf(pdf, truth_refs, groups, paper.style.sorted_groups)}


def score_pdf(pdf: Path, truth_refs: list[TruthEntry], groups: list[list[str]] | None, sorted_groups: bool) -> dict:
    """citeaudit's report on ``pdf`` scored; ``groups`` None: the citations have no truth, only entries count."""
    try:
        report, seconds, pages = run_citeaudit(pdf)
    except Exception as exc:  # a crash in citeaudit is a result to report, not the end of the bench
        return {"failed": f"citeaudit: {type(exc).__name__}: {exc}"[:200]}
    order = {entry.key: n for n, entry in enumerate(truth_refs)}
    row = score_report(report, truth_refs, groups or [], order, sorted_groups)
    if groups is None:
        row.update(cites_found=0, cites_paired=0, cites_linked=0, cites_unscored=len(report.get("citations", [])))
    return {**row, "seconds": round(seconds, 3), "pages": pages}


def measure_realworld(folder: Path, keep: Path | None) -> dict:
    """A LaTeX document from ../shared/realworld compiled as it stands (its figures are absent)."""
    truth_json = json.loads(_read(folder / "truth.json") or "{}")
    main = next((a for a in truth_json.get("args", []) if a.endswith(".tex")), "main.tex")
    row = {"name": folder.name, "class": "realworld", "hyperref": None, "clean": False}
    with tempfile.TemporaryDirectory(prefix="pdfcorpus-rw-") as tmp:
        work = Path(tmp) / folder.name
        shutil.copytree(folder, work)
        backend = "biber" if re.search(r"\\usepackage(\[[^\]]*\])?\{biblatex\}", _read(work / main)) else "bibtex"
        pdf, why = compile_latex(work, main, backend, strict=False)
        replaced = []
        while (missing := MISSING_FILE.search(why or "")) and missing.group(1) in FONT_ONLY - set(replaced):
            # It only chooses a font: the default one will do.
            shim = f"\\ProvidesPackage{{{Path(missing.group(1)).stem}}}\n\\DeclareOption*{{}}\n\\ProcessOptions\\relax\n"
            (work / missing.group(1)).write_text(shim, encoding="utf-8")
            replaced.append(missing.group(1))
            row["note"] = f"{', '.join(replaced)} absent, replaced by an empty package (font choice only)"
            pdf, why = compile_latex(work, main, backend, strict=False)
        if keep:
            shutil.copytree(work, keep / folder.name, dirs_exist_ok=True)
        stem = Path(main).stem
        sources = "\n".join(_read(path) for path in sorted(work.rglob("*.tex")))
        bbl = _read(work / f"{stem}.bbl")
        if not bbl and "\\begin{thebibliography}" in sources:  # written in the document itself
            bbl = sources[sources.index("\\begin{thebibliography}") :]
        if pdf is None or not bbl:
            return {**row, "failed": f"compile: {why or 'no .bbl'}"}
        truth_refs = bbl_entries(bbl)
        groups = aux_citations(_read(work / f"{stem}.aux"))
        for listed in NOCITE.findall(sources):  # \nocite lists an entry without citing it
            keys = [k.strip() for k in listed.split(",") if k.strip() and k.strip() != "*"]
            if keys in groups:
                groups.remove(keys)
        if "\\abx@aux" in _read(work / f"{stem}.aux"):  # biblatex lists each key once: no citation truth
            row["note"] = "biblatex: the .aux lists each key once, so only its references are scored"
            return {**row, **score_pdf(pdf, truth_refs, None, False)}
        return {**row, **score_pdf(pdf, truth_refs, groups, False)}


# --------------------------------------------------------------------------------------------
# Table


def summarise(rows: list[dict]) -> dict[str, dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if "failed" in row:
            continue
        groups[row["class"]].append(row)
        if row["clean"]:
            groups["all generated"].append(row)
            groups["all with hyperref" if row["hyperref"] else "all without hyperref"].append(row)
    out = {}
    for name, members in groups.items():
        total = lambda k: sum(r[k] for r in members)  # noqa: E731
        p = total("refs_right") / total("refs_found") if total("refs_found") else 0.0
        r = total("refs_right") / total("refs_truth") if total("refs_truth") else 0.0
        lp = total("cites_linked") / total("cites_found") if total("cites_found") else 0.0
        lr = total("cites_linked") / total("cites_truth") if total("cites_truth") else 0.0
        out[name] = {
            "papers": len(members),
            "ref_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "cite_recall": round(total("cites_paired") / total("cites_truth"), 4) if total("cites_truth") else 0.0,
            "cite_precision": round(total("cites_paired") / total("cites_found"), 4) if total("cites_found") else 0.0,
            "link_accuracy": round(lr, 4),
            "link_f1": round(2 * lp * lr / (lp + lr), 4) if lp + lr else 0.0,
            "false_per_paper": round(total("false_findings") / len(members), 2),
            "s_per_page": round(total("seconds") / total("pages"), 3) if total("pages") else 0.0,
            "pages": total("pages"),
        }
    return out


def print_table(rows: list[dict], summary: dict[str, dict]) -> None:
    print(f"{'paper':38s} {'refs':>9s} {'cites':>9s} {'paired':>6s} {'linked':>6s} {'false':>5s} {'pp':>3s} {'s/pp':>5s}")
    for row in rows:
        if "failed" in row:
            print(f"{row['name']:38s} FAILED: {row['failed'][:110]}")
            continue
        print(
            f"{row['name'] + ('*' if row.get('note') else ''):38s} {row['refs_right']:>3d}/{row['refs_found']:>2d}/{row['refs_truth']:<2d} "
            f"{row['cites_found']:>4d}/{row['cites_truth']:<4d} {row['cites_paired']:6d} {row['cites_linked']:6d} "
            f"{row['false_findings']:5d} {row['pages']:3d} {row['seconds'] / max(1, row['pages']):5.2f}"
        )
    for row in rows:
        if row.get("note"):
            print(f"* {row['name']}: {row['note']}")
    print("\n(refs: right/found/truth; cites: found/truth; realworld 'false' counts every error and warning, true ones too)\n")
    print(f"{'class':24s} {'papers':>6s} {'ref F1':>7s} {'cite rec':>8s} {'cite prec':>9s} {'link acc':>8s} {'link F1':>7s} {'false/paper':>11s} {'s/page':>6s}")
    for name in sorted(summary, key=lambda n: (n.startswith("all"), n == "realworld", n)):
        s = summary[name]
        print(f"{name:24s} {s['papers']:6d} {s['ref_f1']:7.3f} {s['cite_recall']:8.3f} {s['cite_precision']:9.3f} {s['link_accuracy']:8.3f} "
              f"{s['link_f1']:7.3f} {s['false_per_paper']:11.2f} {s['s_per_page']:6.3f}")  # fmt: skip


def _job(task: tuple) -> dict:
    kind, payload, keep = task
    started = time.perf_counter()
    row = measure_generated(payload, keep) if kind == "paper" else measure_realworld(payload, keep)
    row["wall_s"] = round(time.perf_counter() - started, 1)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--classes", help="comma-separated class names, 'realworld' for ../shared/realworld/tex-* (default: all; --list shows them)")
    parser.add_argument("--limit", type=int, default=0, help="at most N generated papers")
    parser.add_argument("--keep", type=Path, help="copy each build folder (sources, .aux, .bbl, PDF) here")
    parser.add_argument("--json", dest="json_out", type=Path, help="write rows and summary as JSON here")
    parser.add_argument("--jobs", type=int, default=2, help="papers compiled at once (default 2)")
    parser.add_argument("--no-hyperref", action="store_true", help="only the builds without hyperref")
    parser.add_argument("--no-realworld", action="store_true", help="skip ../shared/realworld/tex-*")
    parser.add_argument("--references", type=int, default=28, help="entries per generated paper")
    parser.add_argument("--papers", type=int, default=2, help="papers per class (each built with and without hyperref)")
    parser.add_argument("--list", action="store_true", help="list the classes and whether they can be built")
    args = parser.parse_args(argv)

    missing_tools = [tool for tool in ("pdflatex", "bibtex", "biber", "kpsewhich") if shutil.which(tool) is None]
    if "pdflatex" in missing_tools or "kpsewhich" in missing_tools:
        print(f"TeX Live is not installed (missing: {', '.join(missing_tools)}); install: apt-get install {TEX_PACKAGES}")
        return 0
    wanted = set(args.classes.split(",")) if args.classes else None
    unknown = (wanted or set()) - {s.name for s in STYLES} - {"realworld"}
    if unknown:
        print(f"unknown class(es): {', '.join(sorted(unknown))}; choose from {', '.join(s.name for s in STYLES)}")
        return 2
    styles = []
    for style in STYLES:
        if wanted and style.name not in wanted:
            continue
        absent = missing_files(style) + (["biber"] if style.backend == "biber" and "biber" in missing_tools else [])
        if absent:
            print(f"skip {style.name}: missing {', '.join(absent)} (Debian: {style.package})")
            continue
        if args.list:
            print(f"{style.name}: ready")
        styles.append(style)
    if args.list:
        return 0
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        print(f"skip: {corpora} is absent (the .bib is written from its reference metadata)")
        return 0
    records = load_jats(corpora) + load_parscit(corpora)
    print(f"{len(records)} records: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.kind for r in records).items())))

    tasks = []
    for style in styles:
        variants = [False, True] if style.hyperref == "optional" else [style.hyperref == "always"]
        for copy in range(args.papers):
            seed = 1000 * (copy + 1) + [s.name for s in STYLES].index(style.name)
            for hyperref in variants[:1] if args.no_hyperref else variants:  # the same paper with and without
                # The second paper is longer and has an appendix after its reference list.
                size = args.references if copy % 2 == 0 else round(args.references * 1.6)
                paper = generate_paper(style, hyperref, records, seed=seed, references=size, appendix=copy % 2 == 1)
                paper.copy = copy
                tasks.append(("paper", paper, args.keep))
    if args.limit:
        tasks = tasks[: args.limit]
    use_realworld = not args.no_realworld and (not wanted or "realworld" in wanted)
    realworld = sorted((SHARED / "realworld").glob("tex-*")) if use_realworld else []
    tasks += [("realworld", folder, args.keep) for folder in realworld]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(_job, tasks))
    summary = summarise(rows)
    print_table(rows, summary)
    for row in rows:
        for example in row.get("false_examples", []):
            print(f"  {row['name']}: false: {example}")
        for example in row.get("unmatched_examples", []):
            print(f"  {row['name']}: unmatched entry: {example}")
    print(f"\n{len(rows)} builds in {time.perf_counter() - started:.0f} s; entry match: normalised rapidfuzz >= {MATCH_THRESHOLD:.0f}")
    if args.json_out:
        args.json_out.write_text(json.dumps({"rows": rows, "summary": summary, "threshold": MATCH_THRESHOLD}, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
