"""A small FHIR-like server on 127.0.0.1 for the outbox tests, and transaction Bundles to post.

It behaves as a FHIR R4 server does where the outbox is concerned: a POST of a transaction
Bundle to the base URL applies every ``PUT Type/id`` entry (all or nothing) and answers with a
transaction-response Bundle; ``PUT Type/id`` stores one resource and returns it; ``GET
Type/id`` returns it, or 404 with an OperationOutcome. Storing by id makes a repeated PUT an
update, never a second copy.

Failure modes, switched by the test: ``Mode.SERVER_ERROR`` (500), ``Mode.REJECT`` (a 4xx with an
OperationOutcome), ``Mode.SLOW`` (an answer later than the client waits), ``Mode.REDIRECT`` (a
302 to ``metadata``, which a client that follows it would fetch with a 200), and refused
(``stop()``: nothing listens on the port until ``start()`` again, on the same port).
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FHIR_JSON = "application/fhir+json"
BASE_PATH = "/fhir"


class Mode(StrEnum):
    """How the server answers POST and PUT."""

    OK = "ok"
    SERVER_ERROR = "server_error"
    REJECT = "reject"
    SLOW = "slow"
    REDIRECT = "redirect"  # 302 to a page that answers GET with 200


def operation_outcome(code: str, diagnostics: str, severity: str = "error") -> dict[str, Any]:
    """An OperationOutcome with one issue."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
    }


class FhirServer:
    """The server and what it holds; ``base_url`` is what the app's settings would name."""

    def __init__(self) -> None:
        self.mode = Mode.OK
        #: What a 4xx says, and its status.
        self.reject_status = 422
        self.reject_reason = "Consent.patient: the referenced Patient is not valid"
        #: How long a slow answer takes (the client's timeout in the tests is far shorter).
        self.slow_seconds = 10.0
        self.resources: dict[tuple[str, str], dict[str, Any]] = {}
        #: Every request, as (method, path, mode it was answered in).
        self.requests: list[tuple[str, str, Mode]] = []
        #: How many transactions were applied (a POST that stored its entries).
        self.transactions = 0
        self.lock = threading.Lock()
        self._release = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """The FHIR base URL (transactions are posted here)."""
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def start(self) -> None:
        """Listen (on the same port as before, after a ``stop``)."""
        handler = type("Handler", (_Handler,), {"fhir": self})
        self._release.clear()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() returns as soon as the server has stopped
            name="fhir-server",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening: connections to the port are refused until ``start``."""
        self._release.set()  # a slow answer under way ends now
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def resource(self, kind: str, resource_id: str) -> dict[str, Any] | None:
        """The stored resource, or None."""
        with self.lock:
            return self.resources.get((kind, resource_id))

    def count(self, kind: str) -> int:
        """How many resources of a type are stored."""
        with self.lock:
            return sum(1 for k, _ in self.resources if k == kind)

    def posts(self) -> int:
        """How many POSTs arrived, however they were answered."""
        with self.lock:
            return sum(1 for method, _, _ in self.requests if method == "POST")

    # -- what the handler calls ---------------------------------------------------------------
    def put(self, kind: str, resource_id: str, resource: dict[str, Any]) -> tuple[int, dict]:
        """Store one resource by id (an update when it exists); (status, stored copy)."""
        with self.lock:
            old = self.resources.get((kind, resource_id))
            version = int(old["meta"]["versionId"]) + 1 if old else 1
            stored = json.loads(json.dumps(resource))
            stored["meta"] = {
                **stored.get("meta", {}),
                "versionId": str(version),
                "lastUpdated": datetime.now(UTC).isoformat(),
            }
            self.resources[(kind, resource_id)] = stored
        return (200 if old else 201), stored

    def wait_slowly(self) -> None:
        """The slow mode's delay; ends early when the server stops."""
        self._release.wait(self.slow_seconds)


class _Handler(BaseHTTPRequestHandler):
    fhir: FhirServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read what happened from the server object."""

    # -- answers ---------------------------------------------------------------------------------
    def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", FHIR_JSON)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client stopped waiting (a slow answer): nothing to tell it
            pass

    def _problem(self, status: int, code: str, diagnostics: str) -> None:
        self._reply(status, operation_outcome(code, diagnostics))

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    def _path(self) -> list[str] | None:
        """The path after the base, split; None when outside it."""
        path = self.path.split("?", 1)[0]
        if path != BASE_PATH and not path.startswith(BASE_PATH + "/"):
            return None
        return [part for part in path[len(BASE_PATH) :].split("/") if part]

    def _failure_mode(self) -> bool:
        """Answer as the test asked (500, a 4xx, or slowly); True when the answer was sent."""
        mode = self.fhir.mode
        with self.fhir.lock:
            self.fhir.requests.append((self.command, self.path, mode))
        if mode is Mode.SERVER_ERROR:
            self._problem(500, "exception", "The database behind the server is not available.")
            return True
        if mode is Mode.REJECT:
            self._problem(self.fhir.reject_status, "invalid", self.fhir.reject_reason)
            return True
        if mode is Mode.REDIRECT:
            self._reply(302, {}, {"Location": f"{BASE_PATH}/metadata"})
            return True
        if mode is Mode.SLOW:
            self.fhir.wait_slowly()
        return False

    # -- methods ---------------------------------------------------------------------------------
    def do_GET(self) -> None:
        parts = self._path()
        if parts == ["metadata"]:
            self._reply(200, {"resourceType": "CapabilityStatement", "status": "active"})
            return
        if parts is None or len(parts) != 2:
            self._problem(404, "not-found", f"Unknown path {self.path}")
            return
        found = self.fhir.resource(parts[0], parts[1])
        if found is None:
            self._problem(404, "not-found", f"{parts[0]}/{parts[1]} is not known")
            return
        self._reply(200, found)

    def do_PUT(self) -> None:
        try:
            resource = self._body()
        except ValueError:
            self._problem(400, "structure", "The body is not JSON.")
            return
        if self._failure_mode():
            return
        parts = self._path()
        if parts is None or len(parts) != 2:
            self._problem(404, "not-found", f"Unknown path {self.path}")
            return
        problem = _entry_problem(f"{parts[0]}/{parts[1]}", resource)
        if problem:
            self._problem(400, "invalid", problem)
            return
        status, stored = self.fhir.put(parts[0], parts[1], resource)
        self._reply(status, stored, {"ETag": f'W/"{stored["meta"]["versionId"]}"'})

    def do_POST(self) -> None:
        try:
            bundle = self._body()
        except ValueError:
            self._problem(400, "structure", "The body is not JSON.")
            return
        if self._failure_mode():
            return
        if self._path() != []:
            self._problem(404, "not-found", "Transactions are posted to the base URL.")
            return
        if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
            self._problem(400, "structure", "Expected a Bundle.")
            return
        if bundle.get("type") != "transaction":
            self._problem(400, "invalid", "Only transaction Bundles are accepted here.")
            return
        entries = bundle.get("entry") or []
        # All or nothing, as a FHIR transaction: every entry is checked before any is applied.
        for number, entry in enumerate(entries):
            request = entry.get("request") or {}
            if request.get("method") != "PUT":
                self._problem(400, "not-supported", f"Entry {number}: only PUT is supported.")
                return
            problem = _entry_problem(str(request.get("url", "")), entry.get("resource"))
            if problem:
                self._problem(400, "invalid", f"Entry {number}: {problem}")
                return
        results = []
        for entry in entries:
            kind, resource_id = entry["request"]["url"].split("/")
            status, stored = self.fhir.put(kind, resource_id, entry["resource"])
            version = stored["meta"]["versionId"]
            results.append(
                {
                    "response": {
                        "status": "201 Created" if status == 201 else "200 OK",
                        "location": f"{kind}/{resource_id}/_history/{version}",
                        "etag": f'W/"{version}"',
                    }
                }
            )
        with self.fhir.lock:
            self.fhir.transactions += 1
        self._reply(
            200, {"resourceType": "Bundle", "type": "transaction-response", "entry": results}
        )


def _entry_problem(url: str, resource: Any) -> str:
    """Why a PUT of ``resource`` to ``url`` cannot be applied; "" when it can."""
    parts = url.split("/")
    if len(parts) != 2 or not all(parts):
        return f"The URL {url!r} is not Type/id."
    if not isinstance(resource, dict):
        return "No resource."
    if resource.get("resourceType") != parts[0]:
        return f"The resource is a {resource.get('resourceType')}, the URL says {parts[0]}."
    if resource.get("id") != parts[1]:
        return f"The resource's id {resource.get('id')!r} is not the URL's {parts[1]!r}."
    return ""


# -- payloads ------------------------------------------------------------------------------------
def patient_id(session_id: str) -> str:
    """The Patient id the test bundles use for a session."""
    return f"pat-{session_id[:8]}"


def transaction_bundle(session_id: str, version: int = 1, name: str = "Test Patient") -> bytes:
    """A small, valid-looking FHIR R4 transaction Bundle for a sealed session: Patient, Consent
    and DocumentReference, each a PUT by id (so sending it again updates, never duplicates)."""
    patient = patient_id(session_id)
    resources = [
        {
            "resourceType": "Patient",
            "id": patient,
            "name": [{"text": name}],
        },
        {
            "resourceType": "Consent",
            "id": session_id,
            "status": "active",
            "scope": {"coding": [{"code": "treatment"}]},
            "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
            "patient": {"reference": f"Patient/{patient}"},
        },
        {
            "resourceType": "DocumentReference",
            "id": f"{session_id}-v{version}",
            "status": "current",
            "subject": {"reference": f"Patient/{patient}"},
            "content": [{"attachment": {"contentType": "application/pdf", "title": "summary"}}],
        },
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "resource": resource,
                "request": {"method": "PUT", "url": f"{resource['resourceType']}/{resource['id']}"},
            }
            for resource in resources
        ],
    }
    return json.dumps(bundle).encode()
