"""Names a package imports from its modules on first use (PEP 562), so that start-up stays light.

``__getattr__ = lazy_names(__name__, {"render_html": ".html"})`` in a package's ``__init__``
makes ``package.render_html`` import ``package.html`` when it is first asked for, then keeps it
in the package's namespace (issue 11: ``citeaudit --help`` loads no renderer, reader or network).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: each name in ``where`` from its relative module."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
