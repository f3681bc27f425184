"""Atomic writes: a file or a whole folder appears under its name complete, or not at all.

A file is written to a temporary file in the same folder, flushed and fsynced, then renamed over its name
(`os.replace`, atomic on POSIX) and the folder fsynced so the rename itself is durable. A folder (a brat export)
is built as a temporary folder beside its target, every file in it fsynced and the folder too, then renamed into
place; an existing target folder is swapped with it in one step (`renameat2(RENAME_EXCHANGE)` on Linux; elsewhere
two renames) and the old one removed. A reader sees the old export or the new one, never a mix; a crash or a
full disk leaves the old one and at most a hidden `.NAME.xxxx.tmp` beside it.

Permissions: what the user's umask gives a new file (0644 under umask 022), or the mode of the file (folder)
being replaced; never mkstemp's private 0600 by accident. Missing parent folders are not created: that is an
error naming the folder (a typo in `-o` should not make a tree of folders).

Errors are OSError naming the file (a full disk says which export it could not write).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

BREADCRUMB = "# brat annotation configuration written by tui-reader."  # first line of a brat export's conf


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux 4.7+: /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # the portable way: set and restore (not thread-safe, hence the /proc path first)
    os.umask(mask)
    return mask


def _mode_for(target: Path, default: int) -> int:
    """The permission bits a new `target` gets: the replaced one's, else `default` less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return default & ~current_umask()


def _check_parent(path: Path) -> Path:
    parent = path.parent
    if not parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {parent} does not exist", str(path))
    return parent


def fsync_dir(folder: Path) -> None:
    """Make the entries of `folder` (a rename into it) durable; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a folder; the rename is still atomic
    finally:
        os.close(fd)


def _name_errors(path: Path, e: OSError) -> OSError:
    """The same error, naming `path` when it named nothing (ENOSPC from a write() names no file)."""
    if e.filename is None or str(e.filename).endswith(".tmp"):
        return type(e)(e.errno, e.strerror or str(e), str(path)) if e.errno else OSError(f"{path}: {e}")
    return e


@contextlib.contextmanager
def atomic_text(path: str | Path) -> Iterator[TextIO]:
    """Write text (UTF-8, `\\n` kept as is) to `path` atomically: temp file beside it, fsync, rename over it."""
    path = Path(path)
    parent = _check_parent(path)
    mode = _mode_for(path, 0o666)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as e:
            raise _name_errors(path, e) from e
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(parent)


def write_durable(path: Path, text: str) -> None:
    """Write a file inside a folder that is itself still temporary (atomic_dir): fully written and fsynced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as e:
        raise _name_errors(path, e) from e


def write_bytes_durable(path: Path, data: bytes, mode: int = 0o666) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as e:
        raise _name_errors(path, e) from e


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> None:
    """Swap two existing paths in one atomic step (Linux renameat2); OSError when the system cannot."""
    if not sys.platform.startswith("linux"):
        raise OSError(errno.ENOSYS, "renameat2 is Linux only")
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "no renameat2 in the C library")
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(a))


def is_replaceable_export(folder: Path) -> bool:
    """Whether an existing folder may be replaced whole by a new brat export: empty, or an earlier export by
    tui-reader (its annotation.conf says so) holding nothing but files. Anything else is someone's folder."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    if not entries:
        return True
    conf = folder / "annotation.conf"
    try:
        with open(conf, encoding="utf-8", errors="replace") as fh:
            first = fh.readline().rstrip("\n")
    except OSError:
        return False
    return first == BREADCRUMB and all(p.is_file() and not p.is_symlink() for p in entries)


@contextlib.contextmanager
def atomic_dir(path: str | Path, keep: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Build a folder in a temporary folder beside `path` (write its files with `write_durable`), then put it in
    place whole: renamed to `path`, or swapped with the folder already there (which is then removed).

    `keep(name)`: files of the folder being replaced to carry over into the new one (brat's visual.conf and
    tools.conf are the user's, not the export's), copied and fsynced before the swap."""
    path = Path(path)
    parent = _check_parent(path)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{path}: the brat format writes a folder, and this is a file")
    if path.is_dir() and not is_replaceable_export(path):
        raise ValueError(f"{path}: folder exists and is not an earlier brat export by tui-reader; "
                         "give a new or empty folder")  # fmt: skip
    mode = _mode_for(path, 0o777)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent))
    try:
        os.chmod(tmp, mode)
        yield tmp
        if keep is not None and path.is_dir():
            for old in sorted(path.iterdir()):
                if keep(old.name) and old.is_file() and not (tmp / old.name).exists():
                    write_bytes_durable(tmp / old.name, old.read_bytes(), stat.S_IMODE(old.stat().st_mode))
        fsync_dir(tmp)
        if path.is_dir():
            try:
                exchange(tmp, path)
            except OSError:  # no atomic swap here: move the old one aside, the new one in (a short gap)
                aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=parent))
                os.replace(path, aside / "old")
                os.replace(tmp, path)
                shutil.rmtree(aside, ignore_errors=True)
            else:
                shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous export
        else:
            os.replace(tmp, path)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        where = str(e.filename or "")
        if where.startswith(str(tmp) + os.sep):  # name the file as the user will look for it, not the temp copy
            raise type(e)(e.errno, e.strerror or str(e), str(path / where[len(str(tmp)) + 1:])) from e
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(parent)
