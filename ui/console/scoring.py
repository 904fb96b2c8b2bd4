"""The end screen's score, computed in the background and optional.

Scoring a replay re-simulates its counterfactual (the same seed with nobody
responding), which takes about as long as the run itself. It runs in a child
process (``python -m ui.console.scoring REPLAY``), which prints the score as
JSON: a thread would compete with the frame loop for the interpreter and make
frames stutter. If this installation has no scoring module (or
scoring fails), the end screen says so and shows the indicators on their own:
the console never depends on scoring to work.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from sim.i18n import M_, _

Line = tuple[str, bool]  # (text, emphasised)


def _scorer():
    try:
        from replays.counterfactual import score_replay
    except ImportError:
        return None
    return score_replay


def available() -> bool:
    """Whether scoring against the counterfactual is installed (looked up, not imported: that is the child's job)."""
    import importlib.util

    try:
        return importlib.util.find_spec("replays.counterfactual") is not None
    except (ImportError, ValueError):
        return False


def score_as_json(path: str) -> str:
    """Score the replay at ``path`` against its counterfactual; the result as JSON text (runs in the child)."""
    scorer = _scorer()
    if scorer is None:
        raise RuntimeError("scoring against the counterfactual is not installed")
    result = scorer(path)
    score = result[0] if isinstance(result, tuple) else result
    return json.dumps(score, default=str)


def score_lines(score: dict[str, Any]) -> list[Line]:
    """A few lines from :func:`replays.score.assemble`'s result."""
    lines: list[Line] = []
    overall, base = score.get("overall"), score.get("baseline_overall")
    if overall is not None and base is not None:
        lines.append((_("Overall {overall:.1f} / 100").format(overall=overall), True))
        lines.append((_("nobody responding: {base:.1f}; value added by the players {added:+.1f}").format(
            base=base, added=score.get("value_added", overall - base)), False))
    for objective in score.get("objectives", []) or []:
        lines.append((_("{objective}: {score:.0f} ({rating}) · no response {baseline:.0f} ({baseline_rating})").format(
            objective=objective.get("id"), score=objective.get("score", 0), rating=objective.get("rating", "?"),
            baseline=objective.get("baseline_score", 0), baseline_rating=objective.get("baseline_rating", "?")),
            False))
    if score.get("objectives"):
        lines.append((_("ratings (HSEEP): P performed, S some challenges, M major challenges, U unable"), False))
    if score.get("complete") is False:
        lines.append((_("(the run ended early: scored up to where it stopped)"), False))
    return lines


class ScoreJob:
    """Score one replay in a child process (``python -m ui.console.scoring REPLAY``; a thread if that fails).

    Attributes:
        path: the replay.
        lines: the score as lines, once done.
        error: why scoring failed, or "".
        score: the score itself, once done.
    """

    def __init__(self, path: str | Path, start: bool = True) -> None:
        self.path = Path(path)
        self.lines: list[Line] = []
        self.error = ""
        self.score: dict[str, Any] | None = None
        self._finished = False
        self._proc: subprocess.Popen | None = None
        self._out: IO[bytes] | None = None
        self._err: IO[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._text: str | None = None
        if start:
            self.start()

    @property
    def started(self) -> bool:
        """Whether :meth:`start` ran."""
        return self._finished or self._proc is not None or self._thread is not None

    def start(self) -> None:
        """Start the worker (no-op without a scorer, or if already started)."""
        if self.started:
            return
        if not available():
            self._fail(M_("scoring against the counterfactual is not installed"))
            return
        root = str(Path(__file__).resolve().parents[2])  # where ``ui`` lives, for a source checkout
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            # Files, not pipes: a score larger than a pipe's buffer must not block the child.
            self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
            self._proc = subprocess.Popen([sys.executable, "-m", "ui.console.scoring", str(self.path)],
                                          stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err, env=env)
        except OSError:  # no child processes here: a thread still works, if less smoothly
            self._proc = None
            self._thread = threading.Thread(target=self._in_thread, name="weerbaar-score", daemon=True)
            self._thread.start()

    def _in_thread(self) -> None:
        try:
            self._text = score_as_json(str(self.path))
        except Exception as exc:  # scoring is optional: report, never crash the console
            self.error = M_("scoring failed: {reason}", reason=str(exc))

    def _fail(self, message: str) -> None:
        self.error = message
        self._finished = True

    def _collect(self) -> None:
        if self._finished:
            return
        if self._proc is not None:
            code = self._proc.poll()
            if code is None:
                return
            assert self._out is not None and self._err is not None
            self._out.seek(0)
            self._err.seek(0)
            if code == 0:
                self._text = self._out.read().decode("utf-8")
            else:
                lines = self._err.read().decode("utf-8", "replace").strip().splitlines()
                self.error = M_("scoring failed: {reason}",
                                reason=lines[-1] if lines else M_("exit code {code}", code=code))
            self.close()
        elif self._thread is not None:
            if self._thread.is_alive():
                return
        else:
            return
        if self._text is not None and not self.error:
            try:
                self.score = json.loads(self._text)
                self.lines = score_lines(self.score)
            except (ValueError, TypeError, AttributeError) as exc:
                self.error = M_("scoring failed: {reason}", reason=str(exc))
        self._finished = True

    @property
    def done(self) -> bool:
        """Finished, successfully or not."""
        self._collect()
        return self._finished

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the worker; returns whether it is done."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        elif self._thread is not None:
            self._thread.join(timeout)
        return self.done

    def close(self) -> None:
        """Stop the worker (the window is closing, or the result is in) and drop its files."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
            self.error = self.error or M_("scoring stopped")
            self._finished = True
        for handle in (self._out, self._err):
            if handle is not None:
                handle.close()
        self._out = self._err = None


def main(argv: list[str] | None = None) -> int:
    """``python -m ui.console.scoring REPLAY``: print the score as JSON (what :class:`ScoreJob` runs)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ui.console.scoring REPLAY", file=sys.stderr)
        return 2
    sys.stdout.write(score_as_json(args[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
