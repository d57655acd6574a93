"""CSL-JSON and CSL-YAML bibliographies: each item with where it is written in the file.

Pandoc, Quarto and Zotero's Better BibTeX write these; the items are kept as they are (the
checks normalise them with ``references.bibcsl.csl_item``), and each one's ``(start, end)``
offsets let a finding point at the line of the file where the item is.
"""

from __future__ import annotations

import json
from typing import Any

from .pandoc_layout import yaml_loader

#: A CSL item nests four levels (item -> author list -> name -> value; issued -> date-parts ->
#: list -> number); deeper than this is no bibliography, and recursion on it could crash.
MAX_DEPTH = 32
#: A CSL-YAML document whose aliases (``*a``) expand to more values than this is refused:
#: ten aliases of ten aliases ... is YAML's billion laughs.
MAX_VALUES = 1_000_000
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep, which no bibliography is"
#: Brackets opened and not closed before PyYAML sees the text: its scanner slows with every
#: flow level ("[[[[" 2,000 deep took 6 s), so a deeper text is refused first, by a linear count.
MAX_FLOW_BRACKETS = 100


def csl_json_items(text: str) -> tuple[list[tuple[dict[str, Any], int, int]], str | None]:
    """Each item of a CSL-JSON array with its (start, end) in ``text``; or why it cannot be read.

    An item nested absurdly deep is left out, and said why.
    """
    try:
        items, problem = _json_items(text)
    except RecursionError:
        return [], _TOO_DEEP
    kept = [entry for entry in items if _depth(entry[0]) <= MAX_DEPTH]
    if len(kept) < len(items) and problem is None:
        problem = f"{len(items) - len(kept)} item(s) {_TOO_DEEP}; left out"
    return kept, problem


def _json_items(text: str) -> tuple[list[tuple[dict[str, Any], int, int]], str | None]:
    """Each item of a CSL-JSON array with its (start, end) in ``text``; or why it cannot be read."""
    decoder = json.JSONDecoder()
    pos = _skip_space(text, 0)
    if pos >= len(text) or text[pos] != "[":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return [], f"not valid JSON ({exc})"
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            return [(item, 0, len(text)) for item in value["items"] if isinstance(item, dict)], None
        return [], "not a CSL-JSON array of items"
    items = []
    pos += 1
    while True:
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == "]":
            return items, None
        try:
            item, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return items, f"not valid JSON ({exc})"
        if isinstance(item, dict):
            items.append((item, pos, end))
        pos = _skip_space(text, end)
        if pos < len(text) and text[pos] == ",":
            pos += 1


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def csl_yaml_items(text: str, under: str | None = "references") -> tuple[list[tuple[dict[str, Any], int, int]], str | None]:
    """Each item of a CSL-YAML list with its (start, end) in ``text``.

    The list is the document itself or, when the document is a mapping, its ``under`` key
    (``references:``, as in a Pandoc front matter or a CSL-YAML file).
    """
    import yaml

    if flow_too_deep(text):
        return [], _TOO_DEEP
    try:
        node = yaml.compose(text, Loader=yaml_loader())
        value = yaml.load(text, Loader=yaml_loader())
    except yaml.YAMLError as exc:
        return [], f"not valid YAML ({' '.join(str(exc).split())[:160]})"
    except RecursionError:
        return [], _TOO_DEEP
    size, depth = _node_size(node)
    if size > MAX_VALUES:
        return [], f"its aliases expand to more than {MAX_VALUES:,} values (a YAML bomb?)"
    if depth > MAX_DEPTH:
        return [], _TOO_DEEP
    if isinstance(node, yaml.MappingNode) and isinstance(value, dict) and under:
        node = next((v for k, v in node.value if getattr(k, "value", None) == under), None)
        value = value.get(under)
    if not isinstance(node, yaml.SequenceNode) or not isinstance(value, list):
        return [], "holds no list of references"
    items = []
    for item_node, item in zip(node.value, value):
        if isinstance(item, dict):
            items.append((item, item_node.start_mark.index, item_node.end_mark.index))
    return items, None


def flow_too_deep(text: str) -> bool:
    """Whether YAML text opens more than MAX_FLOW_BRACKETS ``[``/``{`` without closing them.

    Counted without regard to quotes, so a title "[[[" counts too; no real file comes near.
    """
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_BRACKETS:
                return True
        elif char in "]}" and depth:
            depth -= 1
    return False


def _depth(value: Any) -> int:
    """How deep a decoded JSON value nests (a JSON value shares nothing, so a plain walk is linear)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _node_size(node: Any) -> tuple[int, int]:
    """How many values a composed YAML node stands for, aliases expanded, and how deep it nests;
    the count stops just past MAX_VALUES, so a bomb costs no more than that."""
    import yaml

    count, deepest, stack = 0, 0, [(node, 1)]
    while stack and count <= MAX_VALUES:
        item, depth = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        if isinstance(item, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in item.value)
        elif isinstance(item, yaml.MappingNode):
            for key, child in item.value:
                stack.extend(((key, depth + 1), (child, depth + 1)))
    return count, deepest


__all__ = ["MAX_DEPTH", "MAX_VALUES", "csl_json_items", "csl_yaml_items", "flow_too_deep"]
