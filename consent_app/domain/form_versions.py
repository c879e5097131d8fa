"""Which patient pages changed between the form a session began with and the form in use now.

A session stores a hash of the whole form and of each patient page's content. When a paused
session is resumed under a changed form, the patient must read the changed pages again: their
answers on those pages are set aside, and any patient signature no longer applies.
"""

from __future__ import annotations

import hashlib
import json

from consent_app.domain.form import FormDefinition
from consent_app.domain.session import ConsentSession, SignatureRole

#: The patient pages, each with the part of the form it shows.
PATIENT_PAGE_CONTENT: dict[str, str] = {
    "procedure": "procedure",
    "positioning": "positioning",
    "allergy": "allergy",
    "risks": "risks",
    "understanding": "understanding",
    "decision": "decision",
    "patient_signature": "signatures",
}

_PATIENT_SIGNERS = (SignatureRole.PATIENT, SignatureRole.REPRESENTATIVE, SignatureRole.INTERPRETER)


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def form_hash(form: FormDefinition) -> str:
    """SHA-256 of the form's whole content."""
    return _digest(form.model_dump(mode="json"))


def page_hashes(form: FormDefinition) -> dict[str, str]:
    """SHA-256 of what each patient page shows."""
    return {
        page: _digest(getattr(form, section).model_dump(mode="json"))
        for page, section in PATIENT_PAGE_CONTENT.items()
    }


def stamp(session: ConsentSession, form: FormDefinition) -> None:
    """Record which form content a session is being taken with."""
    session.form_hash = form_hash(form)
    session.page_hashes = page_hashes(form)
    session.form_version = form.meta.version


def changed_pages(session: ConsentSession, form: FormDefinition) -> list[str]:
    """Patient pages whose content differs from what the session began with, in page order.

    A session with no stored hashes (saved before hashes were kept) counts every page changed:
    nobody can say what it showed.
    """
    if session.form_hash == form_hash(form):
        return []
    now = page_hashes(form)
    return [page for page in PATIENT_PAGE_CONTENT if session.page_hashes.get(page) != now[page]]


def _answer_ids(session: ConsentSession, form: FormDefinition, page: str) -> set[str]:
    """The patient's answers given on a page: today's questions and any the form has dropped."""
    if page == "positioning":
        asked = {q.id for q in form.positioning.questions}
    elif page == "allergy":
        asked = {q.id for group in form.allergy.groups for q in group.questions}
    else:
        return set()
    return asked | {key for key in session.answers if key.startswith(f"{page}.")}


def require_review(session: ConsentSession, form: FormDefinition, pages: list[str]) -> None:
    """Set aside what the patient did on changed pages, so they are read and answered again.

    Earlier answers stay in the audit trail; the record keeps only answers given to the text
    now shown. A patient signature given to the earlier text no longer applies.
    """
    if not pages:
        return
    for page in pages:
        for answer_id in _answer_ids(session, form, page):
            session.answers.pop(answer_id, None)
        if page == "risks":
            session.risks.clear()
            session.alternatives_read = False
        elif page == "understanding":
            session.understanding.clear()
        elif page == "decision":
            session.decision = None
        session.cards_seen.pop(page, None)
    for role in _PATIENT_SIGNERS:
        session.remove_signature(role)
    session.pages_to_review = sorted(
        set(session.pages_to_review) | set(pages), key=list(PATIENT_PAGE_CONTENT).index
    )
    stamp(session, form)
