"""CSL-JSON and CSL-YAML bibliographies: each item with where it is written in the file.

Pandoc, Quarto and Zotero's Better BibTeX write these; the items are kept as they are (the
checks normalise them with ``references.bibcsl.csl_item``), and each one's ``(start, end)``
offsets let a finding point at the line of the file where the item is.
"""

from __future__ import annotations

import json
from typing import Any

from .pandoc_layout import yaml_loader

def csl_json_items(text: str) -> tuple[list[tuple[dict[str, Any], int, int]], str | None]:
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

    try:
        node = yaml.compose(text, Loader=yaml_loader())
        value = yaml.load(text, Loader=yaml_loader())
    except yaml.YAMLError as exc:
        return [], f"not valid YAML ({' '.join(str(exc).split())[:160]})"
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


__all__ = ["csl_json_items", "csl_yaml_items"]
