"""Attribution under ambiguity: suspects, evidence items, and who holds which.

Several suspects could be behind what the bodies see: the state actors of the scenario and the
scenario's other ``suspects`` (a domestic group, a commercial troll farm, a proxy of the real
actor; :data:`DEFAULT_SUSPECTS` when it names none). Each piece of evidence is an **item** with an id
(``det:op3:aivd``: body aivd's detection of op3), the suspect it points at, and its weight as a
log-likelihood ratio. A holder (a cell, or a partner) has the items it collected or was given, and
its confidence that suspect ``s`` is behind the campaign is the posterior from a uniform prior::

    P(s) = exp(L_s) / (exp(L_s) + sum_{k rival of s} exp(L_k)),    L_s = sum of the weights of its items pointing at s

(Bayes with independent items; with two suspects this is the logistic posterior of a sequential
probability ratio test, Wald 1945). A state's rivals are the suspects that are not states (several
states can each run part of a campaign); anyone else's rivals are all other suspects. Because items have ids, sharing is a union: evidence shared
twice, or passed on, is not counted twice.

What makes it hard, as in practice (Rid & Buchanan 2015, *Attributing Cyber Attacks*, J. Strategic
Studies 38:4): a detection shows what happened more than who did it, so its trace points at the real
actor only :data:`TRACE_TRUE_SHARE` of the time and at another suspect otherwise; an operation can
carry a **false flag** planted by red, so its trace points at the decoy; and false signals point
anywhere. Evidence for the real actor builds slowly, and a cell's confidence can stall well below the
bar for a public attribution. An **investigation** (:mod:`sim.catalogue.blue`) works on the signals
the cell holds: each day it adds evidence for the investigated actor for each operation of that actor
the cell knows of, and may unmask a false flag; with no signals it finds nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TRACE_TRUE_SHARE = 0.5
"""Share of detections whose technical trace points at the real actor (the rest point at another suspect)."""

LLR_TRACE = 0.4
"""Weight of one detection's trace (a likelihood ratio of about 1.5)."""

LLR_FALSE_FLAG = 0.8
"""Weight of a planted false flag: made to be found, it reads as stronger than an ordinary trace."""

LLR_INVESTIGATION_PER_SIGNAL_DAY = 0.12
"""Evidence one day of investigation adds per operation of the investigated actor the cell knows of."""

INVESTIGATION_SIGNALS_CAP = 3
"""An investigation works on at most this many signals at once."""

UNMASK_PER_DAY = 0.12
"""Chance per day that an investigation unmasks a false flag on an operation the cell knows of."""

DEFAULT_SUSPECTS = (
    ("domestic-group", "a domestic activist group", "domestic_group"),
    ("troll-farm", "a commercial troll farm", "troll_farm"),
)
"""Suspects a scenario that names none gets besides its state actors: (id, name, kind)."""


def declared_suspect_ids(scenario) -> list[str]:
    """The ids of a scenario's suspects besides its state actors (the defaults if it names none)."""
    return [s.id for s in scenario.suspects] or [i for i, _, _ in DEFAULT_SUSPECTS]


@dataclass(frozen=True)
class Suspect:
    """Someone who could be behind the campaign.

    Attributes:
        id: suspect id (a state actor's id, or the scenario's).
        name: display name.
        kind: ``state``, ``domestic_group``, ``troll_farm`` or ``proxy``.
        state: for a state actor, its own id; for a proxy, the state it works for ("" otherwise).
    """

    id: str
    name: str
    kind: str
    state: str = ""


class EvidenceBook:
    """All evidence items and who holds them.

    Attributes:
        suspects: suspects by id, in scenario order.
        items: item id -> (suspect, weight).
        held: holder -> item ids it holds.
    """

    def __init__(self, suspects: list[Suspect]) -> None:
        self.suspects = {s.id: s for s in suspects}
        self.items: dict[str, tuple[str, float]] = {}
        self.held: dict[str, set[str]] = {}

    def add(self, item: str, suspect: str, weight: float, holders) -> None:
        """Record item ``item`` (pointing at ``suspect`` with ``weight``) and give it to ``holders``."""
        self.items.setdefault(item, (suspect, float(weight)))
        for holder in holders:
            self.held.setdefault(holder, set()).add(item)

    def retract(self, item: str, holders) -> None:
        """``holders`` learn that ``item`` was misleading (a false flag unmasked): they drop it."""
        for holder in holders:
            self.held.get(holder, set()).discard(item)

    def share(self, giver: str, receivers) -> int:
        """Give ``receivers`` every item ``giver`` holds; returns how many items that is."""
        mine = self.held.get(giver, set())
        for receiver in receivers:
            self.held.setdefault(receiver, set()).update(mine)
        return len(mine)

    def weights(self, holder: str) -> dict[str, float]:
        """Summed weight per suspect of what ``holder`` holds (every suspect listed)."""
        totals = dict.fromkeys(self.suspects, 0.0)
        for item in sorted(self.held.get(holder, ())):
            suspect, weight = self.items[item]
            if suspect in totals:
                totals[suspect] += weight
        return totals

    def confidence(self, holder: str, suspect: str) -> float:
        """``holder``'s posterior that ``suspect`` is behind the campaign, against its rivals (uniform prior).

        A state's rivals are the suspects that are not states: several states can each be behind
        part of a campaign, so evidence against one does not clear another. Any other suspect's
        rivals are everyone else.
        """
        return self._confidence(self.weights(holder), suspect)

    def _confidence(self, weights: dict[str, float], suspect: str) -> float:
        if suspect not in weights:
            return 0.0
        state = self.suspects[suspect].kind == "state"
        rivals = [w for k, w in weights.items() if k != suspect and not (state and self.suspects[k].kind == "state")]
        top = max(weights[suspect], *rivals) if rivals else weights[suspect]
        mine = math.exp(weights[suspect] - top)
        return mine / (mine + sum(math.exp(w - top) for w in rivals))

    def posterior(self, holder: str) -> dict[str, float]:
        """``holder``'s confidence in each suspect (see :meth:`confidence`)."""
        weights = self.weights(holder)
        return {s: self._confidence(weights, s) for s in self.suspects}

    def leading(self, holder: str) -> tuple[str, float]:
        """``holder``'s leading suspect and its confidence (ties: scenario order)."""
        posterior = self.posterior(holder)
        if not posterior:
            return "", 0.0
        order = list(self.suspects)
        best = max(posterior, key=lambda s: (posterior[s], -order.index(s)))
        return best, posterior[best]
