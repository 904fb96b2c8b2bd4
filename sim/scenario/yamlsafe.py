"""Safe YAML loading that remembers where every value came from.

Scenario and command files are user input. This loader

* builds only plain data (dicts, lists, str, int, float, bool, None) through
  PyYAML's *safe* constructors: never ``yaml.load`` with a full loader;
* rejects duplicate keys (PyYAML silently keeps the last one);
* turns the YAML 1.1 traps into :class:`~sim.scenario.schemabase.Yaml11Trap` values:
  an unquoted ``12:30`` (a base-60 integer, 750) or ``yes``/``no``/``on``/``off``
  (booleans), so the schema can refuse them with a hint instead of absorbing them;
* keeps timestamps as the text written (``2018-02-21`` stays a string), because
  the scenario schema parses times itself;
* records the line and column of every key and value by its path, so that a
  validation error can be reported as ``file:line:col: path: message``;
* bounds what a hostile file can cost: nesting deeper than :data:`MAX_DEPTH`
  levels is refused while composing (before PyYAML's recursive composer could
  overflow the stack); aliases may not expand beyond :data:`MAX_NODES` nodes
  ("billion laughs") nor nest deeper than :data:`MAX_DEPTH` through aliases, and
  an alias inside the collection it names (``&a [*a]``) is refused;
* reports bytes that are not UTF-8 by line and column (:func:`decode`).

Scenarios (a mapping) and command files (a list) go through the same loader;
:func:`top_level` tells them apart by the first node without building anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from sim.i18n import M_, Message
from sim.scenario.schemabase import Yaml11Trap

Path = tuple[str | int, ...]

_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_TRUE_FALSE = {"true", "false"}
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_PLAIN_SCALARS = tuple(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))
MAX_NODES = 200_000
"""Most nodes a document may expand to through its aliases."""
MAX_DEPTH = 64
"""Deepest nesting of collections a document may have (a scenario needs about 6 levels)."""


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass
class LoadedYaml:
    """The result of :func:`load_yaml`.

    Attributes:
        data: the document as plain Python data (None for an empty document).
        values: position of the value at each path.
        keys: position of the key that introduced each path (mappings only).
        errors: problems found while reading, as ``(position, path, message)``.
    """

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    errors: list[tuple[Position, Path, str]] = field(default_factory=list)

    def position_of(self, path: Path, *, prefer_key: bool = False) -> Position:
        """Best position for ``path``: the deepest known prefix, key or value."""
        for cut in range(len(path), -1, -1):
            prefix = tuple(path[:cut])
            if prefer_key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return Position(1, 1)


class YamlSyntaxError(ValueError):
    """The text is not well-formed YAML.

    Attributes:
        position: where the parser gave up.
        problem: the parser's description.
    """

    def __init__(self, position: Position, problem: str) -> None:
        super().__init__(f"{position.line}:{position.column}: {problem}")
        self.position = position
        self.problem = problem


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def decode(data: bytes) -> str:
    """The UTF-8 text of a file's bytes (a byte-order mark is kept, as PyYAML accepts it).

    Raises:
        YamlSyntaxError: at the line and column of the first byte that is not UTF-8.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        # Everything before the first bad byte is valid UTF-8, so the column counts characters.
        column = len(before[line_start:].decode("utf-8")) + 1
        raise YamlSyntaxError(Position(before.count(b"\n") + 1, column),
                              M_("not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", byte=data[exc.start])) from None


def top_level(text: str) -> str | None:
    """``"mapping"``, ``"sequence"`` or ``"scalar"``: the kind of the document's top node, read from
    the first parser events only (nothing is built); None for an empty document or text that fails
    before its first node."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.MappingStartEvent):
                return "mapping"
            if isinstance(event, yaml.SequenceStartEvent):
                return "sequence"
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                return "scalar"
            if isinstance(event, (yaml.DocumentEndEvent, yaml.StreamEndEvent)):
                return None
    except yaml.YAMLError:
        return None
    return None


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing nesting deeper than :data:`MAX_DEPTH` while it composes.

    PyYAML's composer recurses once per level (three Python frames), so ``[[[[...`` a few hundred
    deep ends in a RecursionError; the scanner and parser keep explicit stacks, so checking here,
    before the recursion, is enough. Aliases are checked too, since the builder walks through them:
    an alias may not bring the nesting past the limit (a chain ``&a1 [*a0]``, ``&a2 [*a1]`` ...
    nests one level per anchor) nor point into the collection it is in (``&a [*a]`` never ends).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._open: set[str] = set()  # anchors of the collections being composed
        self._height: dict[int, int] = {}  # id of each composed collection -> its levels, aliases included

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open:
                raise YamlSyntaxError(_pos(event.start_mark), M_("alias *{anchor} is inside the collection it names",
                                                                   anchor=event.anchor))
            target = self.anchors.get(event.anchor)
            if target is not None and self._depth + self._height.get(id(target), 0) > MAX_DEPTH:
                raise YamlSyntaxError(_pos(event.start_mark),
                                      M_("alias *{anchor} nests deeper than {n} levels", anchor=event.anchor, n=MAX_DEPTH))
            return super().compose_node(parent, index)
        if not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise YamlSyntaxError(_pos(event.start_mark), M_("nesting deeper than {n} levels", n=MAX_DEPTH))
        anchor = event.anchor
        self._depth += 1
        if anchor is not None:
            self._open.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(anchor)
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        self._height[id(node)] = 1 + max((self._height.get(id(c), 0) for c in children), default=0)
        return node


class _Builder:
    """Walks a composed node tree into plain data, recording positions and problems."""

    def __init__(self, result: LoadedYaml) -> None:
        self.result = result
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.built = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        # Aliases re-enter shared nodes; a cap stops "billion laughs" documents.
        self.built += 1
        if self.built > MAX_NODES:
            raise YamlSyntaxError(_pos(node.start_mark), M_("document expands to more than {n} nodes", n=MAX_NODES))
        self.result.values[path] = _pos(node.start_mark)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTIONS:
            # !!python/object, !!set, !!omap ...: refuse rather than quietly build a plain dict or list
            self.result.errors.append((_pos(node.start_mark), path, M_("unsupported YAML tag {tag}", tag=node.tag)))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            return self._scalar(node)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if exc.args and isinstance(exc.args[0], Message):
                problem = exc.args[0]  # ours, shown translated
            self.result.errors.append((_pos(node.start_mark), path, M_("cannot read {value!r}: {problem}", value=node.value, problem=problem)))
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.result.errors.append(
                    (_pos(key_node.start_mark), path, M_("merge keys (<<) are not supported; write the keys out"))
                )
                continue
            try:
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):
                key = None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                shown = key.text if isinstance(key, Yaml11Trap) else key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                key = str(shown)
            child = path + (key,)
            if key in out:
                first = self.result.keys.get(child)
                problem = (M_("duplicate key {key!r} (first at line {line})", key=key, line=first.line) if first
                           else M_("duplicate key {key!r}", key=key))
                self.result.errors.append((_pos(key_node.start_mark), child, problem))
                continue
            self.result.keys[child] = _pos(key_node.start_mark)
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:int" and _SEXAGESIMAL.match(text):
            return Yaml11Trap(text, M_("YAML 1.1 reads an unquoted {text} as the base-60 number {number}; quote it: \"{text}\"",
                                    text=text, number=self.constructor.construct_object(node)))
        if tag == "tag:yaml.org,2002:float" and _SEXAGESIMAL.match(text):
            return Yaml11Trap(text, M_("YAML 1.1 reads an unquoted {text} as a base-60 number; quote it: \"{text}\"", text=text))
        if tag == "tag:yaml.org,2002:bool" and text.lower() not in _TRUE_FALSE:
            meant = self.constructor.construct_object(node)
            return Yaml11Trap(text, M_("YAML 1.1 reads an unquoted {text} as the boolean {meant}; write true/false, or quote it: \"{text}\"",
                                    text=text, meant=str(meant).lower()))
        if tag == "tag:yaml.org,2002:timestamp":
            return text
        if tag not in _PLAIN_SCALARS:
            raise ValueError(M_("unsupported YAML tag {tag}", tag=tag) if node.tag != "tag:yaml.org,2002:value"
                             else M_("'=' is not a value here; quote it"))
        return self.constructor.construct_object(node)


def load_yaml(text: str) -> LoadedYaml:
    """Parse one YAML document safely, keeping positions.

    Args:
        text: the document.

    Returns:
        The data with positions and any duplicate-key / tag problems.

    Raises:
        YamlSyntaxError: the text is not well-formed YAML (or holds several documents), nests deeper
            than :data:`MAX_DEPTH`, or expands beyond :data:`MAX_NODES` nodes.
    """
    try:
        return _load(text)
    except RecursionError:
        # Last resort: the depth bound should make this unreachable, but a traceback must never be the answer.
        raise YamlSyntaxError(Position(1, 1), M_("nesting too deep to read (the limit is {n} levels)", n=MAX_DEPTH)) from None


def _load(text: str) -> LoadedYaml:
    loader = None
    try:
        loader = _BoundedLoader(text)  # the reader checks every character of a str here
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (control characters, ...): locate it from its offset.
        before = text[: max(0, exc.position)]
        position = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise YamlSyntaxError(position, M_("character U+{char:04X} is not allowed in YAML", char=char)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _pos(mark) if mark else Position(1, 1)
        raise YamlSyntaxError(position, str(exc.problem or exc.context or "invalid YAML")) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Position(1, 1), str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
    finally:
        if loader is not None:
            loader.dispose()
    result = LoadedYaml(data=None)
    if node is not None:
        result.data = _Builder(result).build(node, ())
    return result
