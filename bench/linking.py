"""Citation-to-reference linking benchmark: precision, recall and F1 on PLOS and eLife JATS.

Each article is turned into the plain-text manuscript its authors would have had
(:mod:`jats_text`), citeaudit audits that text offline, and its links are scored against the
publisher's own ``<xref ref-type="bibr">`` tags as pairs (mention, reference):

* a predicted pair is correct when the citation's span overlaps a gold mention and the
  reference is among that mention's targets;
* a gold pair is found when some predicted pair with that reference overlaps the mention.

Citations the publisher left untagged (eLife's "(Köllner et al., 2009; <xref>…</xref>)") count
as false positives like any other; misses whose text names the linked reference's first author
and year are labelled "FP untagged in the XML" so that they can be told apart.

citeaudit's references are matched to the gold reference lines by where they sit in the text
(largest overlap), so that one mis-split reference costs only its own links; ``strict`` figures
in the JSON use citeaudit's reference numbers as they are.  Goals: F1 >= 0.97 on PLOS
(numeric) and >= 0.95 on eLife (author-year); GROBID, from the publishers' PDFs, reports
0.794 and 0.921.

    python bench/linking.py [--corpus plos-jats] [--json out.json] [--errors 20]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jats_text  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPUS_NAMES = ("plos-jats", "elife-jats")
GOALS = {"plos-jats": 0.97, "elife-jats": 0.95}
# "[45]": a bracketed number on its own, as PLOS prints a callout.
UNTAGGED_CALLOUT = re.compile(r"\[\d+\]")
GROBID = {"plos-jats": 0.794, "elife-jats": 0.921}


@dataclass(frozen=True, slots=True)
class Predicted:
    """One citeaudit citation, in offsets of the text we passed, with its aligned targets."""

    start: int
    end: int
    text: str
    targets: tuple[int | None, ...]  # gold reference positions; None: aligned to no reference
    raw_targets: tuple[int, ...]  # citeaudit's own reference numbers


@dataclass(frozen=True, slots=True)
class Miss:
    """One wrong predicted pair or one missed gold pair, with what each side said."""

    kind: str  # false-positive category or false-negative category
    article: str
    start: int
    end: int
    mention: str
    reference: int | None
    predicted: tuple[int | None, ...]
    gold: tuple[int, ...]


@dataclass(slots=True)
class ArticleResult:
    name: str
    gold_pairs: int = 0
    predicted_pairs: int = 0
    correct_predicted: int = 0
    found_gold: int = 0
    strict_correct_predicted: int = 0
    strict_found_gold: int = 0
    gold_references: int = 0
    split_references: int = 0
    aligned_references: int = 0
    merged: list[tuple[int, ...]] = field(default_factory=list)  # gold refs citeaudit ran together
    split_apart: list[int] = field(default_factory=list)  # gold refs citeaudit cut in pieces
    seconds: float = 0.0
    error: str | None = None
    misses: list[Miss] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return f1(self.correct_predicted, self.predicted_pairs, self.found_gold, self.gold_pairs)[2]


def f1(correct_predicted: int, predicted: int, found: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1); an empty side counts as perfect only when both are empty."""
    p = correct_predicted / predicted if predicted else (1.0 if not gold else 0.0)
    r = found / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1:  # an empty span overlaps what contains its point
        return b0 <= a0 < b1
    return a0 < b1 and b0 < a1


def reference_cover(article: jats_text.Article, report) -> list[list[int]]:
    """For each of citeaudit's references (in order), the gold positions it overlaps, most first."""
    cover = []
    for ref in report.references:
        start, end = _source_span(report.manuscript, ref.span.start, ref.span.end)
        overlaps = [
            (min(end, g1) - max(start, g0), position)
            for position, (g0, g1) in enumerate(article.references, 1)
            if min(end, g1) > max(start, g0)
        ]
        cover.append([position for _, position in sorted(overlaps, key=lambda o: (-o[0], o[1]))])
    return cover


def align_references(article: jats_text.Article, report) -> list[int | None]:
    """For each of citeaudit's references (in order), the gold position it overlaps most."""
    return [positions[0] if positions else None for positions in reference_cover(article, report)]


def _source_span(manuscript, start: int, end: int) -> tuple[int, int]:
    """Offsets in the text we passed of a span of ``manuscript.text``."""
    s = manuscript.source_offset(start)
    e = manuscript.source_offset(end - 1) + 1 if end > start else s
    return s, e


def predictions(article: jats_text.Article, report) -> tuple[list[Predicted], list[int | None]]:
    """citeaudit's linked citations in our offsets, with targets aligned to gold positions."""
    aligned = align_references(article, report)
    targets: dict[int, list[int]] = {}
    for link in report.links:
        targets.setdefault(link.citation, []).extend(link.targets)
    out = []
    for position, citation in enumerate(report.citations):
        start, end = _source_span(report.manuscript, citation.span.start, citation.span.end)
        raw = tuple(dict.fromkeys(targets.get(position, ())))
        mapped = tuple(dict.fromkeys(aligned[t - 1] if 1 <= t <= len(aligned) else None for t in raw))
        out.append(Predicted(start, end, article.text[start:end], mapped, raw))
    return out, aligned


def _names_reference(article: jats_text.Article, text: str, target: int | None) -> bool:
    """Whether a citation's text names its reference (first author and year, or its number).

    Such a citation is plausibly right and merely untagged by the publisher (eLife's
    "(Köllner et al., 2009; <xref>Schuman et al., 2014</xref>)"); it still counts as a miss.
    """
    if target is None or not 1 <= target <= len(article.reference_keys):
        return False
    if article.style == "numeric" and UNTAGGED_CALLOUT.fullmatch(text):
        # PLOS typed the odd callout as text: "DOC [45] [<xref>2</xref>]"
        return int(text.strip("[]")) == target
    author, year = article.reference_keys[target - 1]
    return bool(author and year) and author in text and year in text


def score(article: jats_text.Article, predicted: list[Predicted], result: ArticleResult) -> None:
    """Count pairs into ``result`` and record every miss."""
    gold = article.mentions
    result.gold_pairs = article.gold_pairs
    overlapping = [
        [g for g, m in enumerate(gold) if _overlaps(p.start, p.end, m.start, m.end)] for p in predicted
    ]
    found: set[tuple[int, int]] = set()
    strict_found: set[tuple[int, int]] = set()
    for p, hits in zip(predicted, overlapping):
        for target, raw in zip(p.targets, p.raw_targets):
            result.predicted_pairs += 1
            good = [g for g in hits if target is not None and target in gold[g].targets]
            if good:
                result.correct_predicted += 1
                found.update((g, target) for g in good)
            else:
                if hits:
                    kind = "FP reference not aligned" if target is None else "FP wrong reference"
                elif _names_reference(article, p.text, target):
                    kind = "FP untagged in the XML"
                else:
                    kind = "FP spurious citation"
                g0 = gold[hits[0]] if hits else None
                result.misses.append(Miss(
                    kind, article.name, p.start, p.end, p.text, target, p.targets,
                    g0.targets if g0 else (),
                ))
            strict = [g for g in hits if raw in gold[g].targets]
            if strict:
                result.strict_correct_predicted += 1
                strict_found.update((g, raw) for g in strict)
    result.found_gold = len(found)
    result.strict_found_gold = len(strict_found)
    for g, mention in enumerate(gold):
        near = [p for p, hits in zip(predicted, overlapping) if g in hits]
        for target in mention.targets:
            if (g, target) in found:
                continue
            if not near:
                kind = "FN citation not detected"
            elif not any(p.targets for p in near):
                kind = "FN detected but not linked"
            else:
                kind = "FN linked elsewhere"
            linked = tuple(t for p in near for t in p.targets)
            result.misses.append(Miss(
                kind, article.name, mention.start, mention.end, mention.text, target, linked,
                mention.targets,
            ))


def run_article(path: Path, audit_text) -> tuple[ArticleResult, jats_text.Article]:
    article = jats_text.convert_file(path)
    result = ArticleResult(path.name, gold_references=len(article.references))
    start = time.perf_counter()
    try:
        report = audit_text(article.text, path=path.with_suffix(".md").name)
    except Exception as exc:  # a crash is a result of the benchmark, recorded and shown
        result.seconds = time.perf_counter() - start
        result.error = f"{type(exc).__name__}: {exc}"
        result.gold_pairs = article.gold_pairs
        return result, article
    result.seconds = time.perf_counter() - start
    if report.manuscript.source != article.text:
        result.error = "report.manuscript.source is not the text passed in; offsets may be off"
    predicted, aligned = predictions(article, report)
    result.split_references = len(report.references)
    result.aligned_references = sum(1 for n in Counter(a for a in aligned if a).values() if n == 1)
    cover = reference_cover(article, report)
    result.merged = [tuple(sorted(c)) for c in cover if len(c) > 1]
    result.split_apart = sorted(g for g, n in Counter(g for c in cover for g in c).items() if n > 1)
    score(article, predicted, result)
    return result, article


def summarise(corpus: str, results: list[ArticleResult]) -> dict:
    total = {k: sum(getattr(r, k) for r in results) for k in (
        "gold_pairs", "predicted_pairs", "correct_predicted", "found_gold",
        "strict_correct_predicted", "strict_found_gold",
        "gold_references", "split_references", "aligned_references", "seconds",
    )}
    pairs, gold = total["predicted_pairs"], total["gold_pairs"]
    p, r, f = f1(total["correct_predicted"], pairs, total["found_gold"], gold)
    sp, sr, sf = f1(total["strict_correct_predicted"], pairs, total["strict_found_gold"], gold)
    lowest = sorted(results, key=lambda x: x.f1)[:3]
    kinds = Counter(m.kind for res in results for m in res.misses)
    return {
        "corpus": corpus,
        "articles": len(results),
        **total,
        "precision": p,
        "recall": r,
        "f1": f,
        "strict": {"precision": sp, "recall": sr, "f1": sf},
        "goal_f1": GOALS.get(corpus),
        "grobid_f1": GROBID.get(corpus),
        "reference_count_equal": sum(1 for x in results if x.split_references == x.gold_references),
        "references_run_together": sum(len(m) for x in results for m in x.merged),
        "references_cut_apart": sum(len(x.split_apart) for x in results),
        "errors": {x.name: x.error for x in results if x.error},
        "lowest": [{"article": x.name, "f1": x.f1} for x in lowest],
        "miss_kinds": dict(kinds.most_common()),
        "per_article": [
            {k: v for k, v in asdict(x).items() if k != "misses"} | {"f1": x.f1} for x in results
        ],
    }


def print_table(summaries: list[dict]) -> None:
    head = (
        f"{'corpus':<11} {'articles':>8} {'gold pairs':>10} {'pred pairs':>10} {'P':>6} {'R':>6} "
        f"{'F1':>6} {'goal':>5} {'GROBID':>6} {'seconds':>8}"
    )
    print(head)
    print("-" * len(head))
    for s in summaries:
        print(
            f"{s['corpus']:<11} {s['articles']:>8} {s['gold_pairs']:>10} {s['predicted_pairs']:>10} "
            f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['goal_f1']:>5.2f} "
            f"{s['grobid_f1']:>6.3f} {s['seconds']:>8.1f}"
        )
    print()
    for s in summaries:
        strict = s["strict"]
        print(
            f"{s['corpus']}: references gold {s['gold_references']}, split {s['split_references']}, "
            f"aligned one-to-one {s['aligned_references']} (run together "
            f"{s['references_run_together']}, cut apart {s['references_cut_apart']}); count equal in "
            f"{s['reference_count_equal']}/{s['articles']} articles; strict (citeaudit's reference "
            f"numbers) P {strict['precision']:.3f} R {strict['recall']:.3f} F1 {strict['f1']:.3f}"
        )
        print("  lowest F1: " + ", ".join(f"{x['article']} {x['f1']:.3f}" for x in s["lowest"]))
        if s["miss_kinds"]:
            print("  misses: " + ", ".join(f"{k} {v}" for k, v in s["miss_kinds"].items()))
        for name, error in s["errors"].items():
            print(f"  ERROR {name}: {error}")


def _reference_line(article: jats_text.Article, position: int | None, width: int = 90) -> str:
    if position is None or not 1 <= position <= len(article.references):
        return "(no gold reference)"
    start, end = article.references[position - 1]
    line = article.text[start:end]
    return line if len(line) <= width else line[: width - 1] + "…"


def print_errors(
    corpus: str, results: list[ArticleResult], articles: dict[str, jats_text.Article], n: int
) -> None:
    """``n`` misses spread over the kinds and articles, with their context."""
    by_kind: dict[str, list[Miss]] = {}
    for res in results:
        for miss in res.misses:
            by_kind.setdefault(miss.kind, []).append(miss)
    picked: list[Miss] = []
    queues = {k: v[:: max(1, len(v) // max(1, n))] for k, v in by_kind.items()}
    while len(picked) < n and any(queues.values()):
        for kind in sorted(queues):
            if queues[kind] and len(picked) < n:
                picked.append(queues[kind].pop(0))
    merged = {
        res.name: {g: group for group in res.merged for g in group} for res in results
    }
    print(f"\n== {corpus}: {len(picked)} example misses ==")
    for miss in picked:
        article = articles[miss.article]
        runs = merged.get(miss.article, {})
        text = article.text
        before = text[max(0, miss.start - 70) : miss.start].replace("\n", " ")
        after = text[miss.end : miss.end + 50].replace("\n", " ")
        print(f"[{miss.kind}] {miss.article} @{miss.start}")
        print(f"  …{before}«{text[miss.start:miss.end]}»{after}…")
        print(f"  pair reference: {miss.reference}  {_reference_line(article, miss.reference)}")
        print(f"  citeaudit linked: {list(miss.predicted)}  gold: {list(miss.gold)}")
        for g in miss.gold[:2]:
            if g != miss.reference:
                print(f"    gold {g}: {_reference_line(article, g)}")
        involved = {miss.reference, *miss.gold, *miss.predicted} - {None}
        for group in sorted({runs[g] for g in involved if g in runs}):
            print(f"  note: citeaudit ran gold references {list(group)} together as one")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=CORPUS_NAMES, help="repeatable; default both")
    parser.add_argument("--article", action="append", help="only these file names (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--errors", type=int, default=0, metavar="N", help="print N example misses per corpus"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a corpus misses its F1 goal")
    args = parser.parse_args(argv)

    try:
        from citeaudit.pipeline import audit_text
    except ImportError as exc:
        print(f"citeaudit.pipeline.audit_text is not importable: {exc}", file=sys.stderr)
        return 2

    summaries = []
    details = []
    for corpus in args.corpus or CORPUS_NAMES:
        paths = sorted((CORPORA / corpus).glob("*.xml"))
        if args.article:
            paths = [p for p in paths if p.name in args.article]
        if not paths:
            continue
        results, articles = [], {}
        for path in paths:
            result, article = run_article(path, audit_text)
            results.append(result)
            articles[path.name] = article
        summaries.append(summarise(corpus, results))
        details.append((corpus, results, articles))

    print_table(summaries)
    if args.errors:
        for corpus, results, articles in details:
            print_errors(corpus, results, articles, args.errors)
    if args.json:
        text = json.dumps({"corpora": summaries}, indent=2, ensure_ascii=False)
        args.json.write_text(text + "\n", encoding="utf-8")
    if args.check and any(s["f1"] < s["goal_f1"] for s in summaries):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
