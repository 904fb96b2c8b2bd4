"""Seats and their join tokens, the seat file beside the replay, and the seat sheet to hand out.

A seat is a place at the exercise: a **cell** (plays that cell, sees what it knows), **White**
(exercise control: sees everything, runs the clock and the MSEL), an **observer** (read-only: the
truth or one cell's view) or an **evaluator** (sees what White sees, writes notes). Each seat has
its own random token (:func:`secrets.token_urlsafe`, 128 bits); whoever holds it joins as that
seat. Tokens are compared in constant time (:func:`hmac.compare_digest`) against every seat, so the
time an answer takes says nothing about how close a guess was.

The seat file (``REPLAY.seats.json``, readable by its owner only) keeps the tokens, so a host
restarted with ``--resume`` takes the same seats and the consoles reconnect with the tokens they
have. The file is checked on reading; a damaged one is refused with one line.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.events import WHITE
from sim.i18n import M_, N_, _

ROLES = ("cell", "white", "observer", "evaluator")
ROLE_NAMES = {"cell": N_("cell"), "white": N_("white"), "observer": N_("observer"), "evaluator": N_("evaluator")}
"""A role as people read it (English; translate where shown)."""

SEAT_FILE_FORMAT = "weerbaar-seats"


class SeatFileError(ValueError):
    """A seat file that cannot be used, with a one-line reason naming the file."""


@dataclass(frozen=True)
class Seat:
    """One seat at the exercise.

    Attributes:
        name: the seat's name (a cell id, ``white``, ``observer``, ``observer-2``, ``evaluator`` ...).
        role: one of :data:`ROLES`.
        token: its join token.
    """

    name: str
    role: str
    token: str


def seat_names(kind: str, count: int) -> list[str]:
    """``observer``, ``observer-2``, ... (the form :func:`ui.console.white.is_evaluator` knows)."""
    return [kind if i == 1 else f"{kind}-{i}" for i in range(1, count + 1)]


class SeatBook:
    """The seats of one session.

    Attributes:
        seats: by name, in the order of the seat sheet.
    """

    def __init__(self, seats: list[Seat]) -> None:
        self.seats = {s.name: s for s in seats}

    @classmethod
    def create(cls, cells: list[str], observers: int = 1, evaluators: int = 1) -> "SeatBook":
        """A seat with a fresh token for each cell, White, ``observers`` observers and ``evaluators`` evaluators."""
        seats = [Seat(c, "cell", secrets.token_urlsafe(16)) for c in cells]
        seats.append(Seat(WHITE, "white", secrets.token_urlsafe(16)))
        seats += [Seat(n, "observer", secrets.token_urlsafe(16)) for n in seat_names("observer", observers)]
        seats += [Seat(n, "evaluator", secrets.token_urlsafe(16)) for n in seat_names("evaluator", evaluators)]
        return cls(seats)

    def authenticate(self, token: str) -> Seat | None:
        """The seat whose token this is, or None; every seat's token is compared, in constant time."""
        given = token.encode("utf-8", "surrogatepass")
        found = None
        for seat in self.seats.values():
            if hmac.compare_digest(seat.token.encode("utf-8"), given):
                found = seat
        return found

    def cells(self) -> list[str]:
        """The cells that have a seat."""
        return [s.name for s in self.seats.values() if s.role == "cell"]

    # -- the file --------------------------------------------------------------------------

    def save(self, path: str | Path, scenario_id: str, replay: str | Path) -> Path:
        """Write the seat file (owner read/write only: it holds the tokens)."""
        path = Path(path)
        data = {"format": SEAT_FILE_FORMAT, "version": 1, "scenario_id": scenario_id, "replay": str(replay),
                "seats": [{"name": s.name, "role": s.role, "token": s.token} for s in self.seats.values()]}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
            handle.write("\n")
        return path

    @classmethod
    def load(cls, path: str | Path) -> tuple["SeatBook", str]:
        """Read a seat file; returns the seats and the scenario id it was made for.

        Raises:
            SeatFileError: missing, not JSON, or not a seat file (one line naming the file).
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            from sim.scenario.loading import _os_problem

            raise SeatFileError(M_("{path}: {problem}", path=str(path), problem=_os_problem(exc))) from None
        except UnicodeDecodeError:
            raise SeatFileError(M_("{path}: not a text file", path=str(path))) from None
        try:
            data = _SeatFile.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "file"
            raise SeatFileError(M_("{path}: {where}: {problem}", path=str(path), where=where, problem=first["msg"])) from None
        names = [s.name for s in data.seats]
        if len(set(names)) != len(names):
            raise SeatFileError(M_("{path}: seats: a seat is listed twice", path=str(path)))
        if len({s.token for s in data.seats}) != len(names):
            raise SeatFileError(M_("{path}: seats: two seats share a token", path=str(path)))
        return cls([Seat(s.name, s.role, s.token) for s in data.seats]), data.scenario_id

    # -- the sheet -------------------------------------------------------------------------

    def sheet(self, url: str) -> list[str]:
        """The seat sheet: one line per seat with the command its console runs."""
        width = max(len(n) for n in self.seats)
        roles = {seat.name: _(ROLE_NAMES.get(seat.role, seat.role)) for seat in self.seats.values()}
        role_w = max(9, len(_("role")), *(len(r) for r in roles.values()))
        width = max(width, len(_("seat")))
        seat_word, role_word, join_word = _("seat"), _("role"), _("join with")
        lines = [f"{seat_word.ljust(width)}  {role_word.ljust(role_w)}  {join_word}"]
        for seat in self.seats.values():
            lines.append(f"{seat.name.ljust(width)}  {roles[seat.name].ljust(role_w)}  weerbaar join {url} --token {seat.token}")
        return lines


def seat_file_for(replay: str | Path) -> Path:
    """Where a replay's seat file lives: ``runs/x.jsonl`` -> ``runs/x.seats.json``."""
    replay = Path(replay)
    return replay.with_name(replay.stem + ".seats.json")


class _SeatEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]{0,63}$")
    role: Literal["cell", "white", "observer", "evaluator"]
    token: str = Field(min_length=16, max_length=128)


class _SeatFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: Literal["weerbaar-seats"]
    version: Literal[1]
    scenario_id: str
    replay: str = ""
    seats: list[_SeatEntry] = Field(min_length=1)
