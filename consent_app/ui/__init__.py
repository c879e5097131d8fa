"""The Qt edge of the app: the wizard, its pages and widgets."""

from __future__ import annotations

import sys


def _keep_singletons_alive() -> None:
    """Guard against PySide6 6.12.0 on CPython < 3.12 freeing ``None``, ``True`` or ``False``.

    That release drops a reference to ``None`` on every Qt call that returns nothing, and to
    ``True``/``False`` on some that return a bool, without ever taking one; once a count reaches
    zero CPython aborts ("none_dealloc", "bool_dealloc"), mid-session or at exit. CPython 3.12
    made these singletons immortal by giving them a huge reference count; this does the same on
    older interpreters, and nothing where it is not needed.
    """
    if sys.version_info >= (3, 12):
        return
    import PySide6

    if PySide6.__version__ != "6.12.0":
        return
    import ctypes

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_keep_singletons_alive()
