"""Checks on LaTeX sources as TeX, BibTeX and biber read them: fields that neither knows, files
that are not there.

BibTeX and biber skip a field whose name they do not know without a word, so a misspelled
``pagers = {...}`` or ``instituion = {...}`` silently leaves the entry without its pages or
institution.  Custom fields are common and harmless (``abstract``, ``file``, ``mendeley-tags``),
so only a name one or two letters away from a field the styles know is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import OSA

from ..model import Finding, Reference, Severity
from .base import Context, Emit

# Fields the BibTeX standard styles (plain, unsrt, alpha, abbrv) read.
BIBTEX_FIELDS = frozenset(
    "address annote author booktitle chapter crossref edition editor howpublished institution "
    "journal key month note number organization pages publisher school series title type year".split()
)

# Fields of the biblatex data model (biblatex manual, section 2.2), with its aliases.
BIBLATEX_FIELDS = frozenset(
    "abstract addendum afterword annotation annotator author authortype bookauthor bookpagination "
    "booksubtitle booktitle booktitleaddon chapter commentator date doi edition editor editora "
    "editorb editorc editortype editoratype editorbtype editorctype eid entrysubtype eprint "
    "eprintclass eprinttype eventdate eventtitle eventtitleaddon file foreword holder howpublished "
    "indextitle institution introduction isan isbn ismn isrn issn issue issuesubtitle issuetitle "
    "issuetitleaddon iswc journalsubtitle journaltitle journaltitleaddon label language library "
    "location mainsubtitle maintitle maintitleaddon month nameaddon note number organization "
    "origdate origlanguage origlocation origpublisher origtitle pages pagetotal pagination part "
    "publisher pubstate reprinttitle series shortauthor shorteditor shorthand shorthandintro "
    "shortjournal shortseries shorttitle subtitle title titleaddon translator type url urldate "
    "venue version volume volumes year crossref entryset execute gender langid langidopts ids "
    "indexsorttitle keywords options presort related relatedoptions relatedtype relatedstring "
    "sortkey sortname sortshorthand sorttitle sortyear xdata xref address annote archiveprefix "
    "journal key pdf primaryclass school namea nameb namec nameatype namebtype namectype "
    "lista listb listc listd liste listf usera userb userc userd usere userf verba verbb verbc "
    "eventtitleaddon origpublisher"
    .split()
)

# Fields that reference managers and databases write and no style prints: harmless.
EXTRA_FIELDS = frozenset(
    "abstract keywords keyword file files url urls doi urldate note notes annote annotation "
    "timestamp owner groups language lang isbn issn eissn isbn10 isbn13 eprint archiveprefix "
    "primaryclass arxiv arxivid pmid pmcid mrclass mrnumber zbl zblnumber bibsource biburl "
    "acmid articleno numpages copyright affiliation day lccn lcc ddc comment comments review "
    "priority ranking readstatus printed relevance qualityassured tags tag ee oai doc "
    "researcherid orcid unique keywords-plus publisher-place place medium size hash shortname "
    "editorial fjournal mrreviewer coden contents series-text subject isrn url2 pdf2 "
    "howpublished2 chapters"
    .split()
)

KNOWN_FIELDS = BIBTEX_FIELDS | BIBLATEX_FIELDS | EXTRA_FIELDS

# Fields that give the same thing: a misspelled "data" loses nothing beside a "year".
EQUIVALENT = {
    "date": ("date", "year"), "year": ("year", "date"), "journal": ("journal", "journaltitle"),
    "journaltitle": ("journaltitle", "journal"), "address": ("address", "location"),
    "location": ("location", "address"), "institution": ("institution", "school"),
    "school": ("school", "institution"), "annote": ("annote", "annotation"),
}

# A field name a tool made up on purpose: "mendeley-tags", "date-added", "hal_id", "author+an".
_TOOL_FIELD = re.compile(r"[^a-z0-9]")
# Prefixes that switch a field off in Emacs bibtex-mode and JabRef: "optpages", "altauthor".
_SWITCHED_OFF = ("opt", "alt")


def near_known_field(name: str) -> str | None:
    """The known field that ``name`` misspells, or ``None``: ``near_known_field("pagers") == "pages"``.

    A known field, a tool's own field (with a dash, underscore or other sign) and a name of
    fewer than four letters are never misspellings.  One edit (a letter added, dropped,
    changed, or two swapped) is allowed up to seven letters, two from eight on.
    """
    name = name.lower()
    if name in KNOWN_FIELDS or len(name) < 4 or _TOOL_FIELD.search(name):
        return None
    if name.startswith(_SWITCHED_OFF) and name[3:] in KNOWN_FIELDS:
        return None
    limit = 1 if len(name) < 8 else 2
    best, distance = None, limit + 1
    for known in sorted(BIBTEX_FIELDS | BIBLATEX_FIELDS):
        d = OSA.distance(name, known, score_cutoff=limit)
        if d < distance:
            best, distance = known, d
    return best


def _field_offset(reference: Reference, name: str) -> int:
    """Where ``name = `` is written inside the entry, as an offset in the manuscript text."""
    found = re.search(rf"(?im)(?:^|[,\s]){re.escape(name)}\s*=", reference.raw)
    return reference.span.start + (found.start() + (found.group()[0] in ", \t\n") if found else 0)


def unknown_fields(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A .bib field that BibTeX and biber do not know and that looks like a known one misspelled.

    Both skip such a field without a word, so the entry prints without it.  Custom fields that
    tools write (``abstract``, ``file``, ``mendeley-tags``) are not reported; only a name one
    or two letters from a known field is.  Example: ``pagers = {S156--S172}`` in an
    ``@InCollection`` (did you mean ``pages``?).
    """
    for ref in ctx.references:
        for name in ref.bib_fields:
            intended = near_known_field(name)
            if intended is None or set(EQUIVALENT.get(intended, (intended,))) & set(ref.bib_fields):
                continue  # what the misspelling would give, the entry has ("data" beside a year)
            yield emit(
                f"field '{name}' in entry {ref.key} is not a BibTeX or biblatex field, so it is ignored "
                f"and the entry has no {intended}; did you mean {intended}?",
                location=ctx.manuscript.locate(_field_offset(ref, name)),
                reference=ref.index,
                suggestion=f"rename '{name}' to '{intended}'",
            )


def unread_parts(ctx: Context, emit: Emit) -> Iterator[Finding]:
    """A file the manuscript inputs that is not there, so its text and citations were not read.

    TeX stops at it; the checker reads on, so that one missing chapter does not hide the rest,
    but entries cited only there may be reported as uncited.  Example: ``\\input{chapters/intro}``
    with no ``chapters/intro.tex``.
    """
    for why, offset in ctx.manuscript.unread_parts:
        yield emit(f"{why}; its text and citations were not read", location=ctx.manuscript.locate(offset))


# Fields each entry type needs ("a|b": either), by the rules of the BibTeX standard styles
# (btxdoc: plain, unsrt, alpha, abbrv warn "empty X") and, for the types only biblatex has, of
# the biblatex data model.  Aliases count as the field: "year|date", "journal|journaltitle".
BIBTEX_REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "conference": ("author", "title", "booktitle", "year"),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": ("title|url",),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
BIBLATEX_REQUIRED = {
    "online": ("title|url",),
    "report": ("author", "title", "institution", "year"),
    "thesis": ("author", "title", "institution", "year"),
    "collection": ("editor", "title", "year"),
    "mvbook": ("author", "title", "year"),
    "periodical": ("editor", "title", "year"),
    "patent": ("author", "title", "number", "year"),
    "dataset": ("author|editor", "title", "year"),
    "software": ("title",),
}
# What the biblatex data model asks of BibTeX's own types, where it asks less: a book needs no
# publisher, an @inbook a booktitle rather than a chapter or pages.  Used for a document that
# loads biblatex (a .bib alone, or one read by BibTeX, keeps BibTeX's rules).
BIBLATEX_FOR_BIBTEX_TYPES = {
    "book": ("author|editor", "title", "year"),
    "inbook": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "unpublished": ("author", "title", "year"),
}
# Names that stand for one another in the rules above.
_ALIASES = {
    "year": ("year", "date"), "journal": ("journal", "journaltitle"), "school": ("school", "institution"),
    "institution": ("institution", "school"), "url": ("url", "doi", "eprint", "howpublished"),
    "author": ("author", "organization"), "publisher": ("publisher", "organization"),
}
# A report may name where it was issued otherwise than by its institution: the series or
# repository it appeared in ("journaltitle = {CoRR}", an arXiv "eprint"), as biblatex prints a
# @report with an eprint.  Such a report can be found; its institution is not missing.
_REPORT_ISSUERS = ("journal", "journaltitle", "eprint")
_REPORTS = frozenset({"techreport", "report"})
# Types whose author may be the organisation that issued them (btxdoc: manual, techreport).
_ORGANIZATION_AUTHORS = frozenset({"manual", "techreport", "report", "misc", "online", "booklet", "proceedings"})


def missing_bib_fields(reference: Reference, parent: Reference | None = None, engine: str | None = None) -> tuple[list[str], str]:
    """The fields a .bib entry's type needs and it lacks, and the rule's source.

    ``engine`` is "biblatex" for a document that loads biblatex (its data model's rules apply).
    ``parent`` is the entry its ``crossref`` or ``xdata`` names: what it has, the child has
    (an ``@inproceedings`` takes its booktitle from its proceedings).  A report's institution
    may be named by the series or repository that issued it (``journaltitle``, ``eprint``).  A type neither rule
    set knows needs a title.  An entry read with nothing in it (a block BibTeX could not
    read) is another check's: nothing is missing here.
    """
    kind = reference.bib_type
    if not reference.bib_fields:
        return [], ""
    if engine == "biblatex" and kind in BIBTEX_REQUIRED:
        required, style = BIBLATEX_FOR_BIBTEX_TYPES.get(kind, BIBTEX_REQUIRED[kind]), "the biblatex data model"
    elif kind in BIBTEX_REQUIRED:
        required, style = BIBTEX_REQUIRED[kind], "the BibTeX standard styles"
    elif kind in BIBLATEX_REQUIRED:
        required, style = BIBLATEX_REQUIRED[kind], "the biblatex data model"
    else:
        required, style = ("title",), "every style"
    has = set(reference.bib_fields) | set(parent.bib_fields if parent else ())
    if parent is not None and parent.bib_type in ("proceedings", "book", "collection", "mvbook"):
        has.add("booktitle")  # the parent's title is the child's booktitle
    missing = []
    for need in required:
        options = need.split("|")
        names = {alias for option in options for alias in _ALIASES.get(option, (option,))}
        if kind in _REPORTS and "institution" in options:
            names.update(_REPORT_ISSUERS)
        if "author" in options and kind not in _ORGANIZATION_AUTHORS:
            names.discard("organization")  # only issued works take their organisation as author
        if not names & has:
            missing.append(options[0] if len(options) == 1 else " or ".join(options))
    return missing, style


def repeated_key_copies(references: Sequence[Reference]) -> frozenset[int]:
    """Indices of the entries whose key an earlier entry already has.

    BibTeX and biber use the first entry of a key; a later copy can never be cited.  It is
    reported once, as the duplicate key (``reference-duplicate``), not as uncited too.
    """
    seen: set[str] = set()
    copies = set()
    for ref in references:
        if not ref.key:
            continue
        key = ref.key.casefold()  # BibTeX: "Sommerville2016" repeats "sommerville2016"
        if key in seen:
            copies.add(ref.index)
        seen.add(key)
    return frozenset(copies)


# Keys named in the one finding that sets a shared bibliography's unused entries aside.
SET_ASIDE_SHOWN = 5


def set_aside_unused(ctx: Context, emit: Emit, unused: Sequence[Reference], *, shared: bool = True) -> Iterator[Finding]:
    """A bibliography's entries that this document does not cite: one info that counts them.

    BibTeX, biber and citeproc print only the entries a document cites, so an uncited .bib entry
    is not in the published list: no defect of the manuscript, and a warning each would bury the
    findings that matter (one the text names is still a warning, see ``uncited_references``).
    A bibliography kept for many papers (``--shared-bib``) says so in the message.  Example:
    "412 of 530 entries of the shared bibliography are not cited ...".
    """
    if not unused:
        return
    keys = [ref.key or str(ref.index) for ref in unused]
    shown = ", ".join(keys[:SET_ASIDE_SHOWN]) + (f" and {len(keys) - SET_ASIDE_SHOWN} more" if len(keys) > SET_ASIDE_SHOWN else "")
    if shared:
        message = (f"{len(unused)} of {len(ctx.references)} entries of the shared bibliography are not cited here "
                   f"and were set aside (--shared-bib): {shown}")
    else:
        message = (f"{len(unused)} of {len(ctx.references)} bibliography entries are not cited, so they are left out "
                   f"of the printed list: {shown}")
    yield emit(message, location=unused[0].location, severity=Severity.INFO)
