"""Social network generation for the synthetic population, stored as CSR arrays.

Every generator is O(edges + nodes), draws all its randomness from the
``numpy.random.Generator`` it is given, and returns an undirected simple graph (no
self-loops, no multi-edges) as ``indptr`` / ``indices`` (int32) over nodes ordered
by segment (segment ``s`` owns the contiguous range ``starts[s]:starts[s + 1]``),
so that the arrays of one segment sit together in memory; inside a segment in
generation order, except the heavy-tailed ``sbm``, renumbered for locality once its
edges are drawn: most connected first (:func:`locality_order`; ``Network.order``
says who was who).

Models:

* ``sbm`` — stochastic block model over the segments (Holland, Laskey & Leinhardt
  1983, Social Networks 5:109), degree-corrected when the population gives per-citizen
  reach weights (Karrer & Newman 2011; :mod:`sim.population.activity`). With homophily ``h`` a citizen of segment ``r``
  has a share ``h + (1 - h) pi_r`` of its ties inside ``r`` and ``(1 - h) pi_s``
  in segment ``s``, so ``h = 0`` is random mixing and ``h = 1`` isolated
  segments. Block edge counts are Poisson, endpoints uniform inside the blocks
  (by reach, from a guide table, when degree-corrected).
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

from dataclasses import dataclass, replace

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
        order: when the nodes were renumbered for locality (:func:`locality_order`), the generation id
            of each node (int32: node ``i`` was drawn as ``order[i]``, so per-node inputs such as the
            reach weights follow as ``weights[order]``); None when they keep their generation order.
    """

    n: int
    complete: bool
    indptr: np.ndarray
    indices: np.ndarray
    order: np.ndarray | None = None

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
    order = None
    if spec.model == "sbm":
        u, v = _sbm_edges(sizes, k, spec.homophily, rng, reach)
        if reach is not None:
            # Heavy-tailed reach: hubs first in each segment, where most neighbour look-ups land.
            order = locality_order(n, u, v, np.concatenate(([0], np.cumsum(sizes))))
            relabel(order, u, v)
    elif spec.model == "erdos_renyi":
        u, v = _uniform_pairs(0, n, 0, n, rng.poisson(n * k / 2.0), rng)
    elif spec.model == "watts_strogatz":
        u, v = _watts_strogatz_edges(n, k, spec.rewire, rng)
    elif spec.model == "barabasi_albert":
        u, v = _barabasi_albert_edges(n, k, rng)
    else:  # pragma: no cover - the schema's Literal keeps this out
        raise ValueError(f"unknown network model {spec.model!r}")
    ends = [u, v]
    del u, v  # the CSR build frees the edge list once it is laid out
    network = _csr_from_owned(n, ends)
    return network if order is None else replace(network, order=order)


def locality_order(n: int, u: np.ndarray, v: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """A numbering for locality: within each segment, nodes by degree, most connected first (stable).

    The generation id of each new id (int32), a permutation that keeps every segment's id range
    ``starts[s]:starts[s + 1]``. Why degree: a contact, a Deffuant-Weisbuch partner and a neighbour
    counted for a belief are each the far end of a random link, so they land on a node in proportion
    to its degree; in a heavy-tailed society the best-connected 10% hold about 65% of the link ends
    (:mod:`sim.population.activity`), and numbered first they are a block of each per-citizen array
    small enough to stay in cache (7 MB of a float32 array at 1.75x10^7 citizens) instead of being
    scattered through all of it. A random graph's links have no shorter numbering to offer (a
    bandwidth-reducing order such as reverse Cuthill-McKee gains little on an expander), but its hubs
    do. Degrees are counted on the drawn edge list (repeats and self-loops included): a heuristic, any
    permutation is correct. O(n + edges): a radix sort of 16-bit keys when degrees allow.
    """
    degree = np.bincount(u, minlength=n)
    degree += np.bincount(v, minlength=n)
    order = np.empty(n, dtype=np.int32)
    for a, b in zip(starts[:-1].tolist(), starts[1:].tolist()):
        if b <= a:
            continue
        d = degree[a:b]
        top = int(d.max())
        key = top - d  # most connected first; numpy's stable sort of 16-bit keys is a radix sort
        order[a:b] = np.argsort(key.astype(np.uint16) if top < 2**16 else key, kind="stable") + a
    return order


def relabel(order: np.ndarray, *ends: np.ndarray) -> None:
    """Rewrite edge-end arrays (int32, in place) from generation ids to the numbering ``order`` gives."""
    new_id = np.empty(order.size, dtype=np.int32)
    new_id[order] = np.arange(order.size, dtype=np.int32)
    for end in ends:
        for lo in range(0, end.size, _CHUNK):
            end[lo:lo + _CHUNK] = new_id[end[lo:lo + _CHUNK]]


def csr_from_edges(n: int, u: np.ndarray, v: np.ndarray) -> Network:
    """Build a simple undirected CSR graph from an edge list (duplicates and self-loops dropped).

    O(edges + n): scipy's counting sort lays the edges out by their first end (``coo -> csr``, which
    merges repeated pairs), its O(edges) transpose gives the other direction, and the sum of the two is
    the symmetric graph with sorted rows; self-loops are stored as zeros and dropped. (A sort of int64
    pair keys did this before, in O(edges log edges) and more memory.)
    """
    return _csr_from_owned(n, [np.asarray(u), np.asarray(v)])


def _csr_from_owned(n: int, ends: list[np.ndarray]) -> Network:
    """:func:`csr_from_edges` on ``ends = [u, v]``, which it empties as soon as they are laid out.

    At the peak (the symmetric sum) only the half-graph, its transpose and the result are held: the
    edge list is gone, 56 bytes per link instead of 72 (memory per citizen is a target, issue 17).
    """
    u, v = ends
    if u.size * 2 > np.iinfo(np.int32).max:
        raise ValueError("network too large for int32 CSR")
    keep = u != v  # a self-loop's entry is False: a stored zero, eliminated below
    upper = sp.coo_array((keep, (u, v)), shape=(n, n)).tocsr()
    ends.clear()
    del u, v, keep
    upper.eliminate_zeros()
    full = (upper + upper.T.tocsr()).tocsr()
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


class _WeightedSampler:
    """Draws ids of one id range in proportion to their weights, in O(1) expected time a draw.

    The guide table of Chen & Asau 1974 (J. Chin. Inst. Eng. 17:1): the cumulative weights ``F`` (scaled
    to end at 1) and, for each of ``G`` equal cells of [0, 1), the first id whose ``F`` passes the cell's
    start. A uniform ``x`` starts at its cell's guide and steps up while ``F <= x``, fewer than two steps on
    average with one cell per id: two look-ups a draw where a binary search over the cumulative weights
    makes ~25 dependent cache misses (the build's cost at 10^7 citizens). The id drawn is the first whose
    ``F`` exceeds ``x``, exactly as that binary search gives.
    """

    def __init__(self, lo: int, weights: np.ndarray) -> None:
        self.lo = lo
        cum = np.cumsum(weights, dtype=np.float64)
        self.cum = cum / cum[-1]
        self.cum[-1] = 1.0  # every x < 1 lands inside the range
        self.cells = weights.size
        self.guide = np.searchsorted(self.cum, np.arange(self.cells, dtype=np.float64) / self.cells,
                                     side="right").astype(np.int32)

    def draw(self, m: int, rng: np.random.Generator) -> np.ndarray:
        """``m`` ids (int32)."""
        x = rng.random(m)
        cell = (x * self.cells).astype(np.int64)
        np.minimum(cell, self.cells - 1, out=cell)
        ids = self.guide[cell]
        del cell
        behind = np.flatnonzero(self.cum[ids] <= x)
        while behind.size:
            ids[behind] += 1
            behind = behind[self.cum[ids[behind]] <= x[behind]]
        ids += np.int32(self.lo)
        return ids


def _sbm_edges(sizes: np.ndarray, k: float, h: float, rng: np.random.Generator, reach: np.ndarray | None = None):
    """The SBM's edge list: Poisson edge counts per block, then each block's endpoints (uniform or by reach)."""
    n = int(sizes.sum())
    share = sizes / n
    starts = np.concatenate([[0], np.cumsum(sizes)])
    blocks = []
    for r in range(sizes.size):
        # Expected edges inside r: each member spends h + (1-h) pi_r of its k ties at home.
        blocks.append((r, r, rng.poisson(k * sizes[r] * (h + (1.0 - h) * share[r]) / 2.0)))
        for s in range(r + 1, sizes.size):
            blocks.append((r, s, rng.poisson(k * (1.0 - h) * n * share[r] * share[s])))
    total = int(sum(m for _, _, m in blocks))
    # One pair of arrays filled block by block: no per-block pieces concatenated (twice the memory).
    u = np.empty(total, dtype=np.int32)
    v = np.empty(total, dtype=np.int32)
    samplers = ([_WeightedSampler(int(starts[r]), reach[starts[r]:starts[r + 1]]) for r in range(sizes.size)]
                if reach is not None else None)
    at = 0
    for r, s, m in blocks:
        m = int(m)
        for lo in range(0, m, _CHUNK):  # chunks bound the draws' float64 scratch
            c = min(_CHUNK, m - lo)
            if samplers is None:
                u[at:at + c], v[at:at + c] = _uniform_pairs(starts[r], starts[r + 1], starts[s], starts[s + 1], c, rng)
            else:  # both ends by reach: the expected degree of i is reach_i times its segment's mean
                u[at:at + c] = samplers[r].draw(c, rng)
                v[at:at + c] = samplers[s].draw(c, rng)
            at += c
    return u, v


_CHUNK = 1 << 22
"""Edges drawn at a time (the float64 uniforms of a chunk are 32 MiB)."""


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
