"""verify(manuscript, config, resolver) -> Report: the whole audit, no printing, no files."""

from __future__ import annotations

import dataclasses

from . import __version__
from .checks import Context, run_checks, waive
from .checks.bib import repeated_key_copies
from .checks.waivers import read_waivers
from .citations.extract import extract, style_evidence
from .citations.prepared import merge_citations
from .citations.stated import hand_written
from .collector import fewer_collections
from .config import Config
from .ingest import read_markdown_string
from .match import match_citations
from .model import Manuscript, Report
from .references import read_references
from .references.parse import author_date_shape
from .resolve.base import OfflineResolver, Resolver


def is_numeric_style(labelled: int, total: int, numbers: int = 0, author_year: int = 0, raised: int = 0) -> bool:
    """Whether the manuscript cites by number, from its entries and from how its text cites.

    ``labelled`` of ``total`` entries are numbered; the text cites ``numbers`` distinct numbers
    in brackets, makes ``author_year`` author-year citations and raises ``raised`` distinct
    numbers.  A numbered list is numeric unless the text cites by author and year and hardly
    ever by number (a blog post's numbered list under "Tobin et al. (2017)"); there the raised
    numbers count as citing by number (natbib's superscripts beside "Chen et al. (2017)", which
    names the work it cites by number).  A list that does not look numbered (its entries ran
    together, its numbers were lost) is numeric when the text cites mostly by number in
    brackets: raised numbers there may be notes' calls.
    """
    if total <= 0:
        return False
    if labelled >= max(1, total * 0.6):
        return not (author_year >= 3 and (numbers + raised) * 4 < author_year)
    return numbers >= 3 and numbers >= 2 * author_year


@fewer_collections()
def audit(manuscript: Manuscript, config: Config = Config(), resolver: Resolver | None = None) -> Report:
    """Audit one manuscript: parse, extract, match, resolve (if a resolver is given), check."""
    if manuscript.bibliography is not None:  # parsed by the reader (.bib, JATS ref-list)
        references = manuscript.bibliography
    else:
        references = tuple(read_references(manuscript))
    labelled = sum(1 for ref in references if ref.label)
    # Only text we split ourselves is judged by its citations; a reader's parsed list says.
    numbers, author_year, raised = style_evidence(manuscript) if manuscript.bibliography is None else (0, 0, 0)
    numeric = is_numeric_style(labelled, len(references), numbers, author_year, raised)
    known_names = [
        name.get("literal", "")
        for ref in references
        for name in (ref.csl.get("author") or [])[:1]
        if name.get("literal")
    ]
    author_date = sum(author_date_shape(ref.raw) for ref in references)
    author_page = (
        manuscript.bibliography is None and not numeric and bool(references) and author_date < len(references) * 0.4
        and author_year < 3  # MLA cites without years: a text that cites with years is not MLA
    )
    # Printed numbers: the labels where entries carry them, else their places in the list.
    labels = {int(ref.label) for ref in references if ref.label and ref.label.isdigit()}
    reference_numbers = labels or set(range(1, len(references) + 1))
    extracted = extract(
        manuscript, numeric=numeric, author_page=author_page, known_names=known_names, reference_numbers=reference_numbers
    )
    found = extracted.citations
    if manuscript.stated_only:  # every citation is a \cite: phrases beside them are not more
        found = hand_written(found, manuscript.prepared_citations or (), references, manuscript.text)
    citations = merge_citations(found, manuscript.prepared_citations)
    match = match_citations(citations, references, manuscript.prepared_citations)
    if manuscript.listed_citations:  # \nocite: the entries are listed on purpose, not uncited
        listed = {t for link in match_citations(manuscript.listed_citations, references).links for t in link.targets}
        match = dataclasses.replace(match, uncited=tuple(i for i in match.uncited if i not in listed))
    copies = repeated_key_copies(references)  # reported as the duplicate key, not as uncited too
    if copies:
        match = dataclasses.replace(match, uncited=tuple(i for i in match.uncited if i not in copies))
    if manuscript.body.end <= manuscript.body.start:  # a .bib alone: no text, so nothing is uncited
        match = dataclasses.replace(match, uncited=())
    resolutions = tuple((resolver or OfflineResolver()).resolve(references))
    ctx = Context(
        manuscript=manuscript,
        references=references,
        citations=citations,
        footnotes=extracted.footnotes,
        match=match,
        config=config,
        resolutions=resolutions,
        undefined_markers=extracted.undefined_markers,
        waivers=read_waivers(manuscript),
    )
    findings, waived = waive(ctx, run_checks(ctx))
    provenance = {
        "tool": "citeaudit",
        "version": __version__,
        "citation_style": "numeric" if numeric else "author-page" if author_page else "author-year",
        "offline": config.offline or resolver is None,
    }
    registry = getattr(resolver, "provenance", None)
    if callable(registry):
        provenance["registry"] = registry()
    return Report(
        manuscript=manuscript,
        references=references,
        citations=citations,
        links=match.links,
        footnotes=extracted.footnotes,
        findings=tuple(findings),
        resolutions=resolutions,
        provenance=provenance,
        waived=tuple(waived),
    )


def audit_text(text: str, path: str = "<string>", config: Config = Config()) -> Report:
    """Audit a Markdown/plain-text manuscript given as a string, offline."""
    return audit(read_markdown_string(text, path), config)
