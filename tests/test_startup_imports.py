"""What a plain ``weerbaar run`` imports: nothing it does not use (no plotting, pandas, templates, UI, mesa's extras).

The run happens once, in a fresh interpreter, exactly as the console script calls it (``ui.cli.main``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

UNUSED = ("pandas", "matplotlib", "pygame", "jinja2", "tqdm", "docx", "dask", "distributed", "scipy.stats",
          "mesa.space", "mesa.discrete_space", "mesa.experimental", "mesa.batchrunner", "mesa.datacollection",
          "replays.review", "replays.counterfactual", "replays.explain", "ui.console")
"""Modules a quiet ``weerbaar run`` has no use for."""

IMPORTED_BY_SBFC = ("scipy.optimize", "scipy.spatial")
"""Unused too: ``sim.population.sbfc`` needs ``scipy.optimize`` (which imports ``scipy.spatial``) only in
``steady_state``, which only the tests call, and imports it there; at module level it cost every run 0.5 s."""


@pytest.fixture(scope="module")
def run_modules(tmp_path_factory) -> dict:
    """The modules loaded after ``weerbaar run --quiet --days 2 --out TMP`` in a fresh interpreter."""
    out = tmp_path_factory.mktemp("startup") / "run.jsonl"
    code = f"""
        import json, sys
        from ui.cli import main
        code = main(["run", "--quiet", "--days", "2", "--out", {str(out)!r}])
        print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    return result


def loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize("name", UNUSED)
def test_a_quiet_run_does_not_import(run_modules, name):
    """The module (or any of its submodules) is not loaded by a quiet run."""
    assert not loaded(run_modules["modules"], name)


@pytest.mark.parametrize("name", IMPORTED_BY_SBFC)
def test_a_quiet_run_does_not_import_scipy_optimize(run_modules, name):
    """scipy.optimize and scipy.spatial are not loaded by a quiet run (0.5 s of start-up)."""
    assert not loaded(run_modules["modules"], name)


def test_a_run_imports_only_its_own_subcommand(run_modules):
    """Of the subcommand modules only ``run``'s is imported (the others are for other command lines)."""
    subcommands = [m for m in run_modules["modules"] if m.startswith("ui.subcommands.") and m != "ui.subcommands._common"]
    assert subcommands == ["ui.subcommands.run"]


def test_a_run_uses_the_light_mesa_package(run_modules):
    """mesa's Agent and Model modules are loaded, its package initialisation's imports are not."""
    modules = run_modules["modules"]
    assert "mesa.agent" in modules and "mesa.model" in modules and "sim.mesa_import" in modules
    assert not loaded(modules, "mesa.visualization")


@pytest.mark.parametrize("argv", [["run", "--seed", "x"], ["run", "--help"], ["ensemble", "municipal-elections"],
                                  ["verify"], ["run", "a", "b"]])
def test_one_subcommands_parser_says_what_the_whole_parser_says(argv, capsys):
    """A usage error or help through the one-subcommand parser prints exactly what the parser of all subcommands prints."""
    from ui import cli

    code = cli.main(argv)
    one = capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        cli._parser(cli.subcommands()).parse_args(argv)
    whole = capsys.readouterr()
    assert (code, one.out, one.err) == (exit_info.value.code, whole.out, whole.err)
    assert one.out or one.err
