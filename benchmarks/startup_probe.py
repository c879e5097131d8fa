"""One start-up, timed from the moment the parent spawned this process to the first page painted.

``python benchmarks/startup_probe.py app DATA_DIR`` starts the real app as ``consent-app`` does:
it imports ``consent_app.app`` (as the entry point does), then runs its ``main()``, which builds
the window, shows it and enters the event loop. ``python benchmarks/startup_probe.py bare`` does
the same for a bare QWizard with one page: the baseline. Both stop at the first paint of the
wizard's first page and print JSON: milliseconds since ``BENCH_SPAWNED_AT`` (the parent's
``time.monotonic()`` just before it spawned this process; Linux's monotonic clock is shared by
every process), so interpreter start-up and every import count, as they do for a person.
"""

from __future__ import annotations

import json
import os
import sys
import time

SPAWNED_AT = float(os.environ.get("BENCH_SPAWNED_AT", "nan"))  # nan: imported, not spawned
phases: dict[str, float] = {"interpreter": time.monotonic()}

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def first_paint_watcher(is_first_page):  # type: ignore[no-untyped-def]
    """An event filter that reports once a widget ``is_first_page`` accepts has painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and is_first_page(watched):
                self.seen = True
                # The paint handler runs after this filter: report once it (and the frame)
                # is done.
                QTimer.singleShot(0, report)
            return False

    return FirstPaint()


def run_app(data: str) -> None:
    """``consent-app --data-dir DATA``, watched for its first page's first paint."""
    import consent_app.app  # what the ``consent-app`` script does first

    phases["imports"] = time.monotonic()
    create = consent_app.app.create_main_window
    watcher = None

    def create_and_watch(argv):  # type: ignore[no-untyped-def]
        nonlocal watcher
        window = create(argv)
        phases["build_window"] = time.monotonic()
        watcher = first_paint_watcher(lambda widget: widget is window.page(window.startId()))
        window.page(window.startId()).installEventFilter(watcher)
        return window

    consent_app.app.create_main_window = create_and_watch
    consent_app.app.main(["--data-dir", data])


def show_until_painted(app, window, first) -> None:  # type: ignore[no-untyped-def]
    """Add ``first`` to the wizard, show it at 1280 by 800 and run until it has painted."""
    window.addPage(first)
    window.resize(1280, 800)
    phases["build_window"] = time.monotonic()
    watcher = first_paint_watcher(lambda widget: widget is first)
    first.installEventFilter(watcher)
    window.show()
    app.exec()


def run_bare() -> None:
    """A bare QWizard with one page, shown."""
    from PySide6.QtWidgets import QApplication, QWizard, QWizardPage

    app = QApplication([sys.argv[0]])
    phases["qt_application"] = time.monotonic()
    window = QWizard()
    first = QWizardPage()
    first.setTitle("Intake")
    show_until_painted(app, window, first)


#: What the intake page is made of (Qt classes and how many of each, from
#: ``tests/ui/test_page_building.py``, which checks these against the real page).
INTAKE_WIDGETS = {
    "QLabel": 29,
    "QPushButton": 19,
    "QLineEdit": 10,
    "QComboBox": 1,
    "QCheckBox": 1,
}


def run_intake_in_plain_qt() -> None:
    """A QWizard whose one page has the intake page's widgets, in a scroll area, under the app's
    style sheet, and no app code: what painting that page costs Qt itself. Like the real page
    it uses the ``Qt`` namespace (alignments, scroll bar policies, focus reasons …), whose first
    use turns its ~90 enums into Python enums: about 20 ms, once per process."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QApplication,
        QCheckBox,
        QComboBox,
        QFormLayout,
        QLabel,
        QLineEdit,
        QPushButton,
        QScrollArea,
        QVBoxLayout,
        QWidget,
        QWizard,
        QWizardPage,
    )

    app = QApplication([sys.argv[0]])
    app.setStyleSheet((ROOT / "resources" / "styles" / "app.qss").read_text(encoding="utf-8"))
    phases["qt_application"] = time.monotonic()
    kinds = {
        "QLabel": QLabel,
        "QPushButton": QPushButton,
        "QLineEdit": QLineEdit,
        "QComboBox": QComboBox,
        "QCheckBox": QCheckBox,
    }
    window = QWizard()
    first = QWizardPage()
    first.setTitle("Intake")
    scroll = QScrollArea(first)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    form = QFormLayout(body)
    for name, count in INTAKE_WIDGETS.items():
        for n in range(count):
            widget = kinds[name](body)
            if hasattr(widget, "setText"):
                widget.setText(f"{name} {n + 1}")
            form.addRow(widget)
    scroll.setWidget(body)
    QVBoxLayout(first).addWidget(scroll)
    show_until_painted(app, window, first)


if __name__ == "__main__":
    if sys.argv[1] == "app":
        run_app(sys.argv[2])
    elif sys.argv[1] == "intake_in_plain_qt":
        run_intake_in_plain_qt()
    else:
        run_bare()
