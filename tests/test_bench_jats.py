"""The linking benchmark's JATS-to-text converter and its gold (bench/jats_text.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("lxml")

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "bench"))

import jats_text  # noqa: E402

if not CORPORA.is_dir():
    pytest.skip("shared corpora not present", allow_module_level=True)

# "[3]", "12", "[3]–[5]", "3-5": a PLOS callout or range as printed.
PLOS_MENTION = re.compile(r"\[?\d+\]?(?:\s*[-–]\s*\[?\d+\]?)?")
# "Smith et al., 2010", "Papp and Müller (2006)", "1995b", "Bates et al., in review".
ELIFE_MENTION = re.compile(r"(?:\D*\b)?(?:1[89]\d\d|20\d\d)[ab]?(?:, b)?\)?|.*\bin review")


def readme_counts(corpus: str, name: str) -> tuple[int, int]:
    """(refs, in-text bibr xrefs) for one file, from the corpus README's table."""
    readme = (CORPORA / corpus / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| {re.escape(name)} \| \S+ \| (\d+) \| (\d+) \|", readme, re.M)
    assert row, name
    return int(row.group(1)), int(row.group(2))


CASES = [
    pytest.param("plos-jats", "journal.pone.0046041.xml", PLOS_MENTION, id="plos-bracketed"),
    pytest.param("plos-jats", "journal.pone.0067227.xml", PLOS_MENTION, id="plos-empty-range-xrefs"),
    pytest.param("elife-jats", "elife00240.xml", ELIFE_MENTION, id="elife-insight"),
    pytest.param("elife-jats", "elife00013.xml", ELIFE_MENTION, id="elife-tables-and-letters"),
]


@pytest.mark.parametrize(("corpus", "name", "pattern"), CASES)
def test_gold_mentions_sit_on_citations(corpus: str, name: str, pattern: re.Pattern[str]) -> None:
    article = jats_text.convert_file(CORPORA / corpus / name)
    assert article.mentions
    references_at = article.text.index("\n# References\n")
    for mention in article.mentions:
        shown = article.text[mention.start : mention.end]
        assert shown == mention.text
        assert pattern.fullmatch(shown), shown
        assert mention.end <= references_at
        assert all(1 <= t <= len(article.references) for t in mention.targets)


@pytest.mark.parametrize(("corpus", "name", "pattern"), CASES)
def test_counts_match_the_readme(corpus: str, name: str, pattern: re.Pattern[str]) -> None:
    refs, xrefs = readme_counts(corpus, name)
    article = jats_text.convert_file(CORPORA / corpus / name)
    assert article.xref_count == xrefs
    assert len(article.references) == refs


def test_plos_ranges_expand_to_the_implied_references() -> None:
    article = jats_text.convert_file(CORPORA / "plos-jats" / "journal.pone.0046041.xml")
    ranges = {m.text: m.targets for m in article.mentions if "–" in m.text}
    assert ranges["[5]–[8]"] == (5, 6, 7, 8)


def test_plos_empty_xrefs_join_the_range_they_imply() -> None:
    article = jats_text.convert_file(CORPORA / "plos-jats" / "journal.pone.0067227.xml")
    first = next(m for m in article.mentions if m.text == "3-5")
    assert first.targets == (3, 4, 5)
    assert first.xrefs == 3


def test_reference_lines_are_rendered_as_printed() -> None:
    plos = jats_text.convert_file(CORPORA / "plos-jats" / "journal.pone.0046041.xml")
    start, end = plos.references[2]
    assert plos.text[start:end] == (
        "3. Pai M, Zwerling A, Menzies D (2008) Systematic review: T-cell-based assays for the "
        "diagnosis of latent tuberculosis infection: an update. Ann Intern Med 149: 177–84."
    )
    elife = jats_text.convert_file(CORPORA / "elife-jats" / "elife00240.xml")
    start, end = elife.references[0]
    assert elife.text[start:end] == (
        "Allmann S, Baldwin IT. 2010. Insects betray themselves in nature to predators by rapid "
        "isomerization of green leaf volatiles. Science 329:1075–1078. doi: 10.1126/science.1191634"
    )


def test_elife_groups_give_one_mention_per_work() -> None:
    article = jats_text.convert_file(CORPORA / "elife-jats" / "elife00240.xml")
    texts = [m.text for m in article.mentions]
    assert "Turlings et al., 1990" in texts and "Turlings et al., 2000" in texts
    assert all(len(m.targets) == 1 for m in article.mentions)


def _fake_report(article: jats_text.Article, links: list[tuple[int, int, tuple[int, ...]]]):
    """A stand-in for citeaudit's Report: identity text, gold references, given citations."""
    from types import SimpleNamespace as NS

    identity = tuple(range(len(article.text) + 1))
    manuscript = NS(source=article.text, text=article.text, source_offset=lambda i: identity[i])
    references = [NS(span=NS(start=s, end=e)) for s, e in article.references]
    citations = [NS(span=NS(start=s, end=e)) for s, e, _ in links]
    return NS(
        manuscript=manuscript,
        references=references,
        citations=citations,
        links=[NS(citation=i, targets=t) for i, (_, _, t) in enumerate(links)],
    )


def test_linking_scores_pairs_by_overlap_and_reference() -> None:
    import linking

    article = jats_text.convert_file(CORPORA / "elife-jats" / "elife00240.xml")
    gold = article.mentions
    links = [(m.start, m.end, m.targets) for m in gold[:-2]]  # all but two right ...
    links.append((gold[-2].start + 1, gold[-2].end - 1, (1,) if gold[-2].targets != (1,) else (2,)))
    links.append((0, 5, (1,)))  # ... one wrong reference, one spurious citation in the title
    predicted, _ = linking.predictions(article, _fake_report(article, links))
    result = linking.ArticleResult(article.name)
    linking.score(article, predicted, result)
    assert (result.gold_pairs, result.predicted_pairs) == (8, 8)
    assert (result.correct_predicted, result.found_gold) == (6, 6)
    kinds = sorted(m.kind for m in result.misses)
    assert kinds == [
        "FN citation not detected", "FN linked elsewhere", "FP spurious citation", "FP wrong reference",
    ]
