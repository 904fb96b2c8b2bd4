"""User interfaces: the command-line interface and (later) the pygame console."""
