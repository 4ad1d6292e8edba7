"""Writing bytes to a file safely: atomically, to regular files only, with honest modes."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

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
    the old file in place. Raises ``RehabkitError`` for a refused target and
    ``OSError`` for a failed write.

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
    fd, tmp = _temporary_file(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp made the file 0600, and it stays so while it holds the content: a
            # signal that ends the process here leaves nothing others may read. The final
            # mode comes last, just before the rename.
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
        _move_into_place(tmp, target, overwrite)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


# As tempfile.mkstemp opens its file: made only where nothing is, never through a link.
_NEW_FILE = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE |= getattr(os, "O_BINARY", 0)


def _temporary_file(target: Path) -> tuple[int, str]:
    """A new file beside ``target``, readable by its owner alone (0600), open, and its
    path, as ``tempfile.mkstemp`` makes one: importing tempfile (and random and shutil,
    which it imports) took some 2 ms of every export."""
    for _ in range(100):
        path = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(path, _NEW_FILE, 0o600), path
        except FileExistsError:
            continue  # 48 random bits met another's name: try another
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(target))


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
        _move_without_link(tmp, target)  # a file system without hard links
    else:
        os.unlink(tmp)


def _exists(target: Path) -> RehabkitError:
    return RehabkitError(f"{target} already exists")


def _move_without_link(tmp: str, target: Path) -> None:
    """Rename ``tmp`` to ``target`` without ever replacing a file that appeared there
    meanwhile, where hard links cannot be made: renameat2's RENAME_NOREPLACE where the
    system has it; else the name is first claimed with O_EXCL (which fails if anything is
    there) and the claimed, empty file is then replaced."""
    if _rename_noreplace(tmp, target):
        return
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:
        raise _exists(target) from None
    claimed = os.fstat(fd)
    os.close(fd)
    try:
        os.replace(tmp, target)
    except BaseException:
        _remove_if_same(target, claimed)
        raise


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _remove_if_same(target: Path, claimed: os.stat_result) -> None:
    # Only the empty file this process claimed is removed, never one put there since.
    found = _existing(target)
    if found is not None and (found.st_dev, found.st_ino) == (claimed.st_dev, claimed.st_ino):
        os.unlink(target)


_RENAME_NOREPLACE = 1
_AT_FDCWD = -100
# The errors that mean "this system or file system cannot do it", so the O_EXCL way is taken.
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM}


def _rename_noreplace(tmp: str, target: Path) -> bool:
    """Rename with RENAME_NOREPLACE (Linux's renameat2, glibc 2.28 and later); False where
    the system or the file system lacks it. Raises the "already exists" error if
    ``target`` exists."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(tmp), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE)
    if done == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code == errno.EEXIST:
        raise _exists(target)
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(target))


def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    # Imported here: only a file system without hard links needs it (1 ms of every export).
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (musl before 1.2.5, old glibc)
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


present_as_public(globals())
