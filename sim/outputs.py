"""Writing what a user asked for, without losing what a user made.

Every command that writes a file goes through here, so the rules are the same
everywhere:

* a **default path** that is taken gets a fresh name (``a.jsonl``, ``a-2.jsonl``, ...), never a
  replacement of an earlier run's file (:func:`fresh_path`);
* an **explicit path** that exists is refused unless the user said ``--force``
  (:func:`check_target`);
* an output that **is one of the inputs** (the same file, through any link) is refused even with
  ``--force``, since the input would be gone before it was read;
* files are written **atomically** (:func:`write_atomic`): a temporary file in the same folder, then
  ``os.replace``, so a reader sees the old file or the new one and a failure leaves the old one.

:class:`OutputError` carries the one line to print.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sim.i18n import N_, _

WHATS = (N_("CSV"), N_("class view"), N_("replay"), N_("results"), N_("schema"), N_("seat file"), N_("tables"))
"""What the subcommands write (``what=``), marked for the catalogue."""

PathLike = str | os.PathLike[str]


class OutputError(ValueError):
    """A file the command will not write; ``str()`` is the one line for the user."""


def _same_file(a: PathLike, b: PathLike) -> bool:
    """Whether two paths name one file (links and ``..`` resolved); False if either is missing."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_target(path: PathLike, *, force: bool = False, inputs: Iterable[PathLike | None] = (),
                 what: str = "file") -> Path:
    """Refuse to write ``path`` over an input, or over an existing file without ``force``.

    Returns:
        ``path`` as a :class:`Path`.

    Raises:
        OutputError: ``path`` is one of ``inputs``, exists and ``force`` is false, or is a folder.
    """
    target = Path(path)
    for source in inputs:
        if source is not None and _same_file(target, source):
            raise OutputError(_("{target}: is also an input of this command; write the {what} elsewhere").format(
                target=target, what=_(what)))
    if target.is_dir():
        raise OutputError(_("{target}: is a folder; give a file name for the {what}").format(target=target, what=_(what)))
    if target.exists() and not force:
        raise OutputError(_("{target}: already exists; use --force to replace it, or choose another name").format(target=target))
    return target


def check_folder(path: PathLike, names: Iterable[str], *, force: bool = False,
                 inputs: Iterable[PathLike | None] = ()) -> Path:
    """Like :func:`check_target` for a folder that will receive ``names``: refuse if any of them exists.

    Raises:
        OutputError: the folder is a file, one of the files exists and ``force`` is false, or one of
            them is an input.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise OutputError(_("{folder}: is a file, not a folder").format(folder=folder))
    existing = []
    for name in names:
        target = folder / name
        for source in inputs:
            if source is not None and _same_file(target, source):
                raise OutputError(_("{target}: is also an input of this command; write elsewhere").format(target=target))
        if target.exists():
            existing.append(name)
    if existing and not force:
        shown = ", ".join(existing[:3]) + (", ..." if len(existing) > 3 else "")
        raise OutputError(_("{folder}: already holds {files}; use --force to replace, or choose another folder").format(
            folder=folder, files=shown))
    return folder


def fresh_path(path: PathLike) -> Path:
    """``path`` if it is free, otherwise the first free ``stem-2.suffix``, ``stem-3.suffix``, ...

    For default output names: a second run never replaces the first one's file.
    """
    target = Path(path)
    if not target.exists():
        return target
    n = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def fresh_folder(path: PathLike) -> Path:
    """``path`` if no such file or folder exists, else the first free ``path-2``, ``path-3``, ..."""
    target = Path(path)
    n = 2
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.name}-{n}")
        n += 1
    return candidate


def write_atomic(path: PathLike, data: str | bytes) -> None:
    """Write text (UTF-8) or bytes through a temporary file in the same folder and ``os.replace``.

    Readers see the old file or the new one, never a part; on any failure the old file is untouched. A
    symbolic link is followed (its target is replaced) and an existing file keeps its permissions. The
    folder must exist (a mistyped folder is an error, not a new tree).
    """
    target = os.path.realpath(os.fspath(path))
    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
