"""Names and fields of whole entries, "same title", and when reference-incomplete may speak.

The entries are written for these tests in the shapes real lists use (Chicago notes and
bibliography, MLA, APA 7, ACM/USENIX from PDF, Nature); none is copied from a real document.
"""

from __future__ import annotations

import pytest

from citeaudit.checks import check_named
from citeaudit.checks.base import Context
from citeaudit.checks.references import is_unparsed
from citeaudit.config import Config
from citeaudit.match import MatchResult, same_work
from citeaudit.model import Location, Manuscript, Reference, Severity, Span
from citeaudit.references.names import truncated
from citeaudit.references.parse import has_italics, parse_reference
from citeaudit.references.tex import latex_to_text
from citeaudit.references.titles import same_title
from citeaudit.resolve.compare import compare_fields
from citeaudit.resolve.records import work_record


def _family(names):
    return [n.get("family") or n.get("literal") for n in names or []]


# text, prefer_rules, expected fields (authors/editors/translators as family names)
ENTRIES = [
    pytest.param(
        "Okafor, Adaeze, Brian Lindqvist, and Chiara Ferraro. 2016. “Credit after the Harvest.” "
        "Journal of Rural Economics 41, no. 3 (2016): 211–39.",
        False,
        {"author": ["Okafor", "Lindqvist", "Ferraro"], "container-title": "Journal of Rural Economics"},
        id="chicago-article-first-author-inverted",
    ),
    pytest.param(
        "Haldane, Morris T. The Shape of Learned Change. 2nd ed. Chicago: Midway University Press, 1971.",
        False,
        {"author": ["Haldane"], "publisher": "Midway University Press", "publisher-place": "Chicago"},
        id="chicago-book-one-author",
    ),
    pytest.param(
        "Varga, Ilona. 1991. The Weight of Words. Translated by Peter Ashdown and Maria L. Quint. "
        "3rd ed. Boston: Harrow House.",
        False,
        {"author": ["Varga"], "translator": ["Ashdown", "Quint"], "title": "The Weight of Words"},
        id="translated-by-two",
    ),
    pytest.param(
        "Lindgren, Sofia. “On Borrowed Tongues.” In: Language, Exile, and Memory, ed. R. T. Morrow and "
        "Helen Vane, 12–40. Oxford: Clarendon Press, 2004.",
        False,
        {"author": ["Lindgren"], "editor": ["Morrow", "Vane"], "container-title": "Language, Exile, and Memory", "page": "12-40"},
        id="in-book-ed-names",
    ),
    pytest.param(
        "Ferreira, Ana. “Ports and Pilgrims.” In Atlantic Crossings, edited by Paul Dorsey, 55–80. "
        "London: Meridian Books, 2012.",
        False,
        {"author": ["Ferreira"], "editor": ["Dorsey"], "container-title": "Atlantic Crossings", "type": "chapter"},
        id="in-book-edited-by",
    ),
    pytest.param(
        "Rowan, Elsa, and Tomas Berg, eds. A Companion to Northern Ballads. Edinburgh: Firth Press, 2009.",
        False,
        {"editor": ["Rowan", "Berg"], "title": "A Companion to Northern Ballads", "type": "book"},
        id="eds-after-names",
    ),
    pytest.param(
        "[1] Josh Tobin, et al. [\"Randomised worlds for robot learning.\"](https://example.org/p) IROS, 2017.",
        False,
        {"author": ["Tobin", "et al."]},
        id="first-name-first-et-al",
    ),
    pytest.param(
        "Geoffrey Hinton, Oriol Vinyals, and Jeff Dean. Distilling the knowledge in a neural network. arXiv preprint, 2015.",
        False,
        {"author": ["Hinton", "Vinyals", "Dean"], "title": "Distilling the knowledge in a neural network"},
        id="names-the-labeller-cut-into-the-title",
    ),
    pytest.param(
        "[17] Ana Lind, Bo Tran, and Cy Ode. Segmentor2, 2019.",
        False,
        {"title": "Segmentor2", "author": ["Lind", "Tran", "Ode"]},
        id="software-name-with-digit",
    ),
    pytest.param(
        "World Health Organization (WHO). (2020). Global report on wells 2020. Geneva: WHO.",
        False,
        {"author": ["World Health Organization (WHO)"]},
        id="group-with-abbreviation",
    ),
    pytest.param(
        "[9] S. Quist. Fast folding of list homomorphisms. In L. Abel, P. Fraigni- aud, and Y. Roux, editors, "
        "*Euro-Par'97.* *Parallel Processing*, Lecture Notes in Computer Science 1200, pages 401–408. Springer-Verlag, 1997.",
        True,
        {"editor": ["Abel", "Fraigniaud", "Roux"], "container-title": "Euro-Par'97. Parallel Processing", "publisher": "Springer-Verlag"},
        id="acm-editors-word-after-names",
    ),
    pytest.param(
        "[8] Mara Quill, Howard Tess, and Shun-Li Le- ung. The shared file system. In *19th Symposium on Op-* "
        "*erating Systems Principles*, pages 29–43, Lake George, New York, 2003.",
        True,
        {"author": ["Quill", "Tess", "Leung"], "container-title": "19th Symposium on Operating Systems Principles"},
        id="pdf-broken-name-and-italic-run",
    ),
    pytest.param(
        "Varga, Ilona. 1991. *The Weight of Words*. Translated by Peter Ashdown and Maria L. Quint. 3rd ed. Boston: Harrow House.",
        True,
        {"author": ["Varga"], "translator": ["Ashdown", "Quint"], "publisher": "Harrow House", "publisher-place": "Boston"},
        id="italics-translated-by",
    ),
    pytest.param(
        "Morel, Jean. *Les chemins de fer*. Trans. Alma Reed. New York: Vintage, 1977.",
        True,
        {"translator": ["Reed"], "publisher": "Vintage", "publisher-place": "New York"},
        id="italics-trans-abbreviated",
    ),
    pytest.param(
        "Kessel, Otto. *Markets and Order*. Edited by Guenther Rau and Claus Witt. Berkeley: Pacific University Press, 1978.",
        True,
        {"author": ["Kessel"], "editor": ["Rau", "Witt"], "publisher": "Pacific University Press"},
        id="italics-edited-by-after-title",
    ),
    pytest.param(
        "Lind, Sofia. “On Borrowed Tongues.” Translated by Harry Zell. In *Exiles*, edited by Hanna Arndt, 69–82. "
        "New York: Schocken Books, 1968.",
        True,
        {"translator": ["Zell"], "editor": ["Arndt"], "container-title": "Exiles", "type": "chapter", "page": "69-82"},
        id="italics-chapter-translated-and-edited",
    ),
    pytest.param(
        "Lindgren, Sofia. “On Borrowed Tongues.” In: *Language, Exile, and Memory*, ed. R. T. Morrow and Helen Vane, "
        "12–40. Oxford: Clarendon Press, 2004.",
        True,
        {"editor": ["Morrow", "Vane"], "container-title": "Language, Exile, and Memory", "publisher": "Clarendon Press"},
        id="italics-in-ed-with-initials",
    ),
    pytest.param(
        "Jones, A. 'The Mill and the Marsh', in B. Smith and C. Doe (eds), *Fenland Histories* (Oxford, 2001), pp. 12–34.",
        True,
        {"author": ["Jones"], "editor": ["Smith", "Doe"], "title": "The Mill and the Marsh", "publisher-place": "Oxford", "page": "12-34"},
        id="british-place-and-year-in-brackets",
    ),
    pytest.param(
        "Hale, Stuart. “Encoding.” *Culture, Media, Language*, edited by Stuart Hale et al., Hutchinson, 1980, pp. 128-38.",
        True,
        {"editor": ["Hale", "et al."], "publisher": "Hutchinson", "type": "chapter", "page": "128-38"},
        id="mla-container-edited-by",
    ),
    pytest.param(
        "Marlowe, Ann, ed. *The Atlas of Forgotten Roads*. 2 vols. New York: Norton, 2010.",
        True,
        {"editor": ["Marlowe"], "publisher-place": "New York", "publisher": "Norton"},
        id="number-of-volumes-is-no-volume",
    ),
    pytest.param(
        "SENAMHI (Servicio Nacional de Meteorología e Hidrología del Perú). 2018. *Escenarios del clima*. Lima: SENAMHI.",
        True,
        {"author": ["SENAMHI (Servicio Nacional de Meteorología e Hidrología del Perú)"], "publisher": "SENAMHI"},
        id="italics-group-with-abbreviation-first",
    ),
    pytest.param(
        "Met Office (UKMO). (2019). *Rainfall records*. Exeter: Met Office.",
        True,
        {"author": ["Met Office (UKMO)"], "title": "Rainfall records"},
        id="italics-group-with-abbreviation-after",
    ),
    pytest.param(
        "Chen, J. *et al.* Shared traces of memory. *Neural Letters* 20, 115 (2017).",
        True,
        {"author": ["Chen", "et al."], "title": "Shared traces of memory", "container-title": "Neural Letters"},
        id="italic-et-al-is-no-title",
    ),
    pytest.param(
        "3. Alder, M., Brook, R. & de Wit, B. Soil carbon in upland heath. *Soil Biol.* 12, 351–365 (2015).",
        True,
        {"author": ["Alder", "Brook", "de Wit"], "title": "Soil carbon in upland heath"},
        id="nature-style",
    ),
]


@pytest.mark.parametrize(("text", "prefer_rules", "expected"), ENTRIES)
def test_entry_fields(text, prefer_rules, expected):
    csl = parse_reference(text, prefer_rules=prefer_rules).csl
    for name, value in expected.items():
        got = _family(csl.get(name)) if name in ("author", "editor", "translator") else csl.get(name)
        assert got == value, (name, csl)


def test_et_al_entry_is_truncated():
    csl = parse_reference("[3] Xue Bin Peng, et al. \"Sim-to-real transfer.\" ICRA, 2018.").csl
    assert truncated(csl["author"])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("Russia and Asia in 1995", "Russia and Asia in 1995: Bold Objectives", True, id="subtitle-one-side"),
        pytest.param("Économie et société", "Economie et societe", True, id="diacritics"),
        pytest.param("Bold Objectives and Limted Means", "Bold Objectives and Limited Means", True, id="typo"),
        pytest.param("Learning to rank, Part I", "Learning to rank, Part II", False, id="roman-numbers-differ"),
        pytest.param("Scaling laws for GPT-3", "Scaling laws for GPT-4", False, id="numbers-differ"),
        pytest.param("Memory: Part A", "Memory: Part B of the survey", False, id="different-subtitles"),
        pytest.param("", "Anything", False, id="empty"),
    ],
)
def test_same_title(a, b, same):
    assert same_title(a, b) is same
    assert same_title(b, a) is same


def test_compare_reads_the_apa_ellipsis():
    record = work_record({
        "DOI": "10.1/x", "type": "journal-article", "title": ["Long lists"],
        "author": [{"family": f} for f in ("Aron", "Brown", "Chen", "Dorn", "Evans", "Zwienenberg")],
        "issued": {"date-parts": [[2021]]},
    })
    csl = parse_reference("Aron, L., Brown, K., Chen, J., … Zwienenberg, M. (2021). Long lists. Journal of Lists, 3(2), 1–10.").csl
    authors = next(f for f in compare_fields(csl, record) if f.name == "authors")
    assert authors.agrees


def _ref(csl, confidence=None, index=1):
    return Reference(index, "raw", Span(0, 3), Location(1, 1), csl, confidence=confidence or {})


def _incomplete(reference, *others):
    manuscript = Manuscript(path="m.md", source="", text="", offsets=(0,), body=Span(0, 0))
    ctx = Context(manuscript, (reference, *others), (), (), MatchResult((), (), ()), Config())
    return list(check_named("reference-incomplete").run(ctx))


YEAR = {"date-parts": [[2019]]}


@pytest.mark.parametrize(
    ("csl", "confidence", "expected"),
    [
        pytest.param(
            {"type": "book", "author": [{"literal": "World Health Organization (WHO)"}], "title": "Wells", "issued": YEAR},
            {"type": 0.6, "author": 0.95, "title": 0.95, "issued": 0.95}, None, id="apa7-group-author-is-publisher",
        ),
        pytest.param(
            {"type": "report", "title": "CUDA Guide", "issued": YEAR, "publisher": "Nvidia"},
            None, None, id="report-by-institution-needs-no-author",
        ),
        pytest.param(
            {"type": "book", "author": [{"family": "Haldane"}], "title": "Change", "issued": YEAR},
            {"type": 0.6, "author": 0.95, "title": 0.95, "issued": 0.95}, Severity.WARNING, id="sure-parse-book-without-publisher",
        ),
        pytest.param(
            {"type": "book", "title": "M. Quill, H. Tess, and S. Leung", "issued": YEAR, "publisher": "Di- amond"},
            {"type": 0.6, "title": 0.75, "issued": 0.8, "publisher": 0.8}, Severity.INFO, id="unsure-parse-says-info",
        ),
        pytest.param(
            {"type": "thesis", "author": [{"family": "Alt"}], "title": "Skeletons", "issued": YEAR},
            None, Severity.WARNING, id="bib-thesis-without-institution",
        ),
        pytest.param(
            {"type": "book", "author": [{"family": "Brown"}], "title": "Saints", "issued": YEAR, "publisher-place": "Chicago"},
            {"type": 0.6, "author": 0.95, "title": 0.95, "issued": 0.95, "publisher-place": 0.9}, Severity.INFO,
            id="place-without-publisher-is-info",
        ),
        pytest.param(
            {"type": "webpage", "title": "Hypre web page", "URL": "https://example.org"},
            None, None, id="bib-webpage-complete",
        ),
    ],
)
def test_reference_incomplete(csl, confidence, expected):
    findings = _incomplete(_ref(csl, confidence))
    assert [f.severity for f in findings] == ([expected] if expected else [])
    if expected is Severity.INFO:
        assert "unsure" in findings[0].message or "some styles" in findings[0].message  # the reason is given


@pytest.mark.parametrize(
    ("csl", "confidence", "unparsed"),
    [
        pytest.param({"type": "webpage", "title": "Mixmaster", "URL": "http://x.org"}, None, False, id="bib-title-and-url"),
        pytest.param({"type": "document", "title": "Mixmaster"}, {"type": 0.6, "title": 0.7}, True, id="parsed-title-alone"),
        pytest.param({"type": "document"}, None, True, id="empty-record"),
    ],
)
def test_is_unparsed(csl, confidence, unparsed):
    assert is_unparsed(_ref(csl, confidence)) is unparsed


_NAMES_YEAR = {"type": "document", "author": [{"family": "Bartram", "given": "C."}], "issued": {"date-parts": [[2021]]}}


@pytest.mark.parametrize(
    ("raw", "csl", "unparsed"),
    [
        pytest.param("[44] C. Bartram et al. (ADMX Collaboration), (2021), arXiv:2110.10262.", _NAMES_YEAR, False, id="aps-preprint-names-year-arxiv"),
        pytest.param("C. Bartram (2021), arXiv:hep-ph/0412175", _NAMES_YEAR, False, id="old-style-arxiv-id"),
        pytest.param("C. Bartram (2021), doi:10.1103/x", {**_NAMES_YEAR, "DOI": "10.1103/x"}, False, id="names-year-doi"),
        pytest.param("C. Bartram (2021), in preparation.", _NAMES_YEAR, True, id="names-year-nothing-to-find-it-by"),
        pytest.param("arXiv:2110.10262", {"type": "document"}, True, id="arxiv-id-alone"),
    ],
)
def test_a_preprint_cited_without_title_is_not_unparsed(raw, csl, unparsed):
    reference = Reference(1, raw, Span(0, len(raw)), Location(1, 1), csl, confidence={"type": 0.6, "author": 0.9, "issued": 0.9})
    assert is_unparsed(reference) is unparsed


SURE = {"type": 0.6, "author": 0.95, "title": 0.95, "issued": 0.95}


def test_a_list_that_names_no_publishers_is_a_style():
    books = [
        _ref({"type": "book", "author": [{"family": f"A{i}"}], "title": f"Book {i}", "issued": YEAR}, SURE, index=i)
        for i in range(1, 5)
    ]
    assert _incomplete(*books) == []


def test_one_book_without_publisher_among_many_with_is_reported():
    books = [
        _ref({"type": "book", "author": [{"family": f"A{i}"}], "title": f"Book {i}", "issued": YEAR, "publisher": "P"}, SURE, index=i)
        for i in range(2, 6)
    ]
    lonely = _ref({"type": "book", "author": [{"family": "B"}], "title": "Lonely", "issued": YEAR}, SURE)
    assert [f.reference for f in _incomplete(lonely, *books)] == [1]


@pytest.mark.parametrize(
    ("text", "place", "publisher"),
    [
        pytest.param("Rossi, U. (1979), Lettere dal fiume, Torino, Einaudi Editore.", "Torino", "Einaudi Editore", id="place-comma-publisher"),
        pytest.param("Tale, B. (1990). Rivers. San Jose, California.", "San Jose, California", None, id="city-comma-region"),
        pytest.param("Said, E. W. (1978). Shores. New York, NY: Pantheon Books.", "New York, NY", "Pantheon Books", id="city-comma-state"),
    ],
)
def test_place_and_publisher(text, place, publisher):
    csl = parse_reference(text).csl
    assert (csl.get("publisher-place"), csl.get("publisher")) == (place, publisher)


@pytest.mark.parametrize(
    ("title_a", "title_b", "same"),
    [
        pytest.param("Linear Algebra Forum Standard (1)", "Linear Algebra Forum Standard (2)", False, id="numbered-parts"),
        pytest.param("Robust benchmarking in noisy environments", "Robust Benchmarking in Noisy Environments.", True, id="case-and-stop"),
    ],
)
def test_same_work_uses_same_title(title_a, title_b, same):
    a = _ref({"type": "article-journal", "author": [{"family": "Dongo"}], "title": title_a, "issued": YEAR})
    b = _ref({"type": "article-journal", "author": [{"family": "Dongo"}], "title": title_b, "issued": YEAR}, index=2)
    assert same_work(a, b) is same


# Humanities entries as plain strings (the labeller reads them), with the fields that matter:
# people by role, title, container, place and publisher.
HUMANITIES = [

("Arendt, Hannah. The Human Condition. 2nd ed. Introduction by Margaret Canovan. Chicago: University of Chicago Press, 1998.", dict(author=["Arendt"], title="The Human Condition", publisher="University of Chicago Press", place="Chicago")),
("Bakhtin, M. M. The Dialogic Imagination: Four Essays. Edited by Michael Holquist. Translated by Caryl Emerson and Michael Holquist. Austin: University of Texas Press, 1981.", dict(author=["Bakhtin"], editor=["Holquist"], translator=["Emerson","Holquist"], publisher="University of Texas Press")),
("Braudel, Fernand. The Mediterranean and the Mediterranean World in the Age of Philip II. Trans. Siân Reynolds. 2 vols. London: Collins, 1972–73.", dict(author=["Braudel"], translator=["Reynolds"], publisher="Collins", place="London")),
("Chartier, Roger. “Texts, Printing, Readings.” In The New Cultural History, ed. Lynn Hunt, 154–75. Berkeley: University of California Press, 1989.", dict(author=["Chartier"], editor=["Hunt"], container="The New Cultural History", publisher="University of California Press")),
("Darnton, R. (1984) ‘Workers Revolt: The Great Cat Massacre of the Rue Saint-Séverin’, in The Great Cat Massacre and Other Episodes in French Cultural History. New York: Basic Books, pp. 75–104.", dict(author=["Darnton"], container="The Great Cat Massacre and Other Episodes in French Cultural History", publisher="Basic Books")),
("Eley, G. and Suny, R. G. (eds) (1996) Becoming National: A Reader. New York and Oxford: Oxford University Press.", dict(editor=["Eley","Suny"], title="Becoming National: A Reader", publisher="Oxford University Press")),
("Ginzburg, Carlo. Il formaggio e i vermi. Il cosmo di un mugnaio del ’500. Torino: Einaudi, 1976.", dict(author=["Ginzburg"], publisher="Einaudi", place="Torino")),
("Hobsbawm, Eric, and Terence Ranger, eds. The Invention of Tradition. Cambridge: Cambridge University Press, 1983.", dict(editor=["Hobsbawm","Ranger"], title="The Invention of Tradition", publisher="Cambridge University Press")),
("Le Goff, Jacques. Time, Work, and Culture in the Middle Ages. Translated by Arthur Goldhammer. Chicago: University of Chicago Press, 1980.", dict(author=["Le Goff"], translator=["Goldhammer"], publisher="University of Chicago Press")),
("Nora, P. (ed.), Les Lieux de mémoire, 3 vols., Paris, Gallimard, 1984–1992.", dict(editor=["Nora"], title="Les Lieux de mémoire", publisher="Gallimard", place="Paris")),
("Scott, Joan W. “Gender: A Useful Category of Historical Analysis.” American Historical Review 91, no. 5 (1986): 1053–75.", dict(author=["Scott"], container="American Historical Review")),
("Skinner, Q. (1969), ‘Meaning and Understanding in the History of Ideas’, History and Theory, 8 (1): 3–53.", dict(author=["Skinner"], container="History and Theory")),
("Thompson, E. P. The Making of the English Working Class. London: Victor Gollancz, 1963.", dict(author=["Thompson"], publisher="Victor Gollancz", place="London")),
("Williams, Raymond. Keywords: A Vocabulary of Culture and Society. Rev. ed. New York: Oxford University Press, 1985.", dict(author=["Williams"], publisher="Oxford University Press", place="New York")),
("Zemon Davis, N., ‘The Rites of Violence’, Past and Present, 59 (1973), pp. 51–91.", dict(author=["Zemon Davis"], container="Past and Present")),
("Burke, Peter (ed.). New Perspectives on Historical Writing. 2nd edn. Cambridge: Polity, 2001.", dict(editor=["Burke"], publisher="Polity", place="Cambridge")),
("de Certeau, M. L’Écriture de l’histoire. Paris: Gallimard, 1975.", dict(author=["de Certeau"], publisher="Gallimard", place="Paris")),
("Koselleck, Reinhart. Futures Past: On the Semantics of Historical Time. Trans. Keith Tribe. New York: Columbia University Press, 2004.", dict(author=["Koselleck"], translator=["Tribe"], publisher="Columbia University Press")),
("Stone, L., ‘The Revival of Narrative’, in idem, The Past and the Present Revisited (London, 1987), pp. 74–96.", dict(author=["Stone"], place="London")),
("Pomian, Krzysztof. Collectors and Curiosities: Paris and Venice, 1500–1800. Translated by Elizabeth Wiles-Portier. Cambridge: Polity Press, 1990.", dict(author=["Pomian"], translator=["Wiles-Portier"], publisher="Polity Press")),
]


@pytest.mark.parametrize(("text", "gold"), [pytest.param(t, g, id=t.split(",")[0].split(" ")[0].lower() + str(i)) for i, (t, g) in enumerate(HUMANITIES)])
def test_humanities_fields(text, gold):
    csl = parse_reference(text).csl
    people = lambda role: [n.get("family") or n.get("literal") for n in csl.get(role, []) if n.get("literal") != "et al."]  # noqa: E731
    got = {
        "author": people("author"), "editor": people("editor"), "translator": people("translator"),
        "title": csl.get("title"), "container": csl.get("container-title"),
        "publisher": csl.get("publisher"), "place": csl.get("publisher-place"),
    }
    assert {k: got[k] for k in gold} == gold
    for role in ("editor", "translator"):
        assert role in gold or not got[role], role  # no names invented in a role


def test_natbib_bibinfo_keeps_the_value_not_the_field_name():
    text = latex_to_text(r"\bibinfo{author}{Murdock, B.~B.} \newblock \bibinfo{title}{Serial recall}.")[0]
    assert "author" not in text and "title" not in text
    assert "Murdock, B. B." in text


def test_an_italic_et_al_alone_is_no_italics():
    assert not has_italics("Chen, J. *et al.* Shared traces. Neural Letters 20, 115 (2017).")


@pytest.mark.parametrize(
    ("url_a", "url_b", "same"),
    [
        pytest.param("https://github.com/x/docs/VERIFICATION.md#cvc", "https://github.com/x/docs/VERIFICATION.md", False, id="two-pages-of-one-site"),
        pytest.param("https://www.example.org/guide/", "http://example.org/guide", True, id="same-page-written-twice"),
        pytest.param("https://example.org/guide", "", True, id="one-without-an-address"),
    ],
)
def test_anonymous_pages_are_told_apart_by_their_address(url_a, url_b, same):
    a = _ref({"type": "webpage", "title": "CVC - Verification Documentation - TinyTapeout Repository", "URL": url_a})
    b = _ref({"type": "webpage", "title": "Verification Documentation - TinyTapeout Repository", "URL": url_b}, index=2)
    if not url_b:
        b = _ref({"type": "webpage", "title": "CVC - Verification Documentation - TinyTapeout Repository"}, index=2)
    assert same_work(a, b) is same


def _aps(index, raw, **csl):
    csl = {"type": "article-journal", "author": [{"family": "Roe", "given": "R."}], "issued": {"date-parts": [[2020]]}, **csl}
    return Reference(index, raw, Span(0, len(raw)), Location(index, 1), csl, confidence={"type": 0.6, "author": 0.95, "issued": 0.95})


@pytest.mark.parametrize(
    ("others", "severities"),
    [
        pytest.param(
            [_aps(2, "R. Roe, Phys. Rev. B 1, 2 (2020).", **{"container-title": "Phys. Rev. B", "volume": "1", "page": "2"}),
             _aps(3, "R. Roe, Phys. Rev. D 3, 4 (2020).", **{"container-title": "Phys. Rev. D", "volume": "3", "page": "4"})],
            [], id="aps-list-prints-no-titles-nothing-to-say",
        ),
        pytest.param(
            [_aps(2, "R. Roe, Long title. Phys. Rev. B 1, 2 (2020).", title="Long title", **{"container-title": "Phys. Rev. B", "volume": "1", "page": "2"})],
            [Severity.INFO], id="titled-list-says-info-with-the-reason",
        ),
    ],
)
def test_a_preprint_cited_by_its_arxiv_id_needs_no_title(others, severities):
    preprint = _aps(1, "R. Roe et al. (ADMX Collaboration), (2020), arXiv:2110.10262.", type="document")
    findings = [f for f in _incomplete(preprint, *others) if f.reference == 1]
    assert [f.severity for f in findings] == severities
