"""Scenarios as files: reading, validating, the schemas, command files and the MSEL spreadsheet exchange.

Everything that turns a user's file into something the engine can run, and back:

* :mod:`~sim.scenario.yamlsafe` — safe YAML with positions (no tags, no duplicate keys, bounded depth);
* :mod:`~sim.scenario.schemabase` and :mod:`~sim.scenario.schema` — the pydantic models (the JSON
  Schema for editors is generated from them);
* :mod:`~sim.scenario.loading` — loading and validating a scenario, every problem as
  ``file:line:col: path: message``, and the cross-references between its parts;
* :mod:`~sim.scenario.command_file` — command files checked against their scenario;
* :mod:`~sim.scenario.msel` — the MSEL to and from spreadsheets (HSEEP columns).

The names most callers need are importable from here (``from sim.scenario import load_scenario``).
"""

from typing import Any

_PUBLIC = ("MODELINE", "LoadedScenario", "ScenarioError", "format_problems", "load_commands", "load_scenario",
           "parse_commands", "parse_scenario", "read_text", "reference_problems")
__all__ = list(_PUBLIC)


def __getattr__(name: str) -> Any:
    """The public names, imported from :mod:`sim.scenario.loading` on first use.

    Lazily, so that importing a leaf module (``sim.scenario.schemabase``, which the population's specs
    use) does not import the loader, whose schema imports those specs in turn.
    """
    if name in _PUBLIC:
        from sim.scenario import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'sim.scenario' has no attribute {name!r}")
