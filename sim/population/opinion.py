"""Deffuant-Weisbuch bounded-confidence opinion dynamics, and the pull of wedge narratives.

Deffuant, Neau, Amblard & Weisbuch 2000 (Adv. Complex Syst. 3:87): a pair
``(i, j)`` — an edge of the network, or two random citizens when well-mixed —
with ``|x_i - x_j| < d`` moves together: ``x_i += mu (x_j - x_i)``,
``x_j += mu (x_i - x_j)``. ``mu`` changes the speed, not the number of clusters;
the number of clusters falls as ``d`` grows (about ``1 / (2d)``), and complete
consensus holds for ``d >= 1/2`` (Fortunato 2004, IJMPC 15:1301; Lanchier 2012,
Ann. Appl. Probab. 22:860).

The model is defined by random *sequential* pair updates. Here a batch of pairs
is applied at once, but every batch is a matching (no citizen appears twice), so
the updates in a batch commute and the result is exactly that of applying them
one after the other: the vectorised run is a faithful sequential run.

Rate: ``interactions_per_day`` is the number of interactions each citizen takes
part in per day, so the population has ``N * rate / 2`` pair interactions a day.
Well-mixed batches are random matchings; on a network a random citizen picks a
random neighbour (the usual node-then-neighbour sampling), and proposals that
share a citizen with a later proposal in the same batch are retried.

Wedge narratives (our addition, documented in :mod:`sim.population.population`):
each believer of a narrative with ``wedge > 0`` is pulled toward its ``stance`` at
``WEDGE_RATE * wedge`` per day.
"""

from __future__ import annotations

import math

import numpy as np

from sim.population.network import Network
from sim.population.spec import OpinionSpec

WEDGE_RATE = 0.3
"""Per-day pull of a believer's opinion toward a narrative's stance at wedge = 1."""


class Opinions:
    """Opinions of every citizen on the scenario's polarising axis.

    Attributes:
        x: float32 opinions in [0, 1].
        spec: the scenario's opinion block.
        owed: pair interactions due but not yet done (carries fractions between steps).
        last_change: largest opinion change made in the last step (0 when nothing moved).
    """

    def __init__(self, x: np.ndarray, spec: OpinionSpec, network: Network, scratch: np.ndarray | None = None) -> None:
        self.x = x
        self.spec = spec
        self.network = network
        self.owed = 0.0
        # Unknown before the first step, so a fresh population counts as active.
        self.last_change = math.inf
        self._owner = scratch if scratch is not None else np.zeros(network.n, dtype=np.int32)

    def step(self, days: float, rng: np.random.Generator) -> None:
        """Run the pair interactions due in ``days``."""
        n = self.x.size
        self.last_change = 0.0
        if n < 2 or self.spec.interactions_per_day <= 0:
            return
        self.owed += n * self.spec.interactions_per_day * days / 2.0
        max_batch = n // 2 if self.network.complete else max(1, n // 8)
        # On a network a batch loses the proposals that collide; rather than chasing
        # the last few in ever smaller batches (each a fixed numpy overhead), a step
        # makes at most one retry and carries what is still owed into the next step,
        # so the long-run rate is exact.
        rounds = 0
        while self.owed >= 1.0 and (self.network.complete or rounds < 2 or self.owed > max_batch):
            m = min(int(self.owed), max_batch)
            if self.network.complete:
                done = self._batch_complete(m, rng)
            else:
                done = self._batch_network(m, rng)
            self.owed -= done
            rounds += 1
            if done == 0:  # nobody has a neighbour
                self.owed = 0.0

    def _batch_complete(self, m: int, rng: np.random.Generator) -> int:
        picks = rng.choice(self.x.size, size=2 * m, replace=False)
        self._apply(picks[:m], picks[m:])
        return m

    def _batch_network(self, m: int, rng: np.random.Generator) -> int:
        indptr, indices = self.network.indptr, self.network.indices
        n = self.x.size
        # Stratified initiators: one uniform pick in each of m equal strata of ids. Every
        # citizen initiates with the same probability m/n and nobody twice, and the ids
        # come out sorted, so the CSR look-ups below stream through memory instead of
        # jumping (the network's row order is the node order).
        i = ((np.arange(m, dtype=np.float64) + rng.random(m)) * (n / m)).astype(np.int32)
        start = indptr[i]
        deg = indptr[1:][i] - start
        if not deg.all():
            has = deg > 0
            i, start, deg = i[has], start[has], deg[has]
            if i.size == 0:
                return 0
        j = indices[start + (rng.random(i.size, dtype=np.float32) * deg).astype(np.int32)]
        # Keep a proposal only if it is the last writer on both its citizens: the kept
        # pairs form a matching; the rest are owed again.
        k = np.arange(i.size, dtype=np.int32)
        owner = self._owner
        owner[i] = k
        owner[j] = k
        ok = owner[i] == k
        ok &= owner[j] == k
        self._apply(i[ok], j[ok])
        return int(np.count_nonzero(ok))

    def _apply(self, i: np.ndarray, j: np.ndarray) -> None:
        x = self.x
        xi = x[i]
        xj = x[j]
        d = xj - xi
        step = np.where(np.abs(d) < self.spec.confidence, d * np.float32(self.spec.convergence), np.float32(0.0))
        x[i] = xi + step
        x[j] = xj - step
        if step.size:
            self.last_change = max(self.last_change, float(np.abs(step).max()))

    def pull(self, who: np.ndarray, stance: float, wedge: float, days: float) -> None:
        """Pull the opinions of ``who`` toward ``stance`` (a wedge narrative they believe)."""
        if who.size == 0 or wedge <= 0:
            return
        frac = np.float32(1.0 - math.exp(-WEDGE_RATE * wedge * days))
        xs = self.x[who]
        delta = frac * (np.float32(stance) - xs)
        self.x[who] = xs + delta
        self.last_change = max(self.last_change, float(np.abs(delta).max()))
