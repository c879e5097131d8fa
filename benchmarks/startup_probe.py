"""One start-up, timed from the moment the parent spawned this process to the first page painted.

``python benchmarks/startup_probe.py app DATA_DIR`` builds the real app as ``consent-app`` does
(``create_main_window``, ``show``, the event loop); ``python benchmarks/startup_probe.py bare``
does the same for a bare QWizard with one page: the baseline. Both stop at the first paint of
the wizard's first page and print JSON: milliseconds since ``BENCH_SPAWNED_AT`` (the parent's
``time.monotonic()`` just before it spawned this process; Linux's monotonic clock is shared by
every process), so interpreter start-up and every import count, as they do for a person.
"""

from __future__ import annotations

import json
import os
import sys
import time

SPAWNED_AT = float(os.environ["BENCH_SPAWNED_AT"])
phases: dict[str, float] = {"interpreter": time.monotonic()}

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage  # noqa: E402


class FirstPaint(QObject):
    """Ends the process once the page it watches has painted for the first time."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.seen and event.type() == QEvent.Type.Paint:
            self.seen = True
            # The paint handler runs after this filter: report once it (and the frame) is done.
            QTimer.singleShot(0, report)
        return False


def report() -> None:
    """Print the elapsed time and each phase's share, then leave without tearing down."""
    phases["first_paint"] = time.monotonic()
    shares, previous = {}, SPAWNED_AT
    for name, moment in phases.items():
        shares[name] = round((moment - previous) * 1000, 1)
        previous = moment
    total = round((phases["first_paint"] - SPAWNED_AT) * 1000, 1)
    print(json.dumps({"total_ms": total, "phases_ms": shares}), flush=True)
    os._exit(0)  # the time to shut down is not start-up


def main() -> None:
    which = sys.argv[1]
    watcher = FirstPaint()
    app = QApplication([sys.argv[0]])
    phases["qt_application"] = time.monotonic()
    if which == "app":
        # Everything create_main_window imports, imported first only to time it apart.
        import consent_app.app
        import consent_app.store
        import consent_app.ui.pages
        import consent_app.ui.wizard

        phases["imports"] = time.monotonic()
        window = consent_app.app.create_main_window(["--data-dir", sys.argv[2]])
        first = window.page(window.startId())
    else:
        window = QWizard()
        first = QWizardPage()
        first.setTitle("Intake")
        window.addPage(first)
        window.resize(1280, 800)
    phases["build_window"] = time.monotonic()
    first.installEventFilter(watcher)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
