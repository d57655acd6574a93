"""The style rules read a first-name-first author with middle initials ("Sarita V. Adve.",
plainnat's layout) as that person, not as the Vancouver name "Sarita V." (a PDF list is read by
the rules, since its italics mark the titles)."""

from __future__ import annotations

import pytest

from citeaudit.references.parse import parse_with_rules


@pytest.mark.parametrize(
    ("text", "families"),
    [
        pytest.param("Sarita V. Adve. Using information from the programmer. Technical report, Rice University, 1996.", ["Adve"], id="one-forward-name"),
        pytest.param("Sarita V. Adve and Mark D. Hill. Weak ordering. In Proc. ISCA, 1990.", ["Adve", "Hill"], id="two-joined-by-and"),
        pytest.param("Daniel P. Huttenlocher, Gregory A. Klanderman, and William J. Rucklidge. Comparing images. IEEE PAMI, 15(9):850-863, 1993.", ["Huttenlocher", "Klanderman", "Rucklidge"], id="three-with-commas"),
        pytest.param("Smith AB, Jones CD. A title. J Things. 2001;3:4-5.", ["Smith", "Jones"], id="vancouver-still-vancouver"),
        pytest.param("Cao R. A title. J Things. 2001;3:4-5.", ["Cao"], id="vancouver-one-initial"),
        pytest.param("Mayr E. Populations, species, and evolution. Cambridge: Harvard University Press; 1970.", ["Mayr"], id="vancouver-title-with-commas"),
    ],
)
def test_forward_names_with_initials(text, families):
    assert [name.get("family") for name in parse_with_rules(text).csl["author"]] == families
