"""Split a reference section into entries: blank-line separated, numbered, or hanging lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span

# A numbered entry's label: "[12] ", "12. ", "12) ", "(12) "
#   matches "[3] Smith J..." and "3. Smith J..."; not "1993. Title" (four digits are years).
#   A Markdown list item may carry it: "- [12] Smith J...", "* 3. Smith J..."
LABEL = re.compile(r"^\s*(?:[-*+•]\s+)?(?:\[(?P<b>\d{1,5})\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3})[.)])\s+")

# A Markdown list item's bullet: "- ", "* ", "+ ", "• "
BULLET = re.compile(r"^\s*[-*+•]\s+")

# A line that opens an author-date entry: "Surname, I." / "Surname, Given" / "Surname I" /
# "ORGANISATION." followed by a year within the line.
_AUTHOR_OPEN = re.compile(r"^[A-ZÀ-ÞĀ-ſ][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)*(?:,\s+\S|\s+[A-Z]{1,3}\b|\.)")
_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|n\.\s?d\.|in press", re.I)


@dataclass(frozen=True, slots=True)
class Entry:
    """One reference entry: its text (lines joined), span in the manuscript text, label."""

    text: str
    span: Span
    label: str | None


def split_entries(text: str, offset: int = 0) -> list[Entry]:
    """Entries of a reference section ``text`` that starts at ``offset`` in the manuscript."""
    lines = [(m.start() + offset, m.group()) for m in re.finditer(r"[^\n]*", text) if m.group().strip()]
    if not lines:
        return []
    blocks = _blocks(text, offset)
    lines = _cut_run_in_labels(lines)
    numbered = sum(bool(LABEL.match(line)) for _, line in lines)
    bulleted = sum(bool(BULLET.match(line)) for _, line in lines)
    if numbered >= max(2, len(blocks) // 2) and numbered > len(blocks) * 0.6 or numbered > len(blocks):
        groups = _group_by(lines, lambda line: bool(LABEL.match(line)))
    elif bulleted >= 2 and bulleted >= 0.6 * len(lines):
        # A Markdown list, one item per entry; lines without a bullet continue the item.
        groups = _group_by(lines, lambda line: bool(BULLET.match(line)))
    elif len(blocks) > 1 and all(len(b[1].splitlines()) <= 1 or not _mostly_openers(b[1]) for b in blocks):
        groups = _join_broken_words(blocks)
    else:
        hanging = any(line[:1] in " \t" for _, line in lines[1:])
        if hanging:
            groups = _group_by(lines, lambda line: line[:1] not in " \t")
        elif len(lines) > 1 and _one_entry_per_line(lines):
            groups = [[line] for line in lines]
        else:
            groups = _group_by(lines, _opens_entry) if _mostly_openers(text) else [[b] for b in blocks]
    entries = []
    for group in groups:
        start = group[0][0]
        last_start, last_text = group[-1]
        raw = " ".join(part.strip() for _, part in group)
        label_match = LABEL.match(raw)
        label = None
        if label_match:
            label = label_match.group("b") or label_match.group("p") or label_match.group("n")
        first_line = group[0][1]
        lead = len(first_line) - len(first_line.lstrip())
        bullet = BULLET.match(raw)
        if bullet:  # the bullet is list markup, not part of the entry
            raw = raw[bullet.end() :]
            lead = len(BULLET.match(first_line).group())
        entries.append(Entry(text=raw, span=Span(start + lead, last_start + len(last_text.rstrip())), label=label))
    return entries


# A bracketed label inside a line, where conversion ran two numbered entries together:
#   "... Journal of Tests, 3:1-2, 2001. [2] Lee, B. ..."
#   after what ends an entry (a full stop, a digit, a bracket), so "Title two [3] parts" stays.
_INLINE_LABEL = re.compile(r"(?<=[.\d)\]>])\s+(?=\[(?P<n>\d{1,5})\]\s+\S)")


def _cut_run_in_labels(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines cut where the next number of a bracketed sequence starts inside them.

    Only the number that follows the last label seen counts, so "[2]" inside a title after
    entry [7] stays where it is.
    """
    result: list[tuple[int, str]] = []
    last: int | None = None
    for start, line in lines:
        label = LABEL.match(line)
        if label and label.group("b"):
            last = int(label.group("b"))
        elif label:
            last = None  # "3." lists are not cut: "vol. 2. " reads the same
        cut = 0
        if last is not None:
            for inline in _INLINE_LABEL.finditer(line):
                if int(inline.group("n")) == last + 1:
                    result.append((start + cut, line[cut : inline.start()]))
                    cut = inline.end()
                    last += 1
        result.append((start + cut, line[cut:]))
    return result


# A Vancouver entry's label in the middle of running prose, where a converter interleaved the
# list with the column beside it: "it is essential to identify 3. Shojania KG, Grimshaw JM:"
# The first word is sought once per run of letters and ',;-' (from its start, or right after a
# previous match's ','), skipping to the run's first word start: trying every word start of a long
# run ('a,a,a,...') read the rest of the run from each (quadratic). A match may so start a few
# punctuation marks or letters early; the numbers read are the same.
_LABEL_IN_PROSE = re.compile(
    r"(?:(?<![a-z,;-])|(?<=[A-Z][,:]))(?:(?!\b[a-z])[a-z,;-])*+\b[a-z][a-z,;-]*+\s++"
    r"(?:\b[a-z][a-z,;-]*+\s++){2}(?P<n>\d{1,3})\.\s+(?:[A-Z][\w'’-]+\s+){1,2}[A-Z]{1,3}\b[,:]"
)


def interleaved_with_prose(text: str) -> bool:
    """Whether a numbered list is interleaved with running text, line by line.

    A PDF converter that reads across two columns puts a sentence of the body before each
    entry: "... it is essential to identify 3. Shojania KG, Grimshaw JM: Evidence-based ...".
    Such a list cannot be split into entries; the audit says so instead of reading it.
    """
    numbers = [int(m.group("n")) for m in _LABEL_IN_PROSE.finditer(text)]
    rising = sum(1 for a, b in zip(numbers, numbers[1:]) if 0 < b - a <= 2)
    return len(numbers) >= 3 and rising >= 0.6 * (len(numbers) - 1)


def _blocks(text: str, offset: int) -> list[tuple[int, str]]:
    blocks = []
    for match in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        if match.group().strip():
            blocks.append((match.start() + offset, match.group()))
    return blocks


def _one_entry_per_line(lines: list[tuple[int, str]]) -> bool:
    """Lines that each carry a year and are long enough to be whole entries, none continuing one."""
    with_year = sum(bool(_YEAR.search(line)) for _, line in lines)
    continuing = sum(line.lstrip()[:1].islower() and not re.match(r"\s*(?:van|von|de|da|der|den|du|la|le|di|dos)\b", line) for _, line in lines[1:])
    average = sum(len(line) for _, line in lines) / len(lines)
    return with_year >= 0.9 * len(lines) and continuing == 0 and average >= 50


def _join_broken_words(blocks: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """One group per block, except that a block ending in a word cut by a hyphen goes on in the next.

    "... approximate nearest neigh-" and "bor in high dimensions. Commun. ACM ..." are one entry:
    a page or column break fell inside it.
    """
    groups: list[list[tuple[int, str]]] = []
    for start, block in blocks:
        text = block.lstrip()
        if groups and re.search(r"[a-z]-\s*$", groups[-1][-1][1]) and text[:1].islower() and not re.match(rf"{_PARTICLE}\s", text):
            groups[-1].append((start, block))
        else:
            groups.append([(start, block)])
    return groups


# A name particle that may open an entry in lower case: "van der Berg, J. (2001)"
_PARTICLE = r"(?:van|von|de|da|der|den|du|la|le|di|dos|del|della|ten|ter|al|el)"


def _opens_entry(line: str) -> bool:
    return bool(LABEL.match(line) or (_AUTHOR_OPEN.match(line) and _YEAR.search(line[:160])))


def _mostly_openers(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and sum(_opens_entry(line) for line in lines) >= 0.6 * len(lines)


def _group_by(lines: list[tuple[int, str]], opens) -> list[list[tuple[int, str]]]:
    groups: list[list[tuple[int, str]]] = []
    for start, line in lines:
        if not groups or opens(line):
            groups.append([(start, line)])
        else:
            groups[-1].append((start, line))
    return groups
