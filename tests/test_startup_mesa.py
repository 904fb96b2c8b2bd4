"""The light mesa package (sim.mesa_import): mesa's Agent and Model without its package initialisation, completed on demand.

Each case runs in a fresh interpreter, since what it checks is what a process imports and in which order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("mesa.space", "mesa.discrete_space", "mesa.experimental", "mesa.batchrunner", "mesa.datacollection",
         "pandas")
"""What mesa's package initialisation imports and an exercise does not use (``scipy.spatial`` too, but
``scipy.optimize`` imports that as well: tests/test_startup_imports.py checks it for a whole run)."""


def python(code: str, path: list[Path] | None = None) -> dict:
    """Run ``code`` in a fresh interpreter at the repository root; it prints one JSON object, returned here."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in [*(path or []), ROOT]))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_exercise_is_built_and_run_on_the_light_package_without_mesas_heavy_modules():
    """Building and running an exercise leaves mesa light: its agents are mesa.Agents in a mesa.Model, nothing heavy is imported."""
    out = python(f"""
        import json, sys
        from sim import mesa_import
        import mesa
        from sim.exercise import Exercise
        from sim.scenario import load_scenario
        from scenarios import resolve_scenario
        exercise = Exercise(load_scenario(resolve_scenario(None)), seed=7)
        exercise.run_until(48.0)
        agents = list(exercise.agents)
        print(json.dumps({{
            "light": mesa_import.is_light(), "model": isinstance(exercise, mesa.Model),
            "agents": len(agents) > 0 and all(isinstance(a, mesa.Agent) for a in agents),
            "same": mesa.Agent is sys.modules["mesa.agent"].Agent and mesa.Model is sys.modules["mesa.model"].Model,
            "heavy": sorted(m for m in {list(HEAVY)!r} if m in sys.modules),
        }}))
    """)
    assert out == {"light": True, "model": True, "agents": True, "same": True, "heavy": []}


def test_a_full_import_later_in_the_process_completes_the_package_with_the_same_classes():
    """After an exercise ran, `from mesa import DataCollector` runs mesa's real __init__: same Agent and Model, all of mesa there."""
    out = python("""
        import json, sys
        from sim import mesa_import
        import mesa
        from sim.exercise import Exercise
        from sim.scenario import load_scenario
        from scenarios import resolve_scenario
        exercise = Exercise(load_scenario(resolve_scenario(None)), seed=7)
        agent, model = mesa.Agent, mesa.Model
        light_before = mesa_import.is_light()
        from mesa import DataCollector, batch_run
        import mesa.space
        print(json.dumps({
            "light_before": light_before, "light_after": mesa_import.is_light(),
            "plain_module": type(sys.modules["mesa"]).__name__ == "module",
            "same_classes": mesa.Agent is agent and mesa.Model is model and isinstance(exercise, mesa.Model),
            "full": all(hasattr(mesa, n) for n in ("DataCollector", "batch_run", "space", "discrete_space",
                                                   "experimental", "__version__")),
            "version": mesa.__version__,
            "collector": DataCollector.__module__, "in_all": sorted(mesa.__all__),
        }))
    """)
    import mesa  # the test process's own mesa: whatever it is, complete it and compare

    assert out["light_before"] is True and out["light_after"] is False and out["plain_module"] is True
    assert out["same_classes"] is True and out["full"] is True
    assert out["version"] == mesa.__version__ and out["collector"] == "mesa.datacollection"
    assert out["in_all"] == sorted(mesa.__all__)


def test_the_light_package_loads_the_same_modules_and_loggers_as_a_plain_import():
    """Completing the light package leaves the same mesa modules and module loggers as `import mesa`, and no logging shim behind."""
    code = """
        import json, sys
        {first}
        import mesa
        mesa.Model  # the light package loads mesa.agent and mesa.model here
        mesa.DataCollector  # and completes itself here
        import mesa.mesa_logging as logs, mesa.model
        print(json.dumps({{
            "modules": sorted(m for m in sys.modules if m == "mesa" or m.startswith("mesa.")),
            "loggers": sorted(logs._module_loggers), "logger_name": mesa.model._mesa_logger.name,
            "shim_gone": mesa.model.create_module_logger is logs.create_module_logger,
            "type": type(mesa).__name__,
        }}))
    """
    light = python(code.format(first="import sim"))
    plain = python(code.format(first="pass"))
    assert light == plain
    assert light["logger_name"] == "MESA.mesa.model" and light["shim_gone"] is True and light["type"] == "module"


def test_mesa_imported_first_is_left_alone():
    """When mesa was fully imported before sim, sim installs nothing and runs on the ordinary package."""
    out = python("""
        import json, sys
        import mesa
        full = sys.modules["mesa"]
        from sim import mesa_import
        from sim.exercise import Exercise
        mesa_import.install()
        print(json.dumps({"untouched": sys.modules["mesa"] is full, "light": mesa_import.is_light(),
                          "space": "mesa.space" in sys.modules, "subclass": issubclass(Exercise, mesa.Model)}))
    """)
    assert out == {"untouched": True, "light": False, "space": True, "subclass": True}


def test_probes_for_other_dunders_and_dir_behave_as_on_a_module():
    """An unknown dunder is an AttributeError and leaves the package light; dir() completes it and lists all of mesa."""
    out = python("""
        import json
        import sim, mesa
        from sim import mesa_import
        probe = hasattr(mesa, "__wrapped__")
        still_light = mesa_import.is_light()
        names = dir(mesa)
        print(json.dumps({"probe": probe, "still_light": still_light, "light_after_dir": mesa_import.is_light(),
                          "listed": all(n in names for n in ("Agent", "Model", "DataCollector", "batch_run"))}))
    """)
    assert out == {"probe": False, "still_light": True, "light_after_dir": False, "listed": True}


def test_threads_completing_at_once_get_one_package():
    """Eight threads asking for mesa.DataCollector at once complete the package once and all get the same class."""
    out = python("""
        import json, threading
        import sim, mesa
        from sim import mesa_import
        got, barrier = [], threading.Barrier(8)
        def ask():
            barrier.wait()
            got.append(mesa.DataCollector)
        threads = [threading.Thread(target=ask) for _ in range(8)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        print(json.dumps({"n": len(got), "one": len(set(map(id, got))) == 1, "light": mesa_import.is_light()}))
    """)
    assert out == {"n": 8, "one": True, "light": False}


def test_a_mesa_laid_out_differently_falls_back_to_its_own_initialisation(tmp_path):
    """A mesa whose agent module lacks Agent gets its package __init__ run: the light package never hands out a wrong class."""
    fake = tmp_path / "mesa"
    fake.mkdir()
    (fake / "__init__.py").write_text("from mesa.core import Agent, Model\n__version__ = '9.9'\n", encoding="utf-8")
    (fake / "core.py").write_text("class Agent: pass\nclass Model: pass\n", encoding="utf-8")
    (fake / "agent.py").write_text("# moved to mesa.core\n", encoding="utf-8")
    out = python("""
        import json
        import sim, mesa
        from sim import mesa_import
        light = mesa_import.is_light()
        agent = mesa.Agent
        print(json.dumps({"light_before": light, "module": agent.__module__, "version": mesa.__version__,
                          "light_after": mesa_import.is_light()}))
    """, path=[tmp_path])
    assert out == {"light_before": True, "module": "mesa.core", "version": "9.9", "light_after": False}


def test_the_event_log_is_the_same_on_the_light_and_the_full_package():
    """A five-day run logs the same sha256 with mesa light and with mesa fully imported first."""
    code = """
        import json, os, tempfile
        {first}
        from replays.runner import run_headless
        from sim import mesa_import
        with tempfile.TemporaryDirectory() as d:
            result = run_headless(None, seed=7, days=5, out=os.path.join(d, "r.jsonl"))
        print(json.dumps({{"light": mesa_import.is_light(), "sha": result.log_sha256}}))
    """
    light, full = python(code.format(first="import sim")), python(code.format(first="import mesa"))
    assert light["light"] is True and full["light"] is False
    assert light["sha"] == full["sha"]
