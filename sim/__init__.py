"""The Weerbaar engine: clock and exercise, event log, indicators, population, detection,
the action and technique catalogue, the command language, scenario schema and loading, doctrine.

``sim`` never imports pygame, argparse, tqdm or dask; agents register into its
registries (:mod:`sim.registry`) and the exercise builds them from there.
"""
