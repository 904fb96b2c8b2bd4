"""The synthetic citizen population: arrays of citizens, a social network, narratives, opinions and trust.

See :mod:`sim.population.population` for the facade and the modules it lists for
each mechanism and its source.
"""

from sim.population.population import Population
from sim.population.spec import NarrativeSpec, NetworkSpec, OpinionSpec, PopulationSpec, SegmentSpec, TrustSpec

__all__ = [
    "Population",
    "PopulationSpec",
    "SegmentSpec",
    "NetworkSpec",
    "OpinionSpec",
    "TrustSpec",
    "NarrativeSpec",
]
