"""The console's answers at --lang nl are Dutch (accepted, queued and refused orders, White's MSEL commands,
control words), while the replay logs the English reason, and an English session answers as ever.

A Dutch headless screenshot is saved to $WEERBAAR_SCREENSHOTS (or /tmp/h-console when that folder exists)."""

from __future__ import annotations

import json
import os
import re
import string

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from sim import i18n  # noqa: E402

SHOTS = Path(os.environ.get("WEERBAAR_SCREENSHOTS") or "/tmp/h-console")

ANSWERING = ("sim/commands.py", "sim/exercise.py", "sim/red_cell.py", "sim/messages.py", "sim/catalogue/",
             "ui/console/session.py", "ui/console/white.py", "ui/console/msel.py")

LINES = [
    "pause",                                # a control word
    "fire 7",                               # White: an inject fired (paused: once you resume)
    "postpone 1 by=1d6h",                   # White: postponed, in calendar time
    "fire 99",                              # White: refused, no such inject
    "cancel 3",                             # White: cancelled
    "resume",
    "cell intelligence",
    "investigate vostria",                  # accepted
    "investigate vostria",                  # queued or refused (already running): either way answered
    "share_signals",
    "cyber_hardening",
    "partner_info_sharing",
    "investigate vostrai",                  # refused: no such actor, did you mean
    "frobnicate now",                       # refused: unknown action
    "investigate vostria bogus=1",          # refused: no such parameter
    "speed warp",                           # a control word refused
]


def english_phrases() -> set[str]:
    """The fixed English of every answering message (the text between its fields) of three words or more."""
    from sim.locale import source_messages

    phrases = set()
    for message in source_messages():
        if not message.id or not isinstance(message.id, str):
            continue
        if not any(loc.startswith(ANSWERING) for loc, _line in message.locations):
            continue
        for text, *_ in string.Formatter().parse(message.id):
            for piece in re.split(r"[;:()]", text):
                piece = piece.strip(" ,.")
                if len(piece.split()) > 2:
                    phrases.add(piece)
    return phrases


def _session(tmp_path, name):
    from ui.console import play_session

    return play_session("municipal-elections", cell="white,intelligence", record=tmp_path / name)


def _answers(session) -> list[tuple[str, list[str]]]:
    out = []
    for line in LINES:
        added = session.enter(line)
        out.append((line, [e.text for e in added[1:]]))  # the first is the echo of the typed line
        if line == "resume":
            session.advance(1.0)
    return out


@pytest.fixture
def dutch():
    i18n.set_explicit("nl")
    yield
    i18n.reset()


def test_answers_are_dutch_and_the_log_english(dutch, tmp_path):
    from ui.console import play_app

    session = _session(tmp_path, "nl.jsonl")
    app = play_app(session, size=(1280, 720))
    try:
        app.navigate("main", session)
        answers = _answers(session)
        for _ in range(3):
            app.step(1 / 30)
        if SHOTS.is_dir():
            app.screenshot(SHOTS / "console-answers-nl.png")
        phrases = english_phrases()
        assert len(phrases) > 100  # the extraction found the answering messages
        said = {line: " | ".join(texts) for line, texts in answers}
        english = [(line, p) for line, text in said.items() for p in phrases if p in text]
        assert not english, english[:10]
        assert all(texts for _, texts in answers), answers
        assert "inject 7 wordt nu afgevuurd" in said["fire 7"] and "zodra u hervat" in said["fire 7"]
        assert "inject 1 uitgesteld met 1 d 6 u: nu gepland op dag " in said["postpone 1 by=1d6h"]
        assert said["fire 99"].startswith("geweigerd: geen inject '99' in de MSEL (de injects zijn 1-")
        assert "geaccepteerd" in said["cell intelligence"] or "geaccepteerd" in " ".join(
            said[line] for line in ("investigate vostria", "share_signals", "cyber_hardening"))
        assert "bedoelt u" in said["investigate vostrai"]
        assert said["frobnicate now"].startswith("geweigerd: onbekende actie 'frobnicate'")
        assert "gepauzeerd op dag 1" in said["pause"]
        rows = session.msel_rows()
        assert {"AFGEVUURD", "GESCHRAPT", "UITGESTELD"} <= {r.state.upper() for r in rows}
        assert any(r.countdown.startswith("over ") for r in rows)
        assert not any(r.countdown.startswith("in ") for r in rows)
    finally:
        session.close()
        app.close() if hasattr(app, "close") else None
    # The log keeps the English reasons, the same in every language.
    refused = [json.loads(line) for line in (tmp_path / "nl.jsonl").read_text().splitlines()]
    reasons = [r["payload"]["reason"] for r in refused if r.get("kind") == "command.refused"]
    assert "no inject '99' in the MSEL (its injects are 1-32)" in reasons or any(
        r.startswith("no inject '99' in the MSEL (its injects are 1-") for r in reasons), reasons
    assert any(r.startswith("unknown action 'frobnicate'") for r in reasons), reasons
    assert not any("geweigerd" in r or "geen " in r for r in reasons), reasons


def test_english_answers_are_unchanged(tmp_path):
    i18n.reset()
    session = _session(tmp_path, "en.jsonl")
    try:
        said = {line: " | ".join(texts) for line, texts in _answers(session)}
    finally:
        session.close()
    assert said["fire 7"].startswith("inject 7 fires now, day 1 ") and said["fire 7"].endswith(
        " The clock is paused: it happens once you resume.")
    assert said["postpone 1 by=1d6h"].startswith("inject 1 postponed by 1 d 6 h: now due day ")
    assert said["fire 99"].startswith("refused: no inject '99' in the MSEL (its injects are 1-")
    assert said["frobnicate now"].startswith("refused: unknown action 'frobnicate'")
    assert said["investigate vostrai"].startswith("refused: no actor 'vostrai'")
    assert said["pause"].startswith("paused at day 1 ")
    assert any(line.startswith("o") and ": accepted" in said[line]
               for line in said if said[line].startswith("o")) or any(": accepted" in t for t in said.values())
