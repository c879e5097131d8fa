"""The one place that wires everything: paths, settings, form, store, PIN, pages and wizard.

``create_main_window(argv)`` builds the whole app for a command line and returns its top-level
window without running the event loop (a QApplication must exist); ``main()`` is that plus
``exec()``, and also runs the ``admin`` commands.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from consent_app.domain.form import FormError
from consent_app.domain.phrases import phrase
from consent_app.paths import DataPaths, resolve_data_dir
from consent_app.pin import PinError, StaffPin
from consent_app.seal_worker import SUBCOMMAND, worker_command
from consent_app.settings import SettingsError, load_settings, save_settings

log = logging.getLogger("consent_app")


class StartupError(Exception):
    """The app cannot start; the message says why and what to do, in plain words."""


def build_parser() -> argparse.ArgumentParser:
    """The command line: open the app, or run an admin command."""
    parser = argparse.ArgumentParser(
        prog="consent-app",
        description="Vertebroplasty consent and pre-procedure checklist.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all state (settings, database, records, logs) in DIR "
        "(default: $CONSENT_APP_DATA_DIR, else the per-user data folder)",
    )
    parser.add_argument("--kiosk", action="store_true", help="open full screen, for the tablet")
    # For CI and packagers, so left out of --help: the README documents it.
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command")
    admin = commands.add_parser("admin", help="provision this device")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    admin_commands.add_parser(
        "set-pin", help="set the staff PIN, read from standard input (4 to 12 digits)"
    )
    render = commands.add_parser(
        "render", help="render and seal the PDF summary of a stored session record (JSON)"
    )
    render.add_argument("record", metavar="RECORD.json", help="a session record")
    render.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="the PDF to write")
    verify = commands.add_parser(
        "verify", help="check a summary's seal and its attached record; exit 0 only when intact"
    )
    verify.add_argument("pdf", metavar="FILE.pdf", help="a sealed summary")
    verify.add_argument(
        "--trust", metavar="CERT.pem", help="also require the seal to be made by this certificate"
    )
    records = commands.add_parser("records", help="find, show and export stored sessions")
    records_commands = records.add_subparsers(dest="records_command", required=True)
    listing = records_commands.add_parser("list", help="sessions, newest first")
    listing.add_argument("--search", default="", metavar="TEXT", help="part of a name, or an MRN")
    listing.add_argument(
        "--status", choices=["in_progress", "awaiting_discussion", "completed"], default=None
    )
    listing.add_argument("--date", metavar="YYYY-MM-DD", help="procedure date or day last saved")
    listing.add_argument("--json", action="store_true", help="print JSON, for scripts")
    show = records_commands.add_parser("show", help="one session, its versions and audit state")
    show.add_argument("session", metavar="SESSION", help="a session id (or its first 6+ chars)")
    show.add_argument("--json", action="store_true", help="print JSON, for scripts")
    export = records_commands.add_parser(
        "export", help="write a session's record (JSON, as `render` reads) or latest sealed PDF"
    )
    export.add_argument("session", metavar="SESSION", help="a session id (or its first 6+ chars)")
    export.add_argument("-o", "--output", metavar="FILE", help="where to write it")
    export.add_argument("--pdf", action="store_true", help="the latest sealed PDF, not the JSON")
    export.add_argument("--json", action="store_true", help="print the result as JSON")
    fhir = commands.add_parser(
        "fhir",
        help="write a FHIR R4 transaction bundle (Patient, Consent, the sealed PDF, Provenance)",
    )
    fhir.add_argument(
        "source",
        metavar="SESSION_ID|RECORD.json",
        help="a stored session (its latest sealed PDF), or a session record, sealed now",
    )
    fhir.add_argument("-o", "--output", metavar="BUNDLE.json", required=True, help="where to write")
    audit = commands.add_parser("audit", help="check the tamper-evident audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_verify = audit_commands.add_parser(
        "verify", help="check every session's hash chain (or one); exit 0 only when intact"
    )
    audit_verify.add_argument("session", metavar="SESSION", nargs="?", help="one session id")
    audit_verify.add_argument("--json", action="store_true", help="print JSON, for scripts")
    # The window's own child that seals a summary (request on stdin, one JSON line out): left
    # out of --help, as argparse lists only subcommands given a help text.
    commands.add_parser(SUBCOMMAND)
    commands.metavar = "{" + ",".join(c for c in commands.choices if c != SUBCOMMAND) + "}"
    return parser


def _store_command(args: argparse.Namespace) -> int:
    """``records …`` and ``audit verify``."""
    from consent_app import commands

    paths = resolve_data_dir(args.data_dir)
    if args.command == "audit":
        return commands.audit_verify(paths, args.session, args.json)
    if args.records_command == "list":
        return commands.records_list(paths, args.search, args.status, args.date, args.json)
    if args.records_command == "show":
        return commands.records_show(paths, args.session, args.json)
    return commands.records_export(paths, args.session, args.output, args.pdf, args.json)


def configure_logging(paths: DataPaths, file_name: str = "consent-app.log") -> None:
    """Log to a rotating file in the data folder. Messages never carry patient identifiers."""
    root = logging.getLogger("consent_app")
    target = paths.logs / file_name
    for old in [h for h in root.handlers if getattr(h, "consent_app", False)]:
        if Path(old.baseFilename) == target:  # type: ignore[attr-defined]
            return
        # Another data folder in the same process: its log must not receive this one's lines.
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.consent_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _prepare(paths: DataPaths):  # type: ignore[no-untyped-def]
    """Data folder, settings and form: everything that can fail before a window exists."""
    try:
        paths.ensure()
    except OSError as exc:
        raise StartupError(
            f"The data folder {paths.root} cannot be created or written ({exc.strerror}). "
            "Choose another with --data-dir."
        ) from exc
    configure_logging(paths)
    try:
        settings = load_settings(paths.settings)
    except SettingsError as exc:
        raise StartupError(f"The settings file cannot be used: {exc}") from exc
    if not paths.settings.exists():
        save_settings(settings, paths.settings)
    from consent_app.resources_door import load_form

    form = load_form(settings.form_id, settings.clinic_language, paths.root / "forms")
    return settings, form


def create_main_window(argv: Sequence[str]):  # type: ignore[no-untyped-def]
    """Build the whole app for these arguments and return its top-level window, not yet shown.

    Raises FormError for a malformed form and StartupError when the app cannot start.
    """
    from consent_app.store import SessionStore, StoreError
    from consent_app.ui.context import WizardContext
    from consent_app.ui.i18n import use_clinic_language
    from consent_app.ui.pages import all_pages
    from consent_app.ui.pin_dialog import SetPinDialog
    from consent_app.ui.style import apply_style
    from consent_app.ui.wizard import ConsentWizard

    args = build_parser().parse_args(list(argv))
    paths = resolve_data_dir(args.data_dir)
    settings, form = _prepare(paths)
    use_clinic_language(settings.clinic_language)
    staff_pin = StaffPin(paths.staff_pin)
    if not staff_pin.is_set():
        # First start on this device: staff choose the PIN before any patient sees the tablet.
        pin = SetPinDialog.ask()
        if not pin:
            raise StartupError("A staff PIN is needed before the app can be used.")
        staff_pin.set(pin)
    try:
        store = SessionStore(paths.database)
    except StoreError as exc:
        raise StartupError(str(exc)) from exc
    records = Path(settings.records_dir) if settings.records_dir else paths.records
    context = WizardContext(
        form=form,
        settings=settings,
        store=store,
        staff_pin=staff_pin,
        records_dir=records,
        clock=lambda: datetime.now().astimezone(),
        paths=paths,
        seal_command=worker_command(),
    )
    apply_style()
    wizard = ConsentWizard(context, all_pages(context))
    wizard.resize(1280, 800)
    wizard.set_kiosk(bool(args.kiosk))
    # Sealed versions go to the records server, if one is set (the seal worker builds the
    # FHIR transaction Bundle of each).
    connect_outbox(wizard)
    log.info("started (form %s %s)", form.meta.form_id, form.meta.version)
    return wizard


def connect_outbox(wizard):  # type: ignore[no-untyped-def]
    """Start the outbox sender when a records server is configured; returns it, or None (and a
    log line saying the outbox is off)."""
    context = wizard.context
    settings = context.settings
    if not settings.fhir_base_url:
        log.info("outbox off: no records server (fhir_base_url) in the settings")
        return None
    # Only now: the sender brings in the HTTP client, which a tablet without a server never uses.
    from PySide6.QtCore import QCoreApplication

    from consent_app.ui.outbox_sender import OutboxSender

    sender = OutboxSender(
        context.store,
        settings.fhir_base_url,
        settings.fhir_timeout_seconds,
        context.clock,
        wizard,
    )
    context.outbox = sender
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(sender.close)
    sender.start()
    log.info("outbox on: sealed sessions go to the records server")
    return sender


def _set_pin(paths: DataPaths) -> int:
    """``admin set-pin``: read the new PIN from standard input; store only its scrypt hash."""
    try:
        paths.ensure()
    except OSError as exc:
        print(f"consent-app: cannot write {paths.root}: {exc.strerror}", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN (4 to 12 digits): ")
        if getpass.getpass("The same PIN again: ") != pin:
            print("consent-app: the two PINs do not match; nothing was changed.", file=sys.stderr)
            return 1
    else:
        pin = sys.stdin.readline().strip()
    try:
        StaffPin(paths.staff_pin).set(pin)
    except PinError as exc:
        print(f"consent-app: {exc} Nothing was changed.", file=sys.stderr)
        return 1
    print("The staff PIN has been set.")
    return 0


def _render(paths: DataPaths, record_file: str, output: str) -> int:
    """``render``: a stored record to a sealed PDF. Exit 2 for an invalid record, no output."""
    from consent_app.commands import read_record

    session = read_record(record_file)
    if session is None:
        return 2
    try:
        settings, _ = _prepare(paths)
        from consent_app.resources_door import load_form

        form = load_form(session.form_id, session.language, paths.root / "forms")
    except (StartupError, FormError) as exc:
        print(f"consent-app: {exc}", file=sys.stderr)
        return 2
    from consent_app.export import seal_session, write_atomically
    from consent_app.seal import SealError

    try:
        data = seal_session(session, form, settings, paths)
        write_atomically(data, Path(output))
    except (SealError, OSError) as exc:
        print(f"consent-app: the summary was not written: {exc}", file=sys.stderr)
        return 1
    _note_rerender(paths, session, Path(output), data)
    print(f"Sealed summary written to {output}")
    return 0


def _note_rerender(paths: DataPaths, session, output: Path, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """A re-render of a session this device holds goes into that session's audit trail."""
    if not paths.database.exists():
        return
    import hashlib

    from consent_app.domain.audit import AuditEvent, EventKind
    from consent_app.domain.session import utc_now
    from consent_app.store import SessionStore, StoreError

    try:
        store = SessionStore(paths.database)
        if session.session_id in store.session_ids():
            event = AuditEvent(
                EventKind.RERENDERED,
                utc_now(),
                {"file": output.name, "sha256": hashlib.sha256(data).hexdigest()},
            )
            store.append_events(session.session_id, [event])
    except StoreError as exc:
        print(
            f"consent-app: the re-render was not added to the audit trail: {exc}", file=sys.stderr
        )


def _verify(pdf_file: str, trust_file: str | None) -> int:
    """``verify``: 0 when the seal is intact over the whole file and the record matches."""
    from consent_app.export import NoSeal, NotAPdf, verify_summary

    try:
        pdf = Path(pdf_file).read_bytes()
        trust = Path(trust_file).read_bytes() if trust_file else None
    except OSError as exc:
        print(f"consent-app: cannot read: {exc}", file=sys.stderr)
        return 2
    try:
        verdict = verify_summary(pdf, trust)
    except NotAPdf:
        print(f"{pdf_file}: not a PDF file.", file=sys.stderr)
        return 2
    except NoSeal:
        print(f"{pdf_file}: this PDF carries no seal.", file=sys.stderr)
        return 2
    print(f"Signer: {verdict.signer}")
    print(f"Signed at: {verdict.signed_at}")
    print(f"Record SHA-256: {verdict.record_sha256 or 'none'}")
    if verdict.ok:
        print("Seal: intact, covers the whole file; the attached record matches.")
        return 0
    for problem in verdict.problems:
        print(f"FAILED: {problem}")
    return 1


#: The title and text shown for an error nobody foresaw (the details go to the log).
SOMETHING_WENT_WRONG = (
    phrase("App", "Something went wrong"),
    phrase(
        "App",
        "Something went wrong, but the answers so far are saved. "
        "Please go back one page and try again, or ask the nurse.",
    ),
)


def _install_excepthook() -> None:
    """Log an unexpected error and show a calm message; a traceback never reaches the screen."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, tb))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            from consent_app.ui.i18n import in_language_of

            window = QApplication.activeWindow()
            QMessageBox.warning(
                window,
                in_language_of(window, "App", SOMETHING_WENT_WRONG[0]),
                in_language_of(window, "App", SOMETHING_WENT_WRONG[1]),
            )

    sys.excepthook = hook


def _fail(title: str, message: str) -> int:
    """Show a start-up failure where the person is looking: the terminal and a dialog."""
    print(f"consent-app: {message}", file=sys.stderr)
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    # With the offscreen platform nobody can see or dismiss a dialog: the terminal must do.
    if QApplication.instance() is not None and QGuiApplication.platformName() != "offscreen":
        QMessageBox.critical(None, title, message)
    return 2


#: One-shot commands whose process may end as soon as their work is safely on disk.
_ONE_SHOT = frozenset({"admin", "render", "verify", "records", "audit", "fhir", SUBCOMMAND})


def run() -> None:
    """The ``consent-app`` entry point: ``main()``, then exit with its status.

    A one-shot command has already fsynced what it wrote and flushed what it printed, so it ends
    the process at once: tearing down pyHanko, reportlab and pikepdf costs ~0.3 s for nothing.
    """
    argv = sys.argv[1:]
    code = main(argv)
    command = build_parser().parse_known_args(argv)[0].command
    if command in _ONE_SHOT:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _import_domain_before_qt() -> None:
    """Import the Qt-free modules the window needs before PySide6 is first imported.

    Once PySide6 is loaded it looks into the source of every module imported after it (for
    its ``__feature__`` switches): for the store, the domain and what they import that is
    work for nothing, and start-up time a nurse waits through.
    """
    import consent_app.domain.audit
    import consent_app.domain.clearance
    import consent_app.domain.form_versions
    import consent_app.domain.session
    import consent_app.domain.validation
    import consent_app.store  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app (or an admin command); returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command == "admin":
        return _set_pin(resolve_data_dir(args.data_dir))
    if args.command == "render":
        return _render(resolve_data_dir(args.data_dir), args.record, args.output)
    if args.command == "verify":
        return _verify(args.pdf, args.trust)
    if args.command in ("records", "audit"):
        return _store_command(args)
    if args.command == "fhir":
        from consent_app.commands import fhir_export

        return fhir_export(resolve_data_dir(args.data_dir), args.source, args.output)
    if args.command == SUBCOMMAND:
        from consent_app.seal_worker import LOG_FILE, serve

        return serve(
            sys.stdin.buffer, sys.stdout.buffer, lambda paths: configure_logging(paths, LOG_FILE)
        )
    _import_domain_before_qt()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("consent-app")
    _install_excepthook()
    if args.smoke and not StaffPin(resolve_data_dir(args.data_dir).staff_pin).is_set():
        # The first-start PIN dialog would wait forever for someone to answer it.
        need = "The smoke run needs a staff PIN: set one with consent-app admin set-pin."
        return _fail("The app cannot start", need)
    try:
        window = create_main_window(argv)
    except FormError as exc:
        return _fail("The consent form cannot be used", f"The form is malformed.\n{exc}")
    except StartupError as exc:
        return _fail("The app cannot start", str(exc))
    if args.smoke:
        from consent_app.ui.smoke import smoke_run

        return smoke_run(window)
    if args.kiosk:
        window.showFullScreen()
    else:
        window.show()
    return app.exec()
