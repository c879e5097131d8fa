"""The idle lock's rule, as a pure function of how long nobody has touched the tablet.

In the patient's hands: after ``patient_idle_seconds`` the tablet asks "Are you still there?";
unanswered for ``still_there_seconds`` more, it locks. In staff hands it locks after
``staff_idle_seconds``, without asking: staff pages show patient details and checklists.
"""

from __future__ import annotations

from enum import StrEnum

from consent_app.settings import Settings


class IdleState(StrEnum):
    """What the screen should be showing."""

    ACTIVE = "active"
    ASKING = "asking"
    LOCKED = "locked"


def idle_state(idle_seconds: float, patient_mode: bool, settings: Settings) -> IdleState:
    """Where the idle lock stands after this long without a touch."""
    if not patient_mode:
        return IdleState.LOCKED if idle_seconds >= settings.staff_idle_seconds else IdleState.ACTIVE
    if idle_seconds >= settings.patient_idle_seconds + settings.still_there_seconds:
        return IdleState.LOCKED
    if idle_seconds >= settings.patient_idle_seconds:
        return IdleState.ASKING
    return IdleState.ACTIVE


def seconds_until_lock(idle_seconds: float, settings: Settings) -> int:
    """On the "Are you still there?" screen: whole seconds left before the tablet locks."""
    left = settings.patient_idle_seconds + settings.still_there_seconds - idle_seconds
    return max(0, int(left + 0.999))
