"""Fuzzing every reader of replays: mutated replay files through verify, score, review, export, compare and the viewer.

Two short base replays are recorded once (five days of the mini test scenario and two days of the default
scenario, both with player and White commands; short, because score, compare and verify re-simulate).
Each case takes one of them and mutates it with a seeded generator (``random.Random(SEED + index)``):
bytes flipped or inserted (non-UTF-8, U+2028 among them), lines cut, dropped, duplicated or swapped,
numbers replaced by ``NaN`` / ``Infinity`` / ``1e999`` / ``1e308`` / huge or negative values, keys
deleted, indicators nulled, values of the wrong type, forged header fields (version, scenario id,
scenario hash, seed, players, until) and forged footers (counts, end, hash), and sometimes two or three
of these at once. The first cases make each forgery once, so every one is tried at any size.

Every mutated file then goes through ``weerbaar verify``, ``score`` (tables, or ``--json --explain
--max-runs 1``), ``export``, ``compare`` (beside the intact base) and the viewer's loader
(:meth:`ui.console.timeline.Timeline.open` and its views), in-process through ``ui.cli.main``; a subset
also goes through ``review --no-explain`` and a few frames of the viewer window (both render, which
is slow). What each must show:

* no traceback, no exception out of ``main``, no hang (each call has :data:`HANG_SECONDS`);
* exit code 0 or 1;
* every line on stderr names the file and a line number (``path:N:`` or ``line N``), and a failure
  (exit 1) is exactly one line;
* a replay that ``verify`` passes holds the same records, footer and reproducible header fields as
  the original: a forged field never verifies.

Case counts come from :func:`fuzzscale.fuzz_cases`; a failure prints the case index and what was done
to the file, ``WEERBAAR_FUZZ_CASE=N`` runs that case alone, and ``WEERBAAR_FUZZ_REPORT=FILE`` appends
every failure to FILE.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The viewer part needs pygame without a screen or a sound card; set before anything imports pygame.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402
from fuzzscale import LARGE, Hang, deadline, fuzz_cases  # noqa: E402

SEED = 20_250_000
CASES = fuzz_cases(300, 1200)
"""Mutated replays; each goes through verify, score, export, compare and the viewer's loader."""
RENDERED = fuzz_cases(6, 60)
"""Of those, how many also go through ``review`` and one frame of the viewer window (each renders: ~2 s)."""
DEFAULT_SHARE = 10
"""One case in this many mutates the default-scenario replay (its re-simulation is slower than mini's)."""
HANG_SECONDS = 60
"""A reader call that spends more CPU seconds than this is a hang."""

LOCATION = re.compile(r":\d+(:|$)|\bline \d+")

MINI_COMMANDS = """\
- {at: "day 1 10:00", cell: crisis, command: "investigate vostria"}
- {at: "day 1 11:00", cell: crisis, command: "share_signals"}
- {at: "day 2 09:00", cell: press, command: "share_signals"}
- {at: "day 2 12:00", cell: white, command: "fire 4"}
- {at: "day 3 08:00", cell: crisis, command: "cyber_hardening"}
- {at: "day 4 08:00", cell: crisis, command: "demarche vostria"}
"""


# -- calling the readers ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One reader call: exit code (None if it raised), output, and the exception's traceback if any."""

    code: int | None
    out: str
    err: str
    crash: str = ""
    seconds: float = 0.0


def call(argv: Sequence[str]) -> Outcome:
    """``ui.cli.main(argv)`` in-process, with stdout and stderr captured and a deadline."""
    from ui.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    crash, code = "", None
    try:
        with deadline(HANG_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in argv])
    except Hang as exc:
        crash = f"hang: {exc}"
    except BaseException:  # noqa: BLE001 - anything escaping main is what this suite looks for
        crash = traceback.format_exc(limit=-4)
    return Outcome(code, out.getvalue(), err.getvalue(), crash, time.perf_counter() - start)


def problems_of(outcome: Outcome, path: Path, command: str) -> list[str]:
    """What is wrong with how a reader answered a mutated replay ([] if nothing)."""
    if outcome.crash:
        return [f"{command}: {'hang' if outcome.crash.startswith('hang') else 'traceback'}: "
                f"{outcome.crash.strip().splitlines()[-1]}"]
    found = []
    if "Traceback (most recent call last)" in outcome.out + outcome.err:
        found.append(f"{command}: printed a traceback")
    if outcome.code not in (0, 1):
        found.append(f"{command}: exit code {outcome.code}")
    lines = [line for line in outcome.err.splitlines() if line.strip()]
    messages = list(lines)
    if command == "verify" and outcome.code == 1 and not lines:
        messages = [line for line in outcome.out.splitlines() if "FAILED" in line]
    if outcome.code == 1 and len(messages) != 1:
        found.append(f"{command}: a failure in {len(messages)} lines: {messages[:3]!r}")
    for line in messages:
        if str(path) not in line or not LOCATION.search(line.replace(str(path), "", 1)):
            found.append(f"{command}: message without its location (file and line): {line[:200]!r}")
    return found


# -- mutations --------------------------------------------------------------------------------------

RAW = "\u0000raw\u0000"
"""Placeholder for a JSON token ``json.dumps`` cannot write (``1e999``, a 5000-digit number)."""

NUMBER_TOKENS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e308", "-1e308", "1e309", "-1", "-0.5", "0",
                 "123456789012345678901234567890123", "-98765432109876543210", "9" * 5000, "4.9e-324", "1e-400",
                 "1e15", "1e16"]
WRONG_VALUES: list[Any] = ["12", "", "x" * 3, [], [1, 2], {}, {"a": 1}, True, False, None, 3, -7.5, [[[]]],
                           {"t": 1.0}]
HEADER_FORGERIES = ("version 0", "version -1", 'version "1"', "version 1.0", "version true", "version 2",
                    "version null", "version huge", "no version", "scenario_id", "no scenario_id", "no scenario_sha256",
                    "null scenario_sha256", "wrong scenario_sha256", "scenario_sha256 number", "seed", "seed -1",
                    'seed "7"', "seed 1.5", "seed huge", "players", "players str", "until -5", "until 1e9",
                    "until short", "until NaN", "format", "parent")
FOOTER_FORGERIES = ("events +1", "events -1", "samples +1", "samples -1", "commands +1", "commands -1", "commands 0",
                    "events -5", 'samples "3"', "events true", "events huge", "end 1e308", "end 1e999", "end NaN",
                    "end -1", "end before last", "end later", "end huge", "end string", "log_sha256",
                    "log_sha256 null", "no footer", "two footers")
FORGERIES = [("forge_header", h) for h in HEADER_FORGERIES] + [("forge_footer", f) for f in FOOTER_FORGERIES]
"""The first cases forge each of these once (so every forgery is tried at any size); the rest are drawn at random."""
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\x80",
             b"\x00", b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\xc2\x85", b"\n", b"\r", b"{", b"}", b'"', b"\\", b",",
             b"]", b"\t", b"\xc0\xaf"]
"""Bytes to insert: not UTF-8, a BOM, the line separators U+2028 and NEL (valid UTF-8 that ``splitlines`` breaks
on), and JSON punctuation."""


def _dump(record: Any, raw: str | None = None) -> bytes:
    """A record as the writer puts it on a line, with :data:`RAW` replaced by the ``raw`` token."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if raw is not None:
        text = text.replace(json.dumps(RAW), raw)
    return text.encode("utf-8") + b"\n"


def _slots(value: Any, want: Callable[[Any], bool], path: tuple = ()) -> list[tuple]:
    """Paths (key / index tuples) to every value inside ``value`` for which ``want`` holds."""
    found = [path] if path and want(value) else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _slots(item, want, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _slots(item, want, path + (i,))
    return found


def _set(record: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


def _delete(record: Any, path: tuple) -> None:
    for key in path[:-1]:
        record = record[key]
    del record[path[-1]]


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


class Mutator:
    """The mutations, on a replay's lines (bytes, each with its newline), drawn with one seeded generator."""

    def __init__(self, rng: random.Random, lines: list[bytes]) -> None:
        self.rng = rng
        self.lines = list(lines)
        self.done: list[str] = []

    def _records(self) -> list[tuple[int, Any]]:
        out = []
        for i, line in enumerate(self.lines):
            try:
                out.append((i, json.loads(line)))
            except ValueError:
                pass
        return out

    def _pick(self, kinds: tuple[str, ...] = ()) -> tuple[int, Any] | None:
        records = [(i, r) for i, r in self._records()
                   if not kinds or (isinstance(r, dict) and r.get("type") in kinds)]
        return self.rng.choice(records) if records else None

    def _put(self, i: int, record: Any, raw: str | None = None) -> None:
        self.lines[i] = _dump(record, raw)

    # byte level ------------------------------------------------------------------------------------

    def flip_bits(self) -> None:
        i = self.rng.randrange(len(self.lines))
        line = bytearray(self.lines[i])
        for _ in range(self.rng.randint(1, 3)):
            at = self.rng.randrange(len(line))
            line[at] ^= 1 << self.rng.randrange(8)
        self.lines[i] = bytes(line)
        self.done.append(f"flipped bits in line {i + 1}")

    def insert_bytes(self) -> None:
        i = self.rng.randrange(len(self.lines))
        line = self.lines[i]
        at = self.rng.randrange(len(line) + 1)
        junk = self.rng.choice(BAD_BYTES) if self.rng.random() < 0.7 else bytes(
            self.rng.randrange(256) for _ in range(self.rng.randint(1, 8)))
        self.lines[i] = line[:at] + junk + line[at:]
        self.done.append(f"inserted {junk!r} in line {i + 1} at byte {at}")

    def overwrite_bytes(self) -> None:
        i = self.rng.randrange(len(self.lines))
        line = bytearray(self.lines[i])
        at = self.rng.randrange(len(line))
        for k in range(at, min(len(line), at + self.rng.randint(1, 6))):
            line[k] = self.rng.randrange(256)
        self.lines[i] = bytes(line)
        self.done.append(f"overwrote bytes of line {i + 1} from byte {at}")

    # line level ------------------------------------------------------------------------------------

    def cut(self) -> None:
        data = b"".join(self.lines)
        if len(data) < 2:
            return self.insert_bytes()
        at = self.rng.randrange(1, len(data))
        self.lines = data[:at].splitlines(keepends=True)
        self.done.append(f"cut the file at byte {at}")

    def drop_lines(self) -> None:
        i = self.rng.randrange(len(self.lines))
        n = self.rng.choice([1, 1, 1, 2, 5])
        del self.lines[i:i + n]
        self.done.append(f"dropped lines {i + 1}-{i + n}")
        if not self.lines:
            self.lines = [b"\n"]

    def duplicate_line(self) -> None:
        i = self.rng.randrange(len(self.lines))
        j = self.rng.choice([i, self.rng.randrange(len(self.lines) + 1)])
        self.lines.insert(j, self.lines[i])
        self.done.append(f"copied line {i + 1} to line {j + 1}")

    def swap_lines(self) -> None:
        i, j = self.rng.randrange(len(self.lines)), self.rng.randrange(len(self.lines))
        self.lines[i], self.lines[j] = self.lines[j], self.lines[i]
        self.done.append(f"swapped lines {i + 1} and {j + 1}")

    def insert_line(self) -> None:
        i = self.rng.randrange(len(self.lines) + 1)
        line = self.rng.choice([b"\n", b"   \n", b"\r\n", b"{}\n", b"[]\n", b"null\n", b'{"type":"sample"}\n',
                                b'{"type":"footer"}\n', b'{"type":"event"}\n', self.lines[0], b"\xff\xfe\n"])
        self.lines.insert(i, line)
        self.done.append(f"inserted {line[:30]!r} as line {i + 1}")

    # record level ----------------------------------------------------------------------------------

    def replace_number(self) -> None:
        picked = self._pick()
        if picked is None:
            return self.flip_bits()
        i, record = picked
        slots = _slots(record, _is_number)
        if not slots:
            return self.flip_bits()
        slot, token = self.rng.choice(slots), self.rng.choice(NUMBER_TOKENS)
        _set(record, slot, RAW)
        self._put(i, record, token)
        self.done.append(f"line {i + 1}: {'.'.join(map(str, slot))} = {token[:20]}")

    def delete_key(self) -> None:
        picked = self._pick()
        if picked is None:
            return self.flip_bits()
        i, record = picked
        slots = _slots(record, lambda v: True)
        if not slots:
            return self.flip_bits()
        slot = self.rng.choice(slots)
        _delete(record, slot)
        self._put(i, record)
        self.done.append(f"line {i + 1}: deleted {'.'.join(map(str, slot))}")

    def wrong_type(self) -> None:
        picked = self._pick()
        if picked is None:
            return self.flip_bits()
        i, record = picked
        slots = _slots(record, lambda v: True)
        if not slots:
            return self.flip_bits()
        slot, value = self.rng.choice(slots), self.rng.choice(WRONG_VALUES)
        _set(record, slot, value)
        self._put(i, record)
        self.done.append(f"line {i + 1}: {'.'.join(map(str, slot))} = {value!r}")

    def whole_record_type(self) -> None:
        picked = self._pick()
        if picked is None:
            return self.flip_bits()
        i, record = picked
        value = self.rng.choice([[record], list(record.values()) if isinstance(record, dict) else 1, "record", 5])
        self._put(i, value)
        self.done.append(f"line {i + 1}: the record replaced by a {type(value).__name__}")

    def indicator(self) -> None:
        picked = self._pick(("sample",))
        if picked is None:
            return self.replace_number()
        i, record = picked
        indicators = record.get("indicators")
        if not isinstance(indicators, dict) or not indicators:
            return self.replace_number()
        name = self.rng.choice(sorted(indicators))
        how = self.rng.choice(["null", "delete", "-1", "101", "1e308", "NaN", "1e999", "string", "all null", "list"])
        raw = None
        if how == "null":
            indicators[name] = None
        elif how == "delete":
            del indicators[name]
        elif how == "string":
            indicators[name] = str(indicators[name])
        elif how == "all null":
            record["indicators"] = None
        elif how == "list":
            record["indicators"] = list(indicators.values())
        else:
            indicators[name], raw = RAW, how
        self._put(i, record, raw)
        self.done.append(f"line {i + 1}: indicator {name}: {how}")

    def time(self) -> None:
        picked = self._pick(("sample", "event", "command"))
        if picked is None:
            return self.replace_number()
        i, record = picked
        how = self.rng.choice(["-1", "back", "1e9", "1e308", "past until", "string", "null", "NaN", "delete"])
        raw = None
        if how == "back":
            record["t"] = float(record["t"]) - 7.0
        elif how == "past until":
            record["t"] = float(record["t"]) + 10_000.0
        elif how == "string":
            record["t"] = str(record["t"])
        elif how == "null":
            record["t"] = None
        elif how == "delete":
            record.pop("t", None)
        else:
            record["t"], raw = RAW, how
        self._put(i, record, raw)
        self.done.append(f"line {i + 1}: t {how}")

    def _record_at(self, i: int) -> dict | None:
        try:
            record = json.loads(self.lines[i])
        except ValueError:  # an earlier mutation broke it
            return None
        return record if isinstance(record, dict) else None

    def forge_header(self, how: str = "") -> None:
        header = self._record_at(0)
        if header is None or header.get("type") != "header":
            return self.replace_number()
        how = how or self.rng.choice(HEADER_FORGERIES)
        raw = None
        if how.startswith("version"):
            value = how.split(" ", 1)[1]
            header["version"], raw = RAW, {"huge": "10000000000000000000000"}.get(value, value)
        elif how == "no version":
            del header["version"]
        elif how == "scenario_id":
            header["scenario_id"] = "another-scenario"
        elif how == "no scenario_id":
            del header["scenario_id"]
        elif how == "no scenario_sha256":
            del header["scenario_sha256"]
        elif how == "null scenario_sha256":
            header["scenario_sha256"] = None
        elif how == "wrong scenario_sha256":
            header["scenario_sha256"] = "0" * 64
        elif how == "scenario_sha256 number":
            header["scenario_sha256"] = 5
        elif how == "seed":
            header["seed"] = header["seed"] + 1
        elif how.startswith("seed "):
            header["seed"], raw = RAW, {"huge": "1" + "0" * 40}.get(how[5:], how[5:])
        elif how == "players":
            header["players"] = self.rng.choice([["nobody"], [], ["crisis"], ["white"]])
        elif how == "players str":
            header["players"] = "crisis"
        elif how == "until short":
            header["until"] = 1.0
        elif how.startswith("until"):
            header["until"], raw = RAW, how[6:]
        elif how == "format":
            header["format"] = "weerbaar-replay-2"
        elif how == "parent":
            header["parent"] = self.rng.choice([{"replay": 5}, "x", [1], {"replay": "a.jsonl", "sha256": None, "t": "x"}])
        self._put(0, header, raw)
        self.done.append(f"header: {how}")

    def forge_footer(self, how: str = "") -> None:
        last = self._record_at(-1)
        if last is None or last.get("type") != "footer":
            return self.delete_key()
        how = how or self.rng.choice(FOOTER_FORGERIES)
        raw = None
        key, _, change = how.partition(" ")
        if how == "no footer":
            self.lines.pop()
        elif how == "two footers":
            self.lines.append(self.lines[-1])
        elif key in ("events", "samples", "commands") and change in ("+1", "-1"):
            last[key] += int(change)
        elif key in ("events", "samples", "commands"):
            last[key], raw = RAW, {"huge": "1" + "0" * 30, "true": "true"}.get(change, change)
        elif how == "end before last":
            last["end"] = float(last["end"]) - 12.0
        elif how == "end later":
            last["end"] = float(last["end"]) + 48.0
        elif how == "end string":
            last["end"] = str(last["end"])
        elif key == "end":
            last["end"], raw = RAW, {"huge": "1" + "0" * 30}.get(change, change)
        elif how == "log_sha256":
            last["log_sha256"] = "f" * 64
        else:
            last["log_sha256"] = None
        if how not in ("no footer", "two footers"):
            self._put(len(self.lines) - 1, last, raw)
        self.done.append(f"footer: {how}")

    OPERATORS: tuple[tuple[str, int], ...] = (
        ("flip_bits", 3), ("insert_bytes", 4), ("overwrite_bytes", 2), ("cut", 3), ("drop_lines", 2),
        ("duplicate_line", 2), ("swap_lines", 2), ("insert_line", 2), ("replace_number", 6), ("delete_key", 4),
        ("wrong_type", 4), ("whole_record_type", 1), ("indicator", 4), ("time", 3), ("forge_header", 5),
        ("forge_footer", 4),
    )

    def mutate(self, forgery: tuple[str, str] | None = None) -> list[bytes]:
        if forgery is not None:
            getattr(self, forgery[0])(forgery[1])
            return self.lines
        names = [n for n, _ in self.OPERATORS]
        weights = [w for _, w in self.OPERATORS]
        rounds = self.rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
        for _ in range(rounds):
            getattr(self, self.rng.choices(names, weights=weights)[0])()
        return self.lines


@dataclass
class Case:
    """One mutated replay."""

    index: int
    base: str
    path: Path
    done: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"case {self.index} ({self.base}: {'; '.join(self.done)})"


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bases(tmp_path_factory, mini_scenario, default_commands) -> dict[str, Path]:
    """The two intact base replays, recorded with ``weerbaar run``."""
    folder = tmp_path_factory.mktemp("fuzz-bases")
    commands = folder / "mini.commands.yaml"
    commands.write_text(MINI_COMMANDS, encoding="utf-8")
    runs = {"mini": ["run", mini_scenario, "--seed", "3", "--commands", commands, "--days", "5"],
            "default": ["run", "--seed", "7", "--days", "2", "--commands", default_commands]}
    out = {}
    for name, argv in runs.items():
        path = folder / f"{name}.jsonl"
        result = call([*argv, "--quiet", "--out", path])
        assert result.code == 0 and not result.crash, result.err + result.crash
        assert call(["verify", path]).code == 0
        out[name] = path
    return out


def _indices() -> list[int]:
    only = os.environ.get("WEERBAAR_FUZZ_CASE")
    return [int(only)] if only else list(range(CASES))


@pytest.fixture(scope="module")
def cases(bases, tmp_path_factory) -> list[Case]:
    """The mutated replays, each in its own file (the same files at every run: the generator is seeded)."""
    folder = tmp_path_factory.mktemp("fuzz-replays")
    lines = {name: path.read_bytes().splitlines(keepends=True) for name, path in bases.items()}
    out = []
    for index in _indices():
        rng = random.Random(SEED + index)
        forgery = FORGERIES[index] if index < len(FORGERIES) else None
        base = "default" if index % DEFAULT_SHARE == DEFAULT_SHARE - 1 else "mini"
        original = lines[base]
        for _ in range(10):  # a mutation can leave the bytes as they were (a swap of a line with itself)
            mutator = Mutator(rng, original)
            mutated = mutator.mutate(forgery)
            if mutated != original:
                break
        path = folder / f"case{index:05d}.jsonl"
        path.write_bytes(b"".join(mutated))
        out.append(Case(index, base, path, mutator.done))
    return out


def _rendered(cases: list[Case]) -> list[Case]:
    step = max(1, len(cases) // RENDERED)
    return cases[::step][:RENDERED]


KINDS = {"traceback": ": traceback: ", "hang": ": hang: ", "printed traceback": "printed a traceback",
         "exit code": ": exit code ", "several lines": "a failure in ", "no location": "without its location",
         "forged replay verified": "passed a forged replay"}


def _report(failures: list[str], total: int, what: str) -> str:
    """The failures of one suite: how many replays, how many of each kind, and the first few in full.

    With ``WEERBAAR_FUZZ_REPORT=FILE`` every failure is also appended to FILE, one a line.
    """
    report = os.environ.get("WEERBAAR_FUZZ_REPORT")
    if report and failures:
        with open(report, "a", encoding="utf-8") as handle:
            handle.writelines(f"{what}: {f}\n" for f in failures)
    cases = {f.split(" (", 1)[0] for f in failures}
    kinds = ", ".join(f"{name} {n}" for name, needle in KINDS.items()
                      if (n := len({f.split(" (", 1)[0] for f in failures if needle in f})))
    shown = "\n".join(failures[:25])
    return f"{len(cases)} of {total} mutated replays went wrong in {what} ({kinds}):\n{shown}"


# -- the suites -------------------------------------------------------------------------------------


REPRODUCIBLE = ("format", "version", "scenario_id", "scenario_sha256", "scenario_text", "seed")
"""Header fields a verified replay must hold unchanged (the others are notes verify cannot re-derive)."""


def _same_run(case: Case, base: Path) -> str:
    """Why a replay that verify passed is not the original run ("" if it is)."""
    from replays.format import read_replay

    mutated, original = read_replay(case.path), read_replay(base)
    if mutated.records != original.records:
        return "different records"
    if mutated.footer != original.footer:
        return f"footer {mutated.footer} instead of {original.footer}"
    for key in REPRODUCIBLE:
        if mutated.header.get(key) != original.header.get(key):
            return f"header {key} {str(mutated.header.get(key))[:40]!r}"
    return ""


def test_verify_survives_mutated_replays(cases, bases):
    """``weerbaar verify`` answers every mutated replay in one located line, and passes none that was forged."""
    failures = []
    for case in cases:
        outcome = call(["verify", case.path])
        found = problems_of(outcome, case.path, "verify")
        if not found and outcome.code == 0:
            why = _same_run(case, bases[case.base])
            if why:
                found.append(f"verify: passed a forged replay ({why}): {outcome.out.strip()[:160]}")
        failures += [f"{case}: {f}" for f in found]
    assert not failures, _report(failures, len(cases), "verify")


def test_score_survives_mutated_replays(cases):
    """``weerbaar score`` (tables, or JSON with one --explain re-run) answers every mutated replay."""
    failures = []
    for case in cases:
        argv = ["score", case.path] + (["--json", "--explain", "--max-runs", "1"] if case.index % 2 else [])
        failures += [f"{case}: {f}" for f in problems_of(call(argv), case.path, "score")]
    assert not failures, _report(failures, len(cases), "score")


def test_export_survives_mutated_replays(cases, tmp_path):
    """``weerbaar export`` answers every mutated replay."""
    failures = []
    for case in cases:
        outcome = call(["export", case.path, "--out", tmp_path / f"export{case.index}"])
        failures += [f"{case}: {f}" for f in problems_of(outcome, case.path, "export")]
    assert not failures, _report(failures, len(cases), "export")


def test_compare_survives_mutated_replays(cases, bases):
    """``weerbaar compare`` of a mutated replay beside its intact base (in either order) answers in one line."""
    failures = []
    for case in cases:
        pair = [case.path, bases[case.base]] if case.index % 2 else [bases[case.base], case.path]
        failures += [f"{case}: {f}" for f in problems_of(call(["compare", *pair, "--json"]), case.path, "compare")]
    assert not failures, _report(failures, len(cases), "compare")


def _open_timeline(path: Path) -> tuple[Any, str]:
    """The viewer's loader on ``path``: the timeline and its views, or the one-line message it refused with."""
    from ui.console.timeline import Timeline
    from ui.subcommands._common import input_errors
    from sim.scenario import ScenarioError

    try:
        with deadline(HANG_SECONDS):
            timeline = Timeline.open(path)
            for t in (0.0, timeline.end / 2, timeline.end):
                timeline.view("white", t)
                for cell in timeline.cells:
                    timeline.view(cell, t)
                    timeline.visible_events(cell, t)
            timeline.next_inject(0.0), timeline.next_decision(0.0), timeline.parent_record(timeline.end)
    except input_errors() as exc:
        lines = exc.lines if isinstance(exc, ScenarioError) else str(exc).splitlines()
        return None, "\n".join(lines)
    return timeline, ""


def test_viewer_loader_survives_mutated_replays(cases):
    """The replay viewer's loader opens every mutated replay, or refuses it with one line naming file and line."""
    failures = []
    for case in cases:
        try:
            timeline, message = _open_timeline(case.path)
        except BaseException:  # noqa: BLE001
            failures.append(f"{case}: viewer: traceback: {traceback.format_exc(limit=-3).strip().splitlines()[-1]}")
            continue
        if timeline is None:
            outcome = Outcome(1, "", message)
        else:
            outcome = Outcome(0, "", "".join(f"{case.path}: {p}\n" for p in timeline.replay.problems))
        failures += [f"{case}: {f}" for f in problems_of(outcome, case.path, "viewer")]
    assert not failures, _report(failures, len(cases), "the viewer's loader")


def test_review_survives_mutated_replays(cases, tmp_path):
    """``weerbaar review --no-explain`` answers a subset of the mutated replays (it renders plots, so few)."""
    failures = []
    chosen = _rendered(cases)
    for case in chosen:
        outcome = call(["review", case.path, "--no-explain", "--out", tmp_path / f"review{case.index}"])
        failures += [f"{case}: {f}" for f in problems_of(outcome, case.path, "review")]
    assert not failures, _report(failures, len(chosen), "review")


def test_viewer_window_survives_mutated_replays(cases):
    """A subset of the mutated replays that the loader opens is drawn for a few frames in the viewer window."""
    from ui.console import replay_app

    failures = []
    chosen = [c for c in _rendered(cases[1:] + cases[:1]) if _open_timeline(c.path)[0] is not None]
    if not os.environ.get("WEERBAAR_FUZZ_CASE"):
        assert chosen, "no mutated replay of the subset opened: nothing was drawn"
    for case in chosen:
        app = None
        try:
            with deadline(HANG_SECONDS):
                app = replay_app(case.path)
                for _ in range(3):
                    app.step(1 / 30)
                screen = app.screen
                screen.seek(screen.timeline.end / 2)
                app.step(1 / 30)
                if screen.timeline.cells:
                    screen.set_perspective(screen.timeline.cells[0])
                screen.seek(screen.timeline.end)
                app.step(1 / 30)
        except BaseException:  # noqa: BLE001
            failures.append(f"{case}: viewer window: {traceback.format_exc(limit=-3).strip().splitlines()[-1]}")
        finally:
            if app is not None:
                app.close()
    assert not failures, _report(failures, len(chosen), "the viewer window")


def test_the_mutations_cover_what_the_issue_lists(cases):
    """The generator produced every family of mutation (so a green run means they were all tried)."""
    if os.environ.get("WEERBAAR_FUZZ_CASE"):
        pytest.skip("one case only")
    done = " ".join(" ".join(c.done) for c in cases)
    for needle in ("flipped bits", "inserted b'\\x", "cut the file", "dropped lines", "copied line", "swapped",
                   "= NaN", "= Infinity", "= 1e999", "= 1e308", "deleted", "indicator", "header: version",
                   "header: scenario_id", "header: no scenario_sha256", "footer: events", "footer: end"):
        assert needle in done, needle
    assert len(cases) >= (1000 if LARGE else 200)
