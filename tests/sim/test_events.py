"""The event log: canonical serialisation, running sha256, immutable records, visibility."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.events import EVERYONE, GENESIS, WHITE, Event, EventLog, canonical, chain, dumps


def test_dumps_sorts_keys_and_has_no_spaces():
    """Canonical JSON has sorted keys, no spaces and raw UTF-8."""
    assert dumps(canonical({"b": 1, "a": {"d": "é", "c": [1, 2]}})) == '{"a":{"c":[1,2],"d":"é"},"b":1}'


def test_floats_are_rounded_to_six_decimals():
    """Floats are rounded to 6 decimals, so last-bit differences vanish."""
    assert canonical(0.1 + 0.2) == 0.3
    assert canonical(1.23456789) == 1.234568
    assert dumps(canonical({"x": 0.1 + 0.2})) == dumps(canonical({"x": 0.3}))


def test_negative_zero_is_written_as_zero():
    """-0.0 (and values that round to it) are written as 0.0."""
    assert dumps(canonical([-0.0, -1e-9])) == "[0.0,0.0]"


def test_numpy_scalars_and_arrays_become_python_values():
    """numpy integers, floats, booleans and arrays become plain Python values."""
    value = canonical({"i": np.int64(3), "f": np.float32(0.5), "b": np.bool_(True), "a": np.array([1.0, 2.5]),
                       "t": (1, 2)})
    assert value == {"i": 3, "f": 0.5, "b": True, "a": [1.0, 2.5], "t": [1, 2]}
    assert type(value["i"]) is int and type(value["f"]) is float and type(value["b"]) is bool
    assert dumps(value) == '{"a":[1.0,2.5],"b":true,"f":0.5,"i":3,"t":[1,2]}'


def test_booleans_stay_booleans():
    """True is not turned into 1."""
    assert canonical(True) is True and dumps(canonical([True, 1])) == "[true,1]"


def test_keys_become_strings():
    """Mapping keys are written as strings."""
    assert canonical({1: "a"}) == {"1": "a"}


@pytest.mark.parametrize("value", [{1, 2}, object(), b"bytes", complex(1, 2)])
def test_unloggable_values_are_refused(value):
    """Values with no canonical JSON form raise TypeError."""
    with pytest.raises(TypeError):
        canonical({"x": value})


def test_nan_is_refused_by_dumps():
    """NaN has no JSON form: dumps refuses it rather than writing an invalid replay."""
    with pytest.raises(ValueError):
        dumps(canonical({"x": float("nan")}))


JSON_LEAVES = (st.none() | st.booleans() | st.integers(-10**15, 10**15)
               | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12) | st.text(max_size=8))
JSON_DATA = st.recursive(JSON_LEAVES, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=15)


@settings(max_examples=200, deadline=None)
@given(JSON_DATA)
def test_canonical_form_is_a_fixed_point(value):
    """Canonical data read back from its JSON text is canonical already and writes the same text."""
    text = dumps(canonical(value))
    assert dumps(canonical(json.loads(text))) == text


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=5), st.integers(), min_size=2, max_size=6))
def test_key_order_does_not_change_the_text(mapping):
    """The canonical text of a mapping does not depend on the order its keys were inserted."""
    reversed_mapping = dict(reversed(list(mapping.items())))
    assert dumps(canonical(mapping)) == dumps(canonical(reversed_mapping))


# -- the log ----------------------------------------------------------------------------------

RECORDS = [(0.0, "inject.fired", "EXCON", "crisis", {"no": 1}), (6.5, "news", "nos", "", {"headline": "x"}),
           (12.0, "detection", "aivd", "op1", {"confidence": 0.62})]


def fill(records) -> EventLog:
    """A log with ``records`` appended."""
    log = EventLog()
    for t, kind, source, target, payload in records:
        log.append(t, kind, source, target, payload, visible_to=[WHITE])
    return log


def test_running_hash_is_the_chain_of_canonical_lines():
    """The log's sha256 is the chain of the canonical lines of its records, from GENESIS."""
    log = fill(RECORDS)
    digest = GENESIS
    for event in log:
        digest = chain(digest, dumps(event.to_record()))
    assert log.sha256 == digest
    assert EventLog().sha256 == GENESIS


def test_same_records_give_the_same_hash():
    """Two logs with the same records have the same sha256."""
    assert fill(RECORDS).sha256 == fill(RECORDS).sha256


@pytest.mark.parametrize("index", range(len(RECORDS)))
@pytest.mark.parametrize("field", ["t", "kind", "source", "target", "payload"])
def test_changing_any_record_changes_the_hash(index, field):
    """Changing any one field of any one record changes the running sha256."""
    changed = [list(r) for r in RECORDS]
    position = ["t", "kind", "source", "target", "payload"].index(field)
    value = changed[index][position]
    changed[index][position] = (value + 1 if isinstance(value, float) else {**value, "extra": 1}
                                if isinstance(value, dict) else value + "x")
    assert fill(changed).sha256 != fill(RECORDS).sha256


def test_order_of_records_matters():
    """Swapping two records changes the hash (it is a chain, not a set)."""
    assert fill([RECORDS[1], RECORDS[0]]).sha256 != fill(RECORDS[:2]).sha256


def test_tiny_float_noise_does_not_change_the_hash():
    """Arithmetic noise below the rounding does not change the running sha256."""
    noisy = [(t + 1e-12, k, s, g, p) for t, k, s, g, p in RECORDS]
    assert fill(noisy).sha256 == fill(RECORDS).sha256


def test_events_are_numbered_and_listeners_get_canonical_lines():
    """Each appended event gets the next seq, and listeners receive it with its canonical line."""
    log = EventLog()
    seen = []
    log.subscribe(lambda event, line: seen.append((event.seq, line)))
    a = log.append(1.0, "a", "x", payload={"v": np.float64(0.25)})
    b = log.append(2.0, "b", "y")
    assert (a.seq, b.seq, len(log)) == (0, 1, 2)
    assert seen == [(0, dumps(a.to_record())), (1, dumps(b.to_record()))]
    assert json.loads(seen[0][1])["payload"] == {"v": 0.25}


def test_record_round_trip():
    """An event rebuilt from its record has the same record."""
    event = fill(RECORDS)[2]
    assert Event.from_record(event.to_record()).to_record() == event.to_record()
    assert event.to_record()["type"] == "event"


def test_visible_to_and_tags_are_deduplicated_tuples():
    """visible_to and tags are stored as tuples, without duplicates, in first-seen order."""
    event = EventLog().append(0, "k", "s", visible_to=["a", "b", "a"], tags=["T1", "T1", "x"])
    assert event.visible_to == ("a", "b") and event.tags == ("T1", "x")


def test_event_fields_cannot_be_reassigned():
    """Event is a frozen dataclass: assigning a field raises."""
    event = fill(RECORDS)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.t = 99.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.payload = {}  # type: ignore[misc]


def test_event_payload_cannot_be_changed_in_place():
    """A logged event's payload cannot be modified after the fact (the hash and the replay depend on it)."""
    log = fill(RECORDS)
    event = log[0]
    before = dumps(event.to_record())
    with pytest.raises(TypeError):
        event.payload["no"] = 99  # type: ignore[index]
    assert dumps(event.to_record()) == before


def test_visibility_rules():
    """White sees everything, public events are seen by all, others only by the cells named."""
    log = EventLog()
    private = log.append(0, "detection", "aivd", visible_to=["intelligence"])
    public = log.append(0, "news", "nos", visible_to=[EVERYONE])
    white_only = log.append(0, "operation.launched", "vostria", visible_to=[WHITE])
    assert private.visible_for("intelligence") and not private.visible_for("municipality")
    assert public.visible_for("municipality")
    assert white_only.visible_for(WHITE) and not white_only.visible_for("intelligence")
    assert [e.seq for e in log.visible("municipality")] == [public.seq]
    assert [e.seq for e in log.visible(WHITE)] == [0, 1, 2]
    assert [e.seq for e in log.visible("intelligence", since=1)] == [public.seq]
