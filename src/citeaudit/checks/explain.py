"""What each finding code means, why it matters, how to fix it, with an example.

Meaning, reasons and example are the check's docstring (one place, beside the code); how to fix
it is the table below, one row per code of ``CHECKS``.  ``citeaudit explain CODE``, the HTML
report's glossary and SARIF's rule help all read ``explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Severity
from . import CHECKS

#: How to fix what each code finds; a test asserts that every code of CHECKS has a row.
HOW_TO_FIX: dict[str, str] = {
    "citation-unmatched": (
        "Add the missing entry to the reference list, or correct the citation so that its name, year "
        "(and letter) or number is that of an existing entry; for a cite key, use the key's exact case."
    ),
    "citation-year-mismatch": (
        "Check the year against the work itself and correct either the citation or the entry; add the "
        "year's letter (2020a, 2020b) when the author has several works that year."
    ),
    "citation-name-mismatch": (
        "Spell the author's name in the citation as in the entry (or correct the entry), and name as many "
        "authors as the style asks for (\"et al.\" for three or more in APA)."
    ),
    "citation-ambiguous": (
        "Give each of the author's works of that year a letter in the list (2020a, 2020b) and use it in "
        "every citation, or name a second author to tell the works apart."
    ),
    "reference-uncited": (
        "Cite the entry where the text relies on it, correct a misspelled citation of it, or remove the entry; "
        "for a bibliography shared by several documents, run with --shared-bib."
    ),
    "reference-duplicate": (
        "Keep one entry for the work, merge what each copy knows into it, and point every citation at it; "
        "in a .bib file give each entry its own key."
    ),
    "reference-incomplete": (
        "Add the missing field (journal, publisher, volume, pages, URL...) from the work itself or its "
        "publisher's page; a DOI lets a registry fill in the rest (citeaudit export --enrich)."
    ),
    "reference-unparsed": (
        "Separate entries that run together (a blank line or a number before each), and move text that is "
        "not a reference out of the list."
    ),
    "footnote-unreferenced": (
        "Put the footnote's marker back where the note belongs in the text (it is often lost in a conversion "
        "from PDF), or delete the note."
    ),
    "footnote-undefined": (
        "Write the missing footnote, or correct the marker's number; after a conversion, check that no note "
        "was dropped at a page break."
    ),
    "doi-malformed": (
        "Copy the DOI again from the article's landing page or https://doi.org; a DOI is \"10.\", 4 to 9 "
        "digits, \"/\" and a suffix, with no spaces or line breaks inside."
    ),
    "doi-not-found": (
        "Look the work up (by title on https://search.crossref.org or the publisher's site) and write its "
        "real DOI, or remove the DOI if the work has none."
    ),
    "doi-mismatch": (
        "Open https://doi.org/<the DOI>: if it is another work, find the cited work's own DOI; if it is the "
        "cited work, correct the entry's fields that differ from the record."
    ),
    "reference-retracted": (
        "Read the notice; cite the work only where its retraction does not matter, say in the text that it "
        "was retracted, or replace it with a sound source."
    ),
    "doi-suggested": (
        "Open the suggested DOI; if it is the cited work, add it to the entry. If it is not, leave the entry "
        "as it is (the match was only likely)."
    ),
    "reference-not-found": (
        "Check the entry by hand (library catalogue, publisher, Google Scholar): correct its title, authors "
        "or year if they are wrong, and add a DOI or URL if the work has one."
    ),
    "reference-not-indexable": (
        "Nothing to fix: check such a source by hand if it matters (a newspaper archive, the web page, "
        "the law's official text); --select/--ignore can hide these."
    ),
    "lookup-failed": (
        "Run again later (or with a longer --timeout / --network-budget); answers already received are "
        "cached, so a second run asks only for what is missing."
    ),
    "citation-link-mismatch": (
        "Refresh the citation from the reference manager (Zotero, Mendeley, EndNote) instead of editing its "
        "text by hand, or correct the link (JATS <xref rid>) so that both name the same work."
    ),
    "reference-list-debris": (
        "Move the figure, table or caption out of the reference list to where it belongs in the text, and "
        "join the entry it cut in two."
    ),
    "reference-order": (
        "Put the entry back in its numerical place, or renumber the list and the citations that use it."
    ),
    "reference-list-unsplit": (
        "Put each entry on its own line or paragraph (a blank line or a number before each), so that each "
        "can be matched and checked."
    ),
    "citation-separator": (
        "Separate the works of one Pandoc group with semicolons: [@smith2001; @jones2002]."
    ),
    "reference-list-missing": (
        "Add the reference list under a heading such as \"References\", or give the bibliography file "
        "(--bib refs.bib, or the front matter's bibliography: field) and check that it exists."
    ),
    "reference-pages-malformed": (
        "Correct the page range from the work itself: a dash between the first and last page "
        "(15137-15145), the last page after the first."
    ),
    "bib-unknown-field": (
        "Rename the field to the one BibTeX and biber know (pagers -> pages), so that the entry prints it."
    ),
    "latex-input-missing": (
        "Add the missing file, correct the path in \\input / \\include, or give --root when the files live "
        "in a folder above the manuscript."
    ),
    "doi-uncompared": (
        "Open the DOI and check that it names the cited work itself, not a figure, table or issue of it; "
        "write the work's own DOI if it does not."
    ),
    "reference-year-conflict": (
        "Look the article up and keep its journal's name and year once; the other year belongs to another "
        "citation of the journal."
    ),
    "waiver-invalid": (
        "Correct the code in the waiver comment to one that 'citeaudit checks' lists (or a prefix of "
        "codes ending in '-'), or remove the waiver."
    ),
    "waiver-unused": (
        "Remove the waiver, or move it onto the line of (or the line just above) the citation, entry or "
        "footnote whose finding it is meant to waive."
    ),
    "internal-error": (
        "Nothing in the manuscript to fix: report the bug with the manuscript (or a small piece of it) and "
        "the output of CITEAUDIT_DEBUG=1; the other checks' findings still stand."
    ),
}

# "Example:" opening a check's example, anywhere in its docstring.
_EXAMPLE = re.compile(r"\bExample:\s*")
# The end of an example: a sentence's end followed by two spaces, a blank line, or a line that
# opens with a capital ('... Ziegler (1993).  Lists where...', '... a publisher.\nSaid only...');
# docstrings put two spaces between sentences.
_EXAMPLE_END = re.compile(r"(?<=[.)\"'])(?: {2,}|[ \t]*\n[ \t]*\n|[ \t]*\n[ \t]*(?=[A-Z]))")


@dataclass(frozen=True, slots=True)
class Explanation:
    """One code explained: what it means, why it matters, how to fix it, and an example."""

    code: str
    severity: Severity
    meaning: str
    why: str
    fix: str
    example: str
    also: tuple[Severity, ...] = ()  # the other severities it reports with (Check.also)

    @property
    def severity_text(self) -> str:
        """``error by default``, or ``error by default, or warning`` for a check with two."""
        others = " or ".join(s.value for s in self.also)
        return f"{self.severity.value} by default" + (f", or {others}" if others else "")

    def as_text(self) -> str:
        """The explanation as plain text, one paragraph per part (``citeaudit explain``)."""
        parts = [f"{self.code} ({self.severity_text}): {self.meaning}"]
        for title, body in (("Why it matters", self.why), ("How to fix it", self.fix), ("Example", self.example)):
            if body:
                parts.append(f"{title}:\n  {body}")
        return "\n\n".join(parts)


def _paragraph(text: str) -> str:
    """One line of plain text: white space joined, reStructuredText's double backquotes made single."""
    return " ".join(text.split()).replace("``", "`")


def explain(code: str) -> Explanation:
    """The explanation of one code; KeyError when no check has it."""
    check = next((check for check in CHECKS if check.code == code), None)
    if check is None:
        raise KeyError(code)
    meaning, _, rest = check.doc.partition("\n")
    found = _EXAMPLE.search(rest)
    if found is None:
        why, example = rest, ""
    else:
        # The example runs to the end of its sentence (two spaces or a blank line after it); what
        # follows is more about why.
        tail = rest[found.end():]
        end = _EXAMPLE_END.search(tail)
        example, after = (tail[: end.start()], tail[end.end():]) if end else (tail, "")
        why = rest[: found.start()] + "\n" + after
    why = _paragraph(why).removeprefix("Why:").strip()
    why = why[:1].upper() + why[1:]
    return Explanation(
        code=code, severity=check.severity, also=check.also, meaning=_paragraph(meaning), why=why,
        fix=HOW_TO_FIX.get(code, ""), example=_paragraph(example),
    )


def explanations() -> list[Explanation]:
    """Every code explained, in the order of the checks table."""
    return [explain(check.code) for check in CHECKS]
