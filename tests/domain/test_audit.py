"""The audit trail: chaining, tamper detection that names the event, summaries, answer events.

Tampering is done the way someone with the database file would do it: rows edited (with or
without re-hashing), deleted (with or without renumbering the rest), forged in, swapped and
cut off the end. Each single tamper must give one finding, of the right kind, on the right event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from consent_app.domain.audit import (
    GENESIS,
    AuditEvent,
    ChainedEvent,
    EventKind,
    Tamper,
    TamperKind,
    answer_events,
    canonical_json,
    chain,
    event_hash,
    summarise,
    verify_chain,
)
from consent_app.domain.form import Answer
from consent_app.domain.session import (
    ConsentSession,
    Decision,
    RiskAcknowledgement,
    RiskResponse,
    Signature,
    SignatureMeaning,
    SignatureRole,
)

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
SESSION = "5f0c7a1e9b2d4c3a8e6f1d2c3b4a5968"
OTHER_HASH = "ab" * 32

# --- building and tampering with chains --------------------------------------------------------


def stored(events: Sequence[ChainedEvent]) -> list[ChainedEvent]:
    """The events as read back from storage: rows follow the list order."""
    return [replace(event, row=row) for row, event in enumerate(events, start=1)]


def trail(length: int, session_id: str = SESSION) -> list[ChainedEvent]:
    """A stored chain of ``length`` ordinary events, one second apart."""
    kinds = list(EventKind)
    events = [
        AuditEvent(
            kinds[i % len(kinds)], T0 + timedelta(seconds=i), {"field": f"f{i}", "new": "ÿé😀"}
        )
        for i in range(length)
    ]
    return stored(chain(session_id, events, None))


def rehashed(event: ChainedEvent) -> ChainedEvent:
    """The event with its hash made to fit its fields again, as a careful forger would."""
    digest = event_hash(
        event.session_id, event.seq, event.at, event.kind, event.data, event.prev_hash
    )
    return replace(event, hash=digest)


def found(tampers: Sequence[Tamper]) -> list[tuple[TamperKind, int | None]]:
    return [(t.kind, t.seq) for t in tampers]


def by_seq(events: Sequence[ChainedEvent], seq: int) -> ChainedEvent:
    return next(e for e in events if e.seq == seq)


def edited(events: Sequence[ChainedEvent], number: int, **changes: Any) -> list[ChainedEvent]:
    """The event numbered ``number`` changed in place, its hash left as it was."""
    return [replace(e, **changes) if e.seq == number else e for e in events]


def deleted(events: Sequence[ChainedEvent], *seqs: int) -> list[ChainedEvent]:
    return stored([e for e in events if e.seq not in seqs])


def gap_closed(events: Sequence[ChainedEvent], seq: int) -> list[ChainedEvent]:
    """Event ``seq`` deleted and the later ones renumbered down so no number is missing."""
    kept = [e for e in events if e.seq != seq]
    return stored([replace(e, seq=e.seq - 1) if e.seq > seq else e for e in kept])


def forged(
    seq: int, prev_hash: str, data: str = '{"field":"decision","new":"agree"}'
) -> ChainedEvent:
    """A self-consistent event someone made up."""
    at = (T0 + timedelta(hours=3)).isoformat()
    return rehashed(ChainedEvent(SESSION, seq, at, "answer_changed", data, prev_hash, ""))


def prev_of(events: Sequence[ChainedEvent], seq: int) -> str:
    """The hash a genuine event numbered ``seq`` would name before it."""
    return GENESIS if seq == 1 else by_seq(events, seq - 1).hash


def slipped_in(
    events: Sequence[ChainedEvent], fake: ChainedEvent, renumber: bool
) -> list[ChainedEvent]:
    """``fake`` put in at its number's place; with ``renumber`` the later events move up one."""
    place = fake.seq - 1
    later = [replace(e, seq=e.seq + 1) if renumber else e for e in events[place:]]
    return stored([*events[:place], fake, *later])


def swapped(events: Sequence[ChainedEvent], a: int, b: int) -> list[ChainedEvent]:
    """The rows holding events ``a`` and ``b`` swap contents."""
    order = list(events)
    i, j = order.index(by_seq(events, a)), order.index(by_seq(events, b))
    order[i], order[j] = order[j], order[i]
    return stored(order)


# --- hashing and chaining ----------------------------------------------------------------------


def test_canonical_json_sorts_keys_drops_spaces_and_keeps_unicode() -> None:
    assert canonical_json({"b": [1, 2.5], "a": "é😀"}) == '{"a":"é😀","b":[1,2.5]}'


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        canonical_json({"seconds": float("nan")})


def test_event_hash_is_sha256_of_the_canonical_field_list() -> None:
    text = '["s",3,"2026-11-24T08:00:00+00:00","locked","{}","' + GENESIS + '"]'
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert event_hash("s", 3, "2026-11-24T08:00:00+00:00", "locked", "{}", GENESIS) == expected


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param({"session_id": "other"}, id="session"),
        pytest.param({"seq": 4}, id="seq"),
        pytest.param({"at": "2026-11-24T08:00:01+00:00"}, id="at"),
        pytest.param({"kind": "unlocked"}, id="kind"),
        pytest.param({"data": '{"a":1}'}, id="data"),
        pytest.param({"prev_hash": OTHER_HASH}, id="prev_hash"),
    ],
)
def test_event_hash_covers_every_field(changed: dict[str, Any]) -> None:
    fields = {
        "session_id": "s",
        "seq": 3,
        "at": "2026-11-24T08:00:00+00:00",
        "kind": "locked",
        "data": "{}",
        "prev_hash": GENESIS,
    }
    assert event_hash(**fields) != event_hash(**(fields | changed))


def test_first_event_follows_genesis_and_each_names_the_one_before() -> None:
    events = trail(4)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert all(e.hash == rehashed(e).hash for e in events)


def test_chain_stores_time_in_utc_and_data_as_canonical_json() -> None:
    at = datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)  # BST, an hour ahead of UTC
    (event,) = chain("s", [AuditEvent(EventKind.LOCKED, at, {"z": 1, "reason": "idle"})], None)
    assert event.at == "2026-07-01T08:30:00+00:00"
    assert event.data == '{"reason":"idle","z":1}'
    assert event.kind == "locked"


def test_chain_continues_after_the_last_stored_event() -> None:
    events = trail(3)
    (more,) = chain(SESSION, [AuditEvent(EventKind.PRINTED, T0)], events[-1])
    assert more.seq == 4
    assert more.prev_hash == events[-1].hash
    assert verify_chain(stored([*events, more])) == []


def test_chain_refuses_to_continue_another_sessions_trail() -> None:
    with pytest.raises(ValueError, match="cannot chain"):
        chain("other", [AuditEvent(EventKind.PRINTED, T0)], trail(1)[0])


def test_chain_of_nothing_is_empty() -> None:
    assert chain(SESSION, [], None) == []


def test_event_time_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        AuditEvent(EventKind.LOCKED, datetime(2026, 11, 24, 8, 0), {"reason": "idle"})


def test_event_data_must_be_json() -> None:
    with pytest.raises(TypeError):
        AuditEvent(EventKind.EXPORTED, T0, {"at": T0})


def test_event_kind_must_be_known() -> None:
    with pytest.raises(ValueError, match="not a valid EventKind"):
        AuditEvent("deleted_everything", T0)  # type: ignore[arg-type]


def test_event_kind_given_as_text_becomes_the_enum() -> None:
    assert AuditEvent("locked", T0).kind is EventKind.LOCKED  # type: ignore[arg-type]


# --- intact chains -----------------------------------------------------------------------------


@pytest.mark.parametrize("length", [0, 1, 2, 50])
def test_intact_chain_has_no_findings(length: int) -> None:
    assert verify_chain(trail(length)) == []


def test_intact_chain_holds_every_sealed_head() -> None:
    events = trail(6)
    sealed = [(3, events[2].hash), (6, events[5].hash)]
    assert verify_chain(events, sealed) == []


# --- edited ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"data": '{"field":"decision","new":"refuse"}'}, id="data"),
        pytest.param({"at": "2026-11-24T07:00:00+00:00"}, id="time"),
        pytest.param({"kind": "unlocked"}, id="kind"),
        pytest.param({"session_id": "someone-else"}, id="session"),
        pytest.param({"prev_hash": OTHER_HASH}, id="prev-hash"),
        pytest.param({"hash": OTHER_HASH}, id="hash"),
    ],
)
def test_edit_without_rehash_names_the_edited_event(change: dict[str, str]) -> None:
    events = trail(8)
    assert found(verify_chain(edited(events, 4, **change))) == [(TamperKind.EDITED, 4)]


def test_edit_message_names_the_event_its_kind_and_time() -> None:
    events = trail(8)
    (tamper,) = verify_chain(edited(events, 4, data="{}"))
    event = by_seq(events, 4)
    assert f"event 4 ({event.kind} at {event.at}) was edited after it was written" in (
        tamper.message
    )


def test_edit_and_rehash_is_found_by_the_next_events_link_and_names_the_edited_one() -> None:
    events = trail(8)
    tampered = [rehashed(e) for e in edited(events, 5, data='{"new":"agree"}')]
    (tamper,) = verify_chain(tampered)
    assert (tamper.kind, tamper.seq) == (TamperKind.EDITED, 5)
    assert "event 6" in tamper.message
    assert "no longer links to it" in tamper.message


def test_edit_and_rehash_of_the_first_event_is_found() -> None:
    tampered = [rehashed(e) for e in edited(trail(4), 1, data="{}")]
    assert found(verify_chain(tampered)) == [(TamperKind.EDITED, 1)]


def test_edit_and_rehash_of_the_last_event_needs_the_sealed_head() -> None:
    events = trail(5)
    tampered = [rehashed(e) for e in edited(events, 5, data="{}")]
    assert verify_chain(tampered) == []  # a chain alone cannot tell: the reason for sealing
    sealed = [(5, events[-1].hash)]
    assert found(verify_chain(tampered, sealed)) == [(TamperKind.EDITED, 5)]


def test_changed_number_is_an_edit_of_that_event() -> None:
    (tamper,) = verify_chain(edited(trail(8), 3, seq=50))
    assert (tamper.kind, tamper.seq) == (TamperKind.EDITED, 50)
    assert "recorded as event 3" in tamper.message


def test_edited_prev_hash_of_the_first_event_is_an_edit() -> None:
    events = trail(3)
    tampered = [rehashed(e) for e in edited(events, 1, prev_hash=OTHER_HASH)]
    assert found(verify_chain(tampered)) == [(TamperKind.EDITED, 1)]


# --- deleted -----------------------------------------------------------------------------------


def test_deleted_event_in_the_middle_is_named() -> None:
    (tamper,) = verify_chain(deleted(trail(8), 4))
    assert (tamper.kind, tamper.seq) == (TamperKind.DELETED, 4)
    assert "event 4 was deleted" in tamper.message
    assert "from event 3" in tamper.message
    assert "to event 5" in tamper.message


def test_deleted_first_event_is_named() -> None:
    assert found(verify_chain(deleted(trail(5), 1))) == [(TamperKind.DELETED, 1)]


def test_deleted_run_names_each_missing_event() -> None:
    findings = found(verify_chain(deleted(trail(9), 3, 4, 5)))
    assert findings == [(TamperKind.DELETED, 3), (TamperKind.DELETED, 4), (TamperKind.DELETED, 5)]


def test_deleted_event_with_the_gap_closed_by_renumbering_is_named_once() -> None:
    assert found(verify_chain(gap_closed(trail(8), 3))) == [(TamperKind.DELETED, 3)]


def test_deleted_sealed_event_is_reported_once() -> None:
    events = trail(6)
    tampered = deleted(events, 3)
    assert found(verify_chain(tampered, [(3, events[2].hash)])) == [(TamperKind.DELETED, 3)]


# --- inserted ----------------------------------------------------------------------------------


def test_forged_duplicate_stored_after_the_genuine_one_is_named() -> None:
    events = trail(8)
    fake = forged(4, prev_of(events, 4))
    tampered = stored([*events, fake])
    (tamper,) = verify_chain(tampered)
    assert (tamper.kind, tamper.seq) == (TamperKind.INSERTED, 4)
    assert "at row 9 was inserted" in tamper.message


def test_forged_duplicate_stored_before_the_genuine_one_is_named() -> None:
    events = trail(8)
    tampered = slipped_in(events, forged(4, prev_of(events, 4)), renumber=False)
    (tamper,) = verify_chain(tampered)
    assert (tamper.kind, tamper.seq) == (TamperKind.INSERTED, 4)
    assert "at row 4 was inserted" in tamper.message
    assert "event 4 at row 5" in tamper.message


def test_forged_duplicate_of_the_last_event_is_named() -> None:
    events = trail(5)
    (tamper,) = verify_chain(stored([*events, forged(5, prev_of(events, 5))]))
    assert (tamper.kind, tamper.seq) == (TamperKind.INSERTED, 5)
    assert "at row 6" in tamper.message


def test_forged_event_with_a_broken_link_is_named() -> None:
    events = trail(6)
    assert found(verify_chain(stored([*events, forged(2, OTHER_HASH)]))) == [
        (TamperKind.INSERTED, 2)
    ]


def test_copied_row_is_an_insertion() -> None:
    events = trail(6)
    assert found(verify_chain(stored([*events, events[2]]))) == [(TamperKind.INSERTED, 3)]


@pytest.mark.parametrize("plausible", [True, False], ids=["linked", "unlinked"])
@pytest.mark.parametrize("seq", [1, 4, 7])
def test_forged_event_with_later_events_renumbered_is_named(seq: int, plausible: bool) -> None:
    events = trail(7)
    fake = forged(seq, prev_of(events, seq) if plausible else OTHER_HASH)
    (tamper,) = verify_chain(slipped_in(events, fake, renumber=True))
    assert (tamper.kind, tamper.seq) == (TamperKind.INSERTED, seq)
    assert f"at row {seq} was inserted" in tamper.message


def test_forged_event_numbered_past_its_link_is_named() -> None:
    events = trail(5)
    fake = forged(9, events[-1].hash)
    assert found(verify_chain(stored([*events, fake]))) == [(TamperKind.INSERTED, 9)]


# --- reordered ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [(3, 4), (2, 4), (1, 8)])
def test_swapped_events_are_both_named(a: int, b: int) -> None:
    tampers = verify_chain(swapped(trail(8), a, b))
    assert found(tampers) == [(TamperKind.REORDERED, a), (TamperKind.REORDERED, b)]
    assert f"event {a}" in tampers[0].message
    assert f"event {b}" in tampers[0].message


def test_event_moved_to_the_end_is_the_one_named() -> None:
    events = trail(8)
    moved = stored([*(e for e in events if e.seq != 3), by_seq(events, 3)])
    (tamper,) = verify_chain(moved)
    assert (tamper.kind, tamper.seq) == (TamperKind.REORDERED, 3)
    assert "after event 8" in tamper.message


# --- truncated ---------------------------------------------------------------------------------


def test_cut_off_end_is_invisible_without_a_sealed_head() -> None:
    assert verify_chain(trail(8)[:5]) == []


def test_cut_off_end_is_found_from_the_sealed_head() -> None:
    events = trail(8)
    (tamper,) = verify_chain(events[:5], [(8, events[-1].hash)])
    assert (tamper.kind, tamper.seq) == (TamperKind.TRUNCATED, 6)
    assert "ends at event 5" in tamper.message
    assert "events 6 to 8 were deleted" in tamper.message


def test_emptied_trail_is_found_from_the_sealed_head() -> None:
    events = trail(3)
    assert found(verify_chain([], [(3, events[-1].hash)])) == [(TamperKind.TRUNCATED, 1)]


def test_several_sealed_heads_past_the_end_give_one_finding() -> None:
    events = trail(8)
    sealed = [(6, events[5].hash), (8, events[7].hash)]
    assert found(verify_chain(events[:4], sealed)) == [(TamperKind.TRUNCATED, 5)]


# --- several tampers ---------------------------------------------------------------------------


def test_independent_tampers_are_all_found() -> None:
    events = trail(12)
    tampered = edited(events, 2, data="{}")
    tampered = [rehashed(e) for e in edited(tampered, 9, data="{}")]
    tampered = deleted(tampered, 5)
    tampered = stored([*tampered, forged(7, prev_of(events, 7))])
    assert found(verify_chain(tampered)) == [
        (TamperKind.EDITED, 2),
        (TamperKind.DELETED, 5),
        (TamperKind.INSERTED, 7),
        (TamperKind.EDITED, 9),
    ]


# --- properties: random chains, random tampers -------------------------------------------------

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
zones = st.sampled_from([UTC, LONDON, timezone(timedelta(hours=5, minutes=30))])
audit_events = st.builds(
    AuditEvent,
    kind=st.sampled_from(list(EventKind)),
    at=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=zones
    ),
    data=st.dictionaries(st.text(), json_value, max_size=4),
)


@st.composite
def trails(draw: st.DrawFn, min_size: int = 0) -> list[ChainedEvent]:
    session_id = draw(st.text(min_size=1, max_size=20))
    return stored(
        chain(session_id, draw(st.lists(audit_events, min_size=min_size, max_size=12)), None)
    )


PROPERTY = settings(database=None, max_examples=60, deadline=None)


@PROPERTY
@given(events=trails())
def test_any_intact_chain_verifies_clean(events: list[ChainedEvent]) -> None:
    assert verify_chain(events, [(e.seq, e.hash) for e in events]) == []


@PROPERTY
@given(events=st.lists(audit_events, max_size=10), cut=st.integers(min_value=0, max_value=10))
def test_chaining_in_two_saves_equals_chaining_at_once(events: list[AuditEvent], cut: int) -> None:
    first = chain(SESSION, events[:cut], None)
    rest = chain(SESSION, events[cut:], first[-1] if first else None)
    assert first + rest == chain(SESSION, events, None)


@PROPERTY
@given(events=trails(min_size=1), data=st.data())
def test_any_edit_without_rehash_is_found_on_that_event(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    seq = data.draw(st.integers(1, len(events)), label="seq")
    name = data.draw(st.sampled_from(["session_id", "at", "kind", "data", "prev_hash", "hash"]))
    value = data.draw(st.text(min_size=1), label="value")
    assume(getattr(by_seq(events, seq), name) != value)
    tampered = edited(events, seq, **{name: value})
    assert found(verify_chain(tampered)) == [(TamperKind.EDITED, seq)]


@PROPERTY
@given(events=trails(min_size=2), data=st.data())
def test_any_edit_with_rehash_is_found_on_that_event(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    seq = data.draw(st.integers(1, len(events)), label="seq")
    value = canonical_json(data.draw(json_value, label="value"))
    assume(by_seq(events, seq).data != value)
    tampered = [rehashed(e) if e.seq == seq else e for e in edited(events, seq, data=value)]
    sealed = [(len(events), events[-1].hash)] if seq == len(events) else []
    assert found(verify_chain(tampered, sealed)) == [(TamperKind.EDITED, seq)]


@PROPERTY
@given(events=trails(min_size=2), data=st.data())
def test_any_deletion_before_the_end_is_found(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    seq = data.draw(st.integers(1, len(events) - 1), label="seq")
    close_gap = data.draw(st.booleans(), label="close_gap")
    tampered = gap_closed(events, seq) if close_gap else deleted(events, seq)
    assert found(verify_chain(tampered)) == [(TamperKind.DELETED, seq)]


@PROPERTY
@given(events=trails(min_size=1), data=st.data())
def test_any_forged_duplicate_is_found(events: list[ChainedEvent], data: st.DataObject) -> None:
    seq = data.draw(st.integers(1, len(events)), label="seq")
    linked = data.draw(st.booleans(), label="linked")
    genuine = by_seq(events, seq)
    fake = rehashed(
        replace(
            genuine,
            data=canonical_json(data.draw(json_value, label="fake data")),
            prev_hash=genuine.prev_hash if linked else OTHER_HASH,
        )
    )
    where = data.draw(st.integers(seq, len(events)), label="stored after")
    tampered = stored([*events[:where], fake, *events[where:]])
    (tamper,) = verify_chain(tampered)
    assert (tamper.kind, tamper.seq) == (TamperKind.INSERTED, seq)
    assert f"at row {where + 1} was inserted" in tamper.message


@PROPERTY
@given(events=trails(min_size=1), data=st.data())
def test_any_forgery_with_later_events_renumbered_is_found(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    seq = data.draw(st.integers(1, len(events)), label="seq")
    linked = data.draw(st.booleans(), label="linked")
    genuine = by_seq(events, seq)
    fake = rehashed(
        replace(
            genuine,
            data=canonical_json(data.draw(json_value, label="fake data")),
            prev_hash=genuine.prev_hash if linked else OTHER_HASH,
        )
    )
    assume(fake.hash != genuine.hash)
    tampered = slipped_in(events, fake, renumber=True)
    assert found(verify_chain(tampered)) == [(TamperKind.INSERTED, seq)]


@PROPERTY
@given(events=trails(min_size=2), data=st.data())
def test_any_swap_names_both_events(events: list[ChainedEvent], data: st.DataObject) -> None:
    a, b = data.draw(
        st.lists(st.integers(1, len(events)), min_size=2, max_size=2, unique=True).map(sorted)
    )
    assert found(verify_chain(swapped(events, a, b))) == [
        (TamperKind.REORDERED, a),
        (TamperKind.REORDERED, b),
    ]


@PROPERTY
@given(events=trails(min_size=1), data=st.data())
def test_any_truncation_is_found_from_the_sealed_head(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    keep = data.draw(st.integers(0, len(events) - 1), label="keep")
    sealed = [(len(events), events[-1].hash)]
    assert found(verify_chain(events[:keep], sealed)) == [(TamperKind.TRUNCATED, keep + 1)]


@PROPERTY
@given(events=trails(min_size=9), data=st.data())
def test_independent_random_tampers_are_all_found(
    events: list[ChainedEvent], data: st.DataObject
) -> None:
    # Three different events, far enough apart that no tamper hides another.
    a = data.draw(st.integers(1, len(events) - 8), label="edited")
    b = data.draw(st.integers(a + 3, len(events) - 5), label="deleted")
    c = data.draw(st.integers(b + 3, len(events) - 1), label="re-hashed")
    tampered = edited(events, a, data="[]" if by_seq(events, a).data != "[]" else "{}")
    tampered = [rehashed(e) if e.seq == c else e for e in edited(tampered, c, data='"x"')]
    assume(by_seq(events, c).data != '"x"')
    tampered = deleted(tampered, b)
    assert found(verify_chain(tampered)) == [
        (TamperKind.EDITED, a),
        (TamperKind.DELETED, b),
        (TamperKind.EDITED, c),
    ]


# --- summary -----------------------------------------------------------------------------------


def page_left(page: str, seconds: float) -> AuditEvent:
    return AuditEvent(EventKind.PAGE_LEFT, T0, {"page": page, "seconds": seconds})


def test_summary_of_nothing_starts_at_genesis() -> None:
    assert summarise([]) == summarise(())
    summary = summarise([])
    assert (summary.head, summary.events, summary.seconds_by_page) == (GENESIS, 0, {})


def test_summary_sums_time_per_page_in_order_of_first_visit() -> None:
    events = chain(
        SESSION,
        [
            page_left("risks", 30.5),
            AuditEvent(EventKind.PAGE_ENTERED, T0, {"page": "intake"}),
            page_left("intake", 12),
            page_left("risks", 9.5),
        ],
        None,
    )
    summary = summarise(events)
    assert summary.head == events[-1].hash
    assert summary.events == 4
    assert summary.seconds_by_page == {"risks": 40.0, "intake": 12.0}
    assert list(summary.seconds_by_page) == ["risks", "intake"]


def test_summary_skips_page_times_it_cannot_read() -> None:
    good = chain(SESSION, [page_left("risks", 5)], None)[0]
    broken = [
        replace(good, data="not json"),
        replace(good, data='["risks", 5]'),
        replace(good, data='{"page": "risks", "seconds": true}'),
        replace(good, data='{"page": 3, "seconds": 5}'),
    ]
    assert summarise([good, *broken]).seconds_by_page == {"risks": 5.0}


# --- answer events -----------------------------------------------------------------------------

SIGNED_AT = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
STROKES = [[(1.0, 2.0, 0.5), (3.0, 4.0, 0.6)]]


def new_session() -> ConsentSession:
    return ConsentSession(form_id="vertebroplasty", form_version="1")


def snapshot(session: ConsentSession) -> dict[str, Any]:
    return session.model_dump(mode="json")


def changes_after(
    change: Callable[[ConsentSession], None], session: ConsentSession | None = None
) -> list[AuditEvent]:
    session = session or new_session()
    before = snapshot(session)
    change(session)
    return answer_events(before, snapshot(session), T0)


def summary_of(events: Sequence[AuditEvent]) -> list[tuple[EventKind, dict[str, Any]]]:
    return [(e.kind, dict(e.data)) for e in events]


def signature(role: SignatureRole, at: datetime = SIGNED_AT) -> Signature:
    return Signature(
        role=role,
        meaning=SignatureMeaning.CONSENT,
        printed_name="Margaret Ellis",
        signed_at=at,
        strokes=STROKES,
        canvas_width=600,
        canvas_height=200,
    )


BLANK = {
    "intake": {"full_name": "", "date_of_birth": None, "levels": [], "interpreter_used": False},
    "checklist": {"entries": {}, "inr": None, "more_anticoagulants": []},
    "answers": {},
    "risks": {},
    "decision": None,
    "attestation_deferred": False,
    "signatures": [],
}


def test_blank_new_session_gives_no_events() -> None:
    assert answer_events(None, BLANK, T0) == []


def test_new_session_gives_events_only_for_what_was_entered() -> None:
    entered = BLANK | {"intake": BLANK["intake"] | {"full_name": "Margaret Ellis"}}
    entered |= {"attestation_deferred": True, "decision": "agree"}
    assert summary_of(answer_events(None, entered, T0)) == [
        (EventKind.ANSWER_CHANGED, {"field": "attestation_deferred", "old": None, "new": True}),
        (EventKind.ANSWER_CHANGED, {"field": "decision", "old": None, "new": "agree"}),
        (
            EventKind.ANSWER_CHANGED,
            {"field": "intake.full_name", "old": None, "new": "Margaret Ellis"},
        ),
    ]


def test_new_session_records_the_defaults_that_say_something() -> None:
    # Consent by the patient, in English: not blank, so the first save puts them on record.
    events = answer_events(None, snapshot(new_session()), T0)
    assert summary_of(events) == [
        (EventKind.ANSWER_CHANGED, {"field": "intake.consenter", "old": None, "new": "patient"}),
        (
            EventKind.ANSWER_CHANGED,
            {"field": "intake.preferred_language", "old": None, "new": "en"},
        ),
    ]


def test_unchanged_snapshot_gives_no_events() -> None:
    session = new_session()
    session.intake.full_name = "Margaret Ellis"
    session.put_signature(signature(SignatureRole.PATIENT))
    assert answer_events(snapshot(session), snapshot(session), T0) == []


def test_changes_outside_the_answers_give_no_events() -> None:
    def move_on(session: ConsentSession) -> None:
        session.current_page = "risks"
        session.updated_at = T0 + timedelta(minutes=5)
        session.pages_shown["risks"] = T0

    assert changes_after(move_on) == []


def test_checklist_answer_is_named_by_its_dotted_path() -> None:
    def answer(session: ConsentSession) -> None:
        session.checklist.entry("anticoagulant_held").answer = Answer.YES

    assert summary_of(changes_after(answer)) == [
        (
            EventKind.ANSWER_CHANGED,
            {"field": "checklist.entries.anticoagulant_held.answer", "old": None, "new": "yes"},
        )
    ]


def test_changed_answer_carries_old_and_new() -> None:
    session = new_session()
    session.set_answer("allergy.cement.pmma", Answer.NO)

    def change(s: ConsentSession) -> None:
        s.set_answer("allergy.cement.pmma", Answer.YES, "rash after a hip replacement")

    assert summary_of(changes_after(change, session)) == [
        (
            EventKind.ANSWER_CHANGED,
            {"field": "answers.allergy.cement.pmma.answer", "old": "no", "new": "yes"},
        ),
        (
            EventKind.ANSWER_CHANGED,
            {
                "field": "answers.allergy.cement.pmma.detail",
                "old": "",
                "new": "rash after a hip replacement",
            },
        ),
    ]


def test_list_is_compared_whole() -> None:
    session = new_session()
    session.intake.levels = ["T12"]

    def add_level(s: ConsentSession) -> None:
        s.intake.levels = ["T12", "L1"]

    assert summary_of(changes_after(add_level, session)) == [
        (EventKind.ANSWER_CHANGED, {"field": "intake.levels", "old": ["T12"], "new": ["T12", "L1"]})
    ]


def test_zero_is_an_answer_not_a_blank() -> None:
    def enter_inr(s: ConsentSession) -> None:
        s.checklist.inr = 0.0

    assert summary_of(changes_after(enter_inr)) == [
        (EventKind.ANSWER_CHANGED, {"field": "checklist.inr", "old": None, "new": 0.0})
    ]


def test_removed_entry_gives_none_for_what_it_held() -> None:
    session = new_session()
    session.set_answer("cement", Answer.YES)

    def remove(s: ConsentSession) -> None:
        del s.answers["cement"]

    assert summary_of(changes_after(remove, session)) == [
        (EventKind.ANSWER_CHANGED, {"field": "answers.cement.answer", "old": "yes", "new": None})
    ]


def test_decision_is_audited() -> None:
    def decide(s: ConsentSession) -> None:
        s.decision = Decision.AGREE

    assert summary_of(changes_after(decide)) == [
        (EventKind.ANSWER_CHANGED, {"field": "decision", "old": None, "new": "agree"})
    ]


def test_risk_mark_is_its_own_event_named_by_risk() -> None:
    session = new_session()
    session.risks["cement.leak"] = RiskAcknowledgement(response=RiskResponse.QUESTION)

    def mark(s: ConsentSession) -> None:
        s.risks["cement.leak"] = RiskAcknowledgement(
            response=RiskResponse.UNDERSTOOD, question="Will it hurt?"
        )

    assert summary_of(changes_after(mark, session)) == [
        (
            EventKind.ANSWER_CHANGED,
            {"field": "risks.cement.leak.question", "old": "", "new": "Will it hurt?"},
        ),
        (EventKind.RISK_MARKED, {"risk": "cement.leak", "old": "question", "new": "understood"}),
    ]


def test_new_signature_is_captured_without_its_strokes() -> None:
    events = changes_after(lambda s: s.put_signature(signature(SignatureRole.PATIENT)))
    assert summary_of(events) == [
        (
            EventKind.SIGNATURE_CAPTURED,
            {
                "role": "patient",
                "signed_at": "2026-11-24T08:30:00Z",
                "printed_name": "Margaret Ellis",
            },
        )
    ]
    assert "strokes" not in canonical_json([dict(e.data) for e in events])


def test_signing_again_is_a_new_capture() -> None:
    session = new_session()
    session.put_signature(signature(SignatureRole.WITNESS))

    def sign_again(s: ConsentSession) -> None:
        s.remove_signature(SignatureRole.WITNESS)
        s.put_signature(signature(SignatureRole.WITNESS, SIGNED_AT + timedelta(minutes=2)))

    ((kind, data),) = summary_of(changes_after(sign_again, session))
    assert kind is EventKind.SIGNATURE_CAPTURED
    assert (data["role"], data["signed_at"]) == ("witness", "2026-11-24T08:32:00Z")


def test_removed_signature_is_cleared() -> None:
    session = new_session()
    session.put_signature(signature(SignatureRole.PATIENT))
    session.put_signature(signature(SignatureRole.INTERPRETER))
    events = changes_after(lambda s: s.remove_signature(SignatureRole.INTERPRETER), session)
    assert summary_of(events) == [(EventKind.SIGNATURE_CLEARED, {"role": "interpreter"})]


def test_events_come_sorted_by_field_and_at_the_given_time() -> None:
    def many(s: ConsentSession) -> None:
        s.put_signature(signature(SignatureRole.PATIENT))
        s.decision = Decision.REFUSE
        s.intake.mrn = "MRN-104233"
        s.risks["bleeding"] = RiskAcknowledgement(response=RiskResponse.UNDERSTOOD)
        s.checklist.entry("consent_form").answer = Answer.NO

    events = changes_after(many)
    assert [e.kind for e in events] == [
        EventKind.ANSWER_CHANGED,  # checklist.entries.consent_form.answer
        EventKind.ANSWER_CHANGED,  # decision
        EventKind.ANSWER_CHANGED,  # intake.mrn
        EventKind.RISK_MARKED,  # risks.bleeding.response
        EventKind.SIGNATURE_CAPTURED,  # signatures.patient
    ]
    assert {e.at for e in events} == {T0}


def test_answer_events_chain_and_verify() -> None:
    session = new_session()
    session.intake.full_name = "Zoë Ní Bhriain"
    session.put_signature(signature(SignatureRole.PATIENT))
    events = chain(SESSION, answer_events(None, snapshot(session), T0), None)
    assert verify_chain(stored(events)) == []
    names = [json.loads(e.data)["new"] for e in events if "intake.full_name" in e.data]
    assert names == ["Zoë Ní Bhriain"]
