"""A scripted consent session, run in its own process so a test can kill it with SIGKILL.

    python tests/crash/scripted_session.py DATA_DIR JOURNAL SEED

The app is built exactly as ``consent-app --data-dir DATA_DIR`` builds it (the staff PIN must
already be set). The script then walks a whole session, pausing a random 20-90 ms after every
change and every page turn while the Qt event loop runs (so autosave works as it does for a
person). Before each pause it appends one JSON line to JOURNAL: the wall-clock time and what
the session holds. The killing test compares the store after the kill with those lines.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "ui")]

from projection import answers_of  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from wizard_driver import STAFF_PIN, Driver, PatientAnswers  # noqa: E402

import consent_app.ui  # noqa: E402, F401  (guards the Qt runtime before any Qt object exists)
from consent_app import app  # noqa: E402
from consent_app.domain.form import Answer  # noqa: E402
from consent_app.ui.base import ConsentPage  # noqa: E402
from consent_app.ui.done_page import DonePage  # noqa: E402
from consent_app.ui.pin_dialog import PinDialog  # noqa: E402
from consent_app.ui.wizard import ConsentWizard  # noqa: E402


def main(data: str, journal_path: str, seed: int) -> None:
    rng = random.Random(seed)
    qt = QApplication([sys.argv[0]])
    PinDialog.ask = classmethod(
        lambda cls, verify, parent=None, title="": verify(STAFF_PIN) is True
    )
    wizard = app.create_main_window(["--data-dir", data])
    wizard.show()
    journal = open(journal_path, "a", encoding="utf-8")  # noqa: SIM115  (open until killed)

    def pause() -> None:
        state = {"t": time.time(), "answers": answers_of(wizard.context.session)}
        journal.write(json.dumps(state) + "\n")
        journal.flush()
        until = time.monotonic() + rng.uniform(0.02, 0.09)
        while time.monotonic() < until:
            qt.processEvents()
            time.sleep(0.003)

    original_changed = ConsentPage.changed
    original_next = ConsentWizard.next

    def changed(self: ConsentPage, field: str = "") -> None:
        original_changed(self, field)
        if not self._loading:
            pause()

    def next_page(self: ConsentWizard) -> None:
        original_next(self)
        pause()

    original_export = DonePage.export

    def export(self: DonePage) -> None:
        # The staff signatures are put into the session on the way to this page, inside next():
        # note that state before the export saves it.
        pause()
        original_export(self)

    ConsentPage.changed = changed  # type: ignore[method-assign]
    ConsentWizard.next = next_page  # type: ignore[method-assign]
    DonePage.export = export  # type: ignore[method-assign]
    journal.write(json.dumps({"ready": time.time(), "session": wizard.context.session.session_id}))
    journal.write("\n")
    journal.flush()
    driver = Driver(wizard)
    driver.to_patient(name=rng.choice(["Margaret Ellis", "Zoë Łukasiewicz-O'Brien"]))
    unsure = rng.random() < 0.5
    plan = PatientAnswers(answers={"allergy.bone_cement": Answer.NOT_SURE} if unsure else {})
    driver.patient(plan)
    driver.patient_signature()
    driver.review(("Dr Amir Patel", "proceed", "Discussed: no cement allergy.") if unsure else None)
    driver.staff_signatures()
    journal.write(json.dumps({"finished": time.time()}) + "\n")
    journal.flush()
    while True:  # wait to be killed, as an app left open would
        qt.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
