"""Government bodies and municipalities: capacity, information position, and the search for red activity.

A body carries out its cells' orders with its capacity (staff-days per day,
banked up to a few days) and searches for red operations every tick. Its search
effort is its information position, multiplied by any investigations it runs and
by partner information sharing (see :mod:`sim.detection` for the model and its
calibration).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.actions import Capacity
from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.detection import INVESTIGATION_EFFORT, LLR_NOISE, NOISE_SIGNALS_PER_DAY, detection_probability
from sim.eventkinds import event_kind
from sim.registry import TECHNIQUES, register_agent_kind, register_target_kind
from sim.scenario.schemabase import Unit


class GovernmentBodySpec(ActorSpecBase):
    """A government body (ministry, service, municipality).

    Attributes:
        capacity: staff-days available per day for orders.
        bank_days: days' worth of capacity that can be banked (two by default: a crisis cannot be met from savings).
        info_position: search effort for red activity (0-1).
        municipality: whether it is a municipality (municipal tracks apply).
    """

    kind: Literal["government_body"]
    capacity: float = Field(default=10.0, gt=0, le=1000)
    bank_days: float = Field(default=2.0, ge=1, le=30)
    info_position: Unit = 0.3
    municipality: bool = False


event_kind("noise", "tells White that a detection was a false signal", fields=("signal",), audience="white",
           wording="{target} reported by {source} was a false signal (noise)", topics=("red",))
register_target_kind("body", "a government body")


@register_agent_kind("government_body", GovernmentBodySpec, order=10, provides=("body",), map_column=3, colour=(52, 86, 124))
class GovernmentBody(WeerbaarAgent):
    """A government body.

    Attributes:
        capacity: staff-days state.
        investigating: investigations running into each actor (search effort triples while any runs).
        info_bonus: added information position from partner sharing and signal sharing.
    """

    spec: GovernmentBodySpec

    def __init__(self, model, spec: GovernmentBodySpec) -> None:
        super().__init__(model, spec)
        self.capacity = Capacity(spec.capacity, spec.bank_days)
        self.investigating: dict[str, int] = {}
        self.info_bonus = 0.0

    def targetable(self) -> bool:
        return True

    def effort(self, actor: str) -> float:
        """Search effort multiplier against ``actor``'s operations: tripled while investigating it."""
        return INVESTIGATION_EFFORT if self.investigating.get(actor, 0) > 0 else 1.0

    @property
    def info_position(self) -> float:
        """Current information position (0-1)."""
        return min(1.0, self.spec.info_position + self.info_bonus)

    def start(self) -> None:
        self.model.env.process(self._search())

    def _search(self):
        ex = self.model
        while True:
            yield ex.env.timeout(ex.tick_hours)
            for op in ex.active_operations():
                if self.actor_id in op.detected_by:
                    continue
                effort = self.info_position * self.effort(op.actor)
                signature = TECHNIQUES[op.technique].signature * ex.signature_factor(op)
                p = detection_probability(effort, signature, ex.tick_hours)
                if ex.detection_rng.random() < p:
                    ex.record_detection(self.actor_id, op)
            # Noise: a body with a poor information position also sees things that are not there.
            rate = NOISE_SIGNALS_PER_DAY * (1.0 - self.info_position) * ex.tick_hours / 24.0
            if ex.detection_rng.random() < rate:
                self._noise_signal()

    def _noise_signal(self) -> None:
        """Log a false signal that looks like a detection to the body's cells and misleads attribution."""
        ex = self.model
        suspects = list(ex.evidence.suspects)
        techniques = sorted({t for a in ex.actors_of("state_actor") for t in a.spec.techniques})
        if not suspects or not techniques:
            return
        # A false signal points at any suspect, or as often at nobody in particular ("unknown");
        # when it points at someone it is evidence that is not evidence.
        candidates = [*suspects, *(["unknown"] * len(suspects))]
        points_to = candidates[int(ex.detection_rng.integers(len(candidates)))]
        technique = techniques[int(ex.detection_rng.integers(len(techniques)))]
        signal = f"sig{len(ex.log)}"
        cells = ex.cells_of_body(self.actor_id)
        if points_to != "unknown":
            ex.evidence.add(f"noise:{signal}", points_to, LLR_NOISE, cells)
        suspected, confidence = ex.suspicion(cells[0]) if cells else ("unknown", 0.0)
        ex.log_event("detection", source=self.actor_id, target="",
                     payload={"operation": signal, "technique": technique, "suspected": suspected,
                              "confidence": confidence, "points_to": points_to,
                              "summary": TECHNIQUES[technique].summary},
                     visible_to=cells, tags=TECHNIQUES[technique].tags())
        ex.log_event("noise", source=self.actor_id, target=signal, payload={"signal": signal},
                     visible_to=["white"])

    def snapshot(self) -> dict:
        return {**super().snapshot(), "capacity": round(self.capacity.available, 1),
                "info_position": round(self.info_position, 3)}
