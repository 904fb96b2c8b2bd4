"""Weerbaar's agents: state actors, diaspora groups, media outlets, platforms, government bodies, partners.

Importing this package registers every agent kind with :mod:`sim.registry`; the
exercise builds agents from the ``actors:`` of a scenario through that registry.
"""

from agents import (  # noqa: F401  (registration)
    diaspora_group,
    government_body,
    media_outlet,
    parliament,
    partner,
    platform,
    state_actor,
)
