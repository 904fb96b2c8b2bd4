"""The Weerbaar engine: clock and exercise, event log, indicators, population, detection,
the action and technique catalogue, the command language, scenario schema and loading, doctrine.

``sim`` never imports pygame, argparse, tqdm or dask. The catalogue is open: agent kinds, target
kinds, red techniques, blue actions, event kinds and doctrines register into :mod:`sim.registry`;
:func:`sim.plugins.load_plugins` imports the modules that register them and checks the whole
(:mod:`sim.conformance`); the exercise builds and runs what is registered.
"""

from sim import mesa_import as _mesa_import

# Before any module of the project imports mesa: mesa's Agent and Model without its package
# initialisation (scipy.spatial, pandas), which a run never uses. See sim.mesa_import.
_mesa_import.install()
