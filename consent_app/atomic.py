"""Writing a file so that it is either whole or absent: never half a record on disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(data: bytes, target: Path) -> Path:
    """Write bytes to ``target`` through a temporary file, fsync and rename: never half a file."""
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(delete=False, dir=folder, suffix=".part") as handle:
            temporary = Path(handle.name)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # Set before the rename, so the record is never readable by others, even for a moment.
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
        temporary = None
        _sync_folder(folder)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return target


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk where the platform allows it (not on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
