"""Regular expressions for in-text citations, each compiled once and shown with what it matches."""

from __future__ import annotations

import re

# A year as cited: 1993, 2020a, n.d., in press, forthcoming.
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?:[a-z](?![a-z]))?|n\.\s?d\.|in\s+press|in\s+review|submitted|forthcoming"
YEAR_RE = re.compile(
    r"^(?P<year>1[5-9]\d\d|20\d\d|n\.\s?d\.|in\s+press|in\s+review|submitted|forthcoming)(?P<suffix>[a-z]?)$", re.I
)

# A parenthetical or bracketed group, no nesting, at most 600 characters:
#   (Aron & Jensen, 1994; Ziegler, 1993)   [see Smith 2010, p. 4]
PAREN_GROUP = re.compile(r"\((?P<paren>(?:[^()\n]|\n(?!\s*\n)){2,600})\)|\[(?P<bracket>(?:[^\[\]\n]|\n(?!\s*\n)){2,600})\]")

# Words that may stand before a citation inside parentheses: (see also Tanaka, 2018)
PREFIX = re.compile(
    r"^(?P<prefix>(?:(?:see\s+also|see|e\.\s?g\.|i\.\s?e\.|cf\.|compare|also|and|but\s+see|"
    r"for\s+(?:example|instance|a\s+review)|as\s+(?:cited|reviewed|discussed)\s+in|reviewed\s+in|"
    r"quoted\s+in|following)(?!\w)\s*,?\s*)+)",  # (?!\w): "Andoni" does not open with "and"
    re.I,
)

# One citation inside a group: authors, then years, then an optional locator.
#   "Aron & Jensen, 1994"   "Smith et al. 2010a, b"   "WMO, 2017, p. 4"   "Ziegler, 1993, chap. 3"
ONE_CITATION = re.compile(
    rf"""^(?P<authors>[^\d;]*?[^\d\s,;(])\s*,?\s+
        (?P<years>(?:{YEAR})(?:\s*,\s*(?:(?:{YEAR})|[a-z](?![a-z.])))*)
        (?P<locator>\s*[,:]\s*(?:pp?\.|chaps?\.|ch\.|sec\.|§|para\.|fig\.|table|vol\.|n\.|at|\d).*)?
        (?P<trailing>\s+(?:for|and|in|as|which|who|where|on|with|to|from|cited)\s[^()]*)?
        \s*$""",
    re.VERBOSE | re.I,
)

# MLA's author-page citation, used only when the reference list is in MLA style:
#   "Okafor 12"   "Smith and Jones 45-47"   "Lindqvist et al. 3"
AUTHOR_PAGE = re.compile(r"^(?P<authors>[^\d;]*?[^\d\s,;(])\s*,?\s+(?P<pages>\d{1,5}(?:\s*[-–]\s*\d{1,5})?)\s*$")

# Only years, as in the parentheses after a name in prose: "Tanaka (2018)", "(2018a, p. 4)".
YEARS_ONLY = re.compile(
    rf"""^(?P<years>(?:{YEAR})(?:\s*,\s*(?:(?:{YEAR})|[a-z](?![a-z.])))*)
        (?P<locator>\s*[,:]\s*(?:pp?\.|chaps?\.|ch\.|sec\.|§|para\.|\d).*)?\s*$""",
    re.VERBOSE | re.I,
)

# Units that carry a power, before a raised number that is no note or citation: "km²", "m³",
# "g m⁻²", "yr⁻¹" (one list for every reader that tells a power from a marker)
UNITS = r"(?:yr|km|cm|mm|nm|[μµ]m|kg|mg|[μµ]g|ha|ml|mL|Pg|Tg|Gt|mol|ppm|sec|min)"

# A name particle written before a surname: van der Berg, de la Cruz, von Neumann.
PARTICLES = r"(?:van|von|der|den|de|del|della|di|da|dos|das|du|la|le|ten|ter|zu|al|el|bin|ibn|St\.?)"

# A surname as written in prose, with particles, hyphens, apostrophes and diacritics:
#   "Tanaka", "van der Berg", "O'Neill", "García-Márquez", "McDonald", "al-Rashid", "Lennard‑Jones"
SURNAME = rf"(?:{PARTICLES}(?:\s+|[-‐‑])){{0,3}}[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-‐‑]{{0,40}}[\w]"

# "and" between two authors' names, in the languages our users write in: English, German, French,
# Indonesian and Malay, Dutch, Swedish, Danish and Norwegian, Turkish.  (Spanish "y" and
# Portuguese "e" also join one person's names, "Ortega y Gasset", so they are left out here.)
AND_WORD = r"(?:and|und|et|dan|en|och|og|ve)"

# The names just before "(year)" in prose, anchored at the end of the preceding text:
#   "Tanaka", "Tanaka's", "Okafor and Lindqvist", "Smith et al.", "Smith, Jones, and Lee",
#   "World Meteorological Organization [WMO]", "Burriss and colleagues"
# The names start a word: a capital inside one, or after its hyphen, is no name's start
# ("number-of-TRs (1976)", "the iPhone (2007)"); "Lennard-Jones (1924)" is taken from its "L".
NARRATIVE_TAIL = re.compile(
    rf"""(?<![\w\-‐‑])
        (?P<authors>
          {SURNAME}\s+et\s+al\.?
        | {SURNAME}\s+and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers|co-?authors|associates)
        | (?:{SURNAME}\s*,\s*){{0,6}}{SURNAME}\s*,?\s+(?:{AND_WORD}|&)\s+{SURNAME}
        | {SURNAME}
        )
        (?P<possessive>['’]s?)?
        (?:\s*[\[(](?P<abbr>[A-Z]{{2,10}})[\])])?
        \s*$""",
    re.VERBOSE,
)

# "and colleagues" after a name means "et al.": "Burriss and colleagues (2015)"
AND_COLLEAGUES = re.compile(r"(?<!\s)\s++and\s+(?:his\s+|her\s+|their\s+)?(?:colleagues|co-?workers|co-?authors|associates)\b.*$", re.I)

# Numbers in brackets: [1], [3, 7], [1-3], [1,3–5], and IEEE's with a locator after them:
# [3, p. 12], [24, Sec. 5.1], [5, § 5.1.2], [2, Ch. 4]; the range join of "[4]–[6]" is handled
# by NUMERIC_RANGE_JOIN.
NUMERIC_LOCATOR = (
    r"(?:p|pp|sec|sect|section|ch|chap|chapter|fig|figs|eq|eqs|thm|theorem|lemma|prop|def|tab|table|"
    r"app|appendix|vol|para|n|l|ll|§|§§|¶)"
)
NUMERIC_BRACKET = re.compile(
    r"\[(?P<body>\s*\d{1,5}(?:\s*[-–—,;]\s*\d{1,5})*\s*)"
    r"(?:,\s*(?P<locator>(?i:" + NUMERIC_LOCATOR + r")\.?\s*[^\]\n]{0,40}?)\s*)?\]"
)
NUMERIC_PAREN = re.compile(r"\((?P<body>\s*\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*\s*)\)")
NUMERIC_RANGE_JOIN = re.compile(r"^\s*[-–—]\s*$")
NUMBER_ITEM = re.compile(r"(?P<a>\d{1,5})(?:\s*[-–—]\s*(?P<b>\d{1,5}))?")

# Parentheses that are never citations: (Figure 1), (Table 2), (Eq. 3), (1985-1991), (n = 12)
NOT_A_CITATION = re.compile(
    r"^\s*(?:fig(?:ure)?s?\.?|tables?|eqs?\.?|equations?|sections?|chapters?|appendix|supplementary|"
    r"panels?|steps?|p\s*[<=>]|n\s*=)\b|^\s*(?:1[5-9]|20)\d\d\s*[-–—/]\s*(?:(?:1[5-9]|20)?\d\d)\s*$",
    re.I,
)

# Words after which a number in brackets names a figure or an equation, not a work: "Eq. [3]"
NOT_NUMERIC_BEFORE_BRACKET = re.compile(r"\b(?:eqs?\.?|equations?|figs?\.?|figures?|tables?)\s*$", re.I)

# Words after which a number in parentheses names a figure, a step, an item, not a work:
#   "Equation (4)", "Figure [2]", "step (3)"
NOT_NUMERIC_BEFORE = re.compile(
    r"\b(?:eqs?\.?|equations?|figs?\.?|figures?|tables?|sections?|chapters?|steps?|panels?|lines?|rows?|"
    r"columns?|appendix|items?|points?|cases?|conditions?|models?|phases?|stages?|groups?)\s*$",
    re.I,
)

# Author-year with no brackets at all, trusted only with "et al.": "shown by Chng et al., 2013"
ET_AL_BARE = re.compile(
    rf"(?P<authors>{SURNAME}\s+et\s+al\.?),?\s+(?P<years>(?:1[5-9]\d\d|20\d\d)[a-z]?(?![\w-]))"
)

# Capitalised words that open a sentence and are never names: "Indeed, Papp and Müller (2006)"
NOT_NAMES = frozenset(
    "indeed however thus hence recently moreover furthermore similarly finally first second third here there the "
    "this these those in as for and but also notably interestingly previously although while since when then "
    "therefore additionally likewise conversely consistently importantly unlike like according following using "
    "both our we it in-addition surprisingly accordingly specifically together".split()
)

# A bare footnote marker left by PDF conversion after sentence punctuation:
#   "countries. 16 Meanwhile", "resolved. 17 At the Munich summit"
BARE_FOOTNOTE_MARKER = re.compile(r"(?<=[.,;:!?\"”’)])\s(?P<number>\d{1,3})(?=\s+[A-Z“\"])")

# Markdown footnote marker: [^4]. Where none closes, the "skip" branch takes the rest of the
# would-be label, so that each '[^' inside it is not tried again (a label may hold '[^', and every
# one of them would fail the same way): a long run of unclosed '[^' was quadratic. A match whose
# "skip" is set is no marker.
MARKDOWN_FOOTNOTE_MARKER = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)|(?P<skip>\[\^[^\]\s]*+)")

# An abbreviation introduced after its expansion: "World Meteorological Organization [WMO]".
# The name starts at the start of a word: tried from every capital of a long capitalised token
# ("ACGTACGT…", a DNA sequence), each try would scan to the token's end, quadratic in its length.
ABBREVIATION = re.compile(
    r"(?<![\w’'-])"
    r"(?P<name>(?:[A-ZÀ-Þ][\w’'-]*\s+(?:(?:of|for|and|the|on|de|des|du|für|und)\s+)*){1,9}[A-ZÀ-Þ][\w’'-]*)"
    r"\s*[\[(](?P<abbr>[A-Z][A-Z&]{1,9})[\])]"
)

# A Markdown code span as CommonMark reads it: a whole run of backticks opens it and the next run
# of the same length closes it, within the paragraph (runs of other lengths inside are text:
# ``a `@x` b``). Each run is taken whole, so a line of thousands of backticks is crossed once.
# No citation stands inside one: "`arr[1]`". (ingest's Pandoc layout masks with it too.)
CODE_SPAN = r"(?<!`)(?P<ticks>`++)(?:[^`\n]++|\n(?![ \t]*\n)|(?!(?P=ticks)(?!`))`++)+?(?P=ticks)(?!`)"
CODE_SPANS = re.compile(CODE_SPAN)

