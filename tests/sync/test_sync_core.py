"""Pure sync cores: the hybrid logical clock, per-field merge, signatures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.sync.auth import PeerAuthority
from services.sync.hlc import ClockSkewError, HybridClock, Stamp
from services.sync.state import DocState, empty

# -- hybrid logical clock ---------------------------------------------------------------------


def test_ticks_are_strictly_increasing_even_when_the_wall_clock_goes_back():
    clock = HybridClock("a")
    stamps = [clock.tick(ms) for ms in (1000, 1000, 999, 500, 1001, 1001)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert stamps[3] == Stamp(1000, 3, "a")


def test_the_counter_rolls_into_the_next_millisecond_instead_of_overflowing():
    clock = HybridClock("a")
    clock.observe(Stamp(1000, 999_999, "b"), physical_ms=1000)
    assert clock.last == Stamp(1001, 0, "a")
    assert Stamp.decode(clock.tick(1000).encode()) == Stamp(1001, 1, "a")


def test_observing_a_remote_stamp_moves_past_it():
    clock = HybridClock("a")
    clock.tick(1000)
    remote = Stamp(5000, 7, "b")
    clock.observe(remote, physical_ms=1200)
    assert clock.tick(1300) > remote


def test_a_stamp_from_the_far_future_is_refused():
    clock = HybridClock("a", max_drift_ms=1000)
    with pytest.raises(ClockSkewError):
        clock.observe(Stamp(10_000, 0, "b"), physical_ms=5_000)
    assert clock.last == Stamp(0, 0, "a")


@given(st.integers(0, 2**40), st.integers(0, 999_998), st.text("abcxyz-_", min_size=1, max_size=8))
def test_a_stamp_survives_encoding_and_sorts_the_same(wall, counter, node):
    stamp = Stamp(wall, counter, node)
    assert Stamp.decode(stamp.encode()) == stamp
    other = Stamp(wall, counter + 1, node)
    assert (stamp.encode() < other.encode()) == (stamp < other)


@pytest.mark.parametrize("text", ["", "1.2.a", "0000000001000.000001.", "x" * 30])
def test_garbage_is_not_a_stamp(text):
    with pytest.raises(ValueError):
        Stamp.decode(text)


# -- per-field merge --------------------------------------------------------------------------

NODES = ("a", "b", "c")
values = st.one_of(
    st.none(), st.integers(-5, 5), st.text(max_size=3), st.lists(st.integers(0, 3), max_size=2)
)
stamps = st.builds(Stamp, st.integers(0, 20), st.integers(0, 3), st.sampled_from(NODES))
field_maps = st.dictionaries(
    st.sampled_from(("title", "status", "due", "tags")), st.tuples(values, stamps), max_size=4
)
states = st.builds(
    DocState,
    st.just("tasks"),
    st.just("t-1"),
    field_maps,
    st.one_of(st.none(), stamps),
)


@settings(max_examples=300)
@given(states, states, states)
def test_merge_is_commutative_associative_and_idempotent(first, second, third):
    assert first.merge(second).same_as(second.merge(first))
    assert first.merge(second).merge(third).same_as(first.merge(second.merge(third)))
    assert first.merge(first).same_as(first)
    merged = first.merge(second)
    assert merged.merge(second).same_as(merged)


@settings(max_examples=200)
@given(st.lists(states, min_size=1, max_size=5), st.randoms())
def test_any_delivery_order_with_duplicates_ends_in_the_same_state(messages, random):
    in_order = empty("tasks", "t-1")
    for message in messages:
        in_order = in_order.merge(message)
    shuffled = messages + messages[: len(messages) // 2]
    random.shuffle(shuffled)
    out_of_order = empty("tasks", "t-1")
    for message in shuffled:
        out_of_order = out_of_order.merge(message)
    assert out_of_order.same_as(in_order)
    assert out_of_order.materialize() == in_order.materialize()


def test_edits_of_different_fields_both_survive():
    base = empty("tasks", "t-1").with_local_change(
        {"id": "t-1", "title": "x", "priority": "low"}, Stamp(1, 0, "a")
    )
    on_a = base.with_local_change({"id": "t-1", "title": "y", "priority": "low"}, Stamp(2, 0, "a"))
    on_b = base.with_local_change({"id": "t-1", "title": "x", "priority": "high"}, Stamp(2, 0, "b"))
    assert on_a.merge(on_b).materialize() == {"id": "t-1", "title": "y", "priority": "high"}


def test_the_same_field_goes_to_the_later_stamp_and_ties_to_the_node():
    base = empty("tasks", "t-1")
    early = base.with_local_change({"title": "early"}, Stamp(5, 0, "z"))
    late = base.with_local_change({"title": "late"}, Stamp(6, 0, "a"))
    assert early.merge(late).materialize()["title"] == "late"
    tie_a = base.with_local_change({"title": "from a"}, Stamp(6, 0, "a"))
    tie_b = base.with_local_change({"title": "from b"}, Stamp(6, 0, "b"))
    assert tie_a.merge(tie_b).materialize()["title"] == "from b"
    assert tie_b.merge(tie_a).materialize()["title"] == "from b"


def test_a_delete_wins_over_older_edits_and_loses_to_newer_ones():
    base = empty("tasks", "t-1").with_local_change({"title": "x"}, Stamp(1, 0, "a"))
    deleted = base.with_local_change(None, Stamp(3, 0, "a"))
    assert deleted.materialize() is None
    older_edit = base.with_local_change({"title": "y"}, Stamp(2, 0, "b"))
    assert deleted.merge(older_edit).materialize() is None
    newer_edit = base.with_local_change({"title": "z"}, Stamp(4, 0, "b"))
    assert deleted.merge(newer_edit).materialize() == {"id": "t-1", "title": "z"}


def test_only_changed_fields_get_a_new_stamp():
    base = empty("tasks", "t-1").with_local_change(
        {"title": "x", "status": "todo"}, Stamp(1, 0, "a")
    )
    edited = base.with_local_change({"title": "x", "status": "done"}, Stamp(2, 0, "a"))
    assert edited.fields["title"][1] == Stamp(1, 0, "a")
    assert edited.fields["status"] == ("done", Stamp(2, 0, "a"))
    assert edited.with_local_change({"title": "x", "status": "done"}, Stamp(3, 0, "a")).same_as(
        edited
    )


def test_wire_round_trip_and_malformed_wire():
    state = empty("tasks", "t-1").with_local_change({"title": "x", "tags": ["a"]}, Stamp(1, 2, "a"))
    assert DocState.from_wire(state.to_wire()).same_as(state)
    for broken in ({}, {"collection": "tasks", "id": "t", "fields": {"x": [1]}}, {"fields": 3}):
        with pytest.raises(ValueError):
            DocState.from_wire(broken)


# -- authorisation ----------------------------------------------------------------------------

KEY = b"a-shared-key-of-enough-length"


def test_a_signed_message_is_accepted_and_any_change_breaks_the_signature():
    authority = PeerAuthority(KEY)
    body = authority.sign("parley/sync/tasks/t-1", {"v": 1, "origin": "b", "state": {"x": 1}})
    assert authority.check("parley/sync/tasks/t-1", body).is_accepted
    assert not authority.check("parley/sync/tasks/t-2", body).is_accepted
    assert not authority.check("parley/sync/tasks/t-1", {**body, "origin": "c"}).is_accepted
    assert authority.check("parley/sync/tasks/t-1", {**body, "sig": None}).reason == "unsigned"
    assert (
        not PeerAuthority(b"another-key-entirely-here")
        .check("parley/sync/tasks/t-1", body)
        .is_accepted
    )


def test_peers_narrow_who_may_write_and_nothing_configured_accepts_nothing():
    listed = PeerAuthority(None, ["a", "b"])
    assert listed.check("t", {"origin": "b"}).is_accepted
    assert not listed.check("t", {"origin": "mallory"}).is_accepted
    both = PeerAuthority(KEY, ["b"])
    signed = both.sign("t", {"origin": "c"})
    assert "not a listed peer" in both.check("t", signed).reason
    closed = PeerAuthority(None, [])
    assert not closed.is_open
    assert not closed.check("t", {"origin": "b"}).is_accepted
