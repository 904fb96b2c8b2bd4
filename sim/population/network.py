"""Social network generation for the synthetic population, stored as CSR arrays.

Every generator is O(edges) up to a sort of the edge keys, draws all its
randomness from the ``numpy.random.Generator`` it is given, and returns an
undirected simple graph (no self-loops, no multi-edges) as ``indptr`` /
``indices`` (int32) over nodes ordered by segment (segment ``s`` owns the
contiguous range ``starts[s]:starts[s + 1]``), then in generation order, so that
the arrays of one segment sit together in memory.

Models:

* ``sbm`` — stochastic block model over the segments (Holland, Laskey & Leinhardt
  1983, Social Networks 5:109), degree-corrected when the population gives per-citizen
  reach weights (Karrer & Newman 2011; :mod:`sim.population.activity`). With homophily ``h`` a citizen of segment ``r``
  has a share ``h + (1 - h) pi_r`` of its ties inside ``r`` and ``(1 - h) pi_s``
  in segment ``s``, so ``h = 0`` is random mixing and ``h = 1`` isolated
  segments. Block edge counts are Poisson, endpoints uniform inside the blocks.
* ``erdos_renyi`` — G(n, M) with ``M ~ Poisson(n k / 2)`` (Erdős & Rényi 1959).
* ``watts_strogatz`` — ring lattice with ``k/2`` neighbours each side, each edge's
  far end rewired with probability ``p`` (Watts & Strogatz 1998, Nature 393:440).
* ``barabasi_albert`` — preferential attachment with ``m = k/2`` links per new
  node (Barabási & Albert 1999, Science 286:509), generated with the
  edge-list copying method of Batagelj & Brandes 2005 (PRE 71:036113),
  vectorised by pointer jumping.
* ``complete`` — well-mixed: no edges are stored; the dynamics draw contacts
  uniformly from all other citizens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from sim.population.spec import NetworkSpec


@dataclass(frozen=True)
class Network:
    """An undirected social network in CSR form.

    Attributes:
        n: number of nodes.
        complete: True for the well-mixed population (``indptr``/``indices`` empty).
        indptr: int32 array of length ``n + 1``; node ``i``'s neighbours are
            ``indices[indptr[i]:indptr[i + 1]]``.
        indices: int32 neighbour ids, sorted within each row.
    """

    n: int
    complete: bool
    indptr: np.ndarray
    indices: np.ndarray

    @property
    def edges(self) -> int:
        """Number of undirected edges (``n (n - 1) / 2`` when complete)."""
        if self.complete:
            return self.n * (self.n - 1) // 2
        return int(self.indices.size // 2)

    def degree(self) -> np.ndarray:
        """Degree of every node (int32)."""
        if self.complete:
            return np.full(self.n, self.n - 1, dtype=np.int32)
        return np.diff(self.indptr).astype(np.int32)

    @property
    def nbytes(self) -> int:
        """Memory held by the CSR arrays."""
        return int(self.indptr.nbytes + self.indices.nbytes)


def build_network(spec: NetworkSpec, sizes: np.ndarray, rng: np.random.Generator,
                  reach: np.ndarray | None = None) -> Network:
    """Generate the network described by ``spec`` over segments of the given sizes.

    Args:
        spec: the scenario's network block.
        sizes: citizens per segment, in segment order (nodes are numbered segment by segment).
        rng: the only source of randomness.
        reach: for ``sbm``, per-citizen weights of mean 1 (:mod:`sim.population.activity`): endpoints
            are drawn in proportion to them, the degree-corrected SBM of Karrer & Newman 2011 (PRE
            83:016107). None: uniform endpoints, the plain SBM.

    Returns:
        The network; for ``complete`` no edges are stored.
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    n = int(sizes.sum())
    if spec.model == "complete":
        empty = np.zeros(0, dtype=np.int32)
        return Network(n=n, complete=True, indptr=empty, indices=empty)
    k = float(min(spec.mean_degree, n - 1))
    if spec.model == "sbm":
        u, v = _sbm_edges(sizes, k, spec.homophily, rng, reach)
    elif spec.model == "erdos_renyi":
        u, v = _uniform_pairs(0, n, 0, n, rng.poisson(n * k / 2.0), rng)
    elif spec.model == "watts_strogatz":
        u, v = _watts_strogatz_edges(n, k, spec.rewire, rng)
    elif spec.model == "barabasi_albert":
        u, v = _barabasi_albert_edges(n, k, rng)
    else:  # pragma: no cover - the schema's Literal keeps this out
        raise ValueError(f"unknown network model {spec.model!r}")
    return csr_from_edges(n, u, v)


def csr_from_edges(n: int, u: np.ndarray, v: np.ndarray) -> Network:
    """Build a simple undirected CSR graph from an edge list (duplicates and self-loops dropped).

    One in-place sort of int64 keys ``lo * n + hi`` removes multi-edges and gives
    the upper triangle in CSR order; scipy's O(edges) transpose and sum make it
    symmetric with sorted rows.
    """
    u = np.asarray(u)
    v = np.asarray(v)
    keep = u != v
    key = np.minimum(u[keep], v[keep]).astype(np.int64)
    hi = np.maximum(u[keep], v[keep])
    del u, v, keep
    key *= n
    key += hi
    del hi
    key.sort()
    if key.size:
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    if key.size * 2 > np.iinfo(np.int32).max:
        raise ValueError("network too large for int32 CSR")
    indptr_u = np.searchsorted(key, np.arange(n + 1, dtype=np.int64) * n).astype(np.int32)
    key %= n
    upper = sp.csr_array((np.ones(key.size, dtype=np.int8), key.astype(np.int32), indptr_u), shape=(n, n))
    del key, indptr_u
    full = (upper + upper.T).tocsr()
    del upper
    full.sort_indices()
    return Network(n=n, complete=False, indptr=full.indptr.astype(np.int32, copy=False),
                   indices=full.indices.astype(np.int32, copy=False))


def _uniform_pairs(a0: int, a1: int, b0: int, b1: int, m: int, rng: np.random.Generator):
    """``m`` endpoint pairs (int32), one uniform in [a0, a1), the other uniform in [b0, b1)."""
    m = int(m)
    u = rng.integers(a0, a1, size=m, dtype=np.int32)
    v = rng.integers(b0, b1, size=m, dtype=np.int32)
    return u, v


def _weighted_ends(lo: int, hi: int, m: int, cumulative: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``m`` node ids in [lo, hi) drawn in proportion to their weights (``cumulative``: running sums of all)."""
    base = cumulative[lo - 1] if lo > 0 else 0.0
    draw = base + rng.random(m) * (cumulative[hi - 1] - base)
    ids = np.searchsorted(cumulative, draw, side="right")
    return np.minimum(ids, hi - 1).astype(np.int32)  # a draw at the very top edge belongs to the last node


def _sbm_edges(sizes: np.ndarray, k: float, h: float, rng: np.random.Generator, reach: np.ndarray | None = None):
    n = int(sizes.sum())
    share = sizes / n
    starts = np.concatenate([[0], np.cumsum(sizes)])
    cumulative = np.cumsum(reach, dtype=np.float64) if reach is not None else None
    us, vs = [], []

    def pairs(a0, a1, b0, b1, m):
        if cumulative is None:
            return _uniform_pairs(a0, a1, b0, b1, m, rng)
        m = int(m)  # both ends by reach: the expected degree of i is reach_i times its segment's mean
        return _weighted_ends(a0, a1, m, cumulative, rng), _weighted_ends(b0, b1, m, cumulative, rng)

    for r in range(sizes.size):
        # Expected edges inside r: each member spends h + (1-h) pi_r of its k ties at home.
        m_rr = k * sizes[r] * (h + (1.0 - h) * share[r]) / 2.0
        u, v = pairs(starts[r], starts[r + 1], starts[r], starts[r + 1], rng.poisson(m_rr))
        us.append(u)
        vs.append(v)
        for s in range(r + 1, sizes.size):
            m_rs = k * (1.0 - h) * n * share[r] * share[s]
            u, v = pairs(starts[r], starts[r + 1], starts[s], starts[s + 1], rng.poisson(m_rs))
            us.append(u)
            vs.append(v)
    return np.concatenate(us), np.concatenate(vs)


def _watts_strogatz_edges(n: int, k: float, p: float, rng: np.random.Generator):
    half = max(1, int(round(k / 2.0)))
    half = min(half, (n - 1) // 2) or 1
    src = np.repeat(np.arange(n, dtype=np.int32), half)
    dst = src + np.tile(np.arange(1, half + 1, dtype=np.int32), n)
    dst[dst >= n] -= n
    rewire = rng.random(src.size) < p
    dst[rewire] = rng.integers(0, n, size=int(rewire.sum()), dtype=np.int32)
    return src, dst


def _barabasi_albert_edges(n: int, k: float, rng: np.random.Generator):
    m = max(1, int(round(k / 2.0)))
    m = min(m, n - 1)
    # Batagelj-Brandes: edge e (0-based) joins node v = m + e // m (seeds 0..m-1 form
    # the first targets) to the node at a uniformly chosen earlier position of the
    # flattened edge list, which picks nodes proportionally to degree.
    n_new = n - m
    e = np.arange(n_new * m, dtype=np.int64)
    src = m + e // m
    # Flattened list: position 2e holds src[e], position 2e+1 holds the target of e.
    # Seed the process with m virtual positions -(m)..-1 holding nodes 0..m-1: we
    # draw r uniform in [-m, 2e) so the first node attaches to the seeds.
    r = (rng.random(e.size) * (2 * e + m)).astype(np.int64) - m
    target = np.empty(e.size, dtype=np.int64)
    seed = r < 0
    target[seed] = r[seed] + m
    even = (~seed) & (r % 2 == 0)
    target[even] = src[r[even] // 2]
    # Odd positions copy the target of an earlier edge: resolve the chains by pointer jumping.
    pending = np.flatnonzero((~seed) & ~even)
    ptr = r[pending] // 2
    while pending.size:
        nxt = r[ptr]
        done_seed = nxt < 0
        done_even = (~done_seed) & (nxt % 2 == 0)
        done = done_seed | done_even
        target[pending[done_seed]] = nxt[done_seed] + m
        target[pending[done_even]] = src[nxt[done_even] // 2]
        keep = ~done
        pending = pending[keep]
        ptr = nxt[keep] // 2
    return src.astype(np.int32), target.astype(np.int32)
