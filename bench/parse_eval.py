"""Field-level accuracy and throughput of reference-string parsers on labelled corpora.

    python bench/parse_eval.py                      # every parser, every corpus
    python bench/parse_eval.py --parser labeller --no-refextract --fields
    python bench/parse_eval.py --check-gold         # how far the gold name splitter agrees with PLOS

A parser is any callable ``str -> CSL-JSON dict``.  Built in: ``parse``
(``citeaudit.references.parse.parse_reference``, what citeaudit uses), ``labeller`` (the CRF
alone, ``citeaudit.references.labeller.label_reference``), ``cli`` (``citeaudit parse`` in a
subprocess, one batch per corpus) and ``refextract`` (PyPI; scored on the fields it produces).

How a field counts as right (fixed; see also ``bench/corpora.py`` for the gold side):

* Fields: author and editor family names, title, container-title, year, volume, issue, page,
  publisher, publisher-place, DOI, URL -- only those the corpus's tag set can express
  (ParsCit has no DOI or URL tags).
* **Exact**: after normalisation -- accents folded, lower case, every non-alphanumeric dropped
  (``"Phys. Rev. D"`` = ``"phys rev d"``; ``327–335`` = ``327-335``).  A DOI is compared without
  its ``doi:``/``https://doi.org/`` prefix, a URL without its scheme, a year as four digits.
  A predicted field equal to the gold field is a true positive; a predicted field with no gold
  or a different value is a false positive; a gold field not predicted (or predicted wrong) is
  a false negative.  Names count one each, matched as a multiset of normalised family names.
* **Soft**: token overlap -- a predicted field earns the Dice coefficient of its word tokens
  with the gold field's (names: each gold name paired with the best unused predicted name).
  Precision = earned / predicted fields, recall = earned / gold fields.
* Micro-F1 pools every field of every string of a corpus.

Throughput is strings per CPU second of the parse calls alone (after one warm-up call), in
this single-threaded process -- that is, on one core -- taking the fastest of ``--repeat``
passes (default 3; one for refextract), as ``timeit`` does, since other processes on a shared
machine slow a pass down.  ``cli`` counts the CPU time of one ``citeaudit parse`` child process,
start-up included.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import json
import logging
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402
from corpora import FIELDS, Labelled  # noqa: E402

Parser = Callable[[str], dict]

# ---------------------------------------------------------------------------------------
# Normalisation

_NON_ALNUM = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"\w+")
_DOI_PREFIX = re.compile(r"^\s*(?:doi\s*:?\s*|(?:https?://)?(?:dx\.)?doi\.org/)", re.I)
_URL_SCHEME = re.compile(r"^\s*(?:https?://)?(?:www\.)?", re.I)
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")


def key(value: str, name: str = "") -> str:
    """The exact-match key of a field value (see the module docstring)."""
    value = corpora.strip_markup(str(value))
    if name in ("DOI", "URL"):
        value = re.sub(r"\s+", "", value)
    if name == "DOI":
        value = _DOI_PREFIX.sub("", value).rstrip(".,;")
    elif name == "URL":
        value = _URL_SCHEME.sub("", value).rstrip(".,;/")
    return _NON_ALNUM.sub("", corpora.fold(value))


def tokens(value: str) -> list[str]:
    return _TOKEN.findall(corpora.fold(corpora.strip_markup(str(value))).replace("_", " "))


def dice(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


# ---------------------------------------------------------------------------------------
# CSL -> comparable fields

def _person(name: object) -> str:
    if not isinstance(name, dict):
        return str(name)
    if name.get("literal"):
        return str(name["literal"])
    parts = [name.get("non-dropping-particle", ""), name.get("family", "")]
    family = " ".join(p for p in parts if p)
    return family or str(name.get("given", ""))


def _is_et_al(name: object) -> bool:
    if not isinstance(name, dict) or name.get("given"):
        return False
    return str(name.get("literal") or name.get("family") or "").strip().lower().rstrip(".") in {"et al", "others"}


def csl_fields(csl: dict) -> dict:
    """The scored fields of a CSL-JSON item (``year`` from ``issued``)."""
    out: dict = {}
    for role in ("author", "editor"):
        # The marker of names left out ("et al.", citeaudit.references.names.is_et_al) is no name.
        names = [_person(n) for n in csl.get(role) or [] if not _is_et_al(n)]
        names = [n for n in names if n.strip()]
        if names:
            out[role] = names
    issued = csl.get("issued") or {}
    year = ""
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if parts and parts[0]:
        year = str(parts[0][0])
    elif isinstance(issued, dict) and issued.get("literal"):
        m = _YEAR.search(str(issued["literal"]))
        year = m.group(1) if m else ""
    if _YEAR.fullmatch(year):
        out["year"] = year
    for name in ("title", "container-title", "volume", "issue", "page", "publisher", "publisher-place", "DOI", "URL"):
        value = csl.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value not in (None, ""):
            out[name] = str(value)
    if "URL" in out and re.match(r"^(?:https?://)?(?:dx\.)?doi\.org/10\.", re.sub(r"\s+", "", out["URL"]), re.I):
        url = re.sub(r"\s+", "", out.pop("URL"))
        out.setdefault("DOI", _DOI_PREFIX.sub("", url))
    return out


# ---------------------------------------------------------------------------------------
# Scoring

@dataclass
class Tally:
    """Exact and soft counts for one field (or pooled)."""

    gold: int = 0
    pred: int = 0
    tp: float = 0.0
    soft: float = 0.0

    def add(self, other: Tally) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.tp += other.tp
        self.soft += other.soft

    @staticmethod
    def _prf(hit: float, pred: int, gold: int) -> tuple[float, float, float]:
        p = hit / pred if pred else 0.0
        r = hit / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def exact(self) -> tuple[float, float, float]:
        return self._prf(self.tp, self.pred, self.gold)

    @property
    def soft_prf(self) -> tuple[float, float, float]:
        return self._prf(self.soft, self.pred, self.gold)


def compare(name: str, gold: object, pred: object) -> Tally:
    """Score one field of one string."""
    if name in ("author", "editor"):
        g = [x for x in (gold or []) if key(x)]
        p = [x for x in (pred or []) if key(x)]
        tp = sum((Counter(key(x) for x in g) & Counter(key(x) for x in p)).values())
        soft = 0.0
        unused = [tokens(x) for x in p]
        for x in g:
            gt = tokens(x)
            best = max(range(len(unused)), key=lambda i: dice(gt, unused[i]), default=None)
            if best is not None:
                soft += dice(gt, unused.pop(best))
        return Tally(len(g), len(p), tp, soft)
    g = key(gold, name) if gold else ""
    p = key(pred, name) if pred else ""
    t = Tally(1 if g else 0, 1 if p else 0)
    if g and p:
        t.tp = 1.0 if g == p else 0.0
        t.soft = 1.0 if g == p else dice(tokens(gold), tokens(pred))
    return t


@dataclass
class Result:
    """One parser on one corpus."""

    parser: str
    corpus: str
    n: int
    seconds: float
    fields: dict[str, Tally] = field(default_factory=dict)
    errors: int = 0
    examples: list = field(default_factory=list)

    @property
    def micro(self) -> Tally:
        total = Tally()
        for t in self.fields.values():
            total.add(t)
        return total

    @property
    def rate(self) -> float:
        return self.n / self.seconds if self.seconds else float("inf")


def run_parser(parse: Parser, items: list[Labelled], repeat: int = 1) -> tuple[list[dict], float, int]:
    """Parse every string; returns the CSL items, the CPU seconds of the fastest of ``repeat``
    passes, and the number of errors."""
    out: list[dict] = []
    errors = 0
    if items:
        parse(items[0].text)  # warm-up: lazy loading is not throughput
    start = time.process_time()
    for item in items:
        try:
            out.append(parse(item.text) or {})
        except Exception as exc:  # a crash on one string is scored as an empty parse
            errors += 1
            out.append({})
            logging.getLogger("parse_eval").debug("parser failed on %r: %s", item.text, exc)
    best = time.process_time() - start
    for _ in range(repeat - 1):  # timing only, as timeit does: the fastest pass is the least disturbed
        start = time.process_time()
        for item in items:
            try:
                parse(item.text)
            except Exception:  # noqa: S112 -- already counted in the scored pass
                continue
        best = min(best, time.process_time() - start)
    return out, best, errors


def score(parser: str, corpus: str, items: list[Labelled], parsed: list[dict], seconds: float,
          errors: int, only: Iterable[str] | None = None) -> Result:
    only = set(only) if only is not None else None
    result = Result(parser, corpus, len(items), seconds, errors=errors)
    for item, csl in zip(items, parsed, strict=True):
        pred = csl_fields(csl)
        for name in item.scored:
            if only is not None and name not in only:
                continue
            t = compare(name, item.gold.get(name), pred.get(name))
            result.fields.setdefault(name, Tally()).add(t)
            if t.tp < max(t.gold, t.pred) and len(result.examples) < 2000:
                result.examples.append((name, item.text, item.gold.get(name), pred.get(name)))
    return result


# ---------------------------------------------------------------------------------------
# Parsers

def parse_parser() -> Parser:
    parse = importlib.import_module("citeaudit.references.parse").parse_reference
    return lambda text: parse(text).csl


LABELLER_MODEL: str | None = None  # --model: a model file other than the shipped one


def labeller_parser() -> Parser:
    module = importlib.import_module("citeaudit.references.labeller")
    if LABELLER_MODEL:
        module.use_model(LABELLER_MODEL)
    return module.label_reference


#: refextract's output keys -> our fields (it has no title/issue/editor/place output).
REFEXTRACT_FIELDS = ("author", "container-title", "year", "volume", "page", "publisher", "DOI", "URL")


def refextract_parser() -> Parser:
    logging.getLogger("refextract").setLevel(logging.CRITICAL)
    from refextract import extract_references_from_string

    def parse(text: str) -> dict:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            refs = extract_references_from_string(text)
        ref = refs[0] if refs else {}
        csl: dict = {}
        if ref.get("author"):
            csl["author"] = [{"literal": n} for a in ref["author"] for n in corpora.family_names(a)]
        first = lambda k: (ref.get(k) or [""])[0]  # noqa: E731
        csl["container-title"] = first("journal_title")
        csl["volume"] = first("journal_volume")
        csl["page"] = first("journal_page")
        csl["publisher"] = first("publisher")
        csl["DOI"] = first("doi")
        csl["URL"] = first("url")
        year = first("year") or first("journal_year")
        if year:
            csl["issued"] = {"date-parts": [[year]]}
        return {k: v for k, v in csl.items() if v}

    return parse


def cli_parse_batch(items: list[Labelled]) -> tuple[list[dict], float, int]:
    """``citeaudit parse`` on the whole corpus in one process (stdin lines -> JSON lines)."""
    data = "".join(item.text.replace("\n", " ") + "\n" for item in items)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-m", "citeaudit.cli", "parse"], input=data, capture_output=True,
        text=True, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    out = []
    for line in lines:
        obj = json.loads(line)
        out.append(obj.get("csl", obj) if isinstance(obj, dict) else {})
    errors = len(items) - len(out)
    out += [{}] * max(0, errors)
    return out[: len(items)], seconds, errors


PARSERS: dict[str, Callable[[], Parser]] = {
    "parse": parse_parser,
    "labeller": labeller_parser,
    "refextract": refextract_parser,
}


# ---------------------------------------------------------------------------------------
# Report

def f3(x: float) -> str:
    return f"{x:.3f}"


def print_summary(results: list[Result], out=sys.stdout) -> None:
    print("\n## Micro-averaged field scores (exact | soft)\n", file=out)
    print("| parser | corpus | strings | P | R | F1 | soft F1 | strings/CPU-s | errors |", file=out)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|", file=out)
    for r in results:
        p, rr, f = r.micro.exact
        print(f"| {r.parser} | {r.corpus} | {r.n} | {f3(p)} | {f3(rr)} | {f3(f)} | {f3(r.micro.soft_prf[2])} "
              f"| {r.rate:.0f} | {r.errors} |", file=out)


def print_fields(results: list[Result], out=sys.stdout) -> None:
    for r in results:
        print(f"\n### {r.parser} on {r.corpus}: per field (exact P/R/F1, soft F1, gold count)\n", file=out)
        print("| field | gold | P | R | F1 | soft F1 |", file=out)
        print("|---|---:|---:|---:|---:|---:|", file=out)
        for name in FIELDS:
            t = r.fields.get(name)
            if t is None or (t.gold == 0 and t.pred == 0):
                continue
            p, rr, f = t.exact
            print(f"| {name} | {t.gold} | {f3(p)} | {f3(rr)} | {f3(f)} | {f3(t.soft_prf[2])} |", file=out)


def print_field_matrix(results: list[Result], parser: str, out=sys.stdout) -> None:
    """One table: exact field F1 for every field (rows) and corpus (columns)."""
    rs = [r for r in results if r.parser == parser]
    if not rs:
        return
    print(f"\n## {parser}: exact F1 per field and corpus (soft F1 in brackets)\n", file=out)
    print("| field | " + " | ".join(r.corpus for r in rs) + " |", file=out)
    print("|---|" + "---:|" * len(rs), file=out)
    for name in FIELDS:
        cells = []
        for r in rs:
            t = r.fields.get(name)
            cells.append("" if t is None or t.gold == 0 else f"{f3(t.exact[2])} ({f3(t.soft_prf[2])})")
        if any(cells):
            print(f"| {name} | " + " | ".join(cells) + " |", file=out)


def check_gold(out=sys.stdout) -> None:
    """Agreement of the gold name splitter with PLOS's tagged surnames."""
    agree = total = 0
    for item in corpora.load_plos():
        idx = [i for i, s in enumerate(item.segments) if s.label == "author"]
        if not idx or "author" not in item.gold:
            continue
        region = "".join(s.text for s in item.segments[idx[0] : idx[-1] + 1])
        total += 1
        agree += [key(x) for x in corpora.family_names(region)] == [key(x) for x in item.gold["author"]]
    print(f"gold name splitter vs PLOS <surname>: {agree}/{total} author lists identical "
          f"({agree / max(1, total):.3f})", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parser", action="append", choices=[*PARSERS, "cli"],
                    help="parser(s) to run (default: parse if present, labeller, refextract)")
    ap.add_argument("--corpus", action="append", help="corpus name(s) (default: all)")
    ap.add_argument("--no-refextract", action="store_true", help="skip refextract (slow: ~25 strings/s)")
    ap.add_argument("--limit", type=int, default=0, help="first N strings per corpus only")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; throughput is the fastest")
    ap.add_argument("--fields", action="store_true", help="print per-field tables for every run")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N wrong fields per run")
    ap.add_argument("--json", type=Path, help="write all figures to this JSON file")
    ap.add_argument("--model", help="labeller model file (default: the one in the package)")
    ap.add_argument("--check-gold", action="store_true", help="check the gold name splitter and exit")
    args = ap.parse_args(argv)
    if args.check_gold:
        check_gold()
        return 0
    global LABELLER_MODEL
    LABELLER_MODEL = args.model

    parsers = args.parser
    if not parsers:
        parsers = ["labeller", "refextract"]
        if importlib.util.find_spec("citeaudit.references.parse") is not None:
            parsers.insert(0, "parse")
    if args.no_refextract:
        parsers = [p for p in parsers if p != "refextract"]

    sets = corpora.evaluation_sets()
    if args.corpus:
        unknown = set(args.corpus) - set(sets)
        if unknown:
            ap.error(f"unknown corpus {sorted(unknown)}; known: {sorted(sets)}")
        sets = {k: v for k, v in sets.items() if k in args.corpus}
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}

    results: list[Result] = []
    for name in parsers:
        parse = None if name == "cli" else PARSERS[name]()
        for corpus, items in sets.items():
            if name == "cli":
                parsed, seconds, errors = cli_parse_batch(items)
            else:
                parsed, seconds, errors = run_parser(parse, items, 1 if name == "refextract" else args.repeat)
            if name == "refextract":  # scored on the fields it produces, and nothing else
                results.append(score(name, corpus, items, parsed, seconds, errors, REFEXTRACT_FIELDS))
                continue
            results.append(score(name, corpus, items, parsed, seconds, errors))
            print(f"{name:>10} {corpus:<20} F1 {results[-1].micro.exact[2]:.3f} "
                  f"soft {results[-1].micro.soft_prf[2]:.3f} {results[-1].rate:,.0f}/s", file=sys.stderr)
            if "refextract" in parsers:
                # The same parse scored on refextract's fields only, for the side-by-side row.
                results.append(score(f"{name}@refextract-fields", corpus, items, parsed, seconds, errors,
                                     REFEXTRACT_FIELDS))
    print_summary(results)
    for name in dict.fromkeys(r.parser for r in results):
        print_field_matrix(results, name)
    if args.fields:
        print_fields(results)
    if args.errors:
        for r in results:
            print(f"\n### {r.parser} on {r.corpus}: wrong fields\n")
            for name, text, gold, pred in r.examples[: args.errors]:
                print(f"- {name}: gold={gold!r} pred={pred!r}\n  {text}")
    if args.json:
        args.json.write_text(json.dumps([
            {"parser": r.parser, "corpus": r.corpus, "strings": r.n, "seconds": r.seconds,
             "strings_per_second": r.rate, "errors": r.errors,
             "micro": {"exact": r.micro.exact, "soft": r.micro.soft_prf},
             "fields": {k: {"gold": t.gold, "pred": t.pred, "exact": t.exact, "soft": t.soft_prf}
                        for k, t in r.fields.items()}}
            for r in results
        ], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
