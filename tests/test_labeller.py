"""The shipped CRF reference labeller: it loads lazily, labels, and reports confidences."""

from __future__ import annotations

import subprocess
import sys
import time
from importlib import resources

import pytest

pytest.importorskip("pycrfsuite")

from citeaudit.references import labeller  # noqa: E402
from citeaudit.references.labeller import Token, label, label_reference, labels_from_segments, tokenize  # noqa: E402


def test_model_ships_inside_the_package_and_is_small():
    model = resources.files("citeaudit") / "models" / labeller.MODEL_FILE
    assert model.is_file()
    assert model.stat().st_size < 8_000_000
    assert labeller.model_available()


def test_importing_the_labeller_loads_no_model():
    code = "import sys, citeaudit.references.labeller as l; print('pycrfsuite' in sys.modules, l._Model._tagger)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "None"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Ziegler, C. E. (1993). Foreign policy and East Asia. Cambridge: Cambridge University Press.",
            {"author": ["Ziegler"], "year": 1993, "title": "Foreign policy and East Asia",
             "publisher": "Cambridge University Press", "publisher-place": "Cambridge"},
            id="apa-book",
        ),
        pytest.param(
            "Prescott DM (1994) The DNA of ciliated protozoa. Microbiol Rev 58: 233–267.",
            {"author": ["Prescott"], "year": 1994, "title": "The DNA of ciliated protozoa",
             "container-title": "Microbiol Rev", "volume": "58", "page": "233-267"},
            id="plos-journal",
        ),
        pytest.param(
            "[21] L. Razzari, D. Duchesne, and D. J. Moss, “CMOS-compatible integrated optical "
            "hyper-parametric oscillator,” Nature Photonics 4, 41–45 (2010).",
            {"author": ["Razzari", "Duchesne", "Moss"], "year": 2010, "volume": "4", "page": "41-45",
             "container-title": "Nature Photonics"},
            id="ieee-numbered",
        ),
        pytest.param(
            "Gibson, R. L., Reimold, W. U., Petrographic evidence for high shock pressures, "
            "Meteoritics & Planetary Science, vol. 36, no. 9, pp. 1215-1218, 2001. "
            "doi:10.1111/j.1945-5100.2001.tb01955.x",
            {"author": ["Gibson", "Reimold"], "year": 2001, "volume": "36", "issue": "9",
             "DOI": "10.1111/j.1945-5100.2001.tb01955.x"},
            id="journal-vol-no-doi",
        ),
        pytest.param(
            "World Health Organization (2011) Guidelines for the programmatic management of "
            "drug-resistant tuberculosis. Geneva: World Health Organization.",
            {"author": ["World Health Organization"], "year": 2011, "publisher-place": "Geneva"},
            id="organisation-author",
        ),
        pytest.param(
            "Dayan, Joan. “Poe, Persons, and Property.” In Romancing the Shadow: Poe and Race, edited by "
            "J. Gerald Kennedy and Liliane Weissberg, 106-126. New York: Oxford University Press, 2001.",
            {"author": ["Dayan"], "editor": ["Kennedy", "Weissberg"], "title": "Poe, Persons, and Property",
             "container-title": "Romancing the Shadow: Poe and Race", "year": 2001, "page": "106-126"},
            id="chicago-chapter",
        ),
    ],
)
def test_labels_reference_fields(text, expected):
    csl = label_reference(text)
    for name, value in expected.items():
        if name in ("author", "editor"):
            got = [n.get("family") or n.get("literal") for n in csl.get(name, [])]
            assert got == value, (name, csl)
        elif name == "year":
            assert csl["issued"]["date-parts"][0][0] == value, csl
        else:
            assert csl.get(name) == value, (name, csl)


def test_every_field_has_a_confidence_between_0_and_1():
    result = label("Prescott DM (1994) The DNA of ciliated protozoa. Microbiol Rev 58: 233–267.")
    fields = set(result.csl) - {"type"}
    assert fields <= set(result.confidence)
    assert all(0.0 <= c <= 1.0 for c in result.confidence.values())
    assert result.confidence["issued"] > 0.5
    start, end = result.spans["title"]
    assert result.text[start:end].startswith("The DNA")


def test_tokens_keep_their_offsets():
    text = "Phys. Rev.D94 (2016) 094008, doi:10.1103/PhysRevD.94.094008."
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens[:6]] == ["Phys", ".", "Rev", ".", "D", "94"]
    end = len(text)
    assert tokens[-2:] == [Token("10.1103/PhysRevD.94.094008", text.index("10."), end - 1), Token(".", end - 1, end)]


class _Seg:
    def __init__(self, label: str, text: str) -> None:
        self.label, self.text = label, text


def test_untagged_punctuation_joins_the_field_before_and_brackets_the_field_after():
    text, tokens, labels = labels_from_segments(
        [_Seg("author", "A. Smith"), _Seg("", ", ("), _Seg("date", "1993"), _Seg("", ") see "), _Seg("title", "X")]
    )
    assert text == "A. Smith, (1993) see X"
    assert list(zip((t.text for t in tokens), labels, strict=True)) == [
        ("A", "author"), (".", "author"), ("Smith", "author"), (",", "author"), ("(", "date"),
        ("1993", "date"), (")", "date"), ("see", "other"), ("X", "title"),
    ]  # fmt: skip


def test_untagged_prefix_words_join_the_field_they_introduce():
    _, tokens, labels = labels_from_segments(
        [
            _Seg("container-title", "Nature"), _Seg("", ", vol. "), _Seg("volume", "3"), _Seg("", ", pp. "),
            _Seg("page", "4-5"),
        ]  # fmt: skip
    )
    assert labels[tokens.index(next(t for t in tokens if t.text == "vol")) :] == [
        "volume", "volume", "volume", "volume", "page", "page", "page", "page", "page",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("(((((((((((((((((((((((((((((((((((((((( 1993", id="brackets"),
        pytest.param("a. " * 2000, id="long-initials"),
        pytest.param("10.1000/" + "x" * 3000 + " https://" + "y/" * 1000, id="long-links"),
    ],
)
def test_odd_input_neither_raises_nor_hangs(text):
    start = time.perf_counter()
    result = label(text)
    assert time.perf_counter() - start < 5
    assert isinstance(result.csl, dict)
