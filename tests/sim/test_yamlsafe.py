"""The safe, position-keeping YAML loader: plain data only, duplicate keys refused, YAML 1.1 traps kept."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sim.scenario.schemabase import Yaml11Trap
from sim.scenario.yamlsafe import MAX_DEPTH, MAX_NODES, LoadedYaml, Position, YamlSyntaxError, decode, load_yaml, top_level

KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                         max_leaves=20)


def test_positions_of_keys_and_values():
    """Every key and value is recorded with its 1-based line and column."""
    loaded = load_yaml("a: 1\nb:\n  - x\n  - {c: d}\n")
    assert loaded.data == {"a": 1, "b": ["x", {"c": "d"}]}
    assert loaded.keys[("a",)] == Position(1, 1)
    assert loaded.values[("a",)] == Position(1, 4)
    assert loaded.values[("b", 0)] == Position(3, 5)
    assert loaded.keys[("b", 1, "c")] == Position(4, 6)
    assert loaded.values[("b", 1, "c")] == Position(4, 9)


def test_position_of_falls_back_to_the_deepest_known_prefix():
    """A path that does not exist in the data is placed at its deepest existing parent."""
    loaded = load_yaml("a:\n  b: 1\n")
    assert loaded.position_of(("a", "missing", 3)) == Position(2, 3)
    assert loaded.position_of(("a", "b"), prefer_key=True) == Position(2, 3)
    assert loaded.position_of(("a", "b")) == Position(2, 6)


def test_duplicate_key_is_an_error_with_both_lines():
    """A duplicate key is reported at the second occurrence, naming the line of the first; the first value is kept."""
    loaded = load_yaml("x: 1\ny: 2\nx: 3\n")
    assert loaded.data == {"x": 1, "y": 2}
    [(position, path, message)] = loaded.errors
    assert position == Position(3, 1) and path == ("x",)
    assert "duplicate key 'x'" in message and "first at line 1" in message


def test_nested_duplicate_key_is_found():
    """Duplicate keys are found at any depth, including in flow mappings inside lists."""
    loaded = load_yaml("a:\n  - {k: 1, k: 2}\n")
    [(position, path, _)] = loaded.errors
    assert position == Position(2, 12) and path == ("a", 0, "k")


@pytest.mark.parametrize("text, value", [("12:30", 750), ("1:00:00", 3600), ("-5:30", -330)])
def test_sexagesimal_numbers_become_traps(text, value):
    """An unquoted base-60 number becomes a Yaml11Trap that keeps the text and hints to quote it."""
    trap = load_yaml(f"t: {text}\n").data["t"]
    assert isinstance(trap, Yaml11Trap)
    assert trap.text == text
    assert str(value) in trap.hint and f'"{text}"' in trap.hint


@pytest.mark.parametrize("word", ["yes", "no", "NO", "On", "off", "Yes"])
def test_yaml11_booleans_become_traps(word):
    """yes/no/on/off (any case) become Yaml11Traps instead of booleans."""
    trap = load_yaml(f"t: {word}\n").data["t"]
    assert isinstance(trap, Yaml11Trap) and trap.text == word


@pytest.mark.parametrize("text, value", [("true", True), ("False", False), ('"12:30"', "12:30"), ("'no'", "no")])
def test_true_false_and_quoted_scalars_are_plain(text, value):
    """true/false stay booleans and quoted scalars stay strings."""
    assert load_yaml(f"t: {text}\n").data["t"] == value


def test_trap_words_as_keys_stay_text():
    """A key written as ``no`` (the MSEL column) or ``on`` is kept as the text written."""
    assert load_yaml("no: 1\non: 2\n").data == {"no": 1, "on": 2}


def test_timestamps_stay_text():
    """Dates and date-times are kept as the text written, not converted to datetime."""
    data = load_yaml("d: 2018-02-21\nt: 2018-02-21T08:00:00\n").data
    assert data == {"d": "2018-02-21", "t": "2018-02-21T08:00:00"}


def test_merge_keys_are_refused():
    """Merge keys (<<) are reported as unsupported."""
    loaded = load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    [(position, _, message)] = loaded.errors
    assert position.line == 3 and "merge keys" in message


@pytest.mark.parametrize("text", ["x: !!python/object/apply:os.system [echo]", "x: !!set {a, b}",
                                  "x: !!python/object:builtins.dict {a: 1}", "x: !!omap [a: 1]"])
def test_unsupported_tags_on_collections_are_reported(text):
    """A non-core tag on a mapping or sequence is reported as unsupported at its line, like on a scalar."""
    loaded = load_yaml(text)
    [(position, path, message)] = loaded.errors
    assert position == Position(1, 4) and path == ("x",)
    assert "unsupported YAML tag" in message


def test_python_tags_never_construct_objects():
    """Python-specific tags never build Python objects: the result is plain data."""
    data = load_yaml("x: !!python/object/apply:os.system [echo hi]\ny: !!python/object/new:list {a: 1}\n").data

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, (str, int)) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool, Yaml11Trap))

    assert plain(data)


def test_alias_bomb_is_refused():
    """A document whose aliases expand beyond the node cap is refused as a syntax error."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml("\n".join(lines) + "\n")
    assert str(MAX_NODES) in info.value.problem


def test_syntax_error_has_a_position():
    """Malformed YAML raises YamlSyntaxError with the position where parsing stopped."""
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.position.line >= 2 and info.value.problem


def test_several_documents_are_refused():
    """A stream of several documents is refused (a scenario is one document)."""
    with pytest.raises(YamlSyntaxError):
        load_yaml("a: 1\n---\nb: 2\n")


def test_empty_document_is_none():
    """An empty document loads as None with no errors."""
    loaded = load_yaml("# just a comment\n")
    assert loaded.data is None and loaded.errors == []


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS)
def test_round_trip_of_dumped_plain_data(document):
    """Plain data dumped by yaml.safe_dump loads back equal, with a position for every value."""
    loaded = load_yaml(yaml.safe_dump(document))
    assert loaded.errors == []
    assert loaded.data == document

    def walk(value, path):
        assert path in loaded.values
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))

    walk(document, ())


@settings(max_examples=100, deadline=None)
@given(st.lists(KEYS, min_size=2, max_size=8))
def test_every_repeated_key_is_reported(keys):
    """Each repetition of a key in a mapping is reported once, at its own line."""
    loaded = load_yaml("".join(f"{k}: {i}\n" for i, k in enumerate(keys)))
    seen, expected = set(), []
    for i, k in enumerate(keys):
        if k in seen:
            expected.append(i + 1)
        seen.add(k)
    assert [position.line for position, _, _ in loaded.errors] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
@example("=")
@example("a: !!int abc")
@example("a: !!float abc")
@example("a: !!bool maybe")
@example("a: !!python/name:os.system")
@example("? [a, b]\n: c")
@example("a\x1fb")
def test_arbitrary_text_loads_or_raises_syntax_error(text):
    """Any text either loads or raises YamlSyntaxError with a one-line problem, never another exception."""
    try:
        result = load_yaml(text)
    except YamlSyntaxError as exc:
        assert "\n" not in exc.problem and exc.position.line >= 1
    else:
        assert isinstance(result, LoadedYaml)
        assert all("\n" not in message for _, _, message in result.errors)


@pytest.mark.parametrize("text", ["a: =\n", "a: !!int abc\n", "a: !!float abc\n", "a: !!bool maybe\n",
                                  "a: !!python/name:os.system\n", "a: !!binary aGVsbG8=\n"])
def test_bad_tagged_scalar_is_a_located_problem(text):
    """A scalar PyYAML cannot or must not construct (``=``, ``!!int abc``, ``!!python/...``) is reported at its place."""
    loaded = load_yaml("ok: 1\n" + text)
    [(position, path, message)] = loaded.errors
    assert position == Position(2, 4) and path == ("a",)
    assert "\n" not in message
    assert loaded.data["ok"] == 1 and loaded.data["a"] is None


def test_control_character_is_reported_on_its_line_in_one_line():
    """A non-printable character is reported at its own line and column, in a one-line message."""
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml("a: 1\nb: 2\nc: x\x1fy\n")
    assert info.value.position == Position(3, 5)
    assert "\n" not in info.value.problem and "U+001F" in info.value.problem


def test_floats_and_ints_are_numbers():
    """Plain numbers load as int and float (so the schema can refuse them where text belongs)."""
    data = load_yaml("i: 7\nf: 0.25\ne: 1.0e+3\nn: .nan\n").data
    assert data["i"] == 7 and isinstance(data["i"], int)
    assert data["f"] == 0.25 and data["e"] == 1000.0
    assert math.isnan(data["n"])


# -- nesting depth and bytes that are not UTF-8 (hardening issue, item 3) ----------------------------

def test_nesting_up_to_the_limit_loads():
    """MAX_DEPTH levels of collections load; the limit is far above what a scenario needs."""
    loaded = load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert loaded.errors == [] and MAX_DEPTH >= 32


@pytest.mark.parametrize("text, position", [
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), Position(1, MAX_DEPTH + 1)),
    ("[" * 10_000 + "]" * 10_000, Position(1, MAX_DEPTH + 1)),
    ("[" * 50_000, Position(1, MAX_DEPTH + 1)),
    ("a: " + "{a: " * 5000 + "1" + "}" * 5000, Position(1, 4 + 4 * (MAX_DEPTH - 1))),
    ("- " * 3000 + "x", Position(1, 1 + 2 * MAX_DEPTH)),
    ("".join("  " * i + "a:\n" for i in range(300)) + "  " * 300 + "1\n", Position(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1)),
], ids=["one-too-deep", "flow-10000", "unclosed-50000", "flow-map-5000", "dashes-3000", "block-300"])
def test_deeper_nesting_is_refused_at_the_level_that_breaks_the_limit(text, position):
    """Hundreds to thousands of levels: a YamlSyntaxError at the first collection too deep, never a RecursionError."""
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml(text)
    assert info.value.problem == f"nesting deeper than {MAX_DEPTH} levels"
    assert info.value.position == position


def test_aliases_may_not_nest_past_the_limit():
    """A chain of anchors, each one level deeper, is refused at the alias that passes the limit."""
    chain = "".join(f"a{i}: &a{i} [{f'*a{i - 1}' if i else 'x'}]\n" for i in range(200))
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml(chain)
    # The alias *a{i-1} sits at level 2 (the top mapping, the list of a{i}) and brings the i levels of
    # a{i-1}: the first past the limit is i = MAX_DEPTH - 1, on line i + 1.
    i = MAX_DEPTH - 1
    assert info.value.position == Position(i + 1, len(f"a{i}: &a{i} [") + 1)
    assert info.value.problem == f"alias *a{i - 1} nests deeper than {MAX_DEPTH} levels"
    short = "".join(f"a{i}: &a{i} [{f'*a{i - 1}' if i else 'x'}]\n" for i in range(10))
    assert load_yaml(short).errors == []


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: [1, *a]}\n", "- &l [1, [2, [*l]]]\n"])
def test_an_alias_inside_its_own_collection_is_refused(text):
    """``&a [*a]`` would never end: refused at the alias, naming it."""
    with pytest.raises(YamlSyntaxError) as info:
        load_yaml(text)
    assert "is inside the collection it names" in info.value.problem and info.value.problem.startswith("alias *")


def test_a_recursion_error_still_ends_as_one_syntax_error():
    """Last resort: if the stack runs out anyway (here a tiny recursion limit), the answer is a YamlSyntaxError."""
    import inspect
    import sys

    depth = len(inspect.stack(0))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 60)  # the composer needs about three frames per level
    try:
        with pytest.raises(YamlSyntaxError) as info:
            load_yaml("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    finally:
        sys.setrecursionlimit(old)
    assert "too deep" in info.value.problem


@pytest.mark.parametrize("data, position, byte", [
    (b"a: 1\nb: 2\nc: caf\xc3\xa9 cr\xe8me\n", Position(3, 11), 0xE8),  # the column counts characters, not bytes
    (b"\xff\xfea\x00:\x00", Position(1, 1), 0xFF),  # UTF-16
    (b"a: 1\r\nb: \x80\r\n", Position(2, 4), 0x80),
    (b"a: \xe2\x82", Position(1, 4), 0xE2),  # cut inside a character
])
def test_bytes_that_are_not_utf8_are_located_by_line_and_column(data, position, byte):
    """decode() reports the first bad byte at its line and column, with the byte and what to do."""
    with pytest.raises(YamlSyntaxError) as info:
        decode(data)
    assert info.value.position == position
    assert info.value.problem == f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"


def test_utf8_text_decodes_unchanged_with_its_byte_order_mark():
    """Valid UTF-8 decodes as is (a BOM is kept: replays store the text exactly, and YAML accepts it)."""
    assert decode("\ufeffa: é\n".encode("utf-8")) == "\ufeffa: é\n"
    assert load_yaml(decode("\ufeffa: é\n".encode("utf-8"))).data == {"a": "é"}


@pytest.mark.parametrize("text, kind", [("a: 1\n", "mapping"), ("# c\n- 1\n", "sequence"), ("[1, 2", "sequence"),
                                        ("x\n", "scalar"), ("", None), ("# only\n", None), ("\x00- 1", None)])
def test_top_level_reads_only_the_first_node(text, kind):
    """top_level tells a scenario (mapping) from a command file (sequence) without building the document."""
    assert top_level(text) == kind
