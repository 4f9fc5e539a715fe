"""Where outputs may go, and atomic writes: a run either replaces the target whole or leaves it
untouched.

The one rule for every `-o` (and `init`'s directory):
- the target may be a new file or an existing regular file: never a directory, FIFO, device, socket,
  symbolic link (such as /dev/stdout) or anything else, because the atomic rename would replace
  the special file itself rather than write into it;
- missing directories on the way are created, and `missing_directories` names them so the command line can
  say so;
- `-` means standard output, for the commands where text on standard output makes sense.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from patrolmap.errors import OutputError

STDOUT = "-"


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """True for `-`, the conventional name for standard output."""
    return os.fspath(path) == STDOUT


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Return `path` as a Path if writing there may create or replace it, or raise OutputError."""
    target = Path(path)
    if is_stdout(target):
        raise OutputError("-: cannot write this output to standard output; give a file name")
    try:
        mode: int | None = target.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        raise OutputError(
            f"{target}: is a symbolic link (to {os.path.realpath(target)}); give a regular "
            "file's own name, or - for standard output where the command offers it"
        )
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{target}: is a directory; give a file name inside it")
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(
            f"{target}: is {_kind(mode)}, not a regular file; give a file name, "
            "or - for standard output where the command offers it"
        )
    nearest = _nearest_existing(target.parent)
    if not nearest.is_dir():
        raise OutputError(
            f"{target}: {nearest} is not a directory; give a path through directories"
        )
    return target


def missing_directories(path: str | os.PathLike[str]) -> list[Path]:
    """The directories, outermost first, that writing to `path` would create."""
    if is_stdout(path):
        return []
    folder, missing = Path(path).parent, []
    while folder != _nearest_existing(folder):
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` via a temporary file in the same directory and an atomic rename.

    Creates missing directories (see `missing_directories`). Returns the file written.
    """
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
        check_output_path(target)  # again, just before the rename: it may have changed meanwhile
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_all_atomic(files: dict[Path, bytes]) -> list[Path]:
    """Write several files all or nothing: every target is checked, every payload written to a
    temporary file, and only then are they renamed into place. If any step fails, the files that
    were already replaced get their old contents back, new ones are removed, and so are the
    directories this call created."""
    targets = [check_output_path(path) for path in files]
    created = [d for t in targets for d in missing_directories(t)]
    temps: dict[Path, str] = {}
    replaced: list[tuple[Path, bytes | None]] = []
    try:
        for target, payload in zip(targets, files.values(), strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temps[target] = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent
            )
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temps[target], 0o644)
        for target in targets:
            previous = target.read_bytes() if target.exists() else None
            check_output_path(target)
            os.replace(temps[target], target)
            del temps[target]
            replaced.append((target, previous))
    except BaseException:
        for target, previous in reversed(replaced):
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(previous)
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        for folder in sorted(set(created), key=lambda d: len(d.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return targets


def _nearest_existing(folder: Path) -> Path:
    """`folder` itself or its nearest ancestor that exists (a dangling link counts as existing)."""
    while not (folder.exists() or folder.is_symlink()) and folder != folder.parent:
        folder = folder.parent
    return folder


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISSOCK: "a socket",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")
