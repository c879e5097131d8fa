"""The smoke run (``consent-app --smoke``): the real window, shown, then a look at its parts.

An installed wheel or a PyInstaller bundle that lost a data file still imports; it fails only
when a page, a stylesheet, a catalogue or the summary wording is first needed. The smoke run
needs them all at once, offscreen, and says in one line what it found, so CI can start the
built app as a clinic would and know that what it needs travelled with it.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from consent_app.pdf.wording import load_wording
from consent_app.resources_door import data_location, load_form, resource_text
from consent_app.ui.i18n import LANGUAGE_NAMES, catalogue
from consent_app.ui.wizard import ConsentWizard

#: How long the first page may take to appear on a slow, busy machine.
FIRST_PAGE_TIMEOUT_SECONDS = 60.0


class SmokeFailure(Exception):
    """Something the app needs is missing or unusable; the message names it."""


def first_page_shown(wizard: ConsentWizard) -> bool:
    """Whether the wizard is on show with its first page visible."""
    page = wizard.currentPage()
    return (
        wizard.isVisible()
        and page is not None
        and page.isVisible()
        and wizard.currentId() == wizard.startId()
    )


def check_parts(wizard: ConsentWizard) -> str:
    """Check the bundled form, stylesheets, catalogues and summary wording; describe them.

    Raises SmokeFailure naming the first part that is missing.
    """
    form = wizard.context.form
    page = wizard.currentPage()
    if not page.title():
        raise SmokeFailure(f"the first page ({page.objectName()}) has no title")
    languages = list(LANGUAGE_NAMES)
    for language in languages:
        # Loaded without the clinic's folder: this is the bundled form, whatever the clinic has.
        load_form(form.meta.form_id, language)
    sheet = resource_text("styles/app.qss")
    app = QApplication.instance()
    if not sheet or not isinstance(app, QApplication) or app.styleSheet() != sheet:
        raise SmokeFailure("the app's stylesheet (styles/app.qss) is not applied")
    if not resource_text("styles/contrast.qss"):
        raise SmokeFailure("the high-contrast stylesheet (styles/contrast.qss) is empty")
    for language in languages:
        translator = catalogue(language)
        if translator is None or translator.isEmpty():
            raise SmokeFailure(f"no interface catalogue for {language!r} (i18n/*.qm)")
        wording = load_wording(language)
        if wording.language != language:
            raise SmokeFailure(f"no summary wording for {language!r} (summary/{language}.toml)")
    listed = " ".join(languages)
    return (
        f"form {form.meta.form_id} {form.meta.version} ({listed}); first page "
        f"{page.objectName()!r}; stylesheets app.qss contrast.qss; catalogues {listed}; "
        f"summary wording {listed}; platform {QGuiApplication.platformName()}; "
        f"data from {data_location()}"
    )


def smoke_run(wizard: ConsentWizard) -> int:
    """Show the wizard, wait for its first page, check the parts, close; 0 when all is well.

    Prints ``smoke ok: …`` on success, and the reason on standard error otherwise.
    """
    app = QApplication.instance()
    assert app is not None
    outcome = {"status": 1}
    deadline = time.monotonic() + FIRST_PAGE_TIMEOUT_SECONDS
    timer = QTimer(wizard)
    timer.setInterval(20)

    def look() -> None:
        shown = first_page_shown(wizard)
        if not shown and time.monotonic() < deadline:
            return
        timer.stop()
        try:
            if not shown:
                raise SmokeFailure(
                    f"the first page did not appear in {FIRST_PAGE_TIMEOUT_SECONDS:.0f} s"
                )
            print(f"smoke ok: {check_parts(wizard)}", flush=True)
            outcome["status"] = 0
        # Any error at all is a failed smoke run, said on the terminal: the excepthook would open
        # a dialog that nobody can dismiss offscreen.
        except Exception as exc:
            print(f"consent-app: smoke run failed: {exc}", file=sys.stderr, flush=True)
        wizard.close()
        app.exit(outcome["status"])

    timer.timeout.connect(look)
    timer.start()
    wizard.show()
    app.exec()
    return outcome["status"]
