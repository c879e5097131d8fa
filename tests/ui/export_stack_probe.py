"""One whole session in a fresh process, with a records server set, then its seal checked in
the records browser; prints (JSON) which modules of the export stack the window's process
loaded on the way. The summary is sealed, its FHIR Bundle built and its seal checked in child
processes, so: none.

Run by tests/ui/test_done_page.py as ``python tests/ui/export_stack_probe.py`` with the offscreen
Qt platform: the test process itself may have loaded them already.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402

import consent_app.ui  # noqa: E402, F401  (the Qt runtime guard, before any Qt object)

#: What sealing loads: the PDF and signing libraries, the fonts, and our modules over them.
EXPORT_STACK = (
    "reportlab",
    "pikepdf",
    "pyhanko",
    "pyhanko_certvalidator",
    "cryptography",
    "fontTools",
    "fontpkg_noto_sans",
    "fhir",
    "consent_app.export",
    "consent_app.seal",
    "consent_app.pdf",
    "consent_app.fhir",
)
#: A records server nobody answers at (the discard port): the outbox keeps what it is given.
NOBODY = "http://127.0.0.1:9/fhir"


class _Bot:
    """The bits of pytest-qt's qtbot and of monkeypatch that ``make_app`` uses."""

    def addWidget(self, widget: QWidget) -> None:
        self.widget = widget

    def setattr(self, owner: object, name: str, value: object) -> None:
        setattr(owner, name, value)


def main() -> None:
    QApplication.instance() or QApplication([sys.argv[0]])
    from wizard_driver import Driver, make_app

    from consent_app.ui.records_browser import RecordsBrowser

    with tempfile.TemporaryDirectory() as folder:
        bot = _Bot()
        wizard, data = make_app(Path(folder), bot, bot, fhir_base_url=NOBODY)
        Driver(wizard).consent_to_done()
        sealed = wizard.currentPage().isComplete()
        session_id = wizard.context.session.session_id
        wizard.button(QWizard.WizardButton.FinishButton).click()
        queued = [
            json.loads(row.payload)["resourceType"]
            for row in wizard.context.store.outbox_due(datetime.now(UTC) + timedelta(days=1))
        ]
        browser = RecordsBrowser(wizard.context)
        browser.select(session_id)
        found: list[object] = []
        browser.checked.connect(found.append)
        browser.verify_selected()
        browser.finish_check()
        loaded = sorted(
            name
            for name in sys.modules
            if any(name == root or name.startswith(f"{root}.") for root in EXPORT_STACK)
        )
        records = sorted(p.name for p in (data / "records").glob("*.pdf"))
        wizard.hide()
        wizard.autosave.close()
    check = getattr(found[0], "found", "no answer") if found else "no answer"
    print(
        json.dumps(
            {
                "sealed": sealed,
                "records": records,
                "queued": queued,
                "check": str(check),
                "loaded": loaded,
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: nothing is left to save


if __name__ == "__main__":
    main()
