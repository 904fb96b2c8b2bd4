"""How a state names the successor it sends for an expelled staff member.

One rule, used where successors are made (:meth:`agents.state_actor.StateActor`) and where a command
file may name one before any run (:mod:`sim.scenario.command_file`): ``X`` is replaced by ``X-2``,
``X-2`` by ``X-2x``, ``X-2x`` by ``X-2x-2``, and so on; every step can be walked back.
"""

from __future__ import annotations


def successor_id(staff: str) -> str:
    """The id of the successor a state sends for ``staff``."""
    return f"{staff}-2" if not staff.endswith("-2") else f"{staff}x"


def predecessor_id(name: str) -> str | None:
    """The id ``name`` is the successor of, or None if it is nobody's successor by the rule."""
    if name.endswith("-2x"):
        return name[:-1]
    if name.endswith("-2") and not name[:-2].endswith("-2"):
        return name[:-2]
    return None
