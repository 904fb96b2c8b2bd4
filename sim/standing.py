"""Standing effects: what responses leave in place against red techniques, read by the techniques.

A response that takes effect once but keeps working (a ban on foreign donations, a reporting line
for diaspora members, cyber hardening) writes here; a technique asks here how much of its effect gets
through, how visible it is, and whether it is closed as soon as it is detected. Keys are a technique
name (against every actor) or ``actor:technique`` (against one actor); effects compound.

This is the one interface between the catalogue's responses and its techniques. State that belongs to
a single response (running investigations, the latest debunk of each narrative) lives in the module
of that response, in :meth:`sim.exercise.Exercise.state_of`.
"""

from __future__ import annotations


class StandingEffects:
    """Barriers, exposure and closures against red techniques.

    Attributes:
        barriers: key -> share of the technique's effect that still gets through (1 = unhindered).
        exposure: key -> how many times more visible the technique is than its base signature.
        closures: technique flags (``intrusion``) closed as soon as an operation with them is detected.
    """

    def __init__(self) -> None:
        self.barriers: dict[str, float] = {}
        self.exposure: dict[str, float] = {}
        self.closures: set[str] = set()

    def through(self, actor: str, technique: str) -> float:
        """Share of ``actor``'s ``technique`` that gets past the barriers (0-1)."""
        return self.barriers.get(technique, 1.0) * self.barriers.get(f"{actor}:{technique}", 1.0)

    def visibility(self, actor: str, technique: str) -> float:
        """How many times more visible ``actor``'s ``technique`` is than its base signature (>= 1)."""
        return self.exposure.get(technique, 1.0) * self.exposure.get(f"{actor}:{technique}", 1.0)

    def hinder(self, key: str, keep: float) -> float:
        """Let only ``keep`` of what still gets through pass (barriers compound); returns the new share."""
        self.barriers[key] = self.barriers.get(key, 1.0) * min(1.0, max(0.0, keep))
        return self.barriers[key]

    def expose(self, key: str, factor: float) -> float:
        """Make a technique ``factor`` times more visible (at least 1); returns the new factor."""
        self.exposure[key] = self.exposure.get(key, 1.0) * max(1.0, factor)
        return self.exposure[key]

    def lift(self, key: str, keep: float, factor: float = 1.0) -> None:
        """Undo a temporary :meth:`hinder` by ``keep`` and :meth:`expose` by ``factor`` (a measure that ended)."""
        if key in self.barriers and 0.0 < keep < 1.0:
            self.barriers[key] /= keep
        if key in self.exposure and factor > 1.0:
            self.exposure[key] /= factor

    def close_on_detection(self, flag: str) -> None:
        """From now on, operations of techniques with ``flag`` end as soon as they are detected."""
        self.closures.add(flag)

    def closes_on_detection(self, technique) -> bool:
        """Whether a detected operation of ``technique`` (a :class:`~sim.techniques.Technique`) is closed."""
        return any(flag in self.closures for flag in technique.flags())
