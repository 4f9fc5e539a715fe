"""Atomic file output: a run either replaces the target whole or leaves it untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from patrolmap.errors import OutputError


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Return `path` as a Path, refusing a directory or a parent that is not a directory."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(
            f"{target}: is a directory; give a file name such as {target / 'map.html'}"
        )
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputError(f"{target.parent}: is not a directory")
    return target


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` via a temporary file in the same directory and an atomic rename."""
    target = check_output_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
