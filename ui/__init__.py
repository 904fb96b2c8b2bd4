"""User interfaces: the ``weerbaar`` command line (:mod:`ui.cli`, one module per subcommand in
:mod:`ui.subcommands`) and the pygame console for playing, running and reviewing an exercise
(:mod:`ui.console`)."""
