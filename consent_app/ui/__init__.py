"""The Qt edge of the app: the wizard, its pages and widgets."""

from __future__ import annotations

import sys


def _keep_none_alive() -> None:
    """Guard against PySide6 6.12.0 on CPython < 3.12 freeing ``None``.

    That release drops a reference to ``None`` on every Qt call that returns nothing, without
    ever taking one; once the count reaches zero CPython aborts ("none_dealloc"), which would end
    a consent session mid-way. CPython 3.12 made ``None`` immortal by giving it a huge reference
    count; this does the same on older interpreters, and nothing where it is not needed.
    """
    if sys.version_info >= (3, 12):
        return
    import PySide6

    if PySide6.__version__ != "6.12.0":
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_keep_none_alive()
