"""Which filesystem a path is on, to refuse network filesystems where SQLite's WAL mode cannot work.

WAL keeps concurrent readers and writers safe through a shared-memory index (the `-shm` file) that every
process must map; over NFS, SMB and the like that memory is not shared between machines, so SQLite documents
that WAL "does not work over a network filesystem". Linux only (reads the mount table); elsewhere: unknown.
"""

from __future__ import annotations

import os
from pathlib import Path

MOUNTS = "/proc/self/mounts"
NETWORK_FS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ceph", "glusterfs", "lustre", "gpfs", "ncpfs", "coda",
    "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "fuse.s3fs", "fuse.rclone", "davfs", "fuse.davfs2",
})  # fmt: skip


def _unescape(field: str) -> str:
    """Mount points in the table escape space, tab, newline and backslash as octal (`\\040`)."""
    return field.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in field else field


def filesystem_type(path: str | Path, mounts: str | Path | None = None) -> str | None:
    """The type of the filesystem holding `path` (longest mount point containing it), or None if unknown."""
    try:
        table = Path(mounts or MOUNTS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    target = os.path.realpath(path)
    best, best_len = None, -1
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mnt, fstype = _unescape(parts[1]), parts[2]
        inside = target == mnt or target.startswith(mnt.rstrip("/") + "/")
        if inside and len(mnt) > best_len:
            best, best_len = fstype, len(mnt)
    return best


def network_filesystem(path: str | Path, mounts: str | Path | None = None) -> str | None:
    """The filesystem type when `path` is on a network filesystem, else None."""
    fs = filesystem_type(path, mounts)
    return fs if fs in NETWORK_FS else None
