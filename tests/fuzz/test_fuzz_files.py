"""Mutated scenario and command files through ``weerbaar validate`` and ``weerbaar run``.

Each case starts from a bundled file (``scenarios/*.yaml`` or ``scenarios/*.commands.yaml``) and
applies one to three seeded mutations: byte flips and inserts (non-UTF-8 bytes too), truncation
(also inside a multi-byte character), nesting hundreds to thousands of levels deep (``[[[[...``,
``{a: {a: ...``, ``- - - - x``, block mappings), YAML 1.1 traps, anchors and aliases (a billion-laughs
document, an alias inside its own collection, alias chains, merge keys), tags (``!!python/object``
...), huge numbers, duplicated keys and lines, random token swaps drawn from every bundled file,
and for command files random orders, cells and times built from the catalogue and the scenario.

A case passes when ``weerbaar validate`` (called in-process, as ``ui.cli.main``) returns 0 or 1 without
an exception within a deadline, nothing mentions a traceback, and every line it prints is either
``FILE: ok (...)`` or one ``FILE:line:col: path: message`` line whose line lies inside the file and
which holds no control characters or line separators; exit 1 exactly when there is such a problem
line. Then ``weerbaar run --days 1 --quiet`` runs every mutant that validates (it must exit 0) and
a share of those that do not: it must refuse to start (exit 1) with the very lines ``validate``
printed, and write no replay.

Command-file mutants are checked against their scenario by name (``X.commands.yaml`` beside
``X.yaml``) for even cases and with ``--scenario`` for odd ones.

Sizes: ``fuzz_cases`` (CI: a few hundred of each kind; ``WEERBAAR_FUZZ=large``: at least 10^3 of
each). A failure names the case index and its mutations; cases are reproduced from ``SEED``.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fuzzscale import Hang, deadline, fuzz_cases

import scenarios
from sim.plugins import load_plugins
from sim.registry import ACTIONS
from sim.scenario import load_scenario
from sim.scenario.command_file import is_command_file, static_targets
from ui.cli import main

load_plugins()

SEED = 20261202
VALIDATE_SECONDS = 20.0
"""Deadline of one ``validate`` call in CPU seconds; beyond it the case counts as a hang."""
RUN_SECONDS = 60.0
"""Deadline of one ``run --days 1`` in CPU seconds."""
RUN_FAILING_SHARE = 4
"""Every RUN_FAILING_SHARE-th mutant that fails validation is also given to ``run``."""

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<message>.+)$")
BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Everything a YAML reader or a terminal might count as a line break (line numbers must lie inside)."""

SCENARIO_FILES = scenarios.bundled()
COMMAND_FILES = {sid: path for sid in SCENARIO_FILES if (path := scenarios.commands_for(sid)) is not None}

TRAPS = ["12:30", "1:00:00", "190:20:30", "yes", "No", "ON", "off", "y", "n", "~", "null", "Null", "0o17", "017",
         "0b101", "0x1F", "1_000", "2018-02-30", "2018-02-21 25:00", ".NaN", "-.inf", "+.5", "=", "<<", "?", "|",
         ">-", "!", "&", "*", "%TAG", "@x", "`x`"]
TAGS = ["!!python/object/apply:os.system [\"echo pwned\"]", "!!python/object:builtins.dict {a: 1}",
        "!!python/name:os.system", "!!python/object/new:list [[1]]", "!!binary aGVsbG8=", "!!set {a, b}",
        "!!omap [a: 1]", "!custom x", "!!str 12:30", "!!int abc", "!!float x", "!!bool maybe", "!!timestamp x",
        "!!map [1]", "!!seq {a: 1}", "!<tag:yaml.org,2002:python/none> ''", "!!null x", "!!merge x"]
HUGE = ["1e400", "-1e400", "9" * 5000, "1" + "0" * 400, "-" + "9" * 40, ".inf", "-.inf", ".nan", "0x" + "f" * 100,
        "1e-400", "-0.0", "123456789012345678901234567890", "1e308", "2e308", "0." + "0" * 500 + "1", "1_" * 200 + "1"]
ODD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80",
             b"\x00", b"\x07", b"\x1b", b"\x1f", b"\x7f", b"\xef\xbb\xbf", b"\xc2\x85", b"\xe2\x80\xa8", b"\r",
             b"\t", b"\n", b"'", b'"', b"{", b"[", b"]", b"}", b":", b"-", b"#", b"&", b"*", b"!", b"|", b">", b"%"]
TIMES = ["day 0", "day 1", "day 1 00:00", "day 2 10:00", "day 61 00:00", "day 61 00:01", "day 9999", "day 99999",
         "day 3 24:00", "day 3 23:60", "-1h", "0h", "36h", "2d 6h", "1e9d", "99999999999999999999d", "2018-02-20",
         "2018-02-21", "2018-02-21T08:00", "2018-13-01", "9999-12-31T23:59", "0001-01-01", "", " ", "day", "12:30"]
COMMAND_JUNK = ["help", "pause", "status", "quit", "cell white", "fire", "fire 1", "fire 999", "postpone 2 by=12h",
                "postpone 2 by=0h", "cancel 3", "demarsh vostria", "demarche", "demarche nobody", '"', 'a "b',
                "x=1", "=", "share_signals extra", "investigate vostria strength=2", "awareness_campaign strength=nan",
                "awareness_campaign strength=1e999", "awareness_campaign strength=" + "9" * 400, "a" * 600,
                "debunk rigged-count extra=1 extra=2", "\u2028", "\x00", "investigate VOSTRIA", "investigate vostria-today"]


@dataclass
class Case:
    """One mutated file: its bytes, the bundled scenario it belongs to, and what was done to it."""

    index: int
    kind: str  # "scenario" or "commands"
    sid: str
    data: bytes
    how: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # names of the mutations applied

    def label(self) -> str:
        return f"case {self.index} ({self.kind} {self.sid}: {'; '.join(self.how)})"


def call(argv: list[str], seconds: float) -> tuple[int | None, str, str, str]:
    """``main(argv)`` in-process: (exit code, stdout, stderr, problem) where problem is "" or why it broke."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with deadline(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except Hang as exc:
        return None, out.getvalue(), err.getvalue(), f"hang: {exc}"
    except BaseException as exc:  # noqa: BLE001 - any escape is what this suite looks for
        return None, out.getvalue(), err.getvalue(), f"traceback: {type(exc).__name__}: {str(exc)[:200]}"
    return code, out.getvalue(), err.getvalue(), ""


# -- the mutations -------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[A-Za-z0-9_.\-]+|.", re.DOTALL)


def _pool() -> list[str]:
    tokens: set[str] = set()
    for path in [*SCENARIO_FILES.values(), *COMMAND_FILES.values()]:
        tokens.update(t for t in _TOKEN.findall(path.read_text(encoding="utf-8")) if not t.isspace())
    return sorted(tokens)


POOL = _pool()


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")  # keeps bad bytes through text edits


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def _value_spans(text: str) -> list[tuple[int, int]]:
    """Spans of plain or quoted values after ``key: `` (where a replacement keeps the YAML shape)."""
    return [m.span(1) for m in re.finditer(r"(?<=: )(\"[^\"\n]*\"|[^\s{}\[\],#][^\n,}\]#]*)", text)]


def _replace_value(rng: random.Random, data: bytes, value: str) -> bytes:
    text = _text(data)
    spans = _value_spans(text)
    if not spans:
        return data + _bytes(f"\nx: {value}\n")
    a, b = rng.choice(spans)
    return _bytes(text[:a] + value + text[b:])


def flip_bytes(rng, data, case):
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    case.how.append("byte flips")
    return bytes(out)


def insert_bytes(rng, data, case):
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        chunk = rng.choice(ODD_BYTES) if rng.random() < 0.8 else bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        at = rng.randint(0, len(out))
        out[at:at] = chunk
    case.how.append("byte inserts")
    return bytes(out)


def truncate(rng, data, case):
    at = rng.randint(0, len(data))
    case.how.append(f"truncated at byte {at}")
    return data[:at]


def deep_nesting(rng, data, case):
    depth = rng.choice([65, 100, 300, 1000, 3000, 10_000])
    shape = rng.choice(["flow-seq", "flow-map", "unclosed", "dash", "block-map", "mixed"])
    if shape == "flow-seq":
        value = "[" * depth + "1" + "]" * depth
    elif shape == "flow-map":
        value = "{a: " * depth + "1" + "}" * depth
    elif shape == "unclosed":
        value = "[" * depth
    elif shape == "dash":
        value = "\n" + "- " * depth + "x"
    elif shape == "mixed":
        value = "[{a: " * (depth // 2) + "1" + "}]" * (depth // 2)
    else:
        depth = min(depth, 400)  # block indentation grows quadratically with the depth
        value = "\n" + "".join("  " * (i + 1) + "a:\n" for i in range(depth)) + "  " * (depth + 1) + "1"
    case.how.append(f"{shape} nesting {depth} deep")
    if shape in ("dash", "block-map") or rng.random() < 0.3:
        text = _text(data)
        return _bytes(text.rstrip("\n") + "\nx:" + value + "\n")
    return _replace_value(rng, data, value)


def yaml11_trap(rng, data, case):
    value = rng.choice(TRAPS)
    case.how.append(f"value {value!r}")
    return _replace_value(rng, data, value)


def tags(rng, data, case):
    value = rng.choice(TAGS)
    case.how.append(f"tag {value.split()[0]}")
    return _replace_value(rng, data, value)


def huge_number(rng, data, case):
    value = rng.choice(HUGE)
    text = _text(data)
    numbers = [m.span() for m in re.finditer(r"(?<![\w.\-])\d+(\.\d+)?(?![\w:\-])", text)]
    case.how.append(f"number {value[:12]}{'...' if len(value) > 12 else ''}")
    if numbers and rng.random() < 0.8:
        a, b = rng.choice(numbers)
        return _bytes(text[:a] + value + text[b:])
    return _replace_value(rng, data, value)


def anchors(rng, data, case):
    text = _text(data)
    lines = text.splitlines(keepends=True)
    listy = case.kind == "commands"
    choice = rng.choice(["laughs", "self", "chain", "undefined", "reuse", "merge", "duplicate-anchor"])
    case.how.append(f"anchors: {choice}")
    if choice == "laughs":
        bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
            f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
        if listy:
            bomb = ["- &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
                f"- &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
        return _bytes(text.rstrip("\n") + "\n" + "\n".join(bomb) + "\n")
    if choice == "self":
        return _replace_value(rng, data, rng.choice(["&s [*s]", "&s {k: *s}", "&s [1, [2, *s]]"]))
    if choice == "chain":
        n = rng.choice([10, 70, 500])
        chain = [f"{'- ' if listy else 'c0: '}&c0 [x]"] + [
            f"{'- ' if listy else f'c{i}: '}&c{i} [*c{i - 1}]" for i in range(1, n)]
        return _bytes(text.rstrip("\n") + "\n" + "\n".join(chain) + "\n")
    if choice == "undefined":
        return _replace_value(rng, data, "*nowhere")
    if choice == "merge":
        return _bytes(text.rstrip("\n") + "\n" + ("- {<<: {at: \"day 2\"}, cell: x, command: y}\n" if listy
                                                 else "m: &m {a: 1}\nn:\n  <<: *m\n  b: 2\n"))
    if choice == "duplicate-anchor":
        return _bytes(text.rstrip("\n") + "\n" + ("- &d x\n- &d y\n" if listy else "d1: &d x\nd2: &d y\n"))
    # reuse: anchor a line's value and alias it from a copy of that line (valid YAML, maybe a valid file)
    spans = _value_spans(text)
    if not spans or not lines:
        return data
    a, b = rng.choice(spans)
    text = text[:a] + "&r " + text[a:b] + text[b:]
    return _bytes(text.rstrip("\n") + "\n" + ("- *r\n" if listy else "reused: *r\n"))


def duplicate_key(rng, data, case):
    text = _text(data)
    lines = text.splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*[\w\-]+:", line)]
    flows = [m.span() for m in re.finditer(r"\b(cell|at|command|id|kind|no): [^,}\n]+", text)]
    case.how.append("duplicated key")
    if flows and (not keyed or rng.random() < 0.5):
        a, b = rng.choice(flows)
        return _bytes(text[:b] + ", " + text[a:b] + text[b:])
    if not keyed:
        return data
    i = rng.choice(keyed)
    lines.insert(i + 1, lines[i] if lines[i].endswith("\n") else lines[i] + "\n")
    return _bytes("".join(lines))


def line_edit(rng, data, case):
    lines = _text(data).splitlines(keepends=True)
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.choice(["delete", "duplicate", "swap", "indent", "dedent", "join"])
    case.how.append(f"line {i + 1} {op}")
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(j, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = " " * rng.randint(1, 5) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i].lstrip()
    else:
        lines[i] = lines[i].rstrip("\n") + " "
    return _bytes("".join(lines))


def token_swap(rng, data, case):
    tokens = _TOKEN.findall(_text(data))
    solid = [k for k, t in enumerate(tokens) if not t.isspace()]
    if not solid:
        return data
    for _ in range(rng.randint(1, 3)):
        k = rng.choice(solid)
        if rng.random() < 0.8:
            tokens[k] = rng.choice(POOL)
        else:
            m = rng.choice(solid)
            tokens[k], tokens[m] = tokens[m], tokens[k]
    case.how.append("token swaps")
    return _bytes("".join(tokens))


MODELS = {sid: load_scenario(path).scenario for sid, path in SCENARIO_FILES.items()}
"""The bundled scenarios' models, for orders and ids that exist in them."""


def _scenario_words(sid: str) -> tuple[list[str], list[str]]:
    sc = MODELS[sid]
    ids = [a.id for a in sc.actors] + [n.id for n in sc.narratives] + [str(i.no) for i in sc.msel]
    ids += [s.id for s in sc.population.segments] if sc.population else []
    ids += [s.id for a in sc.actors if a.kind == "state_actor" for s in a.staff]
    return ids, [*sc.cells, "white", "White", "nobody", "intelligense"]


WORDS = {sid: _scenario_words(sid) for sid in SCENARIO_FILES}


def _sound_order(rng: random.Random, sid: str) -> tuple[str, str]:
    """A cell and an order it may give on a target the scenario has (it may still be refused at run time)."""
    sc = MODELS[sid]
    targets = static_targets(sc)
    cell = rng.choice([c for c, spec in sc.cells.items() if spec.actions] + ["white"])
    names = [n for n, a in ACTIONS.items() if a.control] if cell == "white" else sc.cells[cell].actions
    action = ACTIONS[rng.choice(names)]
    parts = [action.name]
    options = targets.get(action.target, [])
    if action.target != "none" and options and (action.target_required or rng.random() < 0.7):
        parts.append(rng.choice(options))
    return cell, " ".join(parts)


def _random_command(rng: random.Random, sid: str) -> str:
    ids, _ = WORDS[sid]
    if rng.random() < 0.2:
        return rng.choice(COMMAND_JUNK)
    action = rng.choice(list(ACTIONS) + ["fire", "postpone", "cancel", "demarsh", "Investigate", "share-signals"])
    parts = [action]
    if rng.random() < 0.8:
        parts.append(rng.choice(ids + ["vostra", "x", "-bad", "1e9"]))
    spec = ACTIONS.get(action)
    for _ in range(rng.randint(0, 2)):
        keys = [p.name for p in spec.params] if spec and spec.params else ["strength", "by", "partners"]
        key = rng.choice(keys + ["strenght", "bogus"])
        parts.append(f"{key}={rng.choice(['0.5', '2', '-1', '12h', '0h', 'eu', 'eu,nato', 'nat0', 'nan', 'x'])}")
    return " ".join(parts)


def command_edit(rng, data, case):
    """Replace the order, cell or time of a random entry (the semantic mistakes of a playbook)."""
    text = _text(data)
    fields = [(m.group(1), m.span(2)) for m in re.finditer(r"\b(command|cell|at): (\"[^\"\n]*\"|[^,}\n]+)", text)]
    if not fields:
        return data
    name, (a, b) = rng.choice(fields)
    if name == "command":
        value = _random_command(rng, case.sid)
    elif name == "cell":
        value = rng.choice(WORDS[case.sid][1])
    else:
        value = rng.choice(TIMES)
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if rng.random() < 0.9 else value
    case.how.append(f"{name} {value[:40]!r}")
    return _bytes(text[:a] + quoted + text[b:])


def sound_entry(rng, data, case):
    """Replace an entry by one the scenario allows (it may still be refused at run time), so runs see many."""
    cell, order = _sound_order(rng, case.sid)
    entry = f'- {{at: "day {rng.randint(1, 30)} {rng.randint(0, 23):02d}:00", cell: {cell}, command: "{order}"}}\n'
    lines = _text(data).splitlines(keepends=True)
    at = rng.choice([i for i, line in enumerate(lines) if line.startswith("- ")] or [len(lines)])
    lines[at:at + 1] = [entry]
    case.how.append(f"entry {cell}: {order!r}")
    return _bytes("".join(lines))


MUTATIONS: list[tuple[Callable, int]] = [
    (flip_bytes, 3), (insert_bytes, 3), (truncate, 2), (deep_nesting, 3), (yaml11_trap, 2), (tags, 2),
    (huge_number, 2), (anchors, 2), (duplicate_key, 2), (line_edit, 2), (token_swap, 4)]
COMMAND_MUTATIONS = MUTATIONS + [(command_edit, 10), (sound_entry, 10)]


def make_case(index: int, kind: str) -> Case:
    """The ``index``-th mutant of ``kind`` (deterministic in SEED, kind and index)."""
    rng = random.Random(f"{SEED}:{kind}:{index}")
    sid = rng.choice(sorted(COMMAND_FILES if kind == "commands" else SCENARIO_FILES))
    source = (COMMAND_FILES if kind == "commands" else SCENARIO_FILES)[sid]
    case = Case(index, kind, sid, source.read_bytes())
    table = COMMAND_MUTATIONS if kind == "commands" else MUTATIONS
    funcs, weights = zip(*table)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        mutate = rng.choices(funcs, weights)[0]
        case.used.append(mutate.__name__)
        case.data = mutate(rng, case.data, case)
    return case


# -- the checks -----------------------------------------------------------------------------------

def line_problems(name: str, data: bytes, lines: list[str]) -> list[str]:
    """What is wrong with ``validate``'s lines for file ``name`` (empty: every line is well formed)."""
    limit = len(BREAKS.findall(_text(data))) + 2
    wrong = []
    for line in lines:
        if line == f"{name}: ok" or (line.startswith(f"{name}: ok (") and line.endswith(")")):
            continue
        m = LINE.match(line)
        if not m or m["file"] != name:
            wrong.append(f"not file:line:col: path: message: {line[:200]!r}")
        elif not 1 <= int(m["line"]) <= limit or int(m["col"]) < 1:
            wrong.append(f"position outside the file ({limit - 2} line breaks): {line[:200]!r}")
        elif any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in line):
            wrong.append(f"control character in the line: {line[:200]!r}")
    return wrong


@dataclass
class Tally:
    """What a suite ran and what went wrong."""

    cases: int = 0
    valid: int = 0
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def time(self, seconds: float, label: str) -> None:
        if seconds > self.slowest[0]:
            self.slowest = (seconds, label)


def check_case(case: Case, folder: Path, tally: Tally) -> None:
    """Validate one mutant and run it (or a share of the failing ones); failures go into ``tally``."""
    tally.cases += 1
    if case.kind == "commands":
        # Even cases by name beside a copy of their scenario, odd ones with --scenario.
        where = folder / f"c{case.index}"
        where.mkdir()
        path = where / f"{case.sid}.commands.yaml"
        scenario = where / f"{case.sid}.yaml"
        scenario.write_bytes(SCENARIO_FILES[case.sid].read_bytes())
        extra = [] if case.index % 2 == 0 else ["--scenario", case.sid]
    else:
        path = folder / f"s{case.index}.yaml"
        scenario, extra = None, []
    path.write_bytes(case.data)
    name = str(path)
    started = time.process_time()
    code, out, err, broke = call(["validate", name, *extra], VALIDATE_SECONDS)
    tally.time(time.process_time() - started, case.label())
    if broke:
        tally.failures.append(f"{case.label()}: validate: {broke}")
        return
    lines = out.splitlines()
    wrong = line_problems(name, case.data, lines)
    problems = [line for line in lines if not line.startswith(f"{name}: ok")]
    if code not in (0, 1) or err or "Traceback" in out:
        wrong.append(f"exit {code}, stderr {err[:200]!r}")
    elif (code == 1) != bool(problems) or not lines:
        wrong.append(f"exit {code} with {len(problems)} problem lines of {len(lines)}")
    if wrong:
        tally.failures.append(f"{case.label()}: validate: {wrong[0]}")
        return
    if code == 0:
        tally.valid += 1
    elif case.index % RUN_FAILING_SHARE:
        return
    if case.kind == "commands":
        argv = ["run", str(scenario), "--commands", name]
    elif is_command_file(name, path.read_text(encoding="utf-8", errors="replace")):
        return  # a list at the top: validate took it for a command file, run would read it as a scenario
    else:
        argv = ["run", name]
    replay = folder / f"r{case.index}.jsonl"
    started = time.process_time()
    code_run, out_run, err_run, broke = call([*argv, "--days", "1", "--quiet", "--out", str(replay)], RUN_SECONDS)
    tally.time(time.process_time() - started, case.label() + " (run)")
    tally.runs += 1
    if broke:
        tally.failures.append(f"{case.label()}: run: {broke}")
    elif code == 0 and code_run != 0:
        tally.failures.append(f"{case.label()}: run of a valid file exited {code_run}: {err_run[:300]!r}")
    elif code == 1 and (code_run != 1 or err_run.splitlines() != problems or replay.exists()):
        tally.failures.append(f"{case.label()}: run did not refuse with validate's lines: exit {code_run}, "
                              f"{err_run[:300]!r} vs {problems[:3]!r}, replay written: {replay.exists()}")


def run_suite(kind: str, n: int, folder: Path) -> Tally:
    tally = Tally()
    wall, cpu = time.perf_counter(), time.process_time()
    for index in range(n):
        check_case(make_case(index, kind), folder, tally)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\n{kind} fuzz: {tally.cases} cases, {tally.valid} validated, {tally.runs} runs, "
          f"{len(tally.failures)} failures, {wall:.1f} s ({cpu:.1f} s CPU); "
          f"slowest call {tally.slowest[0]:.2f} s CPU: {tally.slowest[1]}")
    return tally


def _report(tally: Tally, kind: str) -> str:
    shown = "\n  ".join(tally.failures[:25])
    return f"{len(tally.failures)} of {tally.cases} mutated {kind} files went wrong:\n  {shown}"


@pytest.mark.parametrize("kind, small, large", [("scenario", 150, 1200), ("commands", 150, 1200)])
def test_mutated_files_validate_and_run_cleanly(kind, small, large, tmp_path):
    """Mutated scenario / command files: no traceback, no hang, every problem one located line; run agrees."""
    tally = run_suite(kind, fuzz_cases(small, large), tmp_path)
    assert not tally.failures, _report(tally, kind)
    # The mutations must leave some files valid (so run is exercised) and break most of them.
    assert 0 < tally.valid < tally.cases
    assert tally.runs > tally.valid


def test_the_mutations_cover_every_kind():
    """Every mutation is drawn in the CI sample of each kind, so none of them silently stops running."""
    for kind, table in (("scenario", MUTATIONS), ("commands", COMMAND_MUTATIONS)):
        drawn = {name for index in range(fuzz_cases(150, 1200)) for name in make_case(index, kind).used}
        assert drawn == {f.__name__ for f, _ in table}, kind
