"""The built-in catalogue: red techniques, blue responses, White's inject controls and the engine's target kinds.

Importing this package registers them with :mod:`sim.registry`. A new technique
or response is a function plus a registration call in one of these modules (or
in a new module imported here); the core loop does not change.
"""

from sim.catalogue import (  # noqa: F401  (registration)
    blue,
    blue_comms,
    blue_community,
    blue_diplomacy,
    blue_intel,
    blue_justice,
    blue_long_lead,
    blue_political,
    control,
    red,
    red_covert,
    red_diaspora,
    red_prepare,
    targets,
)
