"""Reading an inject's supporting material: ``read N`` at the console.

An inject may hand its cells documents (a mock article, a post, an e-mail, a service's note, a
transcript, a letter: :class:`sim.scenario.schema.Material`). The synopsis says what happened; the
material is what the cell would have on the table. A cell reads the material of an inject that has
reached it; White reads any inject's material at any time, to prepare the next move. Reading changes
nothing in the world, so it is not a command of the exercise and is not recorded in the replay. When
an inject with material fires, the console (and the host, for its network seats) adds a hint line.
"""

from __future__ import annotations

from sim.events import WHITE
from sim.i18n import M_, Message, _, localize


class ReadError(ValueError):
    """A ``read`` that cannot be answered, with a one-line reason."""


def _kind(kind: str) -> str:
    names = {"article": _("article"), "post": _("post"), "email": _("e-mail"), "note": _("note"),
             "transcript": _("transcript"), "letter": _("letter")}
    return names.get(kind, kind)


def received(exercise, cell: str, no: int) -> bool:
    """Whether inject ``no`` has reached ``cell`` (fired, and sent to it or to every cell)."""
    state = exercise.injects.states.get(no)
    if state is None or state.status != "fired":
        return False
    return "all" in state.inject.to or cell in state.inject.to


def material_hint(exercise, no: int) -> Message | None:
    """The line that tells a cell inject ``no`` came with material to read (None: it has none). Console only:
    the hint is not an event, so replays and their hashes do not change with it."""
    state = exercise.injects.states.get(no)
    if state is None or not (getattr(state.inject, "material", None) or ()):
        return None
    return M_("inject {no} comes with material: type read {no}", no=no)


def material_text(exercise, cell: str, argument: str) -> list[str]:
    """The lines ``read N`` shows ``cell``: each piece of inject N's material, heading then text, in the reader's
    language. Raises :class:`ReadError` for a bad number, an inject the cell has not received, or no material."""
    text = argument.strip()
    if not text.isdigit():
        raise ReadError(_("write read and an inject's number, e.g. read 13"))
    no = int(text)
    states = exercise.injects.states
    if no not in states:
        raise ReadError(_("no inject {no} in the MSEL").format(no=no))
    if cell != WHITE and not received(exercise, cell, no):
        raise ReadError(_("inject {no} has not reached your cell").format(no=no))
    material = getattr(states[no].inject, "material", None) or ()
    if not material:
        raise ReadError(_("inject {no} carries no material").format(no=no))
    lines = []
    for piece in material:
        source = f" ({piece.source})" if piece.source else ""
        lines.append(_("Inject {no}, {kind}: {title}{source}").format(
            no=no, kind=_kind(piece.kind), title=localize(piece.title), source=source))
        lines.extend(paragraph.strip() for paragraph in localize(piece.text).strip().split("\n") if paragraph.strip())
    return lines
