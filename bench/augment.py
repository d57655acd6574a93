"""Extra training strings: training records re-rendered in other citation styles, and PDF noise.

The training corpora are dominated by author-date and numbered science styles.  Humanities
and footnote styles (Chicago notes and bibliography, MLA, continental "Place Year" styles with
``ed.``/``edd.``/``a cura di``/``Hrsg.``, ``Vol. 2 :``, ``trans.``), organisation authors and
strings damaged by PDF extraction are rare there, so this module makes more of them:

* :func:`records` reads the fields of each *training* string from its labelled segments;
* :data:`STYLES` render a record as labelled segments in one style each;
* :func:`noisy` damages a labelled string the way PDF text extraction does (a hyphen and space
  inside a word, lost or doubled spaces around punctuation, ligatures, a space inside a number).

Only training strings are used, so the output stays disjoint from the evaluation sets; every
random choice comes from the ``random.Random`` passed in (the training script seeds it).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import corpora
from corpora import Labelled, Segment

from citeaudit.references.names import looks_like_organisation, parse_name, split_name_list

Record = dict
Render = Callable[[Record, random.Random], list[Segment]]


# ---------------------------------------------------------------------------------------
# Records from labelled training strings

def _people(text: str) -> list[dict]:
    text = corpora._ROLE.sub(" ", corpora._IN_PREFIX.sub("", text))
    text = corpora._ET_AL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(corpora._EDGE + " ")
    if not text:
        return []
    if looks_like_organisation(text) and not re.search(r"\b[A-Z]\.", text):
        return [{"literal": text}]
    out = []
    for piece in split_name_list(text):
        name = parse_name(piece)
        if name.get("family") and len(name["family"]) > 1:
            out.append(name)
    return out


def records(items: list[Labelled]) -> list[Record]:
    """The fields of each training string that has at least authors, a title and a year."""
    out = []
    for item in items:
        by: dict[str, str] = {}
        for seg in item.segments:
            by.setdefault(seg.label, seg.text)
        g = item.gold
        if not (by.get("author") and g.get("title") and g.get("year")):
            continue
        rec: Record = {
            "author": _people(by["author"]),
            "editor": _people(by.get("editor", "")),
            "title": g["title"],
            "container": g.get("container-title", ""),
            "year": g["year"],
            "volume": g.get("volume", ""),
            "issue": g.get("issue", ""),
            "page": g.get("page", ""),
            "publisher": g.get("publisher", ""),
            "place": g.get("publisher-place", ""),
            "doi": g.get("DOI", ""),
        }
        if not rec["author"] or len(rec["title"]) < 4:
            continue
        if rec["container"] and (rec["volume"] or rec["issue"]) and not rec["editor"]:
            rec["kind"] = "article"
        elif rec["container"]:
            rec["kind"] = "chapter"
        else:
            rec["kind"] = "book"
        out.append(rec)
    return out


# ---------------------------------------------------------------------------------------
# Name forms

def _initials(given: str, rng: random.Random, dots: bool = True) -> str:
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    if dots:
        sep = rng.choice([" ", ""])
        return sep.join(p[0] + "." for p in parts if p[0].isalpha())
    return "".join(p[0] for p in parts if p[0].isalpha())


def _name(person: dict, form: str, rng: random.Random) -> str:
    if "literal" in person:
        return person["literal"]
    family, given = person.get("family", ""), person.get("given", "")
    if rng.random() < 0.1 and form != "vancouver":
        family = family.upper()
    if not given:
        return family
    if form == "inverted":  # Family, Given
        return f"{family}, {given}"
    if form == "inverted-initials":  # Family, G. H.
        return f"{family}, {_initials(given, rng)}"
    if form == "initials-first":  # G.H. Family
        return f"{_initials(given, rng)} {family}"
    if form == "vancouver":  # Family GH
        return f"{family} {_initials(given, rng, dots=False)}"
    return f"{given} {family}"  # natural


def _name_list(people: list[dict], rng: random.Random, first: str, rest: str, seps: tuple[str, str]) -> str:
    """Names joined with ``seps`` = (between, before the last)."""
    people = people[: rng.choice([3, 5, 8, 20])]
    names = [_name(p, first if i == 0 else rest, rng) for i, p in enumerate(people)]
    if len(names) == 1:
        return names[0]
    return seps[0].join(names[:-1]) + seps[1] + names[-1]


# ---------------------------------------------------------------------------------------
# Styles: each returns labelled segments

def _seg(out: list[Segment], label: str, text: str) -> None:
    if text:
        out.append(Segment(label, text))


def _sep(out: list[Segment], text: str) -> None:
    out.append(Segment("", text))


def continental(rec: Record, rng: random.Random) -> list[Segment]:
    """I. Family – I. Family, ‘Title’, in I. Ed (edd.), Book, Place Year, pp. 1-2."""
    out: list[Segment] = []
    dash = rng.choice([" – ", " - ", ", ", " — "])
    names = _name_list(rec["author"], rng, "initials-first", "initials-first", (dash, dash))
    if rec["kind"] == "book" and rng.random() < 0.25:  # an edited book: "J.M. Foley (ed.), Title"
        _seg(out, "editor", names + " " + rng.choice(["(ed.),", "(edd.),", "(a cura di),", "(eds.),", "(Hrsg.),"]))
    else:
        _seg(out, "author", names + ",")
    _sep(out, " ")
    open_q, close_q = rng.choice([("‘", "’"), ("“", "”"), ("«", "»"), ("", "")])
    if rec["kind"] == "book":
        _seg(out, "title", rec["title"] + ",")
    else:
        _seg(out, "title", f"{open_q}{rec['title']}{close_q},")
    _sep(out, " ")
    if rec["kind"] == "chapter":
        if rec["editor"]:
            role = rng.choice(["(ed.)", "(edd.)", "(a cura di)", "(éd.)", "(Hrsg.)", "(eds.)"])
            eds = _name_list(rec["editor"], rng, "initials-first", "initials-first", (dash, dash))
            _seg(out, "editor", f"{rng.choice(['in', 'in', 'In'])} {eds} {role},")
            _sep(out, " ")
            _seg(out, "container-title", rec["container"] + ",")
        else:
            _seg(out, "container-title", f"in {rec['container']},")
        _sep(out, " ")
    elif rec["kind"] == "article":
        _seg(out, "container-title", rec["container"])
        _sep(out, " ")
        vol = rec["volume"] + (f".{rec['issue']}" if rec["issue"] and rng.random() < 0.5 else "")
        _seg(out, "volume", vol)
        _sep(out, " ")
        _seg(out, "date", f"({rec['year']}),")
    if rec["kind"] != "article":
        place = rec["place"] or rng.choice(["Roma", "Paris", "Oxford", "Leiden", "Berlin", "Milano", "Bari"])
        _seg(out, "publisher-place", place)
        _sep(out, " ")
        _seg(out, "date", rec["year"] + rng.choice(["", "", "a"]) + ("," if rec["page"] else ""))
    if rec["page"]:
        _sep(out, " ")
        _seg(out, "page", f"{rng.choice(['pp.', 'p.', 'S.', 'pp.'])} {rec['page']}")
    if rng.random() < 0.2:  # a reprint or later edition after the year: "(Rpt. 1992)"
        later = str(int(rec["year"]) + rng.randint(1, 30))
        _sep(out, " ")
        _seg(out, "note", f"({rng.choice(['Rpt.', 'rist.', 'repr.', '2nd ed.', 'trad. it.', 'ed. or.'])} {later})")
    out.append(Segment("", "."))
    return out


def chicago_bibliography(rec: Record, rng: random.Random) -> list[Segment]:
    """Family, Given, and Given Family. “Title.” Journal 12, no. 3 (1999): 4–5. / Place: Pub, 1999."""
    out: list[Segment] = []
    names = _name_list(rec["author"], rng, "inverted", "natural", (", ", rng.choice([", and ", " and "])))
    _seg(out, "author", names + ".")
    _sep(out, " ")
    if rec["kind"] == "book":
        _seg(out, "title", rec["title"] + ".")
    else:
        _seg(out, "title", f"“{rec['title']}.”")
    _sep(out, " ")
    if rec["kind"] == "article":
        _seg(out, "container-title", rec["container"])
        _sep(out, " ")
        _seg(out, "volume", rec["volume"] + ",")
        if rec["issue"]:
            _sep(out, " ")
            _seg(out, "issue", f"no. {rec['issue']}")
        _sep(out, " ")
        _seg(out, "date", f"({rec['year']})" + (":" if rec["page"] else "."))
        if rec["page"]:
            _sep(out, " ")
            _seg(out, "page", rec["page"].replace("-", "–") + ".")
        return out
    if rec["kind"] == "chapter":
        _seg(out, "container-title", f"In {rec['container']},")
        if rec["editor"]:
            _sep(out, " ")
            role = rng.choice(["edited by", "ed.", "eds.", "edited by"])
            _seg(out, "editor", f"{role} {_name_list(rec['editor'], rng, 'natural', 'natural', (', ', ' and '))},")
        if rec["page"]:
            _sep(out, " ")
            _seg(out, "page", rec["page"].replace("-", "–") + ".")
        _sep(out, " ")
    _seg(out, "publisher-place", (rec["place"] or "New York") + ":")
    _sep(out, " ")
    _seg(out, "publisher", (rec["publisher"] or "Routledge") + ",")
    _sep(out, " ")
    _seg(out, "date", rec["year"] + ".")
    return out


def chicago_note(rec: Record, rng: random.Random) -> list[Segment]:
    """12. Given Family, Title (Place: Publisher, 1999), 45. / Given Family, “Title,” Journal 3 (1999): 4."""
    out: list[Segment] = []
    if rng.random() < 0.5:
        _seg(out, "citation-number", f"{rng.randint(1, 120)}.")
        _sep(out, " ")
    names = _name_list(rec["author"], rng, "natural", "natural", (", ", rng.choice([", and ", " and "])))
    _seg(out, "author", names + ",")
    _sep(out, " ")
    if rec["kind"] == "article":
        _seg(out, "title", f"“{rec['title']},”")
        _sep(out, " ")
        _seg(out, "container-title", rec["container"])
        _sep(out, " ")
        _seg(out, "volume", rec["volume"])
        if rec["issue"]:
            _sep(out, ", ")
            _seg(out, "issue", f"no. {rec['issue']}")
        _sep(out, " ")
        _seg(out, "date", f"({rec['year']})" + (":" if rec["page"] else "."))
    else:
        if rec["kind"] == "chapter":
            _seg(out, "title", f"“{rec['title']},”")
            _sep(out, " ")
            _seg(out, "container-title", f"in {rec['container']}")
            if rec["editor"]:
                _sep(out, ", ")
                _seg(out, "editor", f"ed. {_name_list(rec['editor'], rng, 'natural', 'natural', (', ', ' and '))}")
        else:
            _seg(out, "title", rec["title"])
            if rng.random() < 0.15:
                _sep(out, ", ")
                _seg(out, "translator", f"trans. {_name(rec['author'][0], 'natural', rng)}")
        _sep(out, " ")
        _seg(out, "publisher-place", "(" + (rec["place"] or "London") + ":")
        _sep(out, " ")
        _seg(out, "publisher", (rec["publisher"] or "Verso") + ",")
        _sep(out, " ")
        _seg(out, "date", rec["year"] + ")" + ("," if rec["page"] else "."))
    if rec["page"]:
        _sep(out, " ")
        _seg(out, "page", rec["page"].split("-")[0] + ".")
    return out


def mla(rec: Record, rng: random.Random) -> list[Segment]:
    """Family, Given, and Given Family. “Title.” Journal, vol. 3, no. 2, 1999, pp. 4-5."""
    out: list[Segment] = []
    _seg(out, "author", _name_list(rec["author"], rng, "inverted", "natural", (", ", ", and ")) + ".")
    _sep(out, " ")
    if rec["kind"] == "book":
        _seg(out, "title", rec["title"] + ".")
        _sep(out, " ")
        _seg(out, "publisher", (rec["publisher"] or "Penguin") + ",")
        _sep(out, " ")
        _seg(out, "date", rec["year"] + ".")
        return out
    _seg(out, "title", f"“{rec['title']}.”")
    _sep(out, " ")
    _seg(out, "container-title", rec["container"] + ",")
    _sep(out, " ")
    if rec["kind"] == "article":
        _seg(out, "volume", f"vol. {rec['volume']},")
        if rec["issue"]:
            _sep(out, " ")
            _seg(out, "issue", f"no. {rec['issue']},")
    elif rec["editor"]:
        _seg(out, "editor", f"edited by {_name_list(rec['editor'], rng, 'natural', 'natural', (', ', ' and '))},")
        _sep(out, " ")
        _seg(out, "publisher", (rec["publisher"] or "Routledge") + ",")
    _sep(out, " ")
    _seg(out, "date", rec["year"] + ("," if rec["page"] else "."))
    if rec["page"]:
        _sep(out, " ")
        _seg(out, "page", f"pp. {rec['page']}.")
    return out


def german(rec: Record, rng: random.Random) -> list[Segment]:
    """Family, Given: Title. In: Book. Hrsg. von G. Family. Place: Publisher 1999, S. 4–5."""
    out: list[Segment] = []
    _seg(out, "author", _name_list(rec["author"], rng, "inverted", "inverted", (" / ", " / ")) + ":")
    _sep(out, " ")
    _seg(out, "title", rec["title"] + ".")
    _sep(out, " ")
    if rec["kind"] == "article":
        _seg(out, "container-title", f"In: {rec['container']}")
        _sep(out, " ")
        _seg(out, "volume", rec["volume"])
        _sep(out, " ")
        _seg(out, "date", f"({rec['year']})" + ("," if rec["page"] else "."))
    else:
        if rec["kind"] == "chapter":
            _seg(out, "container-title", f"In: {rec['container']}.")
            if rec["editor"]:
                _sep(out, " ")
                eds = _name_list(rec["editor"], rng, "natural", "natural", (", ", " und "))
                _seg(out, "editor", f"Hrsg. von {eds}.")
            _sep(out, " ")
        if rng.random() < 0.3:
            _seg(out, "volume", f"Bd. {rng.randint(1, 12)}.")
            _sep(out, " ")
        _seg(out, "publisher-place", (rec["place"] or "München") + ":")
        _sep(out, " ")
        _seg(out, "publisher", rec["publisher"] or "Beck")
        _sep(out, " ")
        _seg(out, "date", rec["year"] + ("," if rec["page"] else "."))
    if rec["page"]:
        _sep(out, " ")
        _seg(out, "page", f"S. {rec['page'].replace('-', '–')}.")
    return out


def french(rec: Record, rng: random.Random) -> list[Segment]:
    """FAMILY G., « Title », Journal, vol. 3, n° 2, 1999, p. 4-5. / Title, Place, Publisher, 1999."""
    out: list[Segment] = []
    _seg(out, "author", _name_list(rec["author"], rng, "vancouver", "vancouver", (", ", " et ")) + ",")
    _sep(out, " ")
    if rec["kind"] == "book":
        _seg(out, "title", rec["title"] + ",")
        _sep(out, " ")
        if rng.random() < 0.3:
            _seg(out, "volume", f"Vol. {rng.randint(1, 9)} :")
            _sep(out, " ")
        _seg(out, "publisher-place", (rec["place"] or "Paris") + ",")
        _sep(out, " ")
        _seg(out, "publisher", (rec["publisher"] or "Gallimard") + ",")
        _sep(out, " ")
        _seg(out, "date", rec["year"] + ".")
        return out
    _seg(out, "title", f"« {rec['title']} »,")
    _sep(out, " ")
    if rec["kind"] == "chapter" and rec["editor"]:
        _seg(out, "editor", f"in {_name_list(rec['editor'], rng, 'vancouver', 'vancouver', (', ', ' et '))} (dir.),")
        _sep(out, " ")
        _seg(out, "container-title", rec["container"] + ",")
    else:
        _seg(out, "container-title", rec["container"] + ",")
    _sep(out, " ")
    if rec["volume"]:
        _seg(out, "volume", f"vol. {rec['volume']},")
        _sep(out, " ")
    if rec["issue"]:
        _seg(out, "issue", f"n° {rec['issue']},")
        _sep(out, " ")
    _seg(out, "date", rec["year"] + ("," if rec["page"] else "."))
    if rec["page"]:
        _sep(out, " ")
        _seg(out, "page", f"p. {rec['page']}.")
    return out


def vancouver(rec: Record, rng: random.Random) -> list[Segment]:
    """Family GH, Family IJ. Title. Journal. 1999;12(3):45-6. / Family GH. Title. Place: Pub; 1999."""
    out: list[Segment] = []
    people = rec["author"]
    names = _name_list(people, rng, "vancouver", "vancouver", (", ", ", "))
    if len(people) > 6 and rng.random() < 0.5:
        names = ", ".join(_name(p, "vancouver", rng) for p in people[:6]) + ", et al"
    _seg(out, "author", names + ".")
    _sep(out, " ")
    _seg(out, "title", rec["title"] + ".")
    _sep(out, " ")
    if rec["kind"] == "article":
        _seg(out, "container-title", rec["container"] + ".")
        _sep(out, " ")
        _seg(out, "date", rec["year"] + ";")
        vol = rec["volume"] + (f"({rec['issue']})" if rec["issue"] else "")
        _seg(out, "volume", vol + (":" if rec["page"] else "."))
        if rec["page"]:
            _seg(out, "page", rec["page"] + ".")
        return out
    if rec["kind"] == "chapter":
        if rec["editor"]:
            eds = _name_list(rec["editor"], rng, "vancouver", "vancouver", (", ", ", "))
            _seg(out, "editor", f"In: {eds}, editors.")
            _sep(out, " ")
        _seg(out, "container-title", rec["container"] + ".")
        _sep(out, " ")
    _seg(out, "publisher-place", (rec["place"] or "New York") + ":")
    _sep(out, " ")
    _seg(out, "publisher", (rec["publisher"] or "Springer") + ";")
    _sep(out, " ")
    _seg(out, "date", rec["year"] + ".")
    if rec["page"] and rec["kind"] == "chapter":
        _sep(out, " ")
        _seg(out, "page", f"p. {rec['page']}.")
    return out


STYLES: dict[str, Render] = {
    "continental": continental,
    "chicago-bibliography": chicago_bibliography,
    "chicago-note": chicago_note,
    "mla": mla,
    "german": german,
    "french": french,
    "vancouver": vancouver,
}


# ---------------------------------------------------------------------------------------
# PDF noise

def noisy(segments: tuple[Segment, ...], rng: random.Random, rate: float = 0.08) -> tuple[Segment, ...]:
    """The segments with PDF-extraction damage, labels kept."""
    out = []
    for seg in segments:
        text = seg.text
        if rng.random() < rate * 3 and seg.label in ("title", "container-title", "publisher"):
            # "infor- mation": a line-break hyphen left in a long word
            words = [m for m in re.finditer(r"[^\W\d_]{7,}", text)]
            if words:
                m = rng.choice(words)
                cut = m.start() + rng.randint(3, len(m.group(0)) - 3)
                text = text[:cut] + rng.choice(["- ", "-", " "]) + text[cut:]
        if rng.random() < rate * 2:
            text = re.sub(r"([.,:;])\s", r"\1", text, count=rng.randint(1, 3))  # "Phys.Rev.Lett"
        if rng.random() < rate * 2:
            text = re.sub(r"(\w)([.,:;])", r"\1 \2", text, count=rng.randint(1, 3))  # "Rev .Lett ."
        if rng.random() < rate:
            text = text.replace("fi", "ﬁ").replace("fl", "ﬂ")
        if rng.random() < rate and seg.label in ("title", "container-title"):
            words = text.split(" ")
            if len(words) > 3:  # two words run together: "ClassicalWorld"
                k = rng.randrange(len(words) - 1)
                words[k : k + 2] = [words[k] + words[k + 1]]
                text = " ".join(words)
        out.append(Segment(seg.label, text))
    return tuple(out)


def _tidy(text: str) -> str:
    """``C..`` -> ``C.``, ``Why?.`` -> ``Why?``: a full stop added after one already there."""
    return re.sub(r"([?!.])\.(?!\.)", r"\1", text) if "..." not in text else text


def augment(items: list[Labelled], rng: random.Random, styled: int, noised: int) -> list[Labelled]:
    """``styled`` re-rendered strings and ``noised`` damaged copies of training strings."""
    recs = records(items)
    rng.shuffle(recs)
    # Continental "Place Year" styles are the rarest in the corpora: twice the share.
    names = [*STYLES, "continental"]
    orgs = sorted({p["literal"] for r in recs for p in r["author"] if "literal" in p and len(p["literal"]) > 8})
    out: list[Labelled] = []
    for i, rec in enumerate(recs[:styled]):
        style = names[i % len(names)]
        if orgs and rng.random() < 0.08:  # an organisation as author
            rec = {**rec, "author": [{"literal": rng.choice(orgs)}]}
        segs = tuple(Segment(x.label, _tidy(x.text)) for x in STYLES[style](rec, rng))
        if rng.random() < 0.2:
            segs = noisy(segs, rng)
        out.append(Labelled(f"augment-{style}", f"record-{i}", segs))
    picks = rng.sample(range(len(items)), min(noised, len(items)))
    for i in picks:
        out.append(Labelled("augment-noise", items[i].source, noisy(items[i].segments, rng, rate=0.15)))
    return out
