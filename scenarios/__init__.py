"""The bundled scenarios and a tiny locator for them.

Scenario files are package data (``*.yaml`` beside this module), so an installed
weerbaar finds them without the source tree. A scenario's bundled command file,
if any, is ``<id>.commands.yaml``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SCENARIO = "municipal-elections"
SCHEMA_FILE = HERE / "scenario.schema.json"


def bundled() -> dict[str, Path]:
    """Bundled scenario ids and their files, sorted by id."""
    return {p.stem: p for p in sorted(HERE.glob("*.yaml")) if not p.name.endswith(".commands.yaml")}


def commands_for(scenario_id: str) -> Path | None:
    """The bundled command file of a scenario, if there is one."""
    path = HERE / f"{scenario_id}.commands.yaml"
    return path if path.exists() else None


def resolve_scenario(ref: str | Path | None) -> Path:
    """A bundled id or a path to a scenario file; None means the default scenario.

    Raises:
        FileNotFoundError: neither a bundled id nor an existing file, with the bundled ids listed.
    """
    if ref is None:
        ref = DEFAULT_SCENARIO
    table = bundled()
    if str(ref) in table:
        return table[str(ref)]
    path = Path(ref)
    if path.exists():
        return path
    from sim.names import suggest

    from sim.i18n import M_

    raise FileNotFoundError(M_("{ref}: no such scenario file or bundled scenario{hint} (bundled: {bundled})",
                               ref=str(ref), hint=suggest(str(ref), table),
                               bundled=", ".join(table) if table else M_("none")))
