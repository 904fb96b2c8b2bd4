"""The command line: a pygame_gui text entry with history, Tab completion and an inline hint.

Typed characters reach the entry through pygame_gui (TEXTINPUT events); the keys
with a console meaning are taken here first: Return submits, Up/Down walk the
history (keeping the line being typed as a draft), Tab completes the word at the
end (repeated Tab cycles through the options). The history lives outside the
widget so it survives a window resize, which rebuilds the widgets.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from sim.i18n import _
from ui.console.completion import Completion

MAX_HISTORY = 200


class History:
    """Lines entered, oldest first, with a cursor for Up/Down.

    Attributes:
        lines: what was entered.
        position: index of the line shown, or ``len(lines)`` for the draft.
        draft: the line being typed before walking the history.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.position = 0
        self.draft = ""

    def add(self, line: str) -> None:
        """Remember an entered line (not twice in a row) and reset the cursor."""
        if line and (not self.lines or self.lines[-1] != line):
            self.lines.append(line)
            del self.lines[:-MAX_HISTORY]
        self.position = len(self.lines)
        self.draft = ""

    def up(self, current: str) -> str:
        """The previous line (the first Up keeps ``current`` as the draft)."""
        if self.position == len(self.lines):
            self.draft = current
        self.position = max(0, self.position - 1)
        return self.lines[self.position] if self.lines else current

    def down(self, current: str) -> str:
        """The next line, or the draft past the newest."""
        if self.position >= len(self.lines):
            return current
        self.position += 1
        return self.lines[self.position] if self.position < len(self.lines) else self.draft


class CommandLine:
    """The entry widget and its key handling.

    Attributes:
        entry: the pygame_gui entry.
        history: shared :class:`History`.
        options: the options of the last completion (shown in the hint).
    """

    def __init__(self, manager: pygame_gui.UIManager, rect: pygame.Rect, history: History,
                 completer: Callable[[str], Completion], text: str = "") -> None:
        self.entry = pygame_gui.elements.UITextEntryLine(rect, manager, placeholder_text=_("type an order · help · F1"))
        self.entry.set_text_length_limit(500)
        if text:
            self.entry.set_text(text)
        self.entry.focus()
        self.history = history
        self.completer = completer
        self.options: tuple[str, ...] = ()
        self._cycle: tuple[str, tuple[str, ...], int, str] | None = None  # (stem, options, index, last text)

    @property
    def text(self) -> str:
        """The line as typed so far."""
        return self.entry.get_text()

    def set_text(self, text: str) -> None:
        """Replace the line (cursor at the end)."""
        self.entry.set_text(text)

    def focus(self) -> None:
        """Give the entry the keyboard."""
        if not self.entry.is_focused:
            self.entry.focus()

    def handle_key(self, event: pygame.event.Event) -> tuple[bool, str | None]:
        """Take the console's keys; returns ``(consumed, submitted line or None)``."""
        key = event.key
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            line = self.text.strip()
            self.history.add(line)
            self.set_text("")
            self.options, self._cycle = (), None
            return True, line
        if key == pygame.K_UP:
            self.set_text(self.history.up(self.text))
            return True, None
        if key == pygame.K_DOWN:
            self.set_text(self.history.down(self.text))
            return True, None
        if key == pygame.K_TAB:
            self.tab()
            return True, None
        return False, None

    def tab(self) -> None:
        """Complete the last word; when nothing more is common, cycle through the options."""
        text = self.text
        if self._cycle is not None and self._cycle[3] == text:
            stem, options, index, _ = self._cycle
            index = (index + 1) % len(options)
            word = options[index]
            new = stem + word
            self._cycle = (stem, options, index, new)
            self.set_text(new)
            return
        done = self.completer(text)
        self.options = done.options
        if done.text != text:
            self.set_text(done.text)
            self._cycle = None
            return
        if len(done.options) > 1:  # nothing common to add: start cycling
            current = "" if text.endswith(" ") or not text else text.split()[-1]
            stem = text[: len(text) - len(current)]
            new = stem + done.options[0]
            self._cycle = (stem, done.options, 0, new)
            self.set_text(new)
