"""Shared fixtures for the spine tests: paths, a session-wide default run, CLI helpers.

The expensive thing, a full 60-day run of the default scenario with seed 7, is done
once per session (through ``ui.cli.main`` exactly as a user would run it) and its
replay and printed table are shared by every test that only reads them. Tests that
change a replay work on a copy.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

import replays
import scenarios

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class CliResult:
    """Outcome of one ``weerbaar`` invocation: exit code and captured output."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        """Standard output and standard error together."""
        return self.out + self.err

    def __iter__(self):
        """``code, out, err = cli(...)``."""
        return iter((self.code, self.out, self.err))


@dataclass(frozen=True)
class DefaultRun:
    """The session's run of the default scenario with seed 7 (``weerbaar run --seed 7 --out PATH``)."""

    path: Path
    result: CliResult
    text: str

    @property
    def lines(self) -> list[str]:
        """The replay's lines, each with its newline."""
        return self.text.splitlines(keepends=True)


def _call_main(argv: Sequence[str]) -> CliResult:
    from ui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The source tree the code under test is imported from (where ``python -m ui.cli`` works)."""
    return Path(replays.__file__).resolve().parent.parent  # ``sim`` is a namespace package


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """Folder of the tests' own data files (scenarios with planted mistakes, a small scenario)."""
    return DATA


@pytest.fixture(scope="session")
def default_scenario() -> Path:
    """Path of the bundled default scenario file."""
    return scenarios.bundled()[scenarios.DEFAULT_SCENARIO]


@pytest.fixture(scope="session")
def default_commands() -> Path:
    """Path of the bundled command file of the default scenario."""
    path = scenarios.commands_for(scenarios.DEFAULT_SCENARIO)
    assert path is not None, "the default scenario must ship a command file"
    return path


@pytest.fixture(scope="session")
def default_loaded(default_scenario):
    """The default scenario, loaded and validated once."""
    from sim.scenario import load_scenario

    return load_scenario(default_scenario)


@pytest.fixture(scope="session")
def mini_scenario() -> Path:
    """A small scenario without population: one body, a passive state actor, one inject of each kind."""
    return DATA / "mini.yaml"


@pytest.fixture(scope="session")
def default_run(tmp_path_factory) -> DefaultRun:
    """``weerbaar run --seed 7 --out a.jsonl`` on the default scenario, run once per session."""
    path = tmp_path_factory.mktemp("default-run") / "a.jsonl"
    result = _call_main(["run", "--seed", "7", "--out", str(path)])
    assert result.code == 0, result.output
    return DefaultRun(path, result, path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def default_replay(default_run):
    """The session's default run as read back by :func:`replays.format.read_replay`."""
    from replays.format import read_replay

    return read_replay(default_run.path)


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Call ``ui.cli.main(argv)`` in-process; returns exit code, stdout and stderr."""
    return lambda *argv: _call_main([str(a) for a in argv])


@pytest.fixture
def cli_subprocess(repo_root) -> Callable[..., subprocess.CompletedProcess]:
    """Run ``python -m ui.cli ARGS`` as a real process from the source tree; returns the completed process."""

    def run(*argv: object, timeout: float = 120) -> subprocess.CompletedProcess:
        env = dict(os.environ, PYTHONPATH=str(repo_root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        return subprocess.run([sys.executable, "-m", "ui.cli", *map(str, argv)], cwd=repo_root, env=env,
                              capture_output=True, text=True, timeout=timeout)

    return run


@pytest.fixture
def write_yaml(tmp_path) -> Callable[..., Path]:
    """Write (dedented) YAML text to a file in the test's tmp folder and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_replay(tmp_path) -> Callable[..., Path]:
    """Write replay lines (strings or records) to a file in the test's tmp folder and return its path."""

    def write(lines: Sequence[str | dict], name: str = "replay.jsonl") -> Path:
        from sim.events import dumps

        path = tmp_path / name
        text = "".join(line if isinstance(line, str) else dumps(line) + "\n" for line in lines)
        path.write_text(text, encoding="utf-8", newline="\n")
        return path

    return write
