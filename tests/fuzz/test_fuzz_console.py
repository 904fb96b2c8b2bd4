"""Random console lines through the live session and the window: zero tracebacks, one line per answer.

Lines come from a seeded generator: any Unicode, digits of other scripts (``²``, ``٣``, ``५``),
control characters and line separators, huge and odd numbers, every control word with bad arguments,
every action and White inject control with random targets and ``key=value`` pairs, quotes and
over-long lines. Each line is typed into a running White session that holds every cell, switching
cells as it goes, with the clock advancing between lines. A line passes when :meth:`LiveSession.enter`
returns, every feed line it added is a single line, and none of them is the session's last-resort
"could not handle that line" (which would be a bug caught, not an answer). The replay of the whole
fuzzed session must then verify. A smaller share of lines goes through the pygame window as typed
keys (TEXTINPUT, Return) to check the screen path too.

Sizes: ``fuzz_cases`` (CI: a few hundred; ``WEERBAAR_FUZZ=large``: 10^4 session lines).
"""

from __future__ import annotations

import os
import random
import time

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pytest  # noqa: E402
from fuzzscale import fuzz_cases  # noqa: E402

from replays.verify import verify_replay  # noqa: E402
from scenarios import resolve_scenario  # noqa: E402
from sim.actions import ACTIONS  # noqa: E402
from sim.commands import ALIASES, CONTROL_WORDS, MAX_LENGTH  # noqa: E402
from sim.exercise import Exercise  # noqa: E402
from sim.scenario import load_scenario  # noqa: E402
from ui.console.session import LiveSession  # noqa: E402

SEED = 20261201
ODD_DIGITS = "²³¹⁰⁴٣٤٥५६७൧໒၃๓੨߃᠒０１９"
ODD_NUMBERS = ["0", "-1", "1e999", "-1e999", "nan", "inf", "-inf", "1e-320", "9" * 400, "0x1f", "1_000", "3.",
               ".5", "1,5", "Ⅻ", "½", "1e308", "-0", "+7", "007", "2**64", "1/0"]
ODD_CHARS = ["\x00", "\x07", "\x1b[31m", "\t", "\r", "\n", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff",
             "\ud7ff", "\U0001F600", "\u0301", "Ω", "ß", "İ", "ﬁ", "\u00a0", "\\", '"', "'", "=", "==", "`"]
WHITE_WORDS = ["fire", "postpone", "cancel", "fire_inject", "postpone_inject", "cancel_inject"]


def _word(rng: random.Random, pool: list[str]) -> str:
    return rng.choice(pool)


def _junk(rng: random.Random) -> str:
    """A token of random code points, from every plane that can be typed."""
    n = rng.randint(1, 12)
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            out.append(chr(rng.randint(0x20, 0x7E)))
        elif r < 0.5:
            out.append(rng.choice(ODD_DIGITS))
        elif r < 0.7:
            out.append(rng.choice(ODD_CHARS))
        else:
            cp = rng.randint(0xA0, 0x10FFFF)
            if 0xD800 <= cp <= 0xDFFF:  # lone surrogates cannot come from a keyboard or a TEXTINPUT event
                cp = 0xFFFD
            out.append(chr(cp))
    return "".join(out)


def _value(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return rng.choice(ODD_NUMBERS)
    if r < 0.6:
        return rng.choice(ODD_DIGITS) * rng.randint(1, 3)
    if r < 0.8:
        return f"{rng.randint(0, 200)}{rng.choice(['h', 'd', 'd 6h', 'days', 'w', ''])}"
    return _junk(rng)


def random_line(rng: random.Random, actions: list[str], targets: list[str], cells: list[str]) -> str:
    """One line a player might type, or a keyboard might produce."""
    r = rng.random()
    if r < 0.25:  # a control word with bad (or good) arguments
        word = _word(rng, list(CONTROL_WORDS))
        args = [rng.choice([_value(rng), _junk(rng), rng.choice(ODD_DIGITS), str(rng.randint(-3, 9)),
                            rng.choice(cells + actions), "faster", "slower", "+", "-"])
                for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
        return " ".join([word, *args])
    if r < 0.40:  # White's inject controls
        word = _word(rng, WHITE_WORDS)
        parts = [word, _value(rng)]
        if rng.random() < 0.6:
            parts.append(f"by={_value(rng)}")
        return " ".join(parts)
    if r < 0.75:  # an action with a target and parameters, some of them odd
        parts = [rng.choice(actions)]
        if rng.random() < 0.8:
            parts.append(rng.choice(targets + [_junk(rng)]))
        for _ in range(rng.randint(0, 3)):
            key = rng.choice(["strength", "partners", "narrative", "segment", "by", "days", "x", _junk(rng)])
            parts.append(f"{key}={_value(rng)}")
        return " ".join(parts)
    if r < 0.85:  # quotes and separators
        return rng.choice(['"', '""', 'investigate "vostria', 'a="b c"', "= = =", "speed=", "cell=white"]) + _junk(rng)
    if r < 0.9:  # over the length limit
        return rng.choice(actions) + " " + "x" * rng.randint(MAX_LENGTH - 5, MAX_LENGTH * 4)
    return " ".join(_junk(rng) for _ in range(rng.randint(1, 5)))


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(resolve_scenario(None))


def _vocabulary(exercise: Exercise) -> tuple[list[str], list[str], list[str]]:
    actions = sorted(ACTIONS) + list(ALIASES)
    targets = sorted(exercise.actors) + [n.id for n in exercise.scenario.narratives] + \
        [s.id for s in exercise.scenario.population.segments] + [str(i) for i in range(0, 30)]
    cells = ["white", *exercise.cells]
    return actions, targets, cells


def test_random_lines_never_escape_the_session(loaded, tmp_path):
    """Every random line gets answered in the feed, one line each; the fuzzed replay still verifies."""
    exercise = Exercise(loaded, players=list(loaded.scenario.cells))
    session = LiveSession.start(exercise, record=tmp_path / "fuzz.jsonl", cell="white", white=True,
                                speed_index=4)
    actions, targets, cells = _vocabulary(exercise)
    rng = random.Random(SEED)
    n = fuzz_cases(400, 10_000)
    caught, slowest = [], 0.0
    for i in range(n):
        line = random_line(rng, actions, targets, cells)
        if "quit" in line.split()[:1]:
            line = "quit" + "x"  # ending the session early would stop the fuzzing; 'quitx' is still a typo
        t0 = time.perf_counter()
        added = session.enter(line)
        slowest = max(slowest, time.perf_counter() - t0)
        for entry in added:
            assert "\n" not in entry.text and "\r" not in entry.text, f"case {i}: {line!r} -> {entry.text!r}"
            if "could not handle that line" in entry.text:
                caught.append((i, line, entry.text))
        if session.cell != "white" and rng.random() < 0.3:
            session.enter("cell white")
        if session.paused and rng.random() < 0.5:
            session.enter("resume")
        if i % 5 == 0 and not session.done:
            session.advance(2.0, budget=1.0)
        assert not session.closed or session.exercise.finished, f"case {i}: {line!r} ended the session"
    assert caught == [], f"{len(caught)} of {n} lines hit a bug: {caught[:3]}"
    assert slowest < 5.0, f"a single line took {slowest:.1f} s (a hang?)"
    session.close()
    verdict = verify_replay(str(tmp_path / "fuzz.jsonl"))
    assert verdict.ok, verdict.message


def test_speed_with_a_superscript_digit_is_one_red_line(loaded, tmp_path):
    """``speed ²`` (its own key on AZERTY) is refused in one line; the session goes on."""
    exercise = Exercise(loaded, players=["intelligence"])
    session = LiveSession.start(exercise, record=tmp_path / "s.jsonl", cell="intelligence", white=False)
    for word in ("²", "³", "¹", "٣", "५", "０"):
        added = session.enter(f"speed {word}")
        assert added[-1].kind == "console.error" and "no speed" in added[-1].text
    assert session.advance(1.0) >= 0 and not session.closed
    session.close()


def test_a_line_that_breaks_the_handler_becomes_one_red_line(loaded, tmp_path, monkeypatch):
    """Whatever goes wrong behind a typed line is one red line in the feed, and the exercise goes on."""
    exercise = Exercise(loaded, players=["intelligence"])
    session = LiveSession.start(exercise, record=tmp_path / "s.jsonl", cell="intelligence", white=False)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(session, "status_lines", broken)
    added = session.enter("status")
    assert added[-1].kind == "console.error" and "RuntimeError: boom" in added[-1].text
    assert "investigate vostria: accepted" in session.enter("investigate vostria")[-1].text
    session.close()
    assert verify_replay(str(tmp_path / "s.jsonl")).ok


def test_an_over_long_line_is_recorded_cut(loaded, tmp_path):
    """A line over the limit is refused and recorded as its first MAX_LENGTH characters with a note."""
    import json

    exercise = Exercise(loaded, players=["intelligence"])
    session = LiveSession.start(exercise, record=tmp_path / "s.jsonl", cell="intelligence", white=False)
    session.enter("investigate " + "v" * 1_000_000)
    session.close()
    path = tmp_path / "s.jsonl"
    assert path.stat().st_size < 200_000
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    typed = [r for r in records if r["type"] == "command"]
    assert len(typed) == 1 and len(typed[0]["text"]) < MAX_LENGTH + 60
    assert typed[0]["text"].endswith("[cut: the line had 1000012 characters]")
    refused = [r for r in records if r.get("kind") == "command.refused"]
    assert refused and refused[0]["payload"]["command"] == typed[0]["text"]
    assert "longer than" in refused[0]["payload"]["reason"]
    assert verify_replay(str(path)).ok


def _keys(app, text: str, key: int, dt: float = 1.0 / 30.0) -> None:
    """Type ``text`` as TEXTINPUT events, press ``key``, and run the frames (as tests/ui does)."""
    import pygame

    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.step(dt)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="\r", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode="\r", scancode=0))
    app.step(dt)


def test_random_keystrokes_through_the_window(loaded, tmp_path):
    """Random lines typed as keys into the main screen never close the window or escape as errors."""
    import pygame

    from ui.console import play_app

    exercise = Exercise(loaded, players=list(loaded.scenario.cells))
    session = LiveSession.start(exercise, record=tmp_path / "w.jsonl", cell="white", white=True)
    app = play_app(session, briefing=False)
    try:
        actions, targets, cells = _vocabulary(exercise)
        rng = random.Random(SEED + 1)
        typed = 0
        for i in range(fuzz_cases(40, 500)):
            line = random_line(rng, actions, targets, cells)[:200]
            if line.split()[:1] == ["quit"]:
                continue
            _keys(app, line, rng.choice([pygame.K_RETURN, pygame.K_RETURN, pygame.K_TAB, pygame.K_UP]))
            _keys(app, "", pygame.K_RETURN)
            typed += 1
            assert app.running, f"case {i}: {line!r} closed the window"
            assert not any("could not handle that line" in e.text for e in session.entries), f"case {i}: {line!r}"
        echoed = [e for e in session.entries if e.kind == "console" and e.text.startswith("white> ")]
        assert len(echoed) >= typed // 2  # the keys really reached the session
        assert not session.closed
    finally:
        app.screen.on_close()
        app.close()
