"""Filling the registries: import the packages that register things, then check the catalogue.

``sim`` never imports the ``agents`` package or the built-in catalogue by name at module level
(dependencies point ``agents -> sim``); :func:`load_plugins` imports them when the first exercise,
schema or reader needs them, and runs the conformance check (:mod:`sim.conformance`) whenever the
registries changed since it last passed, so a plugin registered later is checked too.
"""

from __future__ import annotations

import importlib

from sim import registry

PLUGIN_PACKAGES: tuple[str, ...] = ("agents", "sim.catalogue", "sim.doctrine", "sim.exercise_events", "sim.injects")
"""Packages imported (once) to fill the registries."""

_loaded = False
_checked = -1  # the registry version the conformance check last passed


def load_plugins() -> None:
    """Import the packages that fill the registries (once), then check the catalogue if it changed.

    Raises:
        sim.conformance.CatalogueError: an entry refers to something that is not registered, or a
            tag is outside its vocabulary (each problem names the entry and the field).
    """
    global _loaded, _checked
    if not _loaded:
        for name in PLUGIN_PACKAGES:
            importlib.import_module(name)
        _loaded = True
    if _checked != registry._version:
        from sim.conformance import check_catalogue

        check_catalogue()
        _checked = registry._version
