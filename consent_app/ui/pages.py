"""Every page of the wizard, in order."""

from __future__ import annotations

from consent_app.ui.base import ConsentPage
from consent_app.ui.context import WizardContext
from consent_app.ui.done_page import DonePage
from consent_app.ui.patient_pages import patient_pages
from consent_app.ui.review_pages import ReviewPage, StaffSignaturesPage
from consent_app.ui.staff_pages import ChecklistPage, HandoverPage, IntakePage


def all_pages(context: WizardContext) -> list[ConsentPage]:
    """The thirteen pages, staff, then patient, then staff again."""
    return [
        IntakePage(context),
        ChecklistPage(context),
        HandoverPage(context),
        *patient_pages(context),
        ReviewPage(context),
        StaffSignaturesPage(context),
        DonePage(context),
    ]
