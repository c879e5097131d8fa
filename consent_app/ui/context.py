"""What every page needs, handed in by the one place that wires the app (``consent_app.app``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consent_app.domain.audit import EventKind
from consent_app.domain.clearance import Clearance, evaluate
from consent_app.domain.form import FormDefinition
from consent_app.domain.form_versions import stamp
from consent_app.domain.session import ConsentSession
from consent_app.paths import DataPaths
from consent_app.pin import PinGate, StaffPin
from consent_app.records import list_version
from consent_app.seal_worker import SealCommand, SealedSummary, SealRequest
from consent_app.settings import Settings
from consent_app.store import RecordVersion, SessionStore
from consent_app.ui.read_aloud import Speaker

if TYPE_CHECKING:
    from consent_app.ui.outbox_sender import OutboxSender


@dataclass
class WizardContext:
    """The form, settings, store, PIN and clock the wizard works with, and the current session.

    ``form`` is the form in the clinic's language: staff pages read it. Patient pages read
    ``patient_form``, the same form in the language the patient is using.
    """

    form: FormDefinition
    settings: Settings
    store: SessionStore
    staff_pin: StaffPin
    records_dir: Path
    clock: Callable[[], datetime]
    #: The data folder, where the seal's key lives; None only for pages tested on their own.
    paths: DataPaths | None = None
    #: Where a form in another language comes from; by default the bundled (or clinic's) file.
    form_loader: Callable[[str, str], FormDefinition] | None = None
    #: How to start the child process that seals a summary; None only for pages tested on
    #: their own (the Done page then says it cannot seal).
    seal_command: SealCommand | None = None
    session: ConsentSession = field(init=False)

    def __post_init__(self) -> None:
        self.session = self.new_session()
        self.pin_gate = PinGate(self.staff_pin, self.clock)
        # Set by the wizard to its autosaver; pages tested on their own keep these no-ops.
        self.edited: Callable[[], None] = lambda: None
        self.record: Callable[..., None] = _ignore_event
        self.save_now: Callable[[], bool] = lambda: self._save_directly()
        self.speaker = Speaker()
        #: Set by the app's wiring when a records server is configured: sealed versions are
        #: queued through it and the records browser shows where each stands.
        self.outbox: OutboxSender | None = None

    def _save_directly(self) -> bool:
        self.store.save(self.session)
        return True

    def new_session(self) -> ConsentSession:
        """A blank session for the next patient."""
        session = ConsentSession(
            form_id=self.form.meta.form_id, form_version=self.form.meta.version
        )
        session.intake.procedure = self.form.meta.procedure_name
        session.language = self.form.meta.language
        session.intake.preferred_language = "English"
        stamp(session, self.form)
        return session

    def form_in(self, language: str) -> FormDefinition:
        """The form in ``language``; FormError when there is none or it cannot be used."""
        if language == self.form.meta.language:
            return self.form
        if self.form_loader is not None:
            return self.form_loader(self.form.meta.form_id, language)
        from consent_app.resources_door import load_form

        clinic_forms = self.paths.root / "forms" if self.paths is not None else None
        return load_form(self.form.meta.form_id, language, clinic_forms)

    @property
    def patient_form(self) -> FormDefinition:
        """The form in the patient's language: what the patient pages show."""
        return self.form_in(self.session.language)

    def seal_request(self, session: ConsentSession) -> SealRequest:
        """What the seal worker is asked for a session prepared as its next version: the
        sealed summary, and the records server's FHIR Bundle when one is set. RuntimeError
        without a data folder (a page tested on its own)."""
        if self.paths is None:
            raise RuntimeError("no data folder: the seal's key cannot be found")
        return SealRequest.for_session(
            session, self.settings, self.paths, self.records_dir, bundle=self.outbox is not None
        )

    def list_sealed(self, session: ConsentSession, sealed: SealedSummary) -> RecordVersion:
        """List what the seal worker sealed as the session's next version, and queue it for the
        records server when one is set (a queue that fails is logged, never raised)."""
        version = list_version(self.store, session, sealed.file, sealed.sha256)
        if self.outbox is not None:
            self.outbox.enqueue(session.session_id, version.version, sealed)
        return version

    def now(self) -> datetime:
        """The current time in the clinic's zone."""
        return self.clock().astimezone(self.settings.zone)

    def clearance(self) -> Clearance:
        """The clearance for the current session as it stands."""
        return evaluate(self.session, self.form, self.settings)


def _ignore_event(kind: EventKind, **data: Any) -> None:
    """The audit hook of a context not wired to a wizard."""
