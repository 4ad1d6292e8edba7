"""Writing bytes to a file safely: atomically, to regular files only, with honest modes."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from rehabkit._core.errors import RehabkitError
from rehabkit._core.public import present_as_public

__all__ = ["write_file"]

_KINDS = {
    stat.S_ISDIR: "a folder",
    stat.S_ISLNK: "a symbolic link",
    stat.S_ISFIFO: "a named pipe",
    stat.S_ISSOCK: "a socket",
    stat.S_ISCHR: "a device",
    stat.S_ISBLK: "a device",
}


def _existing(target: Path) -> os.stat_result | None:
    try:
        return os.lstat(target)
    except FileNotFoundError:
        return None


def _umask() -> int:
    # Reading the umask means setting it; /proc gives it without a window of change.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_target(target: Path, found: os.stat_result | None, overwrite: bool) -> None:
    if found is not None and not stat.S_ISREG(found.st_mode):
        kind = next((name for test, name in _KINDS.items() if test(found.st_mode)), "special")
        raise RehabkitError(
            f"{target} is not a regular file ({kind}): rehabkit writes regular files only"
        )
    if found is not None and not overwrite:
        raise RehabkitError(f"{target} already exists (pass overwrite/--force to replace it)")
    folder = target.parent
    if not folder.is_dir():
        raise RehabkitError(f"cannot write {target}: the folder {folder} does not exist")


def write_file(path: str | os.PathLike[str], content: bytes, *, overwrite: bool = False) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    Only regular files are written or replaced: a device, pipe, socket, folder or symbolic
    link at ``path`` is refused even with ``overwrite``. A new file gets the mode the umask
    allows; a replaced file keeps its mode. A reader never sees a half-written file, and a
    failure (or a signal the caller turns into an exception) leaves no temporary file and
    the old file in place. Raises :class:`RehabkitError` for a refused target and
    :class:`OSError` for a failed write.

    :param path: where to write.
    :param content: the bytes.
    :param overwrite: replace a regular file that exists.
    :raises RehabkitError: if ``path`` exists (and not ``overwrite``) or is not a regular file.
    :raises OSError: if the write fails.
    """
    target = Path(path)
    found = _existing(target)
    _check_target(target, found, overwrite)
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        _move_into_place(tmp, target, overwrite)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def _move_into_place(tmp: str, target: Path, overwrite: bool) -> None:
    if overwrite:
        # Checked again just before the rename: a special file put there meanwhile stays.
        _check_target(target, _existing(target), overwrite=True)
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile: no race can clobber it
    except FileExistsError:
        raise RehabkitError(f"{target} already exists") from None
    except OSError:
        os.replace(tmp, target)  # a file system without hard links
    else:
        os.unlink(tmp)


present_as_public(globals())
