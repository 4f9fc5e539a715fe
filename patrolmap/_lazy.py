"""Lazy attribute access for package namespaces, so importing patrolmap stays light."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_getattr(package: str, api: dict[str, str]) -> Callable[[str], object]:
    """Return a module `__getattr__` that imports `api[name]` on first use of `name`."""

    def __getattr__(name: str) -> object:
        if name in api:
            return getattr(importlib.import_module(api[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
