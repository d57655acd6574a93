"""Words into lines, lines into columns, columns into reading order, for one PDF page.

A page has two columns when a vertical strip near its middle is crossed by few words while many
lines end just left of it and start just right of it (the gutter).  Words crossing the gutter
belong to full-width lines (a title, an abstract, a wide figure's caption), and such a line ends
a band: each band is read left column first, then right.  Lines are grouped by vertical overlap
within their column, so that two columns whose baselines do not line up are not mixed.  A page
with too few lines to show its gutter (the tail of a list on the last page) takes the columns the
document's other pages share, where its lines fit them (``usual_columns``, ``lay_out_page``).

What the document-wide decisions need of a laid-out page is its ``PageSketch``: each line's place,
size and text without its words, so that a long document's pages can be decided on together
while only one page's words are held (a page is laid out again, the same way, to be written).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .pdf_chars import PageWords, Word

# Where a gutter may lie, as shares of the page width.
_GUTTER_FROM, _GUTTER_TO = 0.28, 0.72
# Words a page needs for its own columns to be judged from them
_FEWEST_WORDS = 40


@dataclass(slots=True)
class Line:
    words: list[Word]
    page: int
    column: int = 0  # 0 full width or one column, 1 left, 2 right
    number: int = 0  # the line on its page, in reading order
    size: float = 0.0  # the size most of its characters have
    kind: str = "body"  # body, heading, note, furniture

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Where the line sits: the lowest word that is not a superscript."""
        return max(w.bottom for w in ([w for w in self.words if not w.superscript] or self.words))

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def base(self) -> float:
        """The baseline of its words that are not superscripts (the bottom where all are)."""
        return max((w.base for w in self.words if not w.superscript), default=self.bottom)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if w.text.strip("*.,:;()[]"))

    def plain(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(slots=True)
class Page:
    number: int
    height: float
    width: float
    gutter: float | None = None
    lines: list[Line] = field(default_factory=list)
    unmapped: int = 0
    chars: int = 0


    @property
    def word_count(self) -> int:
        return sum(len(line.words) for line in self.lines)


@dataclass(slots=True)
class LineSketch:
    """A laid-out line without its words: what the decisions across pages look at (running
    heads, notes, small print, where a link's destination lands).  ``number`` is the line's place
    on its page in reading order, as ``Line.number``; ``kind`` is decided on the sketch and
    handed to the line when the page is laid out again."""

    page: int
    number: int
    text: str  # the words joined by spaces: Line.plain()
    top: float
    bottom: float
    x0: float
    x1: float
    base: float
    size: float
    column: int
    note: int | None = None  # the number a footnote opening on this line would have
    kind: str = "body"

    def plain(self) -> str:
        return self.text


@dataclass(slots=True)
class PageSketch:
    """A laid-out page without its words: its lines' sketches and the counts the document's
    decisions add up (characters per type size, words for judging columns)."""

    number: int
    width: float
    height: float
    gutter: float | None
    word_count: int
    lines: list[LineSketch]
    sizes: Counter[float]  # characters per type size, counted line by line in reading order
    unmapped: int = 0
    chars: int = 0
    markers: frozenset[int] = frozenset()  # the note numbers raised markers on the page call
    before_heading: Counter[float] | None = None  # sizes counted before its last reference heading


def lay_out_pages(sources: Iterable[PageWords]) -> list[Page]:
    """Every page laid out; a page too thin to show its columns by itself takes the document's.

    The last lines of a two-column list on a page of their own (REVTeX's last page: four lines
    on the left, five on the right) end and start at the gutter too seldom for ``find_gutter``
    to trust it, and read across the columns they run two entries into one.  Such a page takes
    the gutter most pages of its width share, when no more words cross it than a two-column
    page allows and its lines start where the lines of those pages' columns start.
    """
    sources = list(sources)
    pages = [lay_out_page(source) for source in sources]
    usual = usual_columns(pages)
    return [
        lay_out_page(source, usual[source.width]) if page.gutter is None and usual.get(source.width) else page
        for source, page in zip(sources, pages)
    ]


def lay_out_page(source: PageWords, usual: Columns | None = None) -> Page:
    """A page's lines, each in its column, in reading order and numbered; where the page shows no
    gutter of its own, the ``usual`` columns of the document when its words fit them.

    ``source``'s words are fresh from pdf_chars: laying out marks their superscripts, and the
    marks steer a second layout; a page read again is laid out the same way."""
    words = without_line_numbers(source.words)
    page = _lay_out(source, words, *find_columns(words, source.width, source.height))
    if page.gutter is None and usual is not None and _fits_columns(words, usual):
        page = _lay_out(source, words, usual.gutter, 0.0)
    return page


def usual_columns(pages: Sequence[Page | PageSketch]) -> dict[float, Columns | None]:
    """For each page width, the columns most of its pages share (``_usual_columns``)."""
    widths = dict.fromkeys(page.width for page in pages)
    return {width: _usual_columns([page for page in pages if page.width == width]) for width in widths}


@dataclass(frozen=True, slots=True)
class Columns:
    """A document's two columns: the gutter's x and where the lines of each column start (the
    margin, a paragraph's indent, a hanging label), rounded to the point."""

    gutter: float
    left_starts: frozenset[int]
    right_starts: frozenset[int]


def _usual_columns(pages: list[Page | PageSketch]) -> Columns | None:
    """The columns most pages of one width share, or None: at least two pages found a gutter,
    more than half of those with text enough to judge did, and the gutters agree within 4 pt."""
    gutters = sorted(page.gutter for page in pages if page.gutter is not None)
    judged = sum(1 for page in pages if page.gutter is not None or page.word_count >= _FEWEST_WORDS)
    if len(gutters) < 2 or 2 * len(gutters) <= judged:
        return None
    gutter = gutters[len(gutters) // 2]
    if sum(abs(g - gutter) <= 4 for g in gutters) * 2 <= len(gutters):
        return None
    starts: dict[int, Counter[int]] = {1: Counter(), 2: Counter()}
    for page in pages:
        if page.gutter is not None and abs(page.gutter - gutter) <= 4:
            for line in page.lines:
                if line.column:
                    starts[line.column][round(line.x0)] += 1

    def common(counts: Counter[int]) -> frozenset[int]:
        # a start that one line in twenty shares, at least three: not a table's cell
        total = sum(counts.values())
        return frozenset(x for x, n in counts.items() if n >= max(3, 0.05 * total))

    return Columns(gutter, common(starts[1]), common(starts[2]))


def _fits_columns(words: list[Word], columns: Columns) -> bool:
    """Whether a page's words lie in the document's columns: some words right of the gutter, no
    more words across it than ``find_gutter`` allows, and at least half the lines on each side
    starting where that column's lines start (within a point and a half)."""
    g = columns.gutter
    rows = len({round(w.base) for w in words})
    if sum(1 for w in words if w.x0 < g < w.x1) > max(2, 0.15 * rows):
        return False
    for column, starts in ((1, columns.left_starts), (2, columns.right_starts)):
        side = [w for w in words if (w.x1 <= g if column == 1 else w.x0 >= g)]
        lines = _rows(side, 0, column)
        if column == 2 and not lines:
            return False  # nothing right of the gutter: one column is as good
        near = sum(1 for line in lines if any(abs(line.x0 - x) <= 1.5 for x in starts))
        if 2 * near < len(lines):
            return False
    return True


def _lay_out(source: PageWords, words: list[Word], gutter: float | None, region_top: float) -> Page:
    page = Page(source.number, source.height, source.width, unmapped=source.unmapped, chars=source.chars)
    page.gutter = gutter
    if page.gutter is None:
        lines = _rows(words, page.number, 0)
    else:
        g = page.gutter
        above = [w for w in words if w.top < region_top]
        below = [w for w in words if w.top >= region_top]
        left = [w for w in below if w.x1 <= g]
        right = [w for w in below if w.x0 >= g]
        across = [w for w in below if w.x0 < g < w.x1]
        lines = _absorb(_rows(across, page.number, 0), _rows(left, page.number, 1) + _rows(right, page.number, 2))
        lines += _rows(above, page.number, 0)
    split = [piece for line in lines for piece in _split_gaps(line)]
    for line in split:
        line.words = _join_letterspaced(line.words)
        _mark_superscripts(line)
    page.lines = reading_order(split)
    for n, line in enumerate(page.lines, start=1):
        line.number = n
    return page


def without_line_numbers(words: list[Word]) -> list[Word]:
    """The words less a review copy's line numbers: a column of bare numbers, one above the
    other at the same x, counting up by one (in a margin or in the gutter)."""
    rows: dict[int, list[Word]] = {}
    for word in words:
        rows.setdefault(round(word.base), []).append(word)

    def apart(number: Word) -> bool:
        """Set well away from the text beside it (a list's label "1" is followed closely): twice
        its own size, or 8 pt for numbers in tiny type (lineno's: 5 pt, 10 pt off the text)."""
        return all(
            other is number or max(other.x0 - number.x1, number.x0 - other.x1) >= min(2 * number.size, 8.0)
            for other in rows[round(number.base)]
        )

    stacks: dict[tuple[str, int], list[Word]] = {}
    for word in words:
        if word.text.isdigit() and len(word.text) <= 4 and apart(word):  # set flush left or flush right
            stacks.setdefault(("left", round(word.x0 / 4)), []).append(word)
            stacks.setdefault(("right", round(word.x1 / 4)), []).append(word)
    numbers: set[int] = set()
    for stack in stacks.values():
        if len(stack) < 10:
            continue
        stack.sort(key=lambda w: w.top)
        steps = sum(int(b.text) - int(a.text) == 1 for a, b in zip(stack, stack[1:]))
        if steps >= 0.8 * (len(stack) - 1):
            numbers.update(id(word) for word in stack)
    return [word for word in words if id(word) not in numbers] if numbers else words


def find_columns(words: list[Word], width: float, height: float) -> tuple[float | None, float]:
    """The gutter and the top of the two-column part of a page (a first page often has a
    one-column title and abstract above its columns)."""
    for cut in (0.0, 0.3, 0.5, 0.65):
        gutter = find_gutter([w for w in words if w.top >= cut * height], width)
        if gutter is not None:
            if cut == 0.0:
                return gutter, 0.0
            # the columns start below the last full-width line above the cut
            crossing = [w.bottom for w in words if w.top < cut * height and w.x0 < gutter < w.x1]
            return gutter, max(crossing, default=0.0)
    return None, 0.0


def find_gutter(words: list[Word], width: float) -> float | None:
    """The x of the gap between two columns, or None on a one-column page."""
    if len(words) < _FEWEST_WORDS:
        return None
    lo, hi = int(width * _GUTTER_FROM), int(width * _GUTTER_TO)
    crossing = [0] * (int(width) + 2)
    for word in words:
        for x in range(max(int(word.x0) + 1, lo), min(int(word.x1), hi) + 1):
            crossing[x] += 1
    rows = len({round(w.base) for w in words})
    # a full-width title, abstract or caption may cross the gutter; body lines may not
    allowed = max(2, 0.15 * rows)
    best: tuple[int, int] | None = None
    start = None
    for x in range(lo, hi + 2):
        if x <= hi and crossing[x] <= allowed:
            start = x if start is None else start
        elif start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    if best is None or best[1] - best[0] < 4:
        return None
    g = _clearest(crossing, best, words)
    # many lines end just left of the gutter and start just right of it
    left_ends = {round(w.base) for w in words if best[0] - 25 < w.x1 <= g}
    right_starts = {round(w.base) for w in words if g <= w.x0 < best[1] + 25}
    if min(len(left_ends), len(right_starts)) < max(6, 0.2 * rows):
        return None
    return g


def _clearest(crossing: list[int], run: tuple[int, int], words: list[Word]) -> float:
    """The middle of the stretch of the run that the fewest words cross.

    A run may hold more than one such stretch: the right column's numbered references hang
    their labels ("[11]") left of the entries' text, and the gap between labels and text is as
    clear as the gutter.  Columns are about as wide as each other, so the stretch nearest the
    middle of the text's extent is the gutter (the widest, between equals).
    """
    least = min(crossing[run[0] : run[1]])
    stretches: list[list[int]] = []
    for x in range(run[0], run[1]):
        if crossing[x] <= least + 1:
            if stretches and stretches[-1][1] == x - 1:
                stretches[-1][1] = x
            else:
                stretches.append([x, x])
    middle = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
    a, b = min(stretches, key=lambda s: (abs((s[0] + s[1]) / 2 - middle), s[0] - s[1]))
    return (a + b) / 2


def _rows(words: list[Word], page: int, column: int) -> list[Line]:
    """Words grouped into lines: full-size words by vertical overlap, then each smaller word (a
    superscript, a subscript, an inline symbol) onto the line whose baseline is nearest below it;
    small words with no such line (a footnote in small type) make lines of their own."""
    if not words:
        return []
    sizes = sorted(w.size for w in words)
    usual = sizes[len(sizes) // 2]
    large = [w for w in words if w.size >= 0.85 * usual]
    small = [w for w in words if w.size < 0.85 * usual]
    groups = _overlap_groups(large)
    bases = [max(w.base for w in group) for group in groups]
    extents = [(min(w.top for w in group), max(w.bottom for w in group)) for group in groups]
    leftover = []
    for word in small:
        middle = (word.top + word.bottom) / 2
        best, distance = None, None
        for index, (top, bottom) in enumerate(extents):
            if top <= middle <= bottom:
                below = bases[index] - word.base  # > 0: raised above the line's baseline
                if below >= -0.4 * word.size and (distance is None or abs(below) < distance):
                    best, distance = index, abs(below)
        if best is None:
            leftover.append(word)
        else:
            groups[best].append(word)
    groups += _overlap_groups(leftover)
    lines = []
    for group in groups:
        group.sort(key=lambda w: w.x0)
        lines.append(Line(group, page, column))
    return lines


def _overlap_groups(words: list[Word]) -> list[list[Word]]:
    groups: list[list[Word]] = []
    spans: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.base, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        for index in range(len(groups) - 1, max(len(groups) - 9, -1), -1):
            top, bottom = spans[index]
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(height, bottom - top):
                groups[index].append(word)
                spans[index] = (min(top, word.top), max(bottom, word.bottom))
                break
        else:
            groups.append([word])
            spans.append((word.top, word.bottom))
    return groups


def _absorb(across: list[Line], column_lines: list[Line]) -> list[Line]:
    """Column lines beside a full-width line (its words left and right of the gutter) join it."""
    kept = []
    for line in column_lines:
        host = next(
            (a for a in across if min(a.bottom, line.bottom) - max(a.top, line.top) >= 0.5 * (line.bottom - line.top)),
            None,
        )
        if host is None:
            kept.append(line)
        else:
            host.words.extend(line.words)
            host.words.sort(key=lambda w: w.x0)
    return across + kept


def _split_gaps(line: Line) -> list[Line]:
    """A line cut where two words are far apart (table cells, a caption beside a figure)."""
    pieces = [[line.words[0]]]
    for previous, word in zip(line.words, line.words[1:]):
        if word.x0 - previous.x1 > max(2.5 * previous.size, 18):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [Line(piece, line.page, line.column) for piece in pieces]


def _join_letterspaced(words: list[Word]) -> list[Word]:
    """Capitals set apart by letterspacing made whole words again: classicthesis's chapter titles
    and its "B I B L I O G R A P H Y" (each letter its own word, 0.16 em apart; a word space
    between them is three times that)."""
    out: list[Word] = []
    run: list[Word] = []

    def flush() -> None:
        if len(run) < 4:
            out.extend(run)
        else:
            least = min(b.x0 - a.x1 for a, b in zip(run, run[1:]))
            piece = [run[0]]
            for a, b in zip(run, run[1:]):
                if b.x0 - a.x1 > 2 * least:
                    out.append(_merged(piece))
                    piece = []
                piece.append(b)
            out.append(_merged(piece))
        run.clear()

    for word in words:
        letters = 1 <= len(word.text) <= 3 and word.text.isalpha() and word.text.isupper()
        if run and not (
            letters and word.size == run[-1].size and word.font == run[-1].font
            and 0.05 * word.size < word.x0 - run[-1].x1 < 0.7 * word.size
        ):
            flush()
        if letters:
            run.append(word)
        else:
            out.append(word)
    flush()
    return out


def _merged(words: list[Word]) -> Word:
    if len(words) == 1:
        return words[0]
    return replace(
        words[0], text="".join(w.text for w in words), x1=words[-1].x1, top=min(w.top for w in words),
        bottom=max(w.bottom for w in words), small_caps=any(w.small_caps for w in words),
    )


def _mark_superscripts(line: Line) -> None:
    sizes: Counter[float] = Counter()
    for word in line.words:
        sizes[word.size] += len(word.text)
    line.size = sizes.most_common(1)[0][0]
    bases = [w.base for w in line.words if w.size == line.size]
    baseline = max(bases) if bases else max(w.base for w in line.words)
    for word in line.words:
        word.superscript = word.size <= 0.85 * line.size and baseline - word.base >= 0.2 * line.size


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; between full-width lines, the left column before the right.

    A blank strip across both columns parts bands too: REVTeX balances the columns of the last
    page of text and starts the bibliography below both, in columns of its own.
    """
    cuts = _blank_strips(lines)
    if not cuts:
        return _band_order(lines)
    bands: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        bands[sum(line.top > cut for cut in cuts)].append(line)
    return [line for band in bands for line in _band_order(band)]


def _blank_strips(lines: list[Line]) -> list[float]:
    """The middles of the strips, three lines high at least, that no line crosses while both
    columns have lines above and below them."""
    left = sorted((line for line in lines if line.column == 1), key=lambda x: x.top)
    right = sorted((line for line in lines if line.column == 2), key=lambda x: x.top)
    if len(left) < 2 or len(right) < 2:
        return []
    heights = sorted(line.bottom - line.top for line in left + right)
    least = 3 * heights[len(heights) // 2]

    def gaps(column: list[Line]) -> list[tuple[float, float]]:
        found, bottom = [], column[0].bottom
        for line in column[1:]:
            if line.top - bottom >= least:
                found.append((bottom, line.top))
            bottom = max(bottom, line.bottom)
        return found

    across = [line for line in lines if line.column == 0]
    cuts = []
    for a1, b1 in gaps(left):
        for a2, b2 in gaps(right):
            low, high = max(a1, a2), min(b1, b2)
            if high - low >= least and not any(line.top < high and line.bottom > low for line in across):
                cuts.append((low + high) / 2)
    return sorted(cuts)


def _band_order(lines: list[Line]) -> list[Line]:
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(lines, key=lambda item: (item.top, item.x0)):
        if line.column == 0 and any(other.column for other in band) and _below_band(line, band):
            ordered.extend(sorted(band, key=lambda item: (item.column == 2, item.top, item.x0)))
            band = []
        band.append(line)
    ordered.extend(sorted(band, key=lambda item: (item.column == 2, item.top, item.x0)))
    return ordered


def _below_band(line: Line, band: list[Line]) -> bool:
    return all(line.top >= other.top for other in band)
