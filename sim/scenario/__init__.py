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

from sim.scenario.loading import (  # noqa: F401  (the package's public names)
    MODELINE,
    LoadedScenario,
    ScenarioError,
    format_problems,
    load_commands,
    load_scenario,
    parse_commands,
    parse_scenario,
    read_text,
    reference_problems,
)
