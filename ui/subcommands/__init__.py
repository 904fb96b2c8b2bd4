"""One module per ``weerbaar`` subcommand.

Each module defines ``NAME`` (the subcommand), ``HELP`` (one line), ``add_arguments(parser)``
and ``run(args) -> int``. :mod:`ui.cli` discovers the modules here, so adding a
subcommand is adding a module.
"""
