"""Weerbaar's agents: state actors, media outlets, platforms and government bodies.

Importing this package registers every agent kind with :mod:`sim.registry`; the
exercise builds agents from the ``actors:`` of a scenario through that registry.
"""

from agents import government_body, media_outlet, platform, state_actor  # noqa: F401  (registration)
