"""mesa's ``Agent`` and ``Model`` without mesa's package initialisation.

Why: ``import mesa`` runs ``mesa/__init__.py``, which imports ``mesa.space``,
``mesa.discrete_space``, ``mesa.experimental``, ``mesa.batchrunner`` and
``mesa.datacollection`` -- and through them ``scipy.spatial``, ``scipy.optimize``
and pandas. A Weerbaar exercise uses two of mesa's modules, ``mesa.agent`` and
``mesa.model`` (numpy and the standard library only), so the package
initialisation was about a third of a ``weerbaar run`` (0.5 s of imports).

How: :func:`install` puts a *light* ``mesa`` package into ``sys.modules`` before
anything imports mesa: a module object made from mesa's own import spec (so its
``__path__``, ``__file__`` and ``__spec__`` are mesa's and ``import mesa.agent``
finds the real files) whose ``__init__.py`` has not run. Its ``Agent`` and
``Model`` are looked up on first use in the real ``mesa.agent`` and ``mesa.model``
modules and bound on the package, as ``mesa/__init__.py`` binds them. Every
``import mesa`` after that gets this package: the agents stay mesa agents
(``mesa.Agent``) in a ``mesa.Model``.

Completing it: the first lookup of a name the light package lacks
(``mesa.DataCollector``, ``from mesa import batch_run``, ``mesa.__version__``,
``dir(mesa)``) runs mesa's real ``__init__.py`` in the same module object, with
mesa's own loader, and turns the module back into a plain module. Since
``mesa.agent`` and ``mesa.model`` are already in ``sys.modules``, the real
initialisation binds the *same* classes, so code that needs all of mesa (the
population benchmark's idiomatic mesa model, tests) can still ``import mesa`` in
the same process and gets what it would have got without the light package.
Submodule imports (``import mesa.space``) work at any time without completing it.

When mesa was imported before :func:`install` runs, :func:`install` does nothing.
When ``Agent`` or ``Model`` is not where the light package looks (a mesa laid
out differently), the lookup completes the package instead, so the only cost of
a mismatch is the start-up time. ``sim/__init__.py`` and ``ui/cli.py`` call
:func:`install`, so it happens before anything in the project imports mesa.
``tests/test_startup_mesa.py`` runs these cases in fresh interpreters.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

PACKAGE = "mesa"
LIGHT_NAMES = {"Agent": "mesa.agent", "Model": "mesa.model"}
"""What the light package provides, and the submodule each comes from: what a Weerbaar exercise uses of mesa."""

_PUBLIC_DUNDERS = frozenset({"__all__", "__version__", "__title__", "__license__", "__copyright__"})
"""Dunder names mesa's ``__init__.py`` defines; any other missing dunder stays an AttributeError."""

_lock = threading.RLock()
_completing: set[int] = set()


class LightMesa(ModuleType):
    """The mesa package before its ``__init__.py`` ran.

    ``Agent`` and ``Model`` are imported from their submodules on first use; a lookup of any other
    name it lacks runs the real ``__init__.py`` (:func:`complete`).
    """

    def __getattr__(self, name: str) -> object:  # called only when ordinary lookup fails
        submodule = LIGHT_NAMES.get(name)
        if submodule is not None:
            with _lock:
                try:
                    with _module_loggers_named_cheaply():
                        value = getattr(importlib.import_module(submodule), name)
                except Exception:  # noqa: BLE001 - a mesa laid out differently: the ordinary way
                    value = None
                if value is not None:
                    setattr(self, name, value)
                    return value
        elif name.startswith("__") and name.endswith("__") and name not in _PUBLIC_DUNDERS:
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}")
        if not complete(self):  # under way: the real __init__ is probing a name it has not set yet
            raise AttributeError(f"module {PACKAGE!r} has no attribute {name!r}")
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        complete(self)
        return sorted(self.__dict__)


@contextmanager
def _module_loggers_named_cheaply() -> Iterator[None]:
    """While importing a light submodule, name mesa's module loggers without ``inspect.stack()``.

    ``mesa.model`` calls ``mesa.mesa_logging.create_module_logger()`` at import, which finds the
    calling module's name with ``inspect.stack()``: that reads the source of every frame on the
    stack and scans ``sys.modules`` for each, 30-60 ms under the import chain of a run. The caller's
    frame globals give the same name at no cost. The original function is put back afterwards, also
    where the importing module bound it by name, so nothing of this outlives the import.
    """
    try:
        logging_module = importlib.import_module("mesa.mesa_logging")
        original = logging_module.create_module_logger
    except (ImportError, AttributeError):  # a mesa without it: nothing to spare
        yield
        return

    def create_module_logger(name: str | None = None):  # noqa: ANN202 - mesa's own signature
        if name is None:
            name = sys._getframe(1).f_globals.get("__name__")
        return original(name)

    logging_module.create_module_logger = create_module_logger
    try:
        yield
    finally:
        logging_module.create_module_logger = original
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith(PACKAGE + ".") and \
                    module.__dict__.get("create_module_logger") is create_module_logger:
                module.create_module_logger = original


def complete(module: ModuleType) -> bool:
    """Run mesa's real ``__init__.py`` in ``module`` (a :class:`LightMesa`) once; False when already under way.

    Afterwards the module is an ordinary module, exactly what ``import mesa`` gives; ``Agent`` and
    ``Model`` stay the classes already handed out, since their submodules are in ``sys.modules``.
    """
    with _lock:
        if not isinstance(module, LightMesa):
            return True
        if id(module) in _completing:
            return False
        _completing.add(id(module))
        try:
            module.__spec__.loader.exec_module(module)  # type: ignore[union-attr]
            module.__class__ = ModuleType  # from here on an ordinary module: no hook left behind
        finally:
            _completing.discard(id(module))
        return True


def is_light(module: ModuleType | None = None) -> bool:
    """Whether ``module`` (default: ``sys.modules['mesa']``) is the light package, not yet completed."""
    return isinstance(module if module is not None else sys.modules.get(PACKAGE), LightMesa)


def install() -> None:
    """Make ``import mesa`` give the light package (see the module docstring).

    Cheap (it finds mesa's spec and imports nothing) and idempotent; does nothing when mesa is
    already imported or not installed (then ``import mesa`` raises its ordinary error).
    """
    with _lock:
        if PACKAGE in sys.modules:
            return
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return
        module = importlib.util.module_from_spec(spec)
        module.__class__ = LightMesa
        sys.modules[PACKAGE] = module
