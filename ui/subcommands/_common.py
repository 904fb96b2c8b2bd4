"""Helpers shared by the subcommands: exit codes and one-line error output."""

from __future__ import annotations

import sys
from collections.abc import Iterable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    """Print one line on stderr."""
    print(message, file=sys.stderr)


def err_lines(lines: Iterable[str]) -> None:
    """Print each line on stderr."""
    for line in lines:
        err(line)
