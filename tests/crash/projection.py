"""What a session holds that a person entered: the part autosave must never lose."""

from __future__ import annotations

from typing import Any

from consent_app.domain.session import ConsentSession

ENTERED = {
    "intake",
    "checklist",
    "answers",
    "risks",
    "understanding",
    "decision",
    "physician_review",
    "attestation_deferred",
}


def answers_of(session: ConsentSession) -> dict[str, Any]:
    """Everything entered, with signatures as who signed and when (strokes are bulky)."""
    data = session.model_dump(mode="json", include=ENTERED)
    data["signatures"] = sorted(
        [s.role.value, s.printed_name, s.signed_at.isoformat()] for s in session.signatures
    )
    data["cards_seen"] = session.cards_seen
    return data
