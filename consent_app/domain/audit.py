"""The audit trail: what happened in a session, as a tamper-evident chain of hashed events.

Each event's hash covers its session, number, time, kind, data and the previous event's hash,
so changing, removing, adding or moving an event breaks the chain where it happened.
``verify_chain`` walks a stored chain and says, in plain English, which event was tampered
with and how. Storage (sqlite) lives elsewhere; this module only computes and checks.

The hash is not keyed: someone who can write the database and who rebuilds every hash after
the change leaves an intact chain. The heads sealed into exported PDFs catch that, up to the
last export: pass them to ``verify_chain`` as ``sealed``.
"""

from __future__ import annotations

import hashlib
import json
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

#: The ``prev_hash`` of a session's first event.
GENESIS: str = "0" * 64

#: The parts of a session record that hold answers; changes to them are audited.
ANSWER_PARTS: tuple[str, ...] = (
    "intake",
    "checklist",
    "answers",
    "risks",
    "alternatives_read",
    "understanding",
    "decision",
    "physician_review",
    "attestation_deferred",
)

#: How many deleted events a later event, renumbered to close the gap, is searched back for.
_GAP_SEARCH = 256


class EventKind(StrEnum):
    """What happened. The comment on each says what its data holds."""

    SESSION_CREATED = "session_created"
    SESSION_RESUMED = "session_resumed"
    PAGE_ENTERED = "page_entered"
    PAGE_LEFT = "page_left"  # {"page": str, "seconds": float}
    ANSWER_CHANGED = "answer_changed"  # {"field": str, "old": json, "new": json}
    RISK_MARKED = "risk_marked"  # {"risk": str, "old": str | None, "new": str | None}
    SIGNATURE_CAPTURED = "signature_captured"  # {"role", "signed_at", "printed_name"}
    SIGNATURE_CLEARED = "signature_cleared"  # {"role": str}
    LOCKED = "locked"  # {"reason": str}
    UNLOCKED = "unlocked"
    PIN_FAILED = "pin_failed"  # {"failures": int}, never the digits
    FORM_CHANGED = "form_changed"  # {"old_hash": str, "new_hash": str, "pages": [str]}
    EXPORTED = "exported"  # {"file": str, "sha256": str, "version": int}
    PRINTED = "printed"
    VERIFIED = "verified"  # {"file": str, "ok": bool}
    RERENDERED = "rerendered"
    LANGUAGE_CHANGED = "language_changed"  # {"old": str, "new": str, "page": str}
    SENT_TO_RECORDS = "sent_to_records"  # {"version": int, "status": int}: the server took it


@dataclass(frozen=True)
class AuditEvent:
    """Something that happened, before it is chained: its kind, an aware time and JSON data."""

    kind: EventKind
    at: datetime
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", EventKind(self.kind))
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("an audit event's time must carry a time zone")
        canonical_json(dict(self.data))  # fail here, where the event is made, not when saved


@dataclass(frozen=True)
class ChainedEvent:
    """An event as stored: the text that was hashed, its number, and the hashes that chain it."""

    session_id: str
    seq: int
    at: str
    kind: str
    data: str
    prev_hash: str
    hash: str
    row: int = 0  # storage order (the sqlite rowid); used only in messages and ordering


class TamperKind(StrEnum):
    """How a chain was tampered with."""

    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    TRUNCATED = "truncated"


@dataclass(frozen=True)
class Tamper:
    """One finding of ``verify_chain``: what was done, to which event, in plain English."""

    kind: TamperKind
    seq: int | None  # the event named: its seq as stored, or the missing seq
    message: str


@dataclass(frozen=True)
class AuditSummary:
    """What a sealed record carries of its trail: the head, the length and time per page."""

    head: str
    events: int
    seconds_by_page: dict[str, float]


# -- hashing and chaining ---------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def event_hash(session_id: str, seq: int, at: str, kind: str, data: str, prev_hash: str) -> str:
    """SHA-256 (hex) of an event's stored fields and the hash of the event before it."""
    text = canonical_json([session_id, seq, at, kind, data, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain(
    session_id: str, events: Sequence[AuditEvent], after: ChainedEvent | None
) -> list[ChainedEvent]:
    """Number and hash events onto the end of a session's chain (``after`` is its last event)."""
    if after is not None and after.session_id != session_id:
        raise ValueError(f"cannot chain session {session_id} after an event of {after.session_id}")
    seq, prev = (after.seq, after.hash) if after is not None else (0, GENESIS)
    chained: list[ChainedEvent] = []
    for event in events:
        seq += 1
        at = event.at.astimezone(UTC).isoformat()
        kind = EventKind(event.kind).value
        data = canonical_json(dict(event.data))
        digest = event_hash(session_id, seq, at, kind, data, prev)
        chained.append(ChainedEvent(session_id, seq, at, kind, data, prev, digest))
        prev = digest
    return chained


def summarise(events: Sequence[ChainedEvent]) -> AuditSummary:
    """The head, the count, and the seconds spent on each page (in order of first visit)."""
    seconds: dict[str, float] = {}
    for event in events:
        if event.kind == EventKind.PAGE_LEFT:
            visit = _page_visit(event.data)
            if visit is not None:
                page, spent = visit
                seconds[page] = seconds.get(page, 0.0) + spent
    head = events[-1].hash if events else GENESIS
    return AuditSummary(head=head, events=len(events), seconds_by_page=seconds)


def _page_visit(data: str) -> tuple[str, float] | None:
    # A summary of a damaged trail still comes out; verify_chain is what reports the damage.
    try:
        value = json.loads(data)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    page, spent = value.get("page"), value.get("seconds")
    if not isinstance(page, str) or isinstance(spent, bool) or not isinstance(spent, int | float):
        return None
    return (page, float(spent)) if math.isfinite(spent) else None


# -- events from session snapshots ------------------------------------------------------------


def answer_events(
    old: Mapping[str, Any] | None, new: Mapping[str, Any], at: datetime
) -> list[AuditEvent]:
    """The answer changes, risk marks and signatures between two session snapshots.

    Snapshots are ``ConsentSession.model_dump(mode="json")``; ``old`` is None for a new session.
    A change between two blank values ("", None, [], {}, False, or absent) is not an event.
    """
    before = old or {}
    changes: list[tuple[str, AuditEvent]] = []
    old_leaves = _leaves({part: before[part] for part in ANSWER_PARTS if part in before})
    new_leaves = _leaves({part: new[part] for part in ANSWER_PARTS if part in new})
    for path in old_leaves.keys() | new_leaves.keys():
        was, now = old_leaves.get(path), new_leaves.get(path)
        if canonical_json(was) == canonical_json(now) or (_blank(was) and _blank(now)):
            continue
        name = ".".join(path)
        changes.append((name, _answer_event(path, name, was, now, at)))
    changes += _signature_events(before.get("signatures") or [], new.get("signatures") or [], at)
    return [event for _, event in sorted(changes, key=lambda change: change[0])]


def _leaves(value: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every non-dict value under ``value``, by its path of keys (lists are whole values)."""
    if not isinstance(value, Mapping):
        return {path: value}
    found: dict[tuple[str, ...], Any] = {}
    for key, item in value.items():
        found.update(_leaves(item, (*path, str(key))))
    return found


def _blank(value: Any) -> bool:
    # `is False`, not `== False`: 0 and 0.0 are answers (an INR of 0 is not "nothing entered").
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _answer_event(path: tuple[str, ...], name: str, was: Any, now: Any, at: datetime) -> AuditEvent:
    if len(path) == 3 and path[0] == "risks" and path[2] == "response":
        return AuditEvent(EventKind.RISK_MARKED, at, {"risk": path[1], "old": was, "new": now})
    return AuditEvent(EventKind.ANSWER_CHANGED, at, {"field": name, "old": was, "new": now})


def _signature_events(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], at: datetime
) -> list[tuple[str, AuditEvent]]:
    """Signatures given (or given again) and cleared; the strokes never enter the trail."""
    before = {sig["role"]: sig for sig in old}
    after = {sig["role"]: sig for sig in new}
    events: list[tuple[str, AuditEvent]] = []
    for role, sig in after.items():
        earlier = before.get(role)
        if earlier is None or earlier.get("signed_at") != sig.get("signed_at"):
            data = {
                "role": role,
                "signed_at": sig.get("signed_at"),
                "printed_name": sig.get("printed_name", ""),
            }
            captured = AuditEvent(EventKind.SIGNATURE_CAPTURED, at, data)
            events.append((f"signatures.{role}", captured))
    for role in before.keys() - after.keys():
        cleared = AuditEvent(EventKind.SIGNATURE_CLEARED, at, {"role": role})
        events.append((f"signatures.{role}", cleared))
    return events


# -- verification -----------------------------------------------------------------------------


def verify_chain(
    events: Sequence[ChainedEvent], sealed: Sequence[tuple[int, str]] = ()
) -> list[Tamper]:
    """Every sign of tampering in one session's events (given in storage order); [] if intact.

    ``sealed`` holds (seq, hash) pairs read from exported PDFs: the chain must still hold each.
    """
    stored = list(events)
    duplicates = _forged_duplicates(stored)
    forged = {id(event) for event, _ in duplicates}
    tampers = [_inserted_duplicate(event, kept) for event, kept in duplicates]
    moved, order = _in_chain_order([e for e in stored if id(e) not in forged])
    walk = _Walk(order)
    walk.run()
    tampers += moved + walk.tampers + walk.check_seals(sealed)
    return sorted(tampers, key=lambda tamper: -1 if tamper.seq is None else tamper.seq)


def _name(event: ChainedEvent) -> str:
    return f"event {event.seq} ({event.kind} at {event.at})"


def _intact(event: ChainedEvent, seq: int | None = None) -> bool:
    """Whether the stored hash is the hash of the stored fields (numbered ``seq`` if given)."""
    number = event.seq if seq is None else seq
    fields = (event.session_id, number, event.at, event.kind, event.data, event.prev_hash)
    return event_hash(*fields) == event.hash


def _forged_duplicates(events: list[ChainedEvent]) -> list[tuple[ChainedEvent, ChainedEvent]]:
    """(forged, genuine) for every intact event sharing its seq with the one the chain uses.

    The genuine one is what the next event links to; failing that, what links to the event
    before; failing that, the one stored first.
    """
    intact = [event for event in events if _intact(event)]
    followed = {event.prev_hash for event in events}
    by_seq: defaultdict[int, list[ChainedEvent]] = defaultdict(list)
    for event in intact:
        by_seq[event.seq].append(event)

    def standing(event: ChainedEvent) -> tuple[bool, bool]:
        before = {e.hash for e in by_seq.get(event.seq - 1, [])} if event.seq > 1 else {GENESIS}
        return (event.hash in followed, event.prev_hash in before)

    found: list[tuple[ChainedEvent, ChainedEvent]] = []
    for group in by_seq.values():
        if len(group) > 1:
            kept = max(group, key=standing)
            found += [(event, kept) for event in group if event is not kept]
    return found


def _inserted_duplicate(event: ChainedEvent, kept: ChainedEvent) -> Tamper:
    message = (
        f"{_name(event)} at row {event.row} was inserted: the chain runs through "
        f"event {kept.seq} at row {kept.row}, not this one"
    )
    return Tamper(TamperKind.INSERTED, event.seq, message)


def _in_chain_order(events: list[ChainedEvent]) -> tuple[list[Tamper], list[ChainedEvent]]:
    """Reports for intact events stored out of seq order, and the events put back in order.

    Events whose hash fails stay where they are stored: their seq may be what was edited.
    """
    intact = [event for event in events if _intact(event)]
    moved = _swapped(intact)
    if moved is None:
        moved = _moved(intact)
    if not moved:
        return [], events
    out = {id(event) for event, _ in moved}
    order = [event for event in events if id(event) not in out]
    for event, _ in sorted(moved, key=lambda pair: pair[0].seq):
        place = next((i for i, e in enumerate(order) if e.seq > event.seq), len(order))
        order.insert(place, event)
    return [Tamper(TamperKind.REORDERED, e.seq, message) for e, message in moved], order


def _swapped(events: list[ChainedEvent]) -> list[tuple[ChainedEvent, str]] | None:
    """Events that changed places in pairs, each named with its partner; None if not pairs."""
    ranked = sorted(events, key=lambda event: event.seq)
    rank = {id(event): place for place, event in enumerate(ranked)}
    found: list[tuple[ChainedEvent, str]] = []
    for here, event in enumerate(events):
        there = rank[id(event)]
        if there == here:
            continue
        partner = events[there]
        if rank[id(partner)] != here:
            return None
        found.append((event, f"{_name(event)} was swapped with {_name(partner)} in storage"))
    return found


def _moved(events: list[ChainedEvent]) -> list[tuple[ChainedEvent, str]]:
    """The fewest events whose removal leaves the rest in seq order (a longest ordered run)."""
    seqs = [event.seq for event in events]
    tails: list[int] = []  # tails[k]: the smallest seq ending an ordered run of length k + 1
    ends: list[int] = []  # ends[k]: where that run ends
    back = [-1] * len(seqs)
    for i, seq in enumerate(seqs):
        k = bisect_right(tails, seq)
        back[i] = ends[k - 1] if k else -1
        if k == len(tails):
            tails.append(seq)
            ends.append(i)
        else:
            tails[k], ends[k] = seq, i
    kept: set[int] = set()
    i = ends[-1] if ends else -1
    while i != -1:
        kept.add(i)
        i = back[i]
    return [
        (event, f"{_name(event)} is stored out of order, {_neighbour(events, i)}")
        for i, event in enumerate(events)
        if i not in kept
    ]


def _neighbour(events: list[ChainedEvent], place: int) -> str:
    if place == 0:
        return f"first, ahead of {_name(events[1])}"
    return f"after {_name(events[place - 1])}"


@dataclass
class _Link:
    """An event taken into the chain, with the seq its hash was made with."""

    event: ChainedEvent
    seq: int
    hashes: frozenset[str]  # what the next event may name as its prev_hash
    reported: bool = False


class _Walk:
    """One pass along the chain in order, keeping the expected seq and previous hash.

    ``shift`` is how far stored seqs run ahead of hashed ones after a renumbering (an event
    slipped in, or a gap closed, with the later events renumbered but not re-hashed).
    """

    def __init__(self, events: list[ChainedEvent]) -> None:
        self.events = events
        self.links: list[_Link] = []
        self.index: dict[str, int] = {}  # hash -> place in links
        self.tampers: list[Tamper] = []
        self.shift = 0
        self.slipped_in = 0  # events found inserted since the last link
        self.pointed_at = Counter(event.prev_hash for event in events)

    def run(self) -> None:
        """Walk every event, reporting what does not fit."""
        for place, event in enumerate(self.events):
            self.step(event, self.events[place + 1] if place + 1 < len(self.events) else None)

    def expected(self) -> int:
        """The hashed seq the next event should carry."""
        return self.links[-1].seq + 1 if self.links else 1

    def parent(self, event: ChainedEvent) -> int | None:
        """Where in the chain the event's prev_hash points: -1 for the start, None for nowhere."""
        return -1 if event.prev_hash == GENESIS else self.index.get(event.prev_hash)

    def report(self, kind: TamperKind, seq: int, message: str) -> None:
        """Add a finding."""
        self.tampers.append(Tamper(kind, seq, message))

    def step(self, event: ChainedEvent, following: ChainedEvent | None) -> None:
        """Take one event into the chain, or report why it does not belong."""
        parent = self.parent(event)
        hashed, renumbered = self.locate(event, parent)
        if hashed is None:
            self.edited(event)
            return
        if parent is not None:
            parent_seq = self.links[parent].seq if parent >= 0 else 0
            if hashed != parent_seq + 1:
                self.slip_in(
                    event, f"it follows event {parent_seq} but its hash makes it event {hashed}"
                )
                return
            if parent < len(self.links) - 1:
                self.bypass(parent, event)
        expected = self.expected()
        if hashed < expected:
            self.slip_in(event, f"the chain already holds its event {hashed}")
            return
        self.deleted(expected, hashed, event)
        reported = False
        if hashed == expected and parent is None:
            if self.continued_elsewhere():
                self.slip_in(event, "another event continues the chain where it claims to")
                return
            reported = self.broken_link(event)
        if renumbered and not self.slipped_in and hashed == expected:
            self.renumbered(event, hashed, following)
            reported = True
        else:
            self.shift = event.seq - hashed
        self.take(event, hashed, reported)

    def locate(self, event: ChainedEvent, parent: int | None) -> tuple[int | None, bool]:
        """The seq the event's hash was made with, and whether that differs from the stored one.

        None when no seq fits: the event itself was edited.
        """
        as_stored = event.seq - self.shift
        if _intact(event, as_stored):
            return as_stored, False
        if parent is not None:
            implied = self.links[parent].seq + 1 if parent >= 0 else 1
            return (implied, True) if _intact(event, implied) else (None, False)
        # Its link is broken too: perhaps events before it were deleted and it renumbered.
        closing = range(as_stored + 1, as_stored + 1 + _GAP_SEARCH)
        return next(((seq, True) for seq in closing if _intact(event, seq)), (None, False))

    def take(self, event: ChainedEvent, hashed: int, reported: bool = False) -> None:
        """Add the event to the chain as the event its hash says it is."""
        recomputed = event_hash(
            event.session_id, hashed, event.at, event.kind, event.data, event.prev_hash
        )
        link = _Link(event, hashed, frozenset({event.hash, recomputed}), reported)
        for digest in link.hashes:
            self.index[digest] = len(self.links)
        self.links.append(link)
        self.slipped_in = 0

    def edited(self, event: ChainedEvent) -> None:
        """The event's hash fits none of its possible seqs: its content was changed."""
        self.report(
            TamperKind.EDITED,
            event.seq,
            f"{_name(event)} was edited after it was written: its hash no longer matches it",
        )
        hashed = event.seq - self.shift
        self.deleted(self.expected(), hashed, event)
        self.take(event, max(hashed, self.expected()), reported=True)

    def deleted(self, expected: int, hashed: int, event: ChainedEvent) -> None:
        """Report each seq missing between the chain so far and the event."""
        for missing in range(expected, hashed):
            where = (
                f"the trail goes from {_name(self.links[-1].event)} straight to {_name(event)}"
                if self.links
                else f"the trail starts at {_name(event)}"
            )
            self.report(TamperKind.DELETED, missing, f"event {missing} was deleted: {where}")

    def slip_in(self, event: ChainedEvent, why: str) -> None:
        """Report an event that was added to the chain, and leave it out."""
        message = f"{_name(event)} at row {event.row} was inserted: {why}"
        self.report(TamperKind.INSERTED, event.seq, message)
        self.slipped_in += 1

    def bypass(self, parent: int, event: ChainedEvent) -> None:
        """The event links past the last few in the chain: those were slipped in."""
        skipped, self.links = self.links[parent + 1 :], self.links[: parent + 1]
        before = self.links[parent].event.seq if parent >= 0 else None
        for link in skipped:
            for digest in link.hashes:
                if self.index.get(digest, -1) > parent:
                    del self.index[digest]
            if link.reported:
                continue
            follows = f"event {before}" if before is not None else "the start of the trail"
            self.report(
                TamperKind.INSERTED,
                link.event.seq,
                f"{_name(link.event)} at row {link.event.row} was inserted: "
                f"{_name(event)} links straight back to {follows}",
            )
        self.slipped_in += len(skipped)

    def continued_elsewhere(self) -> bool:
        """Whether some event links to the chain's last event (or to the start, if empty)."""
        anchor = self.links[-1].hashes if self.links else frozenset({GENESIS})
        return any(self.pointed_at[digest] for digest in anchor)

    def broken_link(self, event: ChainedEvent) -> bool:
        """Blame a broken link before an event in its place; whether the event itself is blamed.

        Nothing else continues the chain, so the event before was edited and re-hashed, and
        this one's prev_hash still remembers it (or, at the start, this one was edited).
        """
        if not self.links:
            self.report(
                TamperKind.EDITED,
                event.seq,
                f"{_name(event)} was edited after it was written: it no longer starts the trail",
            )
            return True
        last = self.links[-1]
        if not last.reported:
            last.reported = True
            self.report(
                TamperKind.EDITED,
                last.event.seq,
                f"{_name(last.event)} was edited after it was written: "
                f"{_name(event)} no longer links to it",
            )
        return False

    def renumbered(self, event: ChainedEvent, hashed: int, following: ChainedEvent | None) -> None:
        """The event's seq was changed with nothing slipped in or deleted to explain it."""
        self.report(
            TamperKind.EDITED,
            event.seq,
            f"{_name(event)} was edited after it was written: it was recorded as event {hashed}",
        )
        shift = event.seq - hashed
        # Keep the new numbering only if the events after it were renumbered too.
        if following is not None and _intact(following, following.seq - shift):
            self.shift = shift

    def check_seals(self, sealed: Sequence[tuple[int, str]]) -> list[Tamper]:
        """Each (seq, hash) sealed into a PDF must still be in the chain."""
        by_seq = {link.seq: link for link in self.links}
        last = self.links[-1].seq if self.links else 0
        found: list[Tamper] = []
        beyond = [seq for seq, _ in sealed if seq > last]
        if beyond:
            ends = f"ends at event {last}" if self.links else "is empty"
            first, final = last + 1, max(beyond)
            lost = f"event {first} was" if first == final else f"events {first} to {final} were"
            message = (
                f"the trail was cut short: it {ends}, but an exported PDF sealed event {final}, "
                f"so {lost} deleted from its end"
            )
            found.append(Tamper(TamperKind.TRUNCATED, last + 1, message))
        deleted = {t.seq for t in self.tampers if t.kind is TamperKind.DELETED}
        for seq, digest in sorted(set(sealed)):
            link = by_seq.get(seq)
            if seq > last or seq < 1 or (link is not None and link.event.hash == digest):
                continue
            if link is None:
                if seq not in deleted:
                    message = f"event {seq} was deleted: an exported PDF sealed it"
                    found.append(Tamper(TamperKind.DELETED, seq, message))
            elif not link.reported:
                link.reported = True
                message = (
                    f"{_name(link.event)} was edited after it was written: "
                    "it differs from the event an exported PDF sealed"
                )
                found.append(Tamper(TamperKind.EDITED, link.event.seq, message))
        return found
